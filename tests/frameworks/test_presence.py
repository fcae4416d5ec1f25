"""Who else is here: reports and lists of frameworks.presence (entries that fade, labels resolved in
one query, no query per report once the name is known) and the editor's endpoint (rights, small
answers, 204 when nothing changed, no database write per poll)."""

import time

import pytest
from django.core.cache import cache, caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frameworks import presence
from frameworks.choices import FrameworkStatus
from frameworks.models import Priority, Result
from frameworks.presence import presence_fingerprint, presence_leave, presence_list, presence_touch
from missions.choices import Role
from tests.frameworks.isf_world import make_world, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = make_world()
    for user, (first, last) in (
        (world.planner, ("A.", "Planner")),
        (world.hq, ("B.", "Headquarters")),
        (world.srsg, ("C.", "Office")),
    ):
        user.first_name, user.last_name = first, last
        user.save()
    return world


@pytest.fixture
def framework(world):
    return world.framework(priorities=3, results=3)


def keys(framework):
    """Element keys of the framework, as the editor numbers them: {"1": "p..", "1.3": "r.."}."""
    out = {}
    for n, priority in enumerate(Priority.objects.filter(framework=framework).order_by("order", "id"), start=1):
        out[str(n)] = f"p{priority.pk}"
        for m, result in enumerate(priority.results.order_by("order", "id"), start=1):
            out[f"{n}.{m}"] = f"r{result.pk}"
    return out


# ---------- reports and lists ----------


def test_a_report_is_listed_to_the_others_with_name_entity_and_what_is_edited(world, framework):
    key = keys(framework)["2"]
    presence_touch(framework_id=framework.pk, user=world.planner, editing=key)
    presence_touch(framework_id=framework.pk, user=world.hq, editing="")

    [planner] = presence_list(framework_id=framework.pk, exclude_user_id=world.hq.pk)
    assert (planner.user_id, planner.name, planner.entity) == (world.planner.pk, "A. Planner", world.mission.acronym)
    assert (planner.editing, planner.label, planner.seen_seconds) == (key, "Priority 2", 0)
    assert planner.display == f"A. Planner ({world.mission.acronym})"
    [hq] = presence_list(framework_id=framework.pk, exclude_user_id=world.planner.pk)
    assert (hq.name, hq.entity, hq.label) == ("B. Headquarters", "DPKO", "")


def test_the_list_excludes_the_one_asking_and_other_frameworks(world, framework):
    other = world.framework()
    presence_touch(framework_id=framework.pk, user=world.planner)
    presence_touch(framework_id=other.pk, user=world.hq)
    assert presence_list(framework_id=framework.pk, exclude_user_id=world.planner.pk) == []
    assert [p.user_id for p in presence_list(framework_id=other.pk, exclude_user_id=world.planner.pk)] == [world.hq.pk]
    presence_touch(framework_id=framework.pk, user=world.srsg)
    presence_touch(framework_id=framework.pk, user=world.hq)
    assert [p.name for p in presence_list(framework_id=framework.pk, exclude_user_id=world.planner.pk)] == [
        "B. Headquarters",
        "C. Office",
    ]


def test_the_latest_report_says_what_is_edited_now(world, framework):
    k = keys(framework)
    presence_touch(framework_id=framework.pk, user=world.planner, editing=k["1"])
    presence_touch(framework_id=framework.pk, user=world.planner, editing=k["3.2"])
    assert [p.label for p in presence_list(framework_id=framework.pk, exclude_user_id=None)] == ["Result 3.2"]
    presence_touch(framework_id=framework.pk, user=world.planner, editing="framework")
    assert [p.label for p in presence_list(framework_id=framework.pk, exclude_user_id=None)] == [
        "label, period and vision"
    ]


def test_a_report_fades_after_the_presence_window(world, framework, monkeypatch):
    start = time.time()
    monkeypatch.setattr(presence, "clock", lambda: start)
    presence_touch(framework_id=framework.pk, user=world.planner)
    monkeypatch.setattr(presence, "clock", lambda: start + 45)
    presence_touch(framework_id=framework.pk, user=world.hq)
    assert [(p.name, p.seen_seconds) for p in presence_list(framework_id=framework.pk, exclude_user_id=None)] == [
        ("A. Planner", 45),
        ("B. Headquarters", 0),
    ]
    monkeypatch.setattr(presence, "clock", lambda: start + 61)
    assert [p.name for p in presence_list(framework_id=framework.pk, exclude_user_id=None)] == ["B. Headquarters"]


