"""The compact of mutual commitments: its services (validation, the review of status updates),
its page (both sides' delivery, query count pinned whatever the number of commitments) and its API."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from benchmarks.choices import CommitmentSide, CommitmentStatus, UpdateState
from benchmarks.compact import selectors, services
from benchmarks.models import Commitment, CommitmentUpdate
from missions.choices import EntityKind, Role
from tests.factories import EntityFactory, FrameworkFactory, MembershipFactory, PriorityFactory
from tests.second_factor import force_login_verified

pytestmark = pytest.mark.django_db(transaction=True)

STARTS, ENDS = dt.date(2025, 1, 1), dt.date(2026, 12, 31)


@pytest.fixture
def compact(world):
    world.mission.country = "LR"
    world.mission.save()
    world.ministry = EntityFactory(code="LR-MOJ", kind=EntityKind.HOST_GOVERNMENT, country="LR")
    world.foreign = EntityFactory(code="SS-NEC", kind=EntityKind.HOST_GOVERNMENT, country="SS")
    world.minister = MembershipFactory(
        user__username="ministry", entity=world.ministry, role=Role.AGENCY_PLANNER, missions=[world.mission]
    ).user
    world.observer = MembershipFactory(
        user__username="pbso",
        entity=EntityFactory(code="PBSO", kind=EntityKind.SECRETARIAT),
        role=Role.OBSERVER,
        missions=[world.mission],
    ).user
    world.priority = PriorityFactory(framework=FrameworkFactory(mission=world.mission), title="Rule of law")
    return services.compact_create(
        mission=world.mission, actor=world.mission_planner, title="Liberia compact", starts=STARTS, ends=ENDS
    )


def commit(world, compact, side=CommitmentSide.GOVERNMENT, owner=None, **fields):
    values = {"side": side, "owner": owner or world.ministry, "due_on": dt.date(2025, 12, 31), "text": "Pass the law"}
    return services.commitment_create(compact=compact, actor=world.mission_planner, **{**values, **fields})


# ---------- validation ----------


def test_a_commitment_due_before_the_compact_starts_is_refused_on_the_due_date(world, compact):
    with pytest.raises(ValidationError) as excinfo:
        commit(world, compact, due_on=dt.date(2024, 12, 31))
    assert set(excinfo.value.error_dict) == {"due_on"}
    assert "before the compact starts" in str(excinfo.value)
    assert not Commitment.objects.exists()


def test_a_government_commitment_needs_a_body_of_the_mission_government(world, compact):
    with pytest.raises(ValidationError) as excinfo:
        commit(world, compact, owner=world.agency)
    assert set(excinfo.value.error_dict) == {"owner"} and "not a host-government body" in str(excinfo.value)
    with pytest.raises(ValidationError) as excinfo:
        commit(world, compact, owner=world.foreign)
    assert set(excinfo.value.error_dict) == {"owner"} and "SS-NEC" in str(excinfo.value)
    assert not Commitment.objects.exists()


def test_a_un_commitment_needs_a_un_entity(world, compact):
    with pytest.raises(ValidationError) as excinfo:
        commit(world, compact, side=CommitmentSide.UN, owner=world.ministry)
    assert set(excinfo.value.error_dict) == {"owner"} and "not a UN entity" in str(excinfo.value)
    assert commit(world, compact, side=CommitmentSide.UN, owner=world.agency).owner == world.agency


def test_the_priority_served_is_of_the_mission(world, compact):
    other = PriorityFactory(framework=FrameworkFactory(mission=world.other_mission))
    with pytest.raises(ValidationError) as excinfo:
        commit(world, compact, priority=other)
    assert set(excinfo.value.error_dict) == {"priority"}
    assert commit(world, compact, priority=world.priority).priority == world.priority


def test_moving_the_start_past_a_commitment_is_refused(world, compact):
    commit(world, compact, due_on=dt.date(2025, 3, 31))
    with pytest.raises(ValidationError) as excinfo:
        services.compact_update(compact=compact, actor=world.mission_planner, starts=dt.date(2025, 6, 1))
    assert set(excinfo.value.error_dict) == {"starts"}
    compact.refresh_from_db()
    assert compact.starts == STARTS


def test_agencies_and_observers_do_not_write_the_compact(world, compact):
    for user in (world.agency_planner, world.observer):
        with pytest.raises(PermissionDenied):
            services.compact_update(compact=compact, actor=user, title="Mine")
        with pytest.raises(PermissionDenied):
            services.commitment_create(
                compact=compact, actor=user, side="un", owner=world.agency, due_on=dt.date(2025, 6, 1), text="x"
            )


# ---------- status updates and review ----------


def test_the_owner_entity_reports_and_the_planning_unit_approves(world, compact):
    commitment = commit(world, compact)
    with pytest.raises(PermissionDenied):  # not the owner's entity
        services.commitment_status_submit(commitment=commitment, actor=world.agency_planner, status="on_track")
    update = services.commitment_status_submit(
        commitment=commitment,
        actor=world.minister,
        status=CommitmentStatus.DELAYED,
        narrative="Draft law before cabinet",
        as_of=dt.date(2025, 5, 1),
        today=dt.date(2025, 6, 1),
    )
    assert update.state == UpdateState.SUBMITTED and update.submitted_by == world.minister
    with pytest.raises(ValidationError) as excinfo:  # one waits for review at a time
        services.commitment_status_submit(commitment=commitment, actor=world.minister, status="met")
    assert set(excinfo.value.error_dict) == {"status"}
    with pytest.raises(PermissionDenied):
        services.commitment_status_approve(commitmentupdate=update, actor=world.minister)
    approved = services.commitment_status_approve(commitmentupdate=update, actor=world.mission_planner)
    assert approved.state == UpdateState.APPROVED and approved.approved_by == world.mission_planner
    with pytest.raises(ValidationError):
        services.commitment_status_approve(commitmentupdate=update, actor=world.mission_planner)


def test_a_returned_update_needs_a_reason_and_tells_the_submitter(world, compact):
    commitment = commit(world, compact)
    update = services.commitment_status_submit(commitment=commitment, actor=world.minister, status="on_track")
    with pytest.raises(ValidationError) as excinfo:
        services.commitment_status_return(commitmentupdate=update, actor=world.mission_planner, reason="  ")
    assert set(excinfo.value.error_dict) == {"reason"}
    update.refresh_from_db()
    assert update.state == UpdateState.SUBMITTED
    services.commitment_status_return(commitmentupdate=update, actor=world.mission_planner, reason="Attach the bill")
    update.refresh_from_db()
    assert update.state == UpdateState.RETURNED and update.return_reason == "Attach the bill"
    notice = world.minister.notifications.get()
    assert (notice.kind, notice.params["reason"]) == ("commitment.returned", "Attach the bill")
    assert "Attach the bill" in notice.text


def test_future_and_pre_compact_dates_are_refused(world, compact):
    commitment = commit(world, compact)
    for as_of in (dt.date(2025, 7, 1), dt.date(2024, 12, 1)):
        with pytest.raises(ValidationError) as excinfo:
            services.commitment_status_submit(
                commitment=commitment, actor=world.minister, status="met", as_of=as_of, today=dt.date(2025, 6, 1)
            )
        assert set(excinfo.value.error_dict) == {"as_of"}
    assert not CommitmentUpdate.objects.exists()


def _approved(world, commitment, status, as_of):
    update = services.commitment_status_submit(
        commitment=commitment,
        actor=world.minister if commitment.side == "government" else world.agency_planner,
        status=status,
        as_of=as_of,
        today=dt.date(2025, 12, 31),
    )
    return services.commitment_status_approve(commitmentupdate=update, actor=world.mission_planner)


def test_delivery_counts_the_latest_approved_status_per_side_and_quarter(world, compact):
    law = commit(world, compact)
    police = commit(world, compact, text="Deploy police")
    un = commit(world, compact, side="un", owner=world.agency, text="Train judges")
    _approved(world, law, "delayed", dt.date(2025, 2, 1))
    _approved(world, law, "met", dt.date(2025, 5, 1))
    _approved(world, un, "on_track", dt.date(2025, 2, 1))
    services.commitment_status_submit(commitment=police, actor=world.minister, status="met")  # not approved
    commitments = selectors.commitments_with_updates(world.mission_planner, compact)
    counts = selectors.delivery(commitments).counts
    assert counts["government"]["met"] == 1 and counts["government"][selectors.NOT_REPORTED] == 1
    assert counts["un"]["on_track"] == 1
    quarters = selectors.delivery_by_quarter(compact, commitments, today=dt.date(2025, 6, 30))
    assert [row["end"] for row in quarters] == [dt.date(2025, 3, 31), dt.date(2025, 6, 30)]
    government = [next(c for c in row["sides"] if c["side"] == "government") for row in quarters]
    assert [(c["met"], c["total"]) for c in government] == [(0, 2), (1, 2)]
    by_mission = selectors.delivery_by_mission([world.mission.pk, world.other_mission.pk])
    assert set(by_mission) == {world.mission.pk}
    assert by_mission[world.mission.pk].counts == counts


# ---------- pages ----------


def page_queries(user, url) -> tuple[int, str]:
    from django.test import Client

    client = Client()
    force_login_verified(client, user)
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("role", ["mission_planner", "observer", "minister"])
def test_the_compact_page_costs_the_same_whatever_its_size(world, compact, role):
    user = getattr(world, role)
    url = reverse("benchmarks:compact", args=[world.mission.acronym])
    commit(world, compact)
    small, _ = page_queries(user, url)
    for i in range(12):
        commitment = commit(world, compact, text=f"Commitment {i}")
        _approved(world, commitment, "on_track", dt.date(2025, 3, 1))
        commit(world, compact, side="un", owner=world.agency, text=f"UN commitment {i}")
    large, body = page_queries(user, url)
    assert small == large == PINNED[role], f"{role}: {small} queries small, {large} large"
    assert "Commitment 11" in body and "UN commitment 11" in body


# Session, user, request rights, mission, compacts, commitments (with rights), updates (with
# rights), and the navigation and tabs, which ask more of a planner (updates to review, the Excel
# round trip): the same however many commitments and updates the compact holds.
PINNED = {"mission_planner": 13, "observer": 9, "minister": 10}


def test_the_observer_reads_the_compact_without_pending_updates_or_forms(world, compact):
    commitment = commit(world, compact)
    services.commitment_status_submit(commitment=commitment, actor=world.minister, status="met", narrative="Pending-X")
    _, body = page_queries(world.observer, reverse("benchmarks:compact", args=[world.mission.acronym]))
    assert "Pass the law" in body and "Pending-X" not in body
    assert reverse("benchmarks:commitment-status", args=[commitment.pk]) not in body
    _, body = page_queries(world.minister, reverse("benchmarks:compact", args=[world.mission.acronym]))
    assert "Pending-X" in body and reverse("benchmarks:commitment-status", args=[commitment.pk]) in body


def test_the_status_form_refuses_a_future_date_by_field_and_stores_nothing(world, compact, client):
    commitment = commit(world, compact)
    force_login_verified(client, world.minister)
    response = client.post(
        reverse("benchmarks:commitment-status", args=[commitment.pk]),
        {"status": "met", "as_of": "2999-01-01", "narrative": "Done"},
    )
    assert response.status_code == 422
    assert "cannot be dated in the future" in response.content.decode()
    assert not CommitmentUpdate.objects.exists()
    response = client.post(
        reverse("benchmarks:commitment-status", args=[commitment.pk]), {"status": "met", "narrative": "Done"}
    )
    assert response.status_code == 302
    assert CommitmentUpdate.objects.get().state == UpdateState.SUBMITTED


# ---------- API ----------


def api(user) -> APIClient:
    client = APIClient()
    force_login_verified(client, user)
    return client


def test_the_api_writes_commitments_through_the_services(world, compact):
    planner = api(world.mission_planner)
    body = {"compact": compact.pk, "side": "government", "owner": "LR-MOJ", "due_on": "2024-06-30", "text": "Law"}
    response = planner.post("/api/commitments/", body, format="json")
    assert response.status_code == 400 and "due_on" in response.data
    response = planner.post("/api/commitments/", {**body, "due_on": "2025-06-30"}, format="json")
    assert response.status_code == 201, response.data
    pk = response.data["id"]
    response = api(world.minister).post(f"/api/commitments/{pk}/status/", {"status": "delayed"}, format="json")
    assert response.status_code == 201 and response.data["state"] == "submitted"
    update_id = response.data["id"]
    assert api(world.minister).post(f"/api/commitment-updates/{update_id}/approve/").status_code == 403
    response = planner.post(f"/api/commitment-updates/{update_id}/approve/")
    assert response.status_code == 200 and response.data["state"] == "approved"
    observer = api(world.observer)
    assert [row["id"] for row in observer.get("/api/commitments/?mission=UNMIL").data["results"]] == [pk]
    assert (
        observer.post(
            "/api/compacts/",
            {"mission": "UNMIL", "title": "x", "starts": "2025-01-01", "ends": "2026-01-01"},
            format="json",
        ).status_code
        == 403
    )
