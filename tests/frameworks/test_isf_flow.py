"""The ISF workflow around the editor: a new version is a copy of the endorsed one by default, no
second version starts while one is in progress, consultation is confirmed with who is asked and a
comment deadline, submission lists what stands before it, endorsing with open threads is
confirmed and recorded, and the ISF page says what happens next."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from frameworks import selectors, services
from frameworks.choices import CommentStatus, FrameworkStatus, ResponsibilityRole, SignatureDecision
from frameworks.models import IntegratedStrategicFramework, Signature
from missions.choices import EntityKind, Role
from missions.models import Notification
from missions.notices import reason_label
from tests.factories import (
    BenchmarkFactory,
    CommentFactory,
    EntityFactory,
    FundingLineFactory,
    IntegrationAreaFactory,
    MembershipFactory,
    ResponsibilityFactory,
    UserFactory,
)
from tests.frameworks.isf_world import make_world, user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]
TODAY = timezone.localdate()


@pytest.fixture
def world():
    return make_world()


def as_user(client, user):
    client.force_login(user)
    return client


def url(name, *args):
    return reverse(f"frameworks:{name}", args=args)


def endorsed(world, **kwargs):
    """An endorsed version with everything a version holds: 2 priorities x 2 results led by UNDP
    (UNICEF contributing to the first), mandate-task links, two integration areas, funding lines,
    a national alignment and a benchmark watching a result."""
    source = world.framework(
        status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2024, 6, 1), priorities=2, results=2, **kwargs
    )
    first = source.priorities.order_by("order").first()
    result = first.results.order_by("order").first()
    ResponsibilityFactory(result=result, entity=world.unicef, role=ResponsibilityRole.CONTRIBUTING)
    result.mandate_tasks.add(world.tasks[1])
    IntegrationAreaFactory(framework=source, area="ddr", depth="integrated", rationale="One structure")
    IntegrationAreaFactory(framework=source, area="other", depth="coordinated", rationale="Mine action")
    FundingLineFactory(priority=first, source="pbf", note="PBF allocation 2024")
    FundingLineFactory(priority=first, source="assessed")
    source.alignments.create(kind="undaf", title="UNDAF 2024-2026", period="2024-2026")
    BenchmarkFactory(mission=world.mission).results.add(result)
    return source


def submitted(world, **kwargs):
    framework = world.framework(status=FrameworkStatus.CONSULTATION, **kwargs)
    services.framework_submit(framework=framework, actor=world.planner)
    framework.refresh_from_db()
    return framework


# ---------- Part 1: the next version is a copy by default ----------


def test_create_page_offers_the_copy_of_the_endorsed_version_as_its_one_action(client, world):
    source = endorsed(world)
    html = as_user(client, world.planner).get(url("framework-create", world.mission.acronym)).content.decode()
    assert html.count('class="button"') == 1  # one primary action
    assert re.search(r'<button type="submit" class="button">\s*Start version 2 from version 1\s*</button>', html)
    assert '<input type="hidden" name="start" value="current">' in html
    assert "4 results with their timelines" in html and "2 integration areas" in html and "2 funding lines" in html
    # The blank framework is a deliberate second choice, folded away.
    assert "<summary" in html and "Start from a blank framework instead" in html
    assert "<details open" not in html and 'type="radio"' not in html
    assert f"version {source.version}" in html


def test_one_click_copies_everything_and_lands_in_the_editor_of_the_copy(client, world):
    source = endorsed(world)
    response = as_user(client, world.planner).post(url("framework-create", world.mission.acronym), {"start": "current"})
    copy = IntegratedStrategicFramework.objects.get(parent=source)
    assert response.status_code == 302 and response["Location"] == url("framework-edit", copy.pk)
    assert (copy.version, copy.status, copy.vision, copy.label) == (
        2,
        FrameworkStatus.DRAFT,
        source.vision,
        source.label,
    )
    assert selectors.framework_contents(copy) == selectors.framework_contents(source)
    contents = selectors.framework_contents(copy)
    assert (contents.priorities, contents.results, contents.responsibilities) == (2, 4, 5)
    assert (contents.task_links, contents.areas, contents.funding_lines) == (5, 2, 2)
    assert list(copy.integration_areas.order_by("area").values_list("area", "depth", "rationale")) == [
        ("ddr", "integrated", "One structure"),
        ("other", "coordinated", "Mine action"),
    ]
    assert list(copy.alignments.values_list("kind", "title", "period")) == [("undaf", "UNDAF 2024-2026", "2024-2026")]
    notes = set(copy.priorities.values_list("funding_lines__note", flat=True))
    assert "PBF allocation 2024" in notes


def test_benchmarks_that_watched_a_result_watch_its_copy(world):
    source = endorsed(world)
    benchmark = world.mission.benchmarks.get()
    copy = services.framework_create(mission=world.mission, actor=world.planner, from_current=True)
    watched = set(benchmark.results.values_list("priority__framework_id", "statement"))
    statement = source.priorities.order_by("order").first().results.order_by("order").first().statement
    assert watched == {(source.pk, statement), (copy.pk, statement)}
    record = benchmark.history.first()
    assert reason_label(record.history_change_reason) == "Linked to the results of version 2"
    assert record.history_user == world.planner


def test_a_blank_start_is_still_possible_beside_the_copy(client, world):
    endorsed(world)
    client = as_user(client, world.planner)
    response = client.post(url("framework-create", world.mission.acronym), {"start": "blank", "label": "Compact"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "<details open" in html and "Enter the date." in html
    response = client.post(
        url("framework-create", world.mission.acronym),
        {"start": "blank", "label": "Compact", "period_start": "2027-01-01", "period_end": "2029-12-31"},
    )
    blank = IntegratedStrategicFramework.objects.get(label="Compact")
    assert response["Location"] == url("framework-edit", blank.pk)
    assert (blank.version, blank.parent, blank.priorities.count()) == (2, None, 0)


def test_without_an_endorsed_version_the_page_is_the_blank_form(client, world):
    html = as_user(client, world.planner).get(url("framework-create", world.mission.acronym)).content.decode()
    assert "Create the framework" in html and "Start version" not in html and "<details" not in html


@pytest.mark.parametrize(
    ("status", "link"),
    [(FrameworkStatus.DRAFT, "framework-edit"), (FrameworkStatus.SUBMITTED, "framework-detail")],
)
def test_while_a_version_is_in_progress_the_page_leads_to_it_and_refuses_a_second(client, world, status, link):
    endorsed(world)
    in_progress = world.framework(status=status)
    client = as_user(client, world.planner)
    html = client.get(url("framework-create", world.mission.acronym)).content.decode()
    assert "Version 2 is in progress" in html
    assert f'href="{url(link, in_progress.pk)}"' in html
    assert 'name="start"' not in html and "<form" not in html.split("<main", 1)[1].split("</main>")[0]
    before = IntegratedStrategicFramework.objects.count()
    for data in ({"start": "current"}, {"start": "blank", "period_start": "2027-01-01", "period_end": "2028-01-01"}):
        response = client.post(url("framework-create", world.mission.acronym), data)
        assert response.status_code == 409
        assert "Version 2 of the framework is still" in response.content.decode()
    assert IntegratedStrategicFramework.objects.count() == before


def test_the_workspace_leads_to_the_version_in_progress(client, world):
    endorsed(world)
    workspace = reverse("mission-workspace", args=[world.mission.acronym])
    client = as_user(client, world.planner)
    html = client.get(workspace).content.decode()
    start = url("framework-create", world.mission.acronym)
    assert f'action="{start}"' in html and "Start version 2 from version 1" in html
    assert "Start a framework" not in html
    draft = services.framework_create(mission=world.mission, actor=world.planner, from_current=True)
    html = client.get(workspace).content.decode()
    assert f'href="{url("framework-edit", draft.pk)}"' in html and "Continue version 2 (Draft)" in html
    assert f'action="{start}"' not in html and "Start a framework" not in html
    # The SRSG office reads it; the country team does not see a draft, and starts nothing.
    html = as_user(client, world.srsg).get(workspace).content.decode()
    assert "Open version 2 (Draft)" in html and f'href="{url("framework-detail", draft.pk)}"' in html
    html = as_user(client, world.undp_planner).get(workspace).content.decode()
    assert "version 2" not in html.lower() and f'action="{start}"' not in html


# ---------- Part 2: consultation ----------


def test_consultation_asks_the_country_team_and_the_entities_of_the_results(world):
    framework = world.framework(leads=("undp",))
    partner = EntityFactory(code="WB", kind=EntityKind.PARTNER)
    ResponsibilityFactory(result=framework.priorities.get().results.get(), entity=partner, role="contributing")
    ResponsibilityFactory(
        result=framework.priorities.get().results.get(), entity=world.mission.entity, role="contributing"
    )
    retired = user_with(Role.AGENCY_PLANNER, world.mission, world.unicef, "retired")
    retired.memberships.update(is_active=False)
    elsewhere = UserFactory(username="elsewhere")
    MembershipFactory(
        user=elsewhere,
        role=Role.AGENCY_PLANNER,
        entity=world.undp,
        missions=[world.outsider.memberships.get().missions.get()],
    )
    invitees = {invitee.entity.code: invitee for invitee in selectors.consultation_invitees(framework)}
    assert set(invitees) == {"UNDP", "UNICEF", "WB"}  # not the mission: its planners drafted it
    assert (invitees["UNDP"].leads, invitees["UNDP"].contributes, invitees["UNDP"].in_country_team) == (1, 0, True)
    assert (invitees["WB"].contributes, invitees["WB"].in_country_team, invitees["WB"].people) == (1, False, [])
    assert [m.user for m in invitees["UNDP"].people] == [world.undp_planner]
    assert [m.user for m in invitees["UNICEF"].people] == [world.unicef_planner]
    assert selectors.consultation_recipient_ids(framework) == {world.undp_planner.pk, world.unicef_planner.pk}


def test_consultation_records_the_deadline_and_notifies_who_is_asked(world, django_capture_on_commit_callbacks):
    framework = world.framework()
    deadline = TODAY + dt.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        services.framework_to_consultation(framework=framework, actor=world.planner, deadline=deadline)
    framework.refresh_from_db()
    assert (framework.status, framework.consultation_deadline) == (FrameworkStatus.CONSULTATION, deadline)
    assert deadline.isoformat() in framework.history.first().history_change_reason
    asked = Notification.objects.get(user=world.undp_planner)
    assert "your comments are asked by" in asked.text and asked.url == url("framework-comments", framework.pk)
    assert Notification.objects.get(user=world.unicef_planner).url == url("framework-comments", framework.pk)
    told = Notification.objects.get(user=world.planner)
    assert told.text.endswith("is open for consultation.") and told.url == url("framework-detail", framework.pk)
    assert not Notification.objects.filter(user__in=[world.outsider, world.observer]).exists()
    assert world.undp_planner.email in {m.to[0] for m in mail.outbox}


def test_consultation_deadline_defaults_to_two_weeks_and_is_never_in_the_past(world):
    framework = world.framework()
    with pytest.raises(ValidationError) as excinfo:
        services.framework_to_consultation(
            framework=framework, actor=world.planner, deadline=TODAY - dt.timedelta(days=1)
        )
    assert "deadline" in excinfo.value.error_dict and "in the past" in str(excinfo.value)
    framework.refresh_from_db()
    assert (framework.status, framework.consultation_deadline) == (FrameworkStatus.DRAFT, None)
    services.framework_to_consultation(framework=framework, actor=world.planner)
    framework.refresh_from_db()
    assert framework.consultation_deadline == TODAY + dt.timedelta(days=14)


def test_today_is_a_valid_deadline(world):
    framework = world.framework()
    services.framework_to_consultation(framework=framework, actor=world.planner, deadline=TODAY)
    assert IntegratedStrategicFramework.objects.get(pk=framework.pk).consultation_deadline == TODAY


def test_the_consultation_page_lists_who_is_asked_and_confirms_with_a_deadline(client, world):
    framework = world.framework()
    client = as_user(client, world.planner)
    detail = client.get(url("framework-detail", framework.pk)).content.decode()
    page_url = url("framework-workflow", framework.pk, "consultation")
    assert f'href="{page_url}"' in detail  # a link to the confirmation, not a one-click POST
    html = client.get(page_url).content.decode()
    assert "Who will be asked" in html and "UNDP" in html and "UNICEF" in html
    assert world.undp_planner.username in html or world.undp_planner.get_full_name() in html
    assert "leads 1 result" in html and "2 people are notified" in html
    default = (TODAY + dt.timedelta(days=14)).isoformat()
    assert f'value="{default}"' in html
    response = client.post(page_url, {"deadline": (TODAY - dt.timedelta(days=3)).isoformat()})
    assert response.status_code == 422
    assert "is in the past: choose today or a later date." in response.content.decode()
    response = client.post(page_url, {"deadline": "next week"})
    assert response.status_code == 422 and "Enter the comment deadline as a date" in response.content.decode()
    response = client.post(page_url, {})
    assert response.status_code == 422 and "Enter the date by which comments are due." in response.content.decode()
    assert IntegratedStrategicFramework.objects.get(pk=framework.pk).status == FrameworkStatus.DRAFT
    deadline = TODAY + dt.timedelta(days=21)
    response = client.post(page_url, {"deadline": deadline.isoformat()}, follow=True)
    html = response.content.decode()
    assert "The framework is now open for consultation." in html
    assert "Comments due by" in html and deadline.strftime("%-d %b %Y") in html


def test_the_consultation_page_is_for_drafts_and_for_who_may_send_them(client, world):
    framework = world.framework(status=FrameworkStatus.CONSULTATION)
    response = as_user(client, world.planner).get(url("framework-workflow", framework.pk, "consultation"), follow=True)
    assert response.redirect_chain[-1][0] == url("framework-detail", framework.pk)
    assert "Only a draft can go to consultation." in response.content.decode()
    assert (
        as_user(client, world.undp_planner).get(url("framework-workflow", framework.pk, "consultation")).status_code
        == 403
    )
    empty = world.framework(priorities=0)
    html = as_user(client, world.planner).get(url("framework-workflow", empty.pk, "consultation")).content.decode()
    assert "Add at least one priority before consulting the country team." in html
    assert 'name="deadline"' not in html


def test_consultation_through_the_api_takes_a_deadline(client, world):
    framework = world.framework()
    client = as_user(client, world.planner)
    path = f"/api/frameworks/{framework.pk}/consultation/"
    response = client.post(path, {"deadline": "2000-01-01"}, content_type="application/json")
    assert response.status_code == 400 and "deadline" in response.json()
    deadline = (TODAY + dt.timedelta(days=5)).isoformat()
    response = client.post(path, {"deadline": deadline}, content_type="application/json")
    assert response.status_code == 200 and response.json()["consultation_deadline"] == deadline


# ---------- Part 2: submission ----------


def test_the_submission_page_lists_open_threads_and_results_without_lead_or_timeline(client, world):
    framework = world.framework(status=FrameworkStatus.CONSULTATION, results=3)
    first, second, third = framework.priorities.get().results.order_by("order")
    second.responsibilities.all().delete()
    third.timeline_end = None
    third.save()
    CommentFactory(framework=framework, priority=framework.priorities.get(), body="Youth employment is missing.")
    CommentFactory(framework=framework, priority=framework.priorities.get(), body="Settled.", status="resolved")
    check = selectors.submission_check(framework)
    assert (check.results, check.without_lead, check.without_timeline) == (3, [second], [third])
    assert [thread.body for thread in check.threads] == ["Youth employment is missing."]
    assert check.blocking
    html = as_user(client, world.planner).get(url("framework-workflow", framework.pk, "submit")).content.decode()
    assert "1 result has no lead entity" in html and "1 result has no complete timeline" in html
    assert "1 comment thread is still open." in html and "Youth employment is missing." in html
    assert "Settled." not in html and second.statement in html and third.statement in html
    assert 'action="/frameworks/' not in html.split("h-confirm", 1)[1]  # nothing to send that would fail
    # The service refuses it anyway, and says so on the page that lists why.
    response = as_user(client, world.planner).post(url("framework-workflow", framework.pk, "submit"), follow=True)
    assert "have no lead entity" in response.content.decode()
    assert IntegratedStrategicFramework.objects.get(pk=framework.pk).status == FrameworkStatus.CONSULTATION


def test_a_ready_version_is_submitted_from_its_confirmation(client, world):
    framework = world.framework(status=FrameworkStatus.CONSULTATION)
    client = as_user(client, world.planner)
    html = client.get(url("framework-workflow", framework.pk, "submit")).content.decode()
    assert "Every result has a lead entity." in html and "No comment thread is open." in html
    response = client.post(url("framework-workflow", framework.pk, "submit"))
    assert response["Location"] == url("framework-detail", framework.pk)
    assert IntegratedStrategicFramework.objects.get(pk=framework.pk).status == FrameworkStatus.SUBMITTED


# ---------- Part 2: endorsing with open threads ----------


def test_endorsing_with_open_threads_needs_their_number_confirmed_and_records_it(world):
    framework = submitted(world, leads=("undp",))
    CommentFactory(framework=framework, priority=framework.priorities.get())
    CommentFactory(framework=framework, priority=framework.priorities.get())
    sign = {"framework": framework, "actor": world.srsg, "entity": world.mission.entity, "decision": "signed"}
    with pytest.raises(ValidationError) as excinfo:
        services.framework_sign(**sign)
    assert "open_threads" in excinfo.value.error_dict and "2 comment threads are still open" in str(excinfo.value)
    with pytest.raises(ValidationError):  # confirmed for one thread; two are open now
        services.framework_sign(**sign, open_threads=1)
    assert not Signature.objects.exists()
    services.framework_sign(**sign, open_threads=2, reason="The two threads are for the mid-term review.")
    signature = Signature.objects.get()
    assert (signature.open_threads, signature.reason) == (2, "The two threads are for the mid-term review.")
    reason = reason_label(
        IntegratedStrategicFramework.objects.get(pk=framework.pk).history.first().history_change_reason
    )
    assert reason == (
        f"Signed for {world.mission.entity} with 2 comment threads still open: "
        "The two threads are for the mid-term review."
    )


def test_the_signature_that_completes_the_endorsement_confirms_too_the_others_do_not(world):
    framework = submitted(world, leads=("undp", "unicef"))
    CommentFactory(framework=framework, priority=framework.priorities.get())
    # A lead entity signing while others are missing does not endorse: no confirmation.
    services.framework_sign(framework=framework, actor=world.undp_planner, entity=world.undp, decision="signed")
    services.framework_sign(
        framework=framework, actor=world.srsg, entity=world.mission.entity, decision="signed", open_threads=1
    )
    with pytest.raises(ValidationError, match="1 comment thread is still open"):
        services.framework_sign(framework=framework, actor=world.unicef_planner, entity=world.unicef, decision="signed")
    services.framework_sign(
        framework=framework, actor=world.unicef_planner, entity=world.unicef, decision="signed", open_threads=1
    )
    framework.refresh_from_db()
    assert framework.status == FrameworkStatus.ENDORSED
    assert Signature.objects.get(entity=world.undp).open_threads is None
    # An objection needs no confirmation.
    other = submitted(world)
    CommentFactory(framework=other, priority=other.priorities.get())
    services.framework_sign(
        framework=other, actor=world.srsg, entity=world.mission.entity, decision="objected", reason="Not yet"
    )


def test_without_open_threads_nothing_more_is_asked(world):
    framework = submitted(world)
    CommentFactory(framework=framework, priority=framework.priorities.get(), status=CommentStatus.RESOLVED)
    services.framework_sign(framework=framework, actor=world.srsg, entity=world.mission.entity, decision="signed")
    assert Signature.objects.get().open_threads is None


def test_the_sign_form_asks_to_confirm_the_open_threads(client, world):
    framework = submitted(world, leads=("undp",))
    CommentFactory(framework=framework, priority=framework.priorities.get())
    client = as_user(client, world.srsg)
    html = client.get(url("framework-detail", framework.pk)).content.decode()
    assert "I endorse with 1 thread still open" in html
    prefix = f"s{world.mission.entity.pk}"
    data = {
        "entity": world.mission.entity.pk,
        f"{prefix}-entity": world.mission.entity.pk,
        f"{prefix}-decision": SignatureDecision.SIGNED,
        f"{prefix}-open_threads": 1,
        f"{prefix}-reason": "Agreed at the senior leadership forum.",
    }
    response = client.post(url("framework-workflow", framework.pk, "sign"), data, follow=True)
    assert "1 comment thread is still open: confirm that you endorse with it open" in response.content.decode()
    assert not Signature.objects.exists()
    client.post(url("framework-workflow", framework.pk, "sign"), {**data, f"{prefix}-confirm_open_threads": "on"})
    assert Signature.objects.get().open_threads == 1
    html = client.get(url("framework-detail", framework.pk)).content.decode()
    assert "with 1 thread open" in html and "Agreed at the senior leadership forum." in html
    # The agency's own signature does not endorse here (the last one missing is UNDP's: it does).
    html = as_user(client, world.undp_planner).get(url("framework-detail", framework.pk)).content.decode()
    assert "I endorse with 1 thread still open" in html


# ---------- Part 2: the next step ----------


def next_step(framework, *, priorities=1, open_threads=0, signatures=(), successor=None):
    return selectors.next_step(
        framework,
        priorities=priorities,
        open_threads=open_threads,
        signatures=list(signatures),
        successor=successor,
        today=dt.date(2025, 3, 10),
    )


def test_next_step_of_a_draft(world):
    framework = IntegratedStrategicFramework(mission=world.mission, status=FrameworkStatus.DRAFT)
    step = next_step(framework)
    assert step.text == (
        "The mission planning unit completes the draft and sends it to the country team for consultation."
    )
    assert "adds the priorities and results" in next_step(framework, priorities=0).text


def test_next_step_in_consultation(world):
    framework = IntegratedStrategicFramework(
        mission=world.mission, status=FrameworkStatus.CONSULTATION, consultation_deadline=dt.date(2025, 3, 24)
    )
    step = next_step(framework, open_threads=2)
    assert step.text == (
        "Country-team entities comment until 24 Mar 2025; then the mission planning unit submits it for "
        "endorsement. 2 comment threads are still open."
    )
    framework.consultation_deadline = dt.date(2025, 3, 1)
    assert next_step(framework).text.startswith("The comment deadline (1 Mar 2025) has passed")
    framework.consultation_deadline = None
    assert next_step(framework).text.startswith("Country-team entities comment; then")


def test_next_step_when_submitted(world):
    framework = IntegratedStrategicFramework(mission=world.mission, status=FrameworkStatus.SUBMITTED)
    rows = [
        {"entity": world.mission.entity, "signature": object()},
        {"entity": world.undp, "signature": None},
        {"entity": world.unicef, "signature": None},
    ]
    step = next_step(framework, signatures=rows)
    assert step.text == (
        "The SRSG office endorses it; each entity that leads a result signs for itself. "
        f"Still to decide: {world.undp.code}, {world.unicef.code}."
    )


def test_next_step_when_endorsed(world):
    framework = IntegratedStrategicFramework(mission=world.mission, status=FrameworkStatus.ENDORSED, version=2)
    step = next_step(framework)
    assert step.text.startswith("In force. At least every 12 months, or after a major change")
    assert "starts the next version from this one" in step.text
    successor = IntegratedStrategicFramework(mission=world.mission, status=FrameworkStatus.CONSULTATION, version=3)
    assert next_step(framework, successor=successor).text == (
        "Version 3 is being prepared (in consultation); this version stays in force until it is endorsed."
    )
    partly = [{"entity": world.mission.entity, "signature": object()}, {"entity": world.undp, "signature": None}]
    assert next_step(framework, signatures=partly).text == f"Endorsed; signatures still to record: {world.undp.code}."
    # No signature recorded at all: endorsed outside the workbench, in force.
    assert next_step(framework, signatures=partly[1:]).text.startswith("In force.")


def test_next_step_of_a_superseded_or_closed_version(world):
    superseded = IntegratedStrategicFramework(mission=world.mission, status=FrameworkStatus.SUPERSEDED)
    assert "A later version replaced this one" in next_step(superseded).text
    closed = IntegratedStrategicFramework(mission=world.mission, status=FrameworkStatus.CLOSED)
    assert next_step(closed).text == "This version is closed and kept as a record."


def test_the_isf_page_shows_the_next_step_and_its_action(client, world):
    framework = world.framework(status=FrameworkStatus.CONSULTATION, consultation_deadline=TODAY)
    html = as_user(client, world.planner).get(url("framework-detail", framework.pk)).content.decode()
    assert 'id="h-next">Next step</h2>' in html and "Country-team entities comment until" in html
    assert f'href="{url("framework-workflow", framework.pk, "submit")}"' in html
    html = as_user(client, world.undp_planner).get(url("framework-detail", framework.pk)).content.decode()
    assert "Country-team entities comment until" in html and "framework-workflow" not in html
    assert "Comment on the priorities and results" in html
    assert url("framework-workflow", framework.pk, "submit") not in html


def test_an_endorsed_version_offers_its_successor_or_the_next_version(client, world):
    source = endorsed(world)
    client = as_user(client, world.planner)
    html = client.get(url("framework-detail", source.pk)).content.decode()
    assert "Start version 2 from version 1" in html
    draft = services.framework_create(mission=world.mission, actor=world.planner, from_current=True)
    html = client.get(url("framework-detail", source.pk)).content.decode()
    assert "Start version 2" not in html and f'href="{url("framework-edit", draft.pk)}"' in html
    assert "Version 2 is being prepared (draft)" in html
    # The country team does not learn of a draft it may not see.
    html = as_user(client, world.undp_planner).get(url("framework-detail", source.pk)).content.decode()
    assert "being prepared" not in html


def test_pages_stay_within_the_users_rights(client, world):
    """Another role's user on the pages of this file: nothing refused is offered."""
    hq = world.hq
    framework = world.framework()
    html = as_user(client, hq).get(url("framework-detail", framework.pk)).content.decode()
    assert url("framework-workflow", framework.pk, "consultation") in html
    assert as_user(client, hq).get(url("framework-workflow", framework.pk, "consultation")).status_code == 200