def test_the_cache_entry_itself_expires(world, framework, settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "PRESENCE_SECONDS": 1}
    presence_touch(framework_id=framework.pk, user=world.planner)
    assert cache.get(presence._entry_key(framework.pk, world.planner.pk)) is not None
    time.sleep(1.3)
    assert cache.get(presence._entry_key(framework.pk, world.planner.pk)) is None
    assert presence_list(framework_id=framework.pk, exclude_user_id=None) == []


def test_leaving_takes_the_user_off_at_once(world, framework):
    presence_touch(framework_id=framework.pk, user=world.planner)
    presence_touch(framework_id=framework.pk, user=world.hq)
    presence_leave(framework_id=framework.pk, user=world.planner)
    assert [p.name for p in presence_list(framework_id=framework.pk, exclude_user_id=None)] == ["B. Headquarters"]
    presence_touch(framework_id=framework.pk, user=world.planner)
    assert len(presence_list(framework_id=framework.pk, exclude_user_id=None)) == 2


def test_a_lost_roster_is_rebuilt_by_the_next_reports(world, framework):
    presence_touch(framework_id=framework.pk, user=world.planner)
    presence_touch(framework_id=framework.pk, user=world.hq)
    cache.delete(presence._roster_key(framework.pk))  # evicted, or two joins at the same instant
    assert presence_list(framework_id=framework.pk, exclude_user_id=None) == []
    presence_touch(framework_id=framework.pk, user=world.planner)
    presence_touch(framework_id=framework.pk, user=world.hq)
    assert len(presence_list(framework_id=framework.pk, exclude_user_id=None)) == 2


def test_the_roster_forgets_those_who_faded(world, framework, monkeypatch):
    start = time.time()
    monkeypatch.setattr(presence, "clock", lambda: start)
    presence_touch(framework_id=framework.pk, user=world.planner)
    presence_leave(framework_id=framework.pk, user=world.planner)
    presence_touch(framework_id=framework.pk, user=world.hq)
    assert cache.get(presence._roster_key(framework.pk))["ids"] == [world.hq.pk]


def test_a_key_naming_no_element_is_refused(world, framework):
    for bad in ("x1", "p", "p1; drop", "framework ", "p" + "9" * 19, 12):
        with pytest.raises(ValidationError) as error:
            presence_touch(framework_id=framework.pk, user=world.planner, editing=bad)
        assert "editing" in error.value.message_dict
    assert presence_list(framework_id=framework.pk, exclude_user_id=None) == []


def test_an_element_of_another_framework_or_removed_is_not_named(world, framework):
    other = world.framework()
    foreign = f"p{other.priorities.get().pk}"
    presence_touch(framework_id=framework.pk, user=world.planner, editing=foreign)
    result = Result.objects.filter(priority__framework=framework).first()
    presence_touch(framework_id=framework.pk, user=world.hq, editing=f"r{result.pk}")
    result.delete()
    assert [(p.name, p.label) for p in presence_list(framework_id=framework.pk, exclude_user_id=None)] == [
        ("A. Planner", ""),
        ("B. Headquarters", ""),
    ]


def test_labels_follow_the_editor_numbering_after_a_move(world, framework):
    k = keys(framework)
    presence_touch(framework_id=framework.pk, user=world.planner, editing=k["3.3"])
    Priority.objects.filter(pk=int(k["3"][1:])).update(order=0)  # the third priority moved first
    assert [p.label for p in presence_list(framework_id=framework.pk, exclude_user_id=None)] == ["Result 1.3"]


