"""Pages for strategic assessments and integrated mechanisms: who sees and does what, how bad
input is shown, recording a meeting with and without htmx, and fixed query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from frameworks.models import IntegratedMechanism, MechanismMeeting, StrategicAssessment
from missions.choices import EntityKind, Role
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

# Pinned query counts: session, user, the user's mission permissions (read once per request),
# header navigation, the mission or object, rights, rows and
# their prefetched entities, the country team (sides), and on object pages the history (records,
# many-to-many rows, names of the missions and entities it mentions). They must not grow with the
# number of rows, participants, members or meetings.
ASSESSMENT_LIST_QUERIES = 9
ASSESSMENT_DETAIL_QUERIES = 12
MECHANISM_LIST_QUERIES = 9
MECHANISM_DETAIL_QUERIES = 13  # "add" and "change" on the mission: one answer (missions.generic.views.may)


@pytest.fixture
def mission():
    mission = MissionFactory(acronym="UNMISS")
    CountryTeamMemberFactory(mission=mission, entity=EntityFactory(code="UNDP", kind=EntityKind.AFP))
    return mission


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def planner_client(as_user, mission):
    return as_user(user_with(Role.MISSION_PLANNER, mission))


def assessment_post(mission, **overrides):
    undp = EntityFactory(code="UNDP")
    data = {
        "title": "Strategic assessment 2025",
        "started_on": "2025-01-06",
        "completed_on": "2025-02-28",
        "lead_entity": mission.lead_department.pk,
        "participants": [mission.entity.pk, undp.pk],
        "conflict_drivers": "Land disputes.",
        "actors": "",
        "risks": "Election violence.",
        "options": "",
        "recommendations": "Keep police advisers.",
        "is_internal": "on",
    }
    data.update(overrides)
    return data


# --- Assessments ------------------------------------------------------------------------------


def test_planner_records_an_assessment_through_the_form(planner_client, mission):
    page = planner_client.get(reverse("frameworks:assessment-create", args=[mission.acronym]))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<label for="id_title">' in html
    assert "<legend>Mission and Secretariat</legend>" in html and "<legend>UN country team</legend>" in html

    response = planner_client.post(
        reverse("frameworks:assessment-create", args=[mission.acronym]), assessment_post(mission)
    )
    assessment = StrategicAssessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("frameworks:assessment-detail", args=[assessment.pk])
    detail = planner_client.get(response["Location"]).content.decode()
    assert "Strategic assessment 2025" in detail
    assert "Mission side took part" in detail and "UN country team took part" in detail
    assert "Assessment recorded" in detail  # the history


def test_bad_input_names_the_field_and_saves_nothing(planner_client, mission):
    response = planner_client.post(
        reverse("frameworks:assessment-create", args=[mission.acronym]),
        assessment_post(mission, title="", completed_on="2024-01-01"),
    )
    assert response.status_code == 422  # a refused form answers 422 (htmx would get 200)
    html = response.content.decode()
    assert 'class="error-summary" role="alert"' in html
    assert '<a href="#id_title">Title: This field is required.</a>' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_title_error"' in html
    assert 'id="id_completed_on_error">Completed on must be on or after started on.' in html
    assert not StrategicAssessment.objects.exists()


def test_planner_edits_an_assessment(planner_client, mission):
    assessment = StrategicAssessmentFactory(mission=mission)
    url = reverse("frameworks:assessment-edit", args=[assessment.pk])
    assert planner_client.get(url).status_code == 200
    response = planner_client.post(url, assessment_post(mission, title="Revised assessment", is_internal=""))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.title == "Revised assessment" and not assessment.is_internal
    assert assessment.participants.count() == 2


def test_agency_planner_gets_403_with_a_reason_on_create_and_edit(as_user, mission):
    client = as_user(user_with(Role.AGENCY_PLANNER, mission))
    shared = StrategicAssessmentFactory(mission=mission, is_internal=False)
    refused = client.get(reverse("frameworks:assessment-create", args=[mission.acronym]))
    assert refused.status_code == 403
    assert b"Your role does not allow you to add to this mission." in refused.content
    assert client.get(reverse("frameworks:assessment-edit", args=[shared.pk])).status_code == 403
    assert (
        client.post(reverse("frameworks:assessment-edit", args=[shared.pk]), assessment_post(mission)).status_code
        == 403
    )
    page = client.get(reverse("frameworks:assessment-detail", args=[shared.pk]))
    assert page.status_code == 200 and b"Edit assessment" not in page.content


def test_another_missions_user_gets_404_everywhere(as_user, mission):
    client = as_user(user_with(Role.MISSION_PLANNER, MissionFactory()))
    assessment = StrategicAssessmentFactory(mission=mission, is_internal=False)
    mechanism = MechanismFactory(mission=mission)
    for url in (
        reverse("frameworks:assessment-list", args=[mission.acronym]),
        reverse("frameworks:assessment-create", args=[mission.acronym]),
        reverse("frameworks:assessment-detail", args=[assessment.pk]),
        reverse("frameworks:assessment-edit", args=[assessment.pk]),
        reverse("frameworks:mechanism-list", args=[mission.acronym]),
        reverse("frameworks:mechanism-create", args=[mission.acronym]),
        reverse("frameworks:mechanism-detail", args=[mechanism.pk]),
        reverse("frameworks:mechanism-edit", args=[mechanism.pk]),
    ):
        assert client.get(url).status_code == 404, url
    record = reverse("frameworks:mechanism-meeting-record", args=[mechanism.pk])
    assert client.post(record, {"held_on": "2025-01-01"}).status_code == 404
    assert not MechanismMeeting.objects.exists()


@pytest.mark.parametrize("role", [Role.AGENCY_PLANNER, Role.OBSERVER])
def test_internal_assessment_is_hidden_from_agency_planners_and_observers(as_user, mission, role):
    client = as_user(user_with(role, mission))
    internal = StrategicAssessmentFactory(mission=mission, title="Internal options paper", is_internal=True)
    StrategicAssessmentFactory(mission=mission, title="Shared assessment", is_internal=False)
    listing = client.get(reverse("frameworks:assessment-list", args=[mission.acronym])).content.decode()
    assert "Shared assessment" in listing and "Internal options paper" not in listing
    assert client.get(reverse("frameworks:assessment-detail", args=[internal.pk])).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client, mission):
    response = client.get(reverse("frameworks:assessment-list", args=[mission.acronym]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_assessment_pages_have_a_fixed_query_count(planner_client, mission, django_assert_num_queries):
    first = StrategicAssessmentFactory(mission=mission)
    list_url = reverse("frameworks:assessment-list", args=[mission.acronym])
    detail_url = reverse("frameworks:assessment-detail", args=[first.pk])
    planner_client.get(list_url)
    with django_assert_num_queries(ASSESSMENT_LIST_QUERIES):
        planner_client.get(list_url)
    with django_assert_num_queries(ASSESSMENT_DETAIL_QUERIES):
        planner_client.get(detail_url)
    for n in range(12):
        assessment = StrategicAssessmentFactory(mission=mission, title=f"Assessment {n}")
        assessment.participants.set([EntityFactory(), EntityFactory(), mission.entity])
    first.participants.set([EntityFactory() for _ in range(8)])
    with django_assert_num_queries(ASSESSMENT_LIST_QUERIES):
        planner_client.get(list_url)
    with django_assert_num_queries(ASSESSMENT_DETAIL_QUERIES):
        planner_client.get(detail_url)


# --- Mechanisms -------------------------------------------------------------------------------


def mechanism_post(mission, **overrides):
    data = {
        "name": "Integrated Management Team",
        "level": "field",
        "kind": "leadership",
        "chair": mission.entity.pk,
        "members": [EntityFactory(code="UNDP").pk],
        "cadence_days": "14",
        "is_active": "on",
        "terms_of_reference": "Meets every second week.",
    }
    data.update(overrides)
    return data


def test_planner_sets_up_and_edits_a_mechanism(planner_client, mission):
    response = planner_client.post(
        reverse("frameworks:mechanism-create", args=[mission.acronym]), mechanism_post(mission)
    )
    mechanism = IntegratedMechanism.objects.get()
    assert response.status_code == 302
    response = planner_client.post(
        reverse("frameworks:mechanism-edit", args=[mechanism.pk]), mechanism_post(mission, cadence_days="30")
    )
    assert response.status_code == 302
    mechanism.refresh_from_db()
    assert mechanism.cadence_days == 30
    page = planner_client.get(reverse("frameworks:mechanism-detail", args=[mechanism.pk])).content.decode()
    assert "Mission-side members" in page and "UN country team members" in page
    assert "No meeting recorded" in page and "Mechanism edited" in page


def test_mechanism_form_refuses_bad_cadence_on_its_field(planner_client, mission):
    response = planner_client.post(
        reverse("frameworks:mechanism-create", args=[mission.acronym]), mechanism_post(mission, cadence_days="0")
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_cadence_days_error"' in html and 'href="#id_cadence_days"' in html
    assert not IntegratedMechanism.objects.exists()


def test_agency_planner_sees_the_mechanism_but_cannot_change_it_or_record_meetings(as_user, mission):
    client = as_user(user_with(Role.AGENCY_PLANNER, mission))
    mechanism = MechanismFactory(mission=mission)
    page = client.get(reverse("frameworks:mechanism-detail", args=[mechanism.pk]))
    assert page.status_code == 200 and b"Record a meeting" not in page.content
    assert client.get(reverse("frameworks:mechanism-create", args=[mission.acronym])).status_code == 403
    assert client.get(reverse("frameworks:mechanism-edit", args=[mechanism.pk])).status_code == 403
    refused = client.post(
        reverse("frameworks:mechanism-meeting-record", args=[mechanism.pk]), {"held_on": "2025-01-01"}
    )
    assert refused.status_code == 403
    assert not MechanismMeeting.objects.exists()


def test_recording_a_meeting_with_htmx_swaps_the_meetings_and_status(planner_client, mission):
    mechanism = MechanismFactory(mission=mission, cadence_days=30)
    mechanism.members.add(EntityFactory(code="UNDP"))
    url = reverse("frameworks:mechanism-meeting-record", args=[mechanism.pk])
    day = timezone.localdate() - dt.timedelta(days=2)
    response = planner_client.post(
        url, {"held_on": day.isoformat(), "decisions": "Agreed the joint transition plan."}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not html.lstrip().startswith("<!doctype")  # a fragment, not a page
    assert 'id="meetings"' in html and "Agreed the joint transition plan." in html
    assert 'id="mechanism-status" aria-labelledby="iap-title" hx-swap-oob="true"' in html
    assert f'<time datetime="{day.isoformat()}">' in html
    assert "next meeting due by" in html

    again = planner_client.post(url, {"held_on": day.isoformat()}, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="id_held_on_error">A meeting on that date is already recorded.' in again
    assert MechanismMeeting.objects.count() == 1


def test_recording_a_meeting_without_javascript_reloads_the_page(planner_client, mission):
    mechanism = MechanismFactory(mission=mission)
    url = reverse("frameworks:mechanism-meeting-record", args=[mechanism.pk])
    response = planner_client.post(url, {"held_on": "2025-03-04", "decisions": "Approved the ITF workplan."})
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("frameworks:mechanism-detail", args=[mechanism.pk]) + "#meetings")
    page = planner_client.get(response["Location"]).content.decode()
    assert "Meeting of 4 March 2025 recorded." in page and "Approved the ITF workplan." in page

    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    refused = planner_client.post(url, {"held_on": future})
    assert refused.status_code == 422
    assert "<!doctype" in refused.content.decode()[:20]
    assert "A meeting can only be recorded once it has been held." in refused.content.decode()


def test_mechanism_pages_have_a_fixed_query_count(planner_client, mission, django_assert_num_queries):
    mechanism = MechanismFactory(mission=mission)
    list_url = reverse("frameworks:mechanism-list", args=[mission.acronym])
    detail_url = reverse("frameworks:mechanism-detail", args=[mechanism.pk])
    planner_client.get(list_url)
    with django_assert_num_queries(MECHANISM_LIST_QUERIES):
        planner_client.get(list_url)
    with django_assert_num_queries(MECHANISM_DETAIL_QUERIES):
        planner_client.get(detail_url)
    mechanism.members.set([EntityFactory() for _ in range(10)])
    for n in range(15):
        MeetingFactory(mechanism=mechanism, held_on=dt.date(2024, 1, 1) + dt.timedelta(days=7 * n))
    for n in range(6):
        other = MechanismFactory(mission=mission, name=f"Mechanism {n}")
        other.members.set([EntityFactory(), mission.entity])
        MeetingFactory(mechanism=other)
    with django_assert_num_queries(MECHANISM_LIST_QUERIES):
        planner_client.get(list_url)
    with django_assert_num_queries(MECHANISM_DETAIL_QUERIES):
        planner_client.get(detail_url)
