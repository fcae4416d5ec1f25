"""Framework pages: the editor (with and without htmx), stale saves, detail and workflow buttons,
creation, history and differences, comments; access answers; query counts that do not grow."""

import datetime as dt
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frameworks import services
from frameworks.choices import FrameworkStatus
from frameworks.models import Comment, IntegratedStrategicFramework, Priority, Result
from tests.factories import CommentFactory, FundingLineFactory, IntegrationAreaFactory
from tests.frameworks.isf_world import make_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world():
    return make_world()


def as_user(client, user):
    client.force_login(user)
    return client


def url(name, *args):
    return reverse(f"frameworks:{name}", args=args)


# ---------- access ----------


def test_draft_is_invisible_to_agencies_and_other_missions(client, world):
    framework = world.framework()
    for user in (world.undp_planner, world.outsider, world.observer):
        assert as_user(client, user).get(url("framework-detail", framework.pk)).status_code == 404
    assert as_user(client, world.srsg).get(url("framework-detail", framework.pk)).status_code == 200


def test_editor_is_refused_with_a_reason_to_those_who_may_only_read(client, world):
    framework = world.framework(status=FrameworkStatus.CONSULTATION)
    response = as_user(client, world.undp_planner).get(url("framework-edit", framework.pk))
    assert response.status_code == 403
    response = client.post(url("priority-add", framework.pk), {"np-title": "Sneaky"})
    assert response.status_code == 403
    assert not Priority.objects.filter(title="Sneaky").exists()


@pytest.mark.parametrize("user", ["planner", "srsg", "undp_planner", "observer"])
@pytest.mark.parametrize("status", [FrameworkStatus.CONSULTATION, FrameworkStatus.ENDORSED])
def test_every_link_and_button_of_the_framework_pages_is_allowed_to_its_viewer(client, world, user, status):
    """A page offers only what answers the viewer: links open (no 403 or 404), buttons' actions are allowed."""
    framework = world.framework(status=status, **({"endorsed_on": dt.date(2024, 5, 1)} if status == "endorsed" else {}))
    CommentFactory(framework=framework, priority=framework.priorities.first(), author=world.undp_planner)
    client = as_user(client, getattr(world, user))
    pages = ["framework-detail", "framework-history", "framework-diff", "framework-comments"]
    for name in pages:
        page = client.get(url(name, framework.pk))
        if page.status_code == 404:
            assert user == "observer" and status == FrameworkStatus.CONSULTATION
            continue
        html = page.content.decode()
        for link in set(re.findall(r'href="(/frameworks/[^"#?]*)', html)):
            assert client.get(link).status_code in (200, 302), (name, link)
        for action in set(re.findall(r'<form[^>]*method="post"[^>]*action="(/frameworks/[^"]*)"', html)):
            with transaction.atomic():
                answer = client.post(action, {})
                transaction.set_rollback(True)
            assert answer.status_code not in (403, 404), (name, action)


# ---------- editor ----------


def test_editor_shows_every_part(client, world):
    framework = world.framework(priorities=2, results=2)
    IntegrationAreaFactory(framework=framework, area="ddr")
    FundingLineFactory(priority=framework.priorities.first())
    response = as_user(client, world.planner).get(url("framework-edit", framework.pk))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Label, period and vision",
        "Priority 2",
        "Edit result 2.2",
        "Lead:",
        "Mandate tasks no result covers",
        "3(b)",
        "Disarmament, demobilisation and reintegration",
        "Funding by priority",
        'hx-post="',
        'class="saving-state" aria-live="polite"',
    ):
        assert text in html, text


def test_field_group_saves_without_javascript_and_with_htmx(client, world):
    framework = world.framework()
    priority = framework.priorities.first()
    client = as_user(client, world.planner)
    data = {
        f"p{priority.pk}-title": "Rule of law",
        f"p{priority.pk}-description": "",
        f"p{priority.pk}-updated_at": priority.updated_at.isoformat(),
    }
    response = client.post(url("priority-update", priority.pk), data)
    assert response.status_code == 302
    assert response["Location"].startswith(url("framework-edit", framework.pk) + f"?saved=p{priority.pk}")
    priority.refresh_from_db()
    assert priority.title == "Rule of law"
    data = {
        f"p{priority.pk}-title": "Rule of law and justice",
        f"p{priority.pk}-updated_at": priority.updated_at.isoformat(),
    }
    response = client.post(url("priority-update", priority.pk), data, follow=True, **HTMX)
    assert response.status_code == 200
    assert f'id="p{priority.pk}-form"' in response.content.decode()
    assert "Saved" in response.content.decode()