def test_labels_take_one_query_whoever_is_listed(world, framework, django_assert_num_queries):
    k = keys(framework)
    presence_touch(framework_id=framework.pk, user=world.planner, editing=k["1"])
    with django_assert_num_queries(1):
        assert len(presence_list(framework_id=framework.pk, exclude_user_id=None)) == 1
    editors = [world.hq, world.srsg] + [
        user_with(Role.MISSION_PLANNER, world.mission, world.mission.entity, f"planner{n}") for n in range(5)
    ]
    for user, key in zip(editors, ["1.1", "1.2", "2", "2.3", "3", "3.1", "framework"], strict=True):
        presence_touch(framework_id=framework.pk, user=user, editing=k.get(key, key))
    with django_assert_num_queries(1):
        people = presence_list(framework_id=framework.pk, exclude_user_id=None)
    assert sorted(p.label for p in people) == sorted(
        [
            "Priority 1",
            "Result 1.1",
            "Result 1.2",
            "Priority 2",
            "Result 2.3",
            "Priority 3",
            "Result 3.1",
            "label, period and vision",
        ]
    )


def test_nobody_on_a_part_lists_without_a_query(world, framework, django_assert_num_queries):
    presence_touch(framework_id=framework.pk, user=world.planner, editing="")
    presence_touch(framework_id=framework.pk, user=world.hq, editing="framework")
    with django_assert_num_queries(0):
        assert len(presence_list(framework_id=framework.pk, exclude_user_id=None)) == 2


def test_a_report_reads_the_entity_once_then_costs_no_query(world, framework, django_assert_num_queries):
    every = list(keys(framework).values())
    with django_assert_num_queries(1):
        presence_touch(framework_id=framework.pk, user=world.planner, editing="framework")
    with django_assert_num_queries(0):
        for key in every:
            presence_touch(framework_id=framework.pk, user=world.planner, editing=key)


def test_the_fingerprint_changes_with_what_is_shown_only(world, framework, monkeypatch):
    k = keys(framework)
    assert presence_fingerprint([]) == ""
    presence_touch(framework_id=framework.pk, user=world.planner, editing=k["1"])
    first = presence_fingerprint(presence_list(framework_id=framework.pk, exclude_user_id=None))
    start = time.time()
    monkeypatch.setattr(presence, "clock", lambda: start + 30)  # older, same list
    assert presence_fingerprint(presence_list(framework_id=framework.pk, exclude_user_id=None)) == first
    presence_touch(framework_id=framework.pk, user=world.planner, editing=k["2"])
    assert presence_fingerprint(presence_list(framework_id=framework.pk, exclude_user_id=None)) != first


@pytest.mark.redis
def test_with_redis_away_nobody_is_listed_and_reports_go_on(world, framework):
    backend = caches["default"]
    if not hasattr(backend, "outage"):
        pytest.skip("the cache is not Redis")
    presence_touch(framework_id=framework.pk, user=world.planner)
    backend.outage.until = time.monotonic() + 60  # as after a failed call: Redis is not tried
    presence_touch(framework_id=framework.pk, user=world.hq)
    assert presence_list(framework_id=framework.pk, exclude_user_id=None) == []


# ---------- the endpoint ----------


def presence_url(framework):
    return reverse("frameworks:framework-presence", args=[framework.pk])


