"""Track changes: the editor and the ISF page show, on demand (`?changes=1`), what changed since the
version the draft was copied from, inline (<ins>/<del> said to screen readers), with the planner's
reason for a change; the reason is optional, bounded and refused at its field when too long."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frameworks import services
from frameworks.choices import FrameworkStatus
from frameworks.diff import framework_difference, inline_changes
from frameworks.models import Priority, Result
from missions.notices import reason_label
from tests.factories import CommentFactory
from tests.frameworks.isf_world import make_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]
HTMX = {"HTTP_HX_REQUEST": "true"}
INSERTED = '<ins><span class="visually-hidden">inserted: </span>'
REMOVED = '<del><span class="visually-hidden">removed: </span>'


@pytest.fixture
def world():
    return make_world()


def revised(world):
    """An endorsed version 1 (two priorities of two results) and its copy, version 2: (v1, v2)."""
    endorsed = world.framework(
        status=FrameworkStatus.ENDORSED,
        endorsed_on=dt.date(2024, 1, 1),
        priorities=2,
        results=2,
        vision="A peaceful country.",
    )
    return endorsed, services.framework_create(mission=world.mission, actor=world.planner, from_current=True)


def result_of(draft, number: str) -> Result:
    p, r = (int(n) for n in number.split("."))
    return draft.priorities.order_by("order")[p - 1].results.order_by("order")[r - 1]


def edit_result(world, result, statement, reason=""):
    return services.result_update(
        result=result, actor=world.planner, based_on=result.updated_at, statement=statement, reason=reason
    )


# ---------- the reason for a change (services) ----------


def test_a_reason_is_kept_with_the_history_record_and_marked_as_the_planners(world):
    _endorsed, draft = revised(world)
    result = result_of(draft, "1.1")
    edit_result(world, result, "Courts reopen in every state", reason="  The ministry asked for all states.  ")
    record = result.history.order_by("-history_date").first()
    assert record.history_change_reason == "The ministry asked for all states."
    assert record.history_reason_given is True
    # Without a reason the history names the change and does not pass it off as a reason.
    result.refresh_from_db()
    edit_result(world, result, "Courts reopen in every county")
    record = result.history.order_by("-history_date").first()
    assert reason_label(record.history_change_reason) == "Result edited" and record.history_reason_given is False


@pytest.mark.parametrize("kind", ["priority", "result"])
def test_a_reason_longer_than_500_characters_is_refused_at_its_field_and_nothing_is_stored(world, kind):
    _endorsed, draft = revised(world)
    priority = draft.priorities.order_by("order").first()
    result = priority.results.order_by("order").first()
    with pytest.raises(ValidationError) as refused:
        if kind == "priority":
            services.priority_update(
                priority=priority, actor=world.planner, based_on=priority.updated_at, title="New", reason="x" * 501
            )
        else:
            edit_result(world, result, "New", reason="x" * 501)
    assert refused.value.message_dict["reason"] == [
        "The reason for this change can be at most 500 characters long (it has 501)."
    ]
    assert Priority.objects.get(pk=priority.pk).title == priority.title
    assert Result.objects.get(pk=result.pk).statement == result.statement
    # 500 is allowed.
    edit_result(world, result, "New", reason="y" * 500)
    assert result.history.order_by("-history_date").first().history_change_reason == "y" * 500


def test_the_latest_reason_of_each_changed_item_is_shown_in_the_difference(world):
    endorsed, draft = revised(world)
    result = result_of(draft, "2.1")
    edit_result(world, result, "Clinics open", reason="First reason")
    result.refresh_from_db()
    edit_result(world, result, "Clinics open in the north", reason="Second reason")
    result.refresh_from_db()
    edit_result(world, result, "Clinics open in the north and east")  # no reason: the last one given stays
    priority = draft.priorities.order_by("order").first()
    services.priority_update(
        priority=priority, actor=world.planner, based_on=priority.updated_at, title="Security", reason="Renamed"
    )
    sections = {section["title"]: section for section in framework_difference(endorsed, draft)}
    assert sections["Priority 1"]["reasons"] == [("Priority 1", "Renamed")]
    assert sections["Priority 2"]["reasons"] == [("Result 2.1", "Second reason")]
    changes = inline_changes(endorsed, draft)
    assert changes.results[result.pk].reason == "Second reason"
    assert changes.priorities[priority.pk].reason == "Renamed"


def test_a_reason_for_an_item_changed_back_to_what_it_was_is_not_shown(world):
    endorsed, draft = revised(world)
    result = result_of(draft, "1.2")
    original = result.statement
    edit_result(world, result, "Something else", reason="Tried")
    result.refresh_from_db()
    edit_result(world, result, original)
    assert result.pk not in inline_changes(endorsed, draft).results


# ---------- inline changes (the comparison) ----------


def test_inline_changes_mark_words_and_name_added_removed_and_moved_items(world):
    endorsed, draft = revised(world)
    draft = services.framework_update(
        framework=draft,
        actor=world.planner,
        based_on=draft.updated_at,
        label=draft.label,
        period_start=draft.period_start,
        period_end=draft.period_end,
        vision="A peaceful and prosperous country.",
    )
    first, second = draft.priorities.order_by("order")
    services.priority_move(priority=second, actor=world.planner, direction="up")
    removed = result_of(draft, "1.2")  # of the moved priority, now first
    services.result_delete(result=removed, actor=world.planner)
    added = services.result_add(priority=first, actor=world.planner, statement="Clinics open")
    changes = inline_changes(endorsed, draft)
    assert changes.vision == f"A peaceful {INSERTED}and prosperous </ins>country."
    assert changes.priorities[second.pk].note == "Priority moved from 2 to 1"
    assert changes.results[added.pk].added and changes.results[added.pk].note == "Result added"
    assert changes.results[added.pk].text == f"{INSERTED}Clinics open</ins>"
    assert [what for what, _text in changes.removed] == ["Result 2.2 removed"]
    assert REMOVED in changes.removed[0][1]


def test_funding_mandate_links_and_integration_areas_are_noted(world):
    endorsed, draft = revised(world)
    priority = draft.priorities.order_by("order").first()
    services.priority_funding_set(
        priority=priority,
        actor=world.planner,
        lines={"pbf": (1000, 200)},
    )
    result = result_of(draft, "1.1")
    services.result_link_tasks(result=result, actor=world.planner, task_ids=[t.pk for t in world.tasks])
    services.integration_area_set(
        framework=draft, actor=world.planner, area="ssr", depth="joint_programme", rationale="Joint patrols"
    )
    changes = inline_changes(endorsed, draft)
    assert "Funding (US$)" in dict(changes.priorities[priority.pk].details)
    assert "Mandate tasks" in dict(changes.results[result.pk].details)
    assert changes.areas and INSERTED in changes.areas[0][1]


# ---------- the pages ----------


def url(name, *args):
    return reverse(f"frameworks:{name}", args=args)


def test_changes_are_off_by_default_and_shown_inline_on_demand(client, world):
    endorsed, draft = revised(world)
    result = result_of(draft, "1.1")
    edit_result(world, result, "Courts reopen in every state", reason="Asked by the ministry")
    client.force_login(world.planner)
    for name in ("framework-edit", "framework-detail"):
        html = client.get(url(name, draft.pk)).content.decode()
        assert "Show changes since version 1" in html and "?changes=1" in html
        assert INSERTED not in html
        html = client.get(url(name, draft.pk) + "?changes=1").content.decode()
        assert "Hide the changes since version 1" in html
        assert f"{INSERTED}Courts reopen in every state</ins>" in html
        assert REMOVED in html  # "Result 1.1" removed word by word
        assert "Asked by the ministry" in html
        assert 'class="stack track-changes"' in html


def test_a_first_version_offers_no_toggle(client, world):
    draft = world.framework()
    client.force_login(world.planner)
    html = client.get(url("framework-edit", draft.pk) + "?changes=1").content.decode()
    assert "Show changes since" not in html and "track-changes" not in html


def test_the_reason_field_saves_with_the_change_and_names_its_limit(client, world):
    _endorsed, draft = revised(world)
    result = result_of(draft, "1.1")
    client.force_login(world.planner)
    data = {
        f"r{result.pk}-statement": "Courts reopen",
        f"r{result.pk}-updated_at": result.updated_at.isoformat(),
        f"r{result.pk}-reason": "z" * 501,
    }
    response = client.post(url("result-update", result.pk), data, **HTMX)
    html = response.content.decode()
    assert "The reason for this change can be at most 500 characters long (it has 501)." in html
    assert Result.objects.get(pk=result.pk).statement != "Courts reopen"
    data[f"r{result.pk}-reason"] = "Shorter"
    response = client.post(url("result-update", result.pk), data, **HTMX)
    assert response.status_code == 200
    record = result.history.order_by("-history_date").first()
    assert (record.statement, record.history_change_reason, record.history_reason_given) == (
        "Courts reopen",
        "Shorter",
        True,
    )
    assert 'value="Shorter"' not in response.content.decode()  # the next change asks afresh


def test_the_difference_page_shows_the_reasons(client, world):
    _endorsed, draft = revised(world)
    edit_result(world, result_of(draft, "1.2"), "Police deploy", reason="The council asked")
    client.force_login(world.planner)
    html = client.get(url("framework-diff", draft.pk)).content.decode()
    assert "Reason for the change to Result 1.2:" in html and "The council asked" in html


def grow(world, draft, size):
    for p in range(size):
        priority = services.priority_add(framework=draft, actor=world.planner, title=f"Extra {p}")
        for r in range(size):
            result = services.result_add(priority=priority, actor=world.planner, statement=f"Extra {p}.{r}")
            services.result_link_tasks(result=result, actor=world.planner, task_ids=[world.tasks[0].pk])
    for result in Result.objects.filter(priority__framework=draft):
        edit_result(world, result, result.statement + " (revised)", reason="Why")


# The page's own queries plus the comparison: both versions' trees (priorities, funding, results,
# responsibilities, mandate tasks: 5 each), the integration areas of both and the reasons (2).
EXPECTED_QUERIES = {"framework-edit": 17 + 14, "framework-detail": 16 + 14}


@pytest.mark.parametrize("name", ["framework-edit", "framework-detail"])
def test_query_count_with_changes_shown_is_fixed_whatever_the_size(client, world, django_assert_num_queries, name):
    _endorsed, draft = revised(world)
    client.force_login(world.planner)
    client.get(url(name, draft.pk) + "?changes=1")
    counts = []
    for size in (1, 3):
        grow(world, draft, size)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name, draft.pk) + "?changes=1").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_num_queries(EXPECTED_QUERIES[name]):
        client.get(url(name, draft.pk) + "?changes=1")


# ---------- comments in the editor ----------


def test_the_editor_offers_the_isf_pages_comment_control_with_the_open_thread_count(client, world):
    framework = world.framework(priorities=2, results=2)
    result = result_of(framework, "2.1")
    for _n in range(2):
        CommentFactory(framework=framework, priority=None, result=result, author=world.planner)
    client.force_login(world.planner)
    html = client.get(url("framework-edit", framework.pk)).content.decode()
    assert html.count('<template id="comment-here-form">') == 1  # one form, cloned where it is opened
    assert html.count("data-comment-on=") == 2 + 4
    assert f'data-comment-on="result-{result.pk}"' in html and "Comment on result 2.1" in html
    threads = url("framework-comments", framework.pk) + f"?on=result-{result.pk}"
    assert f'<a class="badge status-open" href="{threads}">2 open threads</a>' in html
    assert "js/comment-here.js" in html and "js/mentions.js" in html
