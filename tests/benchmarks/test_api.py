"""The benchmarks API: restricted lists, the submit / approve / return actions with their
permission actions, writes through services, dashboard data."""

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from benchmarks.choices import UpdateState
from benchmarks.models import ProgressUpdate
from benchmarks.periods import last_ended_period
from tests.benchmarks.conftest import build_progress

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


def period_start(world):
    return last_ended_period(world.indicator.frequency, timezone.localdate())[0].isoformat()


def submit(api, world, user=None, **extra):
    payload = {"indicator": world.indicator.pk, "period_start": period_start(world), "value": "6", "status": "on_track"}
    payload.update(extra)
    return api(user or world.agency_planner).post("/api/updates/submit/", payload, format="json")


def test_submit_approve_and_return_through_the_api(world, api, django_capture_on_commit_callbacks, eager_celery):
    response = submit(api, world)
    assert response.status_code == 201, response.json()
    update_id = response.json()["id"]
    assert response.json()["state"] == "submitted"
    planner = api(world.mission_planner)
    with django_capture_on_commit_callbacks(execute=True):
        response = planner.post(f"/api/updates/{update_id}/return/", {"reason": "Add the source."}, format="json")
    assert response.status_code == 200 and response.json()["return_reason"] == "Add the source."
    assert len(mail.outbox) == 1
    assert submit(api, world, value="7").status_code == 201
    response = planner.post(f"/api/updates/{update_id}/approve/")
    assert response.status_code == 200 and response.json()["state"] == "approved"
    response = submit(api, world, value="8")
    assert response.status_code == 400 and "locked" in str(response.json())


def test_approval_is_refused_to_the_submitter_with_a_reason(world, api):
    update_id = submit(api, world).json()["id"]
    response = api(world.agency_planner).post(f"/api/updates/{update_id}/approve/")
    assert response.status_code == 403
    assert "approve progress updates" in response.json()["detail"]


def test_invisible_update_is_404(world, api):
    update_id = submit(api, world).json()["id"]
    assert api(world.outsider).get(f"/api/updates/{update_id}/").status_code == 404
    assert api(world.outsider).post(f"/api/updates/{update_id}/approve/").status_code == 404


def test_submit_for_another_entitys_indicator_is_403(world, api):
    response = submit(api, world, user=world.other_agency_planner)
    assert response.status_code == 403


def test_batch_approval_and_return(world, api):
    first = submit(api, world).json()["id"]
    response = api(world.mission_planner).post(
        "/api/updates/return-many/", {"updates": [first], "reason": ""}, format="json"
    )
    assert response.status_code == 400
    response = api(world.mission_planner).post("/api/updates/approve-many/", {"updates": [first]}, format="json")
    assert response.status_code == 200 and response.json() == {"approved": [first]}
    assert ProgressUpdate.objects.get().state == UpdateState.APPROVED


def test_lists_hold_only_visible_rows(world, api):
    build_progress(
        world.other_mission, benchmarks=1, indicators=1, periods=1, agency=world.agency, approver=world.mission_planner
    )
    submit(api, world)
    mine = api(world.agency_planner).get("/api/updates/").json()
    assert {row["mission"] for row in mine["results"]} == {"UNMIL"}
    everything = api(world.hq).get("/api/updates/").json()
    assert {row["mission"] for row in everything["results"]} == {"UNMIL", "UNMISS"}
    benchmarks = api(world.agency_planner).get("/api/benchmarks/").json()["results"]
    assert [b["title"] for b in benchmarks] == ["National police take over"]
    indicators = api(world.agency_planner).get("/api/indicators/?mission=UNMIL").json()["results"]
    assert indicators[0]["latest_status"] == "not_assessed"


def test_dashboard_data(world, api):
    build_progress(
        world.mission, benchmarks=2, indicators=1, periods=3, agency=world.agency, approver=world.mission_planner
    )
    data = api(world.srsg).get("/api/dashboards/UNMIL/?period=2025-08-15").json()
    assert data["as_of"] == "2025-08-15"
    assert len(data["benchmarks"]) == 3 and data["transition_readiness"][-1]["total"] == 2
    assert data["overdue"][0]["owed_by"] == "UNDP"
    portfolio = api(world.hq).get("/api/dashboards/").json()
    assert [row["mission"] for row in portfolio] == ["UNMIL", "UNMISS"]
    assert api(world.outsider).get("/api/dashboards/UNMIL/").status_code == 404


def test_capacity_gaps_with_reviews(world, api):
    build_progress(
        world.mission, benchmarks=2, indicators=1, periods=1, agency=world.agency, approver=world.mission_planner
    )
    gaps = api(world.srsg).get("/api/capacity-gaps/?mission=UNMIL").json()["results"]
    assert len(gaps) == 1 and len(gaps[0]["reviews"]) == 2


def test_openapi_schema_builds(world, api):
    response = api(world.hq).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/updates/{id}/approve/" in response.content


def test_a_return_reason_up_to_the_limit_and_no_further(world, api):
    from missions.texts import REASON_MAX

    update_id = submit(api, world).json()["id"]
    planner = api(world.mission_planner)
    too_long, longest = "r" * (REASON_MAX + 1), "r" * REASON_MAX
    for path, body in (
        (f"/api/updates/{update_id}/return/", {"reason": too_long}),
        ("/api/updates/return-many/", {"updates": [update_id], "reason": too_long}),
    ):
        response = planner.post(path, body, format="json")
        assert response.status_code == 400 and "2000" in str(response.json()), path
    response = planner.post(f"/api/updates/{update_id}/return/", {"reason": longest}, format="json")
    assert response.status_code == 200 and response.json()["return_reason"] == longest


def test_a_missing_evidence_link_is_null_as_the_schema_says(world, api):
    update = submit(api, world).json()
    assert update["evidence_url"] is None
    schema = api(world.mission_planner).get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    assert schema["ProgressUpdate"]["properties"]["evidence_url"]["nullable"] is True
    assert schema["MandateTask"]["properties"]["handover_to"]["nullable"] is True


def test_a_refused_step_answers_an_object_naming_what_is_wrong(world, api):
    update_id = submit(api, world).json()["id"]
    planner = api(world.mission_planner)
    assert planner.post(f"/api/updates/{update_id}/approve/").status_code == 200
    response = planner.post(f"/api/updates/{update_id}/approve/")
    assert response.status_code == 400
    assert isinstance(response.json(), dict) and response.json()["non_field_errors"], response.json()


def test_a_batch_naming_an_update_the_user_cannot_see_is_404(world, api):
    update_id = submit(api, world).json()["id"]
    response = api(world.mission_planner).post(
        "/api/updates/approve-many/", {"updates": [update_id, update_id + 1000]}, format="json"
    )
    assert response.status_code == 404 and response.json()["detail"]
    assert ProgressUpdate.objects.get().state == UpdateState.SUBMITTED


def test_a_malformed_period_is_a_400_naming_it(world, api):
    for path in ("/api/dashboards/UNMIL/", "/api/dashboards/", "/api/indicators/"):
        response = api(world.srsg).get(path, {"period": "2025-13-45"})
        assert response.status_code == 400 and "period" in response.json(), path
    future = api(world.srsg).get("/api/dashboards/UNMIL/", {"period": "2999-01-01"}).json()
    assert future["as_of"] == timezone.localdate().isoformat()