def test_an_editor_gets_the_others_in_a_small_fragment(client, world, framework):
    k = keys(framework)
    presence_touch(framework_id=framework.pk, user=world.hq, editing=k["2"])
    presence_touch(framework_id=framework.pk, user=world.srsg, editing=k["1.3"])
    client.force_login(world.planner)
    response = client.post(presence_url(framework), {"editing": k["1"], "seen": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Also here:" in html
    assert "B. Headquarters (DPKO) — editing Priority 2" in html
    assert f"C. Office ({world.mission.acronym}) — editing Result 1.3" in html
    assert "A. Planner" not in html
    assert len(response.content) < 1000, len(response.content)
    # The report was recorded: the others see the planner on priority 1.
    others = presence_list(framework_id=framework.pk, exclude_user_id=world.hq.pk)
    assert [p.label for p in others if p.name == "A. Planner"] == ["Priority 1"]


def test_an_unchanged_list_answers_204_with_no_body(client, world, framework):
    presence_touch(framework_id=framework.pk, user=world.hq)
    client.force_login(world.planner)
    first = client.post(presence_url(framework), {"editing": ""})
    fingerprint = presence_fingerprint(presence_list(framework_id=framework.pk, exclude_user_id=world.planner.pk))
    assert f'data-fingerprint="{fingerprint}"' in first.content.decode()
    again = client.post(presence_url(framework), {"editing": "framework", "seen": fingerprint})
    assert (again.status_code, again.content) == (204, b"")
    presence_touch(framework_id=framework.pk, user=world.hq, editing="framework")
    changed = client.post(presence_url(framework), {"editing": "framework", "seen": fingerprint})
    assert changed.status_code == 200
    assert "editing label, period and vision" in changed.content.decode()


def test_alone_the_first_report_answers_204_and_a_departure_is_said_once(client, world, framework):
    client.force_login(world.planner)
    assert client.post(presence_url(framework), {"editing": ""}).status_code == 204
    presence_touch(framework_id=framework.pk, user=world.hq)
    shown = client.post(presence_url(framework), {"editing": ""})
    fingerprint = presence_fingerprint(presence_list(framework_id=framework.pk, exclude_user_id=world.planner.pk))
    presence_leave(framework_id=framework.pk, user=world.hq)
    gone = client.post(presence_url(framework), {"seen": fingerprint})
    assert shown.status_code == gone.status_code == 200
    assert "No one else has this framework open now." in gone.content.decode()
    assert client.post(presence_url(framework), {"seen": ""}).status_code == 204


def test_leave_takes_the_user_off_the_list(client, world, framework):
    client.force_login(world.hq)
    client.post(presence_url(framework), {"editing": ""})
    assert presence_list(framework_id=framework.pk, exclude_user_id=world.planner.pk)
    response = client.post(presence_url(framework), {"leave": "1"})
    assert response.status_code == 204
    assert presence_list(framework_id=framework.pk, exclude_user_id=world.planner.pk) == []


def test_who_may_not_change_the_framework_is_refused(client, world):
    consultation = world.framework(status=FrameworkStatus.CONSULTATION)
    draft = world.framework()
    client.force_login(world.undp_planner)  # sees the consultation version, may only comment
    response = client.post(presence_url(consultation), {"editing": ""})
    assert response.status_code == 403
    assert client.post(presence_url(draft), {"editing": ""}).status_code == 404  # drafts: not seen
    client.force_login(world.srsg)  # sees everything of the mission, edits nothing
    assert client.post(presence_url(draft), {"editing": ""}).status_code == 403
    assert presence_list(framework_id=draft.pk, exclude_user_id=None) == []
    assert presence_list(framework_id=consultation.pk, exclude_user_id=None) == []
    client.logout()
    assert client.post(presence_url(draft), {"editing": ""}).status_code == 302  # to sign in


def test_bad_input_is_a_400_naming_the_field(client, world, framework):
    client.force_login(world.planner)
    response = client.post(presence_url(framework), {"editing": "priority two"})
    assert response.status_code == 400
    assert response.content.decode().startswith("What you are editing: Name a priority")
    response = client.post(presence_url(framework), {"seen": "<script>"})
    assert response.status_code == 400
    assert "List shown:" in response.content.decode()
    assert presence_list(framework_id=framework.pk, exclude_user_id=None) == []


def test_only_post(client, world, framework):
    client.force_login(world.planner)
    assert client.get(presence_url(framework)).status_code == 405


def test_a_poll_writes_nothing_to_the_database_in_a_fixed_number_of_queries(client, world, framework):
    k = keys(framework)
    client.force_login(world.planner)
    client.post(presence_url(framework), {"editing": ""})  # the first report reads the entity
    for user, key in ((world.hq, "1"), (world.srsg, "2.2")):
        presence_touch(framework_id=framework.pk, user=user, editing=k[key])
    with CaptureQueriesContext(connection) as queries:
        response = client.post(presence_url(framework), {"editing": k["3"]})
    assert response.status_code == 200
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    assert not {"INSERT", "UPDATE", "DELETE"} & set(statements), statements
    # session, user, their mission permissions, the framework with its mission, its "change"
    # right, the labels
    assert len(statements) == 6, "\n".join(q["sql"] for q in queries.captured_queries)


def test_the_fragment_is_translated(client, world, framework, settings):
    presence_touch(framework_id=framework.pk, user=world.hq, editing=keys(framework)["1.2"])
    client.force_login(world.planner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.post(presence_url(framework), {"editing": ""}).content.decode()
    assert "Également ici" in html and "Résultat 1.2" in html, html
