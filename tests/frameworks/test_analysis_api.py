"""API for strategic assessments, integrated mechanisms and meetings: the same access layer and
the same rules as the pages, filtering, pagination, the schema, and fixed query counts."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from frameworks.models import IntegratedMechanism, MechanismMeeting, StrategicAssessment
from missions.access import sync_user_permissions
from missions.choices import EntityKind, Role
from missions.notices import reason_label
from tests.factories import (
    CountryTeamMemberFactory,
    EntityFactory,
    MechanismFactory,
    MeetingFactory,
    MissionFactory,
    StrategicAssessmentFactory,
)
from tests.frameworks.test_analysis_services import user_with

pytestmark = pytest.mark.django_db

# The user's mission permissions (read once per request), count, rows, prefetched entities, the
# country teams of the missions in the page.
ASSESSMENT_LIST_QUERIES = 5
MECHANISM_LIST_QUERIES = 5
MEETING_LIST_QUERIES = 3  # mission permissions, count, rows


@pytest.fixture
def mission():
    mission = MissionFactory(acronym="UNMIL")
    CountryTeamMemberFactory(mission=mission, entity=EntityFactory(code="UNDP", kind=EntityKind.AFP))
    return mission


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


@pytest.fixture
def planner_api(api, mission):
    return api(user_with(Role.MISSION_PLANNER, mission))


def assessment_body(mission, **overrides):
    body = {
        "mission": mission.acronym,
        "title": "Strategic assessment 2016",
        "started_on": "2016-02-01",
        "completed_on": "2016-04-30",
        "lead_entity": mission.lead_department.code,
        "participants": [mission.entity.code, "UNDP"],
        "risks": "Security vacuum after drawdown.",
        "is_internal": True,
    }
    body.update(overrides)
    return body


def test_planner_creates_and_updates_an_assessment(planner_api, mission):
    created = planner_api.post(reverse("assessment-list"), assessment_body(mission), format="json")
    assert created.status_code == 201, created.data
    assert created.data["mission_side_took_part"] and created.data["country_team_took_part"]
    assessment = StrategicAssessment.objects.get()
    assert reason_label(assessment.history.earliest().history_change_reason) == "Assessment recorded"

    patched = planner_api.patch(
        reverse("assessment-detail", args=[assessment.pk]), {"participants": [mission.entity.code]}, format="json"
    )
    assert patched.status_code == 200, patched.data
    assert patched.data["participants"] == [mission.entity.code]
    assert not patched.data["country_team_took_part"]


def test_bad_input_is_400_on_the_field_and_nothing_saved(planner_api, mission):
    response = planner_api.post(
        reverse("assessment-list"), assessment_body(mission, completed_on="2015-01-01"), format="json"
    )
    assert response.status_code == 400
    assert "completed_on" in response.data
    assert not StrategicAssessment.objects.exists()


def test_another_missions_user_cannot_name_the_mission_or_its_mechanism(api, mission):
    # Their 404 on the objects themselves, and the agency's 403 on writes: tests/api/test_endpoints.py.
    client = api(user_with(Role.MISSION_PLANNER, MissionFactory()))
    mechanism = MechanismFactory(mission=mission)
    assert client.get(reverse("assessment-list")).data["count"] == 0
    refused = client.post(reverse("assessment-list"), assessment_body(mission), format="json")
    assert refused.status_code == 400 and "mission" in refused.data
    refused = client.post(reverse("meeting-list"), {"mechanism": mechanism.pk, "held_on": "2025-01-01"}, format="json")
    assert refused.status_code == 400 and "mechanism" in refused.data
    assert not MechanismMeeting.objects.exists()


@pytest.mark.parametrize("role", [Role.AGENCY_PLANNER, Role.OBSERVER])
def test_internal_assessment_is_hidden_from_agency_planners_and_observers(api, mission, role):
    client = api(user_with(role, mission))
    internal = StrategicAssessmentFactory(mission=mission, is_internal=True)
    shared = StrategicAssessmentFactory(mission=mission, is_internal=False)
    listed = client.get(reverse("assessment-list"), {"mission": mission.acronym}).data
    assert [row["id"] for row in listed["results"]] == [shared.pk]
    assert client.get(reverse("assessment-detail", args=[internal.pk])).status_code == 404


def test_lists_filter_by_mission_and_paginate(planner_api, mission):
    other = MissionFactory()
    hq = user_with(Role.HQ_PLANNER, other)
    StrategicAssessmentFactory.create_batch(3, mission=mission)
    StrategicAssessmentFactory(mission=other)
    hq.memberships.first().missions.add(mission)
    sync_user_permissions(hq)
    client = APIClient()
    client.force_authenticate(hq)
    everything = client.get(reverse("assessment-list")).data
    assert everything["count"] == 4 and {"next", "previous", "results"} <= set(everything)
    assert client.get(reverse("assessment-list"), {"mission": mission.acronym}).data["count"] == 3
    assert everything["next"] is None and len(everything["results"]) == 4


def test_mechanism_create_update_and_status(planner_api, mission):
    body = {
        "mission": mission.acronym,
        "name": "Integrated Task Force",
        "level": "hq",
        "kind": "itf",
        "chair": mission.lead_department.code,
        "members": ["UNDP"],
        "cadence_days": 30,
    }
    created = planner_api.post(reverse("mechanism-list"), body, format="json")
    assert created.status_code == 201, created.data
    assert created.data["has_mission_members"] and created.data["has_country_team_members"]
    assert created.data["last_met_on"] is None and not created.data["met_within_cadence"]
    pk = created.data["id"]
    refused = planner_api.patch(reverse("mechanism-detail", args=[pk]), {"cadence_days": 0}, format="json")
    assert refused.status_code == 400 and "cadence_days" in refused.data
    assert IntegratedMechanism.objects.get().cadence_days == 30


def test_meeting_recorded_once_per_day_with_the_field_named(planner_api, mission):
    mechanism = MechanismFactory(mission=mission)
    body = {"mechanism": mechanism.pk, "held_on": "2025-05-05", "decisions": "Adopted the ToR."}
    assert planner_api.post(reverse("meeting-list"), body, format="json").status_code == 201
    again = planner_api.post(reverse("meeting-list"), body, format="json")
    assert again.status_code == 400
    assert again.data == {"held_on": ["A meeting on that date is already recorded."]}
    assert planner_api.get(reverse("mechanism-detail", args=[mechanism.pk])).data["last_met_on"] == "2025-05-05"
    assert planner_api.delete(reverse("meeting-detail", args=[MechanismMeeting.objects.get().pk])).status_code == 405


def test_agency_planner_cannot_record_a_meeting(api, mission):
    client = api(user_with(Role.AGENCY_PLANNER, mission))
    mechanism = MechanismFactory(mission=mission)
    response = client.post(reverse("meeting-list"), {"mechanism": mechanism.pk, "held_on": "2025-01-01"}, format="json")
    assert response.status_code == 403
    assert client.get(reverse("meeting-list"), {"mechanism": mechanism.pk}).status_code == 200


def test_list_query_counts_are_fixed(api, mission, django_assert_num_queries):
    hq = user_with(Role.HQ_PLANNER, mission)
    planner_api = api(hq)

    def grow():
        for n in range(5):
            assessment = StrategicAssessmentFactory(mission=mission, title=f"A{n}")
            assessment.participants.set([EntityFactory(), mission.entity])
            elsewhere = StrategicAssessmentFactory(mission=MissionFactory(), title=f"B{n}")
            hq.memberships.first().missions.add(elsewhere.mission)
            mechanism = MechanismFactory(mission=mission, name=f"M{n}")
            mechanism.members.set([EntityFactory(), EntityFactory()])
            for day in range(3):
                MeetingFactory(mechanism=mechanism, held_on=dt.date(2025, 1, 1) + dt.timedelta(days=day))
        sync_user_permissions(hq)

    for _round in range(2):
        grow()
        with django_assert_num_queries(ASSESSMENT_LIST_QUERIES):
            assert planner_api.get(reverse("assessment-list")).status_code == 200
        with django_assert_num_queries(MECHANISM_LIST_QUERIES):
            assert planner_api.get(reverse("mechanism-list")).status_code == 200
        with django_assert_num_queries(MEETING_LIST_QUERIES):
            assert planner_api.get(reverse("meeting-list")).status_code == 200


def test_schema_documents_the_endpoints(planner_api):
    schema = planner_api.get(reverse("schema"), {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"] if hasattr(schema, "json") else {}
    for path in ("/api/assessments/", "/api/mechanisms/{id}/", "/api/meetings/"):
        assert path in paths
    parameters = {p["name"] for p in paths["/api/assessments/"]["get"]["parameters"]}
    assert {"mission", "page"} <= parameters