def test_framework_fields_saved_with_htmx_answer_what_was_saved_and_save_again(client, world):
    """The answer replaces the form: it shows the saved vision and the new version, so the
    planner's next change saves too (not refused as someone else's)."""
    framework = world.framework()
    client = as_user(client, world.planner)
    data = {
        "fw-label": framework.label,
        "fw-period_start": framework.period_start.isoformat(),
        "fw-period_end": framework.period_end.isoformat(),
        "fw-updated_at": framework.updated_at.isoformat(),
    }
    for vision in ("Peace consolidated.", "Peace consolidated, and services restored."):
        response = client.post(url("framework-edit", framework.pk), {**data, "fw-vision": vision}, **HTMX)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Saved" in html and "Not saved" not in html
        framework.refresh_from_db()
        assert framework.vision == vision
        assert f"{vision}</textarea>" in html
        assert f'value="{framework.updated_at.isoformat()}"' in html
        data["fw-updated_at"] = re.search(r'name="fw-updated_at" value="([^"]+)"', html).group(1)


def test_invalid_input_is_shown_at_the_field_and_kept(client, world):
    framework = world.framework()
    result = Result.objects.get(priority__framework=framework)
    prefix = f"r{result.pk}"
    response = as_user(client, world.planner).post(
        url("result-update", result.pk),
        {
            f"{prefix}-statement": "My careful statement",
            f"{prefix}-timeline_start": "2025-06-01",
            f"{prefix}-timeline_end": "2025-01-01",
            f"{prefix}-updated_at": result.updated_at.isoformat(),
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert f'aria-invalid="true" aria-describedby="id_{prefix}-timeline_end_error"' in html
    assert f'id="id_{prefix}-timeline_end_error"' in html
    assert "My careful statement" in html


def test_stale_save_is_refused_showing_both_versions_and_keeping_my_text(client, world):
    framework = world.framework()
    priority = framework.priorities.first()
    based_on = priority.updated_at.isoformat()
    services.priority_update(priority=priority, actor=world.hq, title="Their title")
    client = as_user(client, world.planner)
    mine = {
        f"p{priority.pk}-title": "My title",
        f"p{priority.pk}-description": "My long description",
        f"p{priority.pk}-updated_at": based_on,
    }
    for extra, status in (({}, 409), (HTMX, 200)):
        response = client.post(url("priority-update", priority.pk), mine, **extra)
        assert response.status_code == status
        html = response.content.decode()
        assert "someone else changed this" in html
        assert "Their title" in html and "My title" in html and "My long description" in html
        assert 'hx-trigger="submit"' in html  # no autosave over theirs until the user decides
    priority.refresh_from_db()
    assert priority.title == "Their title"
    # Saving again from the conflict form (now based on their version) replaces theirs deliberately.
    rebased = {**mine, f"p{priority.pk}-updated_at": priority.updated_at.isoformat()}
    assert client.post(url("priority-update", priority.pk), rebased).status_code == 302
    priority.refresh_from_db()
    assert priority.title == "My title"


def test_stale_funding_save_shows_both_figures(client, world):
    framework = world.framework()
    priority = framework.priorities.first()
    client = as_user(client, world.planner)
    form = {f"f{priority.pk}-updated_at": "none", f"f{priority.pk}-pbf_amount": "500"}
    assert client.post(url("funding-set", priority.pk), form).status_code == 302
    response = client.post(url("funding-set", priority.pk), {**form, f"f{priority.pk}-pbf_amount": "700"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "someone else changed this" in html and 'value="700"' in html and "500" in html
    assert priority.funding_lines.get().amount == 500


def test_structure_actions(client, world):
    framework = world.framework()
    client = as_user(client, world.planner)
    assert client.post(url("priority-add", framework.pk), {"np-title": "Health"}).status_code == 302
    health = Priority.objects.get(title="Health")
    assert client.post(url("priority-move", health.pk), {"direction": "up"}).status_code == 302
    assert list(framework.priorities.values_list("title", flat=True)) == ["Health", "Priority 1"]
    response = client.post(url("result-add", health.pk), {f"nr{health.pk}-statement": "Clinics open"})
    assert response.status_code == 302
    result = Result.objects.get(statement="Clinics open")
    assert client.post(url("result-roles", result.pk), {f"rr{result.pk}-leads": [world.unicef.pk]}).status_code == 302
    assert result.responsibilities.get().entity == world.unicef
    client.post(url("result-tasks", result.pk), {f"t{result.pk}-tasks": [world.tasks[2].pk]})
    assert list(result.mandate_tasks.all()) == [world.tasks[2]]
    client.post(
        url("area-set", framework.pk), {"na-area": "elections", "na-depth": "joint_programme", "na-rationale": "x"}
    )
    assert framework.integration_areas.get().area == "elections"
    funding = {f"f{health.pk}-updated_at": "none", f"f{health.pk}-pbf_amount": "1000", f"f{health.pk}-pbf_gap": "10"}
    client.post(url("funding-set", health.pk), funding)
    assert health.funding_lines.get().gap == 10
    confirm = client.get(url("result-delete", result.pk))
    assert confirm.status_code == 200 and b"Clinics open" in confirm.content
    client.post(url("result-delete", result.pk))
    client.post(url("priority-delete", health.pk))
    assert not Priority.objects.filter(pk=health.pk).exists()


def test_endorsed_version_cannot_be_edited_through_the_pages(client, world):
    framework = world.framework(status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2024, 5, 1))
    priority = framework.priorities.first()
    client = as_user(client, world.planner)
    response = client.get(url("framework-edit", framework.pk))
    assert response.status_code == 302 and response["Location"] == url("framework-detail", framework.pk)
    data = {f"p{priority.pk}-title": "Changed", f"p{priority.pk}-updated_at": priority.updated_at.isoformat()}
    response = client.post(url("priority-update", priority.pk), data, follow=True)
    assert "never changes" in response.content.decode()
    response = client.post(url("priority-update", priority.pk), data, **HTMX)
    assert response["HX-Redirect"] == url("framework-detail", framework.pk)
    priority.refresh_from_db()
    assert priority.title == "Priority 1"


# ---------- create, detail, workflow ----------


def test_create_blank_then_new_version(client, world):
    client = as_user(client, world.planner)
    response = client.post(
        url("framework-create", world.mission.acronym),
        {"label": "Joint Vision", "period_start": "2025-01-01", "period_end": "2024-01-01"},
    )
    assert response.status_code == 422 and b"Period end must be after" in response.content
    response = client.post(
        url("framework-create", world.mission.acronym),
        {"label": "Joint Vision", "period_start": "2025-01-01", "period_end": "2027-12-31"},
    )
    framework = IntegratedStrategicFramework.objects.get(label="Joint Vision")
    assert response["Location"] == url("framework-edit", framework.pk)
    framework.status, framework.endorsed_on = FrameworkStatus.ENDORSED, dt.date(2025, 2, 1)
    framework.save()
    response = client.get(url("framework-detail", framework.pk))
    assert f"Start version {framework.version + 1} from version {framework.version}".encode() in response.content
    client.post(url("framework-create", world.mission.acronym), {"start": "current"})
    assert IntegratedStrategicFramework.objects.get(version=framework.version + 1).parent == framework


def test_create_is_refused_to_agencies(client, world):
    assert as_user(client, world.undp_planner).get(url("framework-create", world.mission.acronym)).status_code == 403


def test_workflow_buttons_follow_the_role(client, world):
    framework = world.framework(status=FrameworkStatus.SUBMITTED)
    html = as_user(client, world.srsg).get(url("framework-detail", framework.pk)).content.decode()
    assert f"Decide for {world.mission.entity.code}" in html and "Decide for UNDP" not in html
    html = as_user(client, world.undp_planner).get(url("framework-detail", framework.pk)).content.decode()
    assert "Decide for UNDP" in html and "Return to draft" not in html
    html = as_user(client, world.unicef_planner).get(url("framework-detail", framework.pk)).content.decode()
    assert "Decide for" not in html
    html = as_user(client, world.planner).get(url("framework-detail", framework.pk)).content.decode()
    assert "Return to draft" in html and "Decide for" not in html


def test_sign_through_the_page(client, world):
    framework = world.framework(status=FrameworkStatus.SUBMITTED)
    client = as_user(client, world.undp_planner)
    prefix = f"s{world.undp.pk}"
    response = client.post(
        url("framework-workflow", framework.pk, "sign"),
        {"entity": world.undp.pk, f"{prefix}-entity": world.undp.pk, f"{prefix}-decision": "objected"},
        follow=True,
    )
    assert b"An objection needs a reason." in response.content
    client.post(
        url("framework-workflow", framework.pk, "sign"),
        {
            "entity": world.undp.pk,
            f"{prefix}-entity": world.undp.pk,
            f"{prefix}-decision": "objected",
            f"{prefix}-reason": "No",
        },
    )
    framework.refresh_from_db()
    assert framework.status == FrameworkStatus.DRAFT


def test_history_and_difference_between_versions(client, world):
    old = world.framework(
        status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2024, 1, 2), vision="A peaceful country."
    )
    new = services.framework_create(mission=world.mission, actor=world.planner, from_current=True)
    services.framework_update(
        framework=new,
        actor=world.planner,
        label=new.label,
        period_start=new.period_start,
        period_end=new.period_end,
        vision="A peaceful and prosperous country.",
    )
    client = as_user(client, world.planner)
    html = client.get(url("framework-history", new.pk)).content.decode()
    assert f"v{old.version}" in html and "Label, period or vision edited" in html
    html = client.get(url("framework-diff", new.pk)).content.decode()
    assert '<ins><span class="visually-hidden">inserted: </span>and prosperous </ins>' in html
    assert "1 difference" in html


# ---------- comments ----------


def test_comment_page_threads_replies_status_and_changed_since(client, world):
    framework = world.framework(status=FrameworkStatus.CONSULTATION)
    priority = framework.priorities.first()
    client = as_user(client, world.undp_planner)
    response = client.post(
        url("framework-comments", framework.pk), {"on": f"priority-{priority.pk}", "body": "Add @UNICEF"}
    )
    thread = Comment.objects.get()
    assert response["Location"].endswith(f"#comment-{thread.pk}")
    as_user(client, world.planner).post(url("comment-reply", thread.pk), {f"c{thread.pk}-body": "Done."})
    client.post(url("comment-status", thread.pk), {f"s{thread.pk}-status": "addressed"})
    services.priority_update(priority=priority, actor=world.planner, title="Youth and employment")
    html = client.get(url("framework-comments", framework.pk)).content.decode()
    assert "Done." in html and "Addressed" in html
    assert "Text changed since" in html and "Youth and employment" in html


def test_empty_comment_is_refused_at_the_field(client, world):
    framework = world.framework(status=FrameworkStatus.CONSULTATION)
    response = as_user(client, world.undp_planner).post(
        url("framework-comments", framework.pk), {"on": f"priority-{framework.priorities.first().pk}", "body": ""}
    )
    assert response.status_code == 422
    assert 'aria-describedby="id_body_helptext id_body_error"' in response.content.decode()


# ---------- query counts ----------


def grow(world, framework, priorities: int, results: int, comments: int):
    for p in range(priorities):
        priority = Priority.objects.create(framework=framework, order=p + 10, title=f"Extra {p}")
        FundingLineFactory(priority=priority)
        for r in range(results):
            result = Result.objects.create(priority=priority, order=r + 1, statement=f"Extra {p}.{r}")
            result.mandate_tasks.set(world.tasks)
            result.responsibilities.create(entity=world.undp, role="lead")
            for _c in range(comments):
                thread = CommentFactory(
                    framework=framework,
                    priority=None,
                    result=result,
                    author=world.undp_planner,
                    author_entity=world.undp,
                )
                CommentFactory(
                    framework=framework,
                    priority=None,
                    result=result,
                    parent=thread,
                    author=world.planner,
                    author_entity=world.mission.entity,
                )


@pytest.mark.parametrize(
    "name,user,status",
    [
        ("framework-edit", "planner", FrameworkStatus.DRAFT),
        ("framework-detail", "planner", FrameworkStatus.DRAFT),
        ("framework-detail", "undp_planner", FrameworkStatus.SUBMITTED),
        ("framework-comments", "undp_planner", FrameworkStatus.CONSULTATION),
    ],
)
def test_query_count_is_fixed_whatever_the_size(client, world, django_assert_num_queries, name, user, status):
    framework = world.framework(status=status)
    client = as_user(client, getattr(world, user))
    client.get(url(name, framework.pk))
    counts = []
    for size in (1, 4):
        grow(world, framework, size, size, size)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name, framework.pk)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_num_queries(EXPECTED_QUERIES[(name, user)]):
        client.get(url(name, framework.pk))


EXPECTED_QUERIES = {  # the header navigation and the user's mission permissions included
    # and the indicators measuring each result, and whether one may comment; editor and page read
    # the national frameworks (one query, and one for their priorities when there are some)
    ("framework-edit", "planner"): 17,
    ("framework-detail", "planner"): 16,
    ("framework-detail", "undp_planner"): 18,
    ("framework-comments", "undp_planner"): 17,
}


# ---------- the optimistic lock is required ----------


@pytest.mark.parametrize("htmx", [False, True])
def test_a_save_that_does_not_say_its_version_is_refused_with_a_message(client, world, htmx):
    framework = world.framework()
    priority = framework.priorities.first()
    title = priority.title
    client = as_user(client, world.planner)
    extra = HTMX if htmx else {}
    saves = [
        (url("framework-edit", framework.pk), {"fw-label": "Mine", "fw-vision": "Mine"}),
        (url("priority-update", priority.pk), {f"p{priority.pk}-title": "Mine"}),
        (url("funding-set", priority.pk), {f"f{priority.pk}-pbf_amount": "500"}),
    ]
    for path, data in saves:
        response = client.post(path, data, **extra)
        assert response.status_code in (200, 422), (path, response.status_code)
        html = response.content.decode()
        assert "this form does not say which version it was based on" in html, path
        assert 'role="alert"' in html
    priority.refresh_from_db()
    framework.refresh_from_db()
    assert priority.title == title and framework.label != "Mine"
    assert not priority.funding_lines.exists()


def test_the_editor_sends_the_version_of_every_form_it_shows(client, world):
    framework = world.framework()
    IntegrationAreaFactory(framework=framework)
    client = as_user(client, world.planner)
    priority = framework.priorities.first()
    result = priority.results.first()
    # The page, and the forms it loads when a result or a priority's funding is opened.
    html = "".join(
        client.get(path, **headers).content.decode()
        for path, headers in (
            (url("framework-edit", framework.pk), {}),
            (url("result-panel", result.pk), HTMX),
            (url("funding-set", priority.pk), HTMX),
        )
    )
    forms = re.findall(r"<form[^>]*action=\"([^\"]+)\"[^>]*>(.*?)</form>", html, flags=re.S)
    editing = [
        (action, body)
        for action, body in forms
        if re.search(r"/(edit|funding|areas|priorities/\d+|results/\d+)/$", action)
    ]
    assert len(editing) >= 4
    for action, body in editing:
        if 'name="area_id"' not in body and "/areas/" in action:
            continue  # the form that adds an area edits no row yet
        assert re.search(r'name="[^"]*updated_at" value="[^"]+"', body), action


# ---------- the outline: light saves, forms on demand ----------


def test_a_save_answers_with_the_saved_part_only(client, world):
    framework = world.framework(priorities=3, results=3)
    result = framework.priorities.first().results.first()
    client = as_user(client, world.planner)
    data = {
        f"r{result.pk}-statement": "Courts reopen in every state",
        f"r{result.pk}-timeline_start": "2025-01-01",
        f"r{result.pk}-timeline_end": "2026-12-31",
        f"r{result.pk}-updated_at": result.updated_at.isoformat(),
    }
    response = client.post(url("result-update", result.pk), data, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) < 10_000, len(response.content)  # not the editor page
    assert "<html" not in html and f'id="r{result.pk}-form"' in html
    # The row's summary comes along, swapped out of band: the outline says the new statement.
    assert f'id="result-{result.pk}-summary" hx-swap-oob="true"' in html
    assert "Courts reopen in every state" in html and "Saved" in html
    result.refresh_from_db()
    assert result.statement == "Courts reopen in every state"


def test_a_refused_save_answers_with_the_part_and_the_users_text(client, world):
    framework = world.framework(priorities=2, results=2)
    result = framework.priorities.first().results.first()
    data = {
        f"r{result.pk}-statement": "y" * 10_000,
        f"r{result.pk}-updated_at": result.updated_at.isoformat(),
    }
    response = as_user(client, world.planner).post(url("result-update", result.pk), data, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert "<html" not in html and "at most 1000 characters" in html and "y" * 10_000 in html
    result.refresh_from_db()
    assert result.statement != "y" * 10_000


def test_a_results_forms_load_when_it_is_opened(client, world):
    framework = world.framework(priorities=2, results=2)
    result = framework.priorities.first().results.first()
    client = as_user(client, world.planner)
    page = client.get(url("framework-edit", framework.pk)).content.decode()
    assert f'id="r{result.pk}-form"' not in page  # not on the page until opened
    assert f'hx-get="{url("result-panel", result.pk)}"' in page
    panel = client.get(url("result-panel", result.pk), **HTMX)
    assert panel.status_code == 200 and "<html" not in panel.content.decode()
    for form_id in (f'id="r{result.pk}-form"', f'id="rr{result.pk}-form"'):
        assert form_id in panel.content.decode()
    # Without JavaScript: the editor with that result open.
    redirect = client.get(url("result-panel", result.pk))
    assert redirect.status_code == 302 and f"open=r{result.pk}" in redirect["Location"]
    opened = client.get(redirect["Location"]).content.decode()
    assert f'id="r{result.pk}-form"' in opened


def test_leads_and_contributors_are_saved_together(client, world):
    framework = world.framework()
    result = framework.priorities.first().results.first()
    client = as_user(client, world.planner)
    key = f"rr{result.pk}"
    response = client.post(
        url("result-roles", result.pk),
        {f"{key}-leads": [world.unicef.pk], f"{key}-contributors": [world.undp.pk]},
        **HTMX,
    )
    assert response.status_code == 200 and len(response.content) < 10_000
    roles = dict(result.responsibilities.values_list("entity__code", "role"))
    assert roles == {world.unicef.code: "lead", world.undp.code: "contributing"}
    refused = client.post(
        url("result-roles", result.pk),
        {f"{key}-leads": [world.unicef.pk], f"{key}-contributors": [world.unicef.pk]},
        **HTMX,
    )
    assert "either leads or contributes" in refused.content.decode()
    assert dict(result.responsibilities.values_list("entity__code", "role")) == roles  # nothing half-written


def test_linking_a_task_answers_with_the_result_and_the_coverage_it_changes(client, world):
    framework = world.framework()
    result = framework.priorities.first().results.first()
    response = as_user(client, world.planner).post(
        url("result-tasks", result.pk), {f"t{result.pk}-tasks": [world.tasks[2].pk]}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200 and len(response.content) < 10_000
    assert f'id="t{result.pk}"' in html and 'id="coverage" hx-swap-oob="true"' in html
    assert list(result.mandate_tasks.all()) == [world.tasks[2]]


def test_mention_suggestions_name_the_missions_people_and_entities(client, world):
    framework = world.framework(status=FrameworkStatus.CONSULTATION)
    client = as_user(client, world.undp_planner)
    answer = client.get(url("mention-suggestions", framework.pk), {"q": world.unicef.code[:-1].lower()}).json()
    assert answer["results"][0] == {
        "value": world.unicef.code,
        "label": f"{world.unicef.code} · {world.unicef.name}",
        "kind": "entity",
    }
    assert world.undp.code not in [row["value"] for row in answer["results"]]
    people = client.get(url("mention-suggestions", framework.pk), {"q": world.planner.username[:3]}).json()
    assert world.planner.username in [row["value"] for row in people["results"]]
    assert client.get(url("mention-suggestions", framework.pk), {"q": ""}).json() == {"results": []}
    # Someone who may not comment here gets no names.
    assert as_user(client, world.outsider).get(url("mention-suggestions", framework.pk), {"q": "a"}).status_code == 404


def test_each_result_says_how_many_indicators_measure_it(client, world):
    from tests.factories import BenchmarkFactory, IndicatorFactory

    framework = world.framework(priorities=1, results=2)
    first, second = framework.priorities.get().results.order_by("order")
    benchmark = BenchmarkFactory(mission=world.mission)
    benchmark.results.add(first)
    IndicatorFactory.create_batch(2, benchmark=benchmark)
    html = as_user(client, world.planner).get(url("framework-edit", framework.pk)).content.decode()
    summary = html[html.index(f'id="result-{first.pk}-summary"') :][:1200]
    assert "2 indicators" in summary
    other = html[html.index(f'id="result-{second.pk}-summary"') :][:1200]
    assert "indicator" not in other
