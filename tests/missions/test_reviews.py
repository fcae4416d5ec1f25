"""Mandate reviews freeze the mission's standing in a snapshot that later changes leave alone;
handover plans name a country-team entity or a host-government body; the transition page lists
readiness, the plan and the reviews, and sets two snapshots side by side. Bad input is refused at
its field and stores nothing."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from benchmarks.choices import ProgressStatus, UpdateState
from benchmarks.models import CapacityGap, CapacityGapReview, IndicatorStanding, MandateReview
from benchmarks.standing import standings_refresh
from benchmarks.transition.services import mandate_review_record
from missions.choices import EntityKind
from missions.models import Handover, MandateTask
from missions.services import handover_save
from tests.factories import (
    BenchmarkFactory,
    CapacityGapFactory,
    CountryTeamMemberFactory,
    EntityFactory,
    IndicatorFactory,
    MandateFactory,
    MandateTaskFactory,
    MissionFactory,
    ProgressUpdateFactory,
)
from tests.missions.test_setup_pages import make_setup_world

pytestmark = pytest.mark.django_db

ADOPTED = dt.date(2024, 3, 1)
APPROVED_AT = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)


def approved(indicator, **fields):
    return ProgressUpdateFactory(
        indicator=indicator,
        state=UpdateState.APPROVED,
        approved_by=indicator.approver,
        approved_at=APPROVED_AT,
        **fields,
    )


def build(w, size: int = 1):
    """`size` transition benchmarks with an approved on-track update each, `size` capacity gaps,
    a mandate with `size` tasks to hand over to UNDP (in the country team)."""
    CountryTeamMemberFactory(mission=w.mission, entity=w.undp)
    w.mandate = MandateFactory(mission=w.mission, resolution="2190 (2024)", adopted_on=ADOPTED, expires_on=None)
    w.indicators, w.gaps, w.tasks = [], [], []
    for i in range(size):
        indicator = IndicatorFactory(benchmark=BenchmarkFactory(mission=w.mission, is_transition=True))
        indicator.approver = w.planner
        approved(indicator, value=Decimal("8"))
        w.indicators.append(indicator)
        w.gaps.append(CapacityGapFactory(mission=w.mission, description=f"Gap {i}"))
        w.tasks.append(
            MandateTaskFactory(mandate=w.mandate, paragraph=f"{i + 1}", to_hand_over=True, handover_to=w.undp)
        )
    standings_refresh(indicator_ids=[i.pk for i in w.indicators], mission_ids=[w.mission.pk])
    return w


@pytest.fixture
def w():
    return build(make_setup_world())


def record(w, user=None, **overrides):
    kwargs = {
        "mission": w.mission,
        "actor": user or w.planner,
        "mandate": w.mandate,
        "kind": "review",
        "held_on": dt.date(2025, 6, 30),
        "summary": "Mid-term review.",
        "gap_statuses": {gap.pk: "partly" for gap in w.gaps},
    }
    kwargs.update(overrides)
    return mandate_review_record(**kwargs)


# Services ---------------------------------------------------------------------------------------


def test_a_review_freezes_the_standing_of_the_mission(w):
    handover_save(mandatetask=w.tasks[0], actor=w.planner, receiver=w.government, planned_on=None, status="under_way")
    review = record(w)
    snap = review.snapshot
    standing = IndicatorStanding.objects.get(indicator=w.indicators[0])
    [benchmark] = snap["benchmarks"]
    assert benchmark["status"] == ProgressStatus.ON_TRACK
    assert benchmark["indicators"] == [
        {
            "id": w.indicators[0].pk,
            "name": w.indicators[0].name,
            "value": str(standing.value),
            "progress": standing.progress,
            "status": "on_track",
        }
    ]
    assert snap["readiness"] == {"ready": 1, "total": 1, "percent": 100}
    assert [(g["id"], g["status"]) for g in snap["gaps"]] == [(w.gaps[0].pk, "partly")]
    assert [(h["paragraph"], h["receiver"], h["status"]) for h in snap["handovers"]] == [("1", "MOJ", "under_way")]
    # The status decided for each gap is kept with the gap for the mandate.
    assert CapacityGapReview.objects.get(gap=w.gaps[0], mandate=w.mandate).status == "partly"


def test_later_changes_do_not_alter_a_snapshot(w):
    review = record(w)
    frozen = copy.deepcopy(review.snapshot)
    w.indicators[0].approver = w.planner
    approved(
        w.indicators[0],
        period_start=dt.date(2025, 4, 1),
        period_end=dt.date(2025, 6, 30),
        status=ProgressStatus.OFF_TRACK,
    )
    standings_refresh(indicator_ids=[w.indicators[0].pk])
    CapacityGap.objects.filter(pk=w.gaps[0].pk).update(status="closed", description="Renamed")
    handover_save(mandatetask=w.tasks[0], actor=w.planner, receiver=w.undp, status="handed_over")
    later = record(w, held_on=dt.date(2025, 9, 30), gap_statuses={w.gaps[0].pk: "closed"})
    review.refresh_from_db()
    assert review.snapshot == frozen
    with pytest.raises(ValueError):
        review.save()
    assert later.snapshot["benchmarks"][0]["status"] == "off_track"
    assert later.snapshot["gaps"][0]["status"] == "closed"
    # An older review recorded afterwards does not overwrite the later decision kept with the gap.
    record(w, held_on=dt.date(2025, 7, 15), gap_statuses={w.gaps[0].pk: "open"})
    assert CapacityGapReview.objects.get(gap=w.gaps[0], mandate=w.mandate).status == "closed"


def _other_mandate(w):
    return MandateFactory(mission=w.away, resolution="2434 (2018)")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"held_on": "tomorrow"}, "held_on"),
        ({"held_on": ADOPTED - dt.timedelta(days=1)}, "held_on"),
        ({"held_on": None}, "held_on"),
        ({"mandate": "other"}, "mandate"),
        ({"kind": "audit"}, "kind"),
        ({"summary": "x" * 2001}, "summary"),
        ({"gap_statuses": {}}, "gap"),
        ({"gap_statuses": "bad status"}, "gap"),
    ],
    ids=["future", "before-adoption", "no-date", "other-mission", "kind", "summary-too-long", "gap-missing", "gap-bad"],
)
def test_bad_input_names_the_field_and_stores_nothing(w, overrides, field):
    if overrides.get("held_on") == "tomorrow":
        overrides["held_on"] = timezone.localdate() + dt.timedelta(days=1)
    if overrides.get("mandate") == "other":
        overrides["mandate"] = _other_mandate(w)
    if overrides.get("gap_statuses") == "bad status":
        overrides["gap_statuses"] = {w.gaps[0].pk: "solved"}
    expected = f"gap_{w.gaps[0].pk}" if field == "gap" else field
    with pytest.raises(ValidationError) as refused:
        record(w, **overrides)
    assert expected in refused.value.message_dict
    assert not MandateReview.objects.exists()
    assert not CapacityGapReview.objects.exists()


def test_only_planners_record_reviews(w):
    with pytest.raises(PermissionDenied):
        record(w, user=w.agency)
    with pytest.raises(PermissionDenied):
        record(w, user=w.observer)
    assert record(w, user=w.hq).recorded_by == w.hq
    assert not CapacityGapReview.objects.filter(status="open").exists()


def test_a_handover_goes_to_the_country_team_or_the_government(w):
    outsider = EntityFactory(code="WFP", kind=EntityKind.AFP)  # not in this country team
    with pytest.raises(ValidationError) as refused:
        handover_save(mandatetask=w.tasks[0], actor=w.planner, receiver=outsider, status="planned")
    assert "receiver" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        handover_save(mandatetask=w.tasks[0], actor=w.planner, receiver=w.undp, status="finished")
    assert "status" in refused.value.message_dict
    assert not Handover.objects.exists()
    with pytest.raises(PermissionDenied):
        handover_save(mandatetask=w.tasks[0], actor=w.agency, receiver=w.undp, status="planned")
    plan = handover_save(
        mandatetask=w.tasks[0], actor=w.planner, receiver=w.government, status="planned", planned_on=dt.date(2026, 1, 1)
    )
    task = MandateTask.objects.get(pk=w.tasks[0].pk)
    assert (plan.receiver, task.to_hand_over, task.handover_to) == (w.government, True, w.government)


# Pages ------------------------------------------------------------------------------------------


def test_a_planner_records_a_review_through_the_form(client, w):
    client.force_login(w.planner)
    url = reverse("transition:review-create", args=["UNMIL"])
    gap = f"gap_{w.gaps[0].pk}"
    data = {"mandate": w.mandate.pk, "kind": "renewal", "held_on": "2025-05-01", "summary": "Renewed.", gap: "closed"}
    refused = client.post(url, {**data, "held_on": "2023-01-01"})
    assert refused.status_code == 422
    assert "before its mandate was adopted" in refused.content.decode()
    assert not MandateReview.objects.exists()
    response = client.post(url, data)
    assert response.status_code == 302
    review = MandateReview.objects.get()
    assert (review.kind, review.snapshot["gaps"][0]["status"]) == ("renewal", "closed")


def test_the_agency_reads_the_page_but_is_offered_no_form(client, w):
    record(w)
    client.force_login(w.agency)
    page = client.get(reverse("transition:page", args=["UNMIL"])).content.decode()
    assert "Mid-term review." in page
    assert reverse("transition:review-create", args=["UNMIL"]) not in page
    assert reverse("transition:handover-edit", args=[w.tasks[0].pk]) not in page
    assert client.get(reverse("transition:review-create", args=["UNMIL"])).status_code == 403


def test_two_snapshots_side_by_side_mark_what_changed(client, w):
    first = record(w)
    second = record(w, held_on=dt.date(2025, 9, 30), gap_statuses={w.gaps[0].pk: "closed"})
    client.force_login(w.observer)
    url = reverse("transition:page", args=["UNMIL"])
    page = client.get(url, {"a": first.pk, "b": second.pk}).content.decode()
    assert "1 change between the two snapshots." in page
    assert page.count('class="changed"') == 1
    assert "Changed" in page and "Partly addressed" in page and "Closed" in page
    # A review of another mission is not one to compare.
    other = MandateReview.objects.create(
        mission=w.away, mandate=_other_mandate(w), kind="review", held_on=dt.date(2025, 1, 1)
    )
    page = client.get(url, {"a": first.pk, "b": other.pk}).content.decode()
    assert "Choose two snapshots of this mission." in page


def test_the_handover_form_saves_a_plan(client, w):
    client.force_login(w.planner)
    url = reverse("transition:handover-edit", args=[w.tasks[0].pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"receiver": EntityFactory(kind=EntityKind.AFP).pk, "status": "planned"})
    assert refused.status_code == 422 and not Handover.objects.exists()
    response = client.post(url, {"receiver": w.undp.pk, "status": "under_way", "planned_on": "2026-06-30"})
    assert response.status_code == 302
    assert Handover.objects.get().status == "under_way"


# Query counts -----------------------------------------------------------------------------------

# Session, user, the user's permissions, the mission, the navigation count, the tabs' questions,
# the reviews, the kept readiness, the handover plan with rights on each row, the navigation bar, the
# tabs' questions (updates to review, Excel upload) and the "record a review" button.
# An observer may change nothing here: those checks are answered without a query.
PINNED = {"planner": 11, "observer": 8}


def count(client, url, **params) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(queries.captured_queries), [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("size", [1, 8], ids=["small", "large"])
@pytest.mark.parametrize("who", ["planner", "observer"])
def test_the_transition_page_costs_a_pinned_number_of_queries(client, size, who):
    w = build(make_setup_world(), size)
    for i in range(size):
        handover_save(mandatetask=w.tasks[i], actor=w.planner, receiver=w.undp, status="planned")
    reviews = [record(w, held_on=dt.date(2025, 4, 1) + dt.timedelta(days=i)) for i in range(max(2, size))]
    client.force_login(getattr(w, who))
    url = reverse("transition:page", args=["UNMIL"])
    queries, sql = count(client, url, a=reviews[0].pk, b=reviews[-1].pk)
    assert queries == PINNED[who], "\n".join(sql)
    review_form = reverse("transition:review-create", args=["UNMIL"])
    if who == "planner":
        queries, sql = count(client, review_form)
        assert queries == 11, "\n".join(sql)  # and the mandates, twice: the choices and the select


def test_a_mission_without_reviews_shows_empty_sections(client):
    w = make_setup_world()
    MissionFactory(acronym="UNOCI")
    client.force_login(w.planner)
    page = client.get(reverse("transition:page", args=["UNMIL"])).content.decode()
    assert "No mandate review recorded yet." in page
    assert "Two mandate reviews are needed" in page


def test_a_planner_records_a_lesson_from_a_review_in_one_step(client):
    w = build(make_setup_world())
    review = record(w, held_on=dt.date(2025, 4, 1))
    link = f"{reverse('lessons:lesson-record', args=['UNMIL'])}?source=mandate:{review.mandate_id}"
    client.force_login(w.planner)
    assert link in client.get(reverse("transition:page", args=["UNMIL"])).content.decode().replace("&amp;", "&")
    form = client.get(link)
    assert form.status_code == 200 and form.context["form"].initial.get("source") == f"mandate:{review.mandate_id}"
    client.force_login(w.observer)
    assert "lessons/record" not in client.get(reverse("transition:page", args=["UNMIL"])).content.decode()
