"""Missions through the API: a headquarters planner creates one for their department and works on
it at once; planners edit it; nobody else creates one. Bad input is a 400 naming the field and
stores nothing."""

import pytest
from rest_framework.test import APIClient

from missions.models import Entity, Mandate, MandateTask, Mission, PhaseChange
from tests.missions.test_setup_pages import make_setup_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def w():
    return make_setup_world()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


BODY = {
    "acronym": "UNMISS",
    "name": "United Nations Mission in the Republic of South Sudan",
    "country": "SS",
    "mission_type": "pko",
    "lead_department": "DPKO",
    "reporting_cycle_months": 4,
    "established_on": "2011-07-09",
    "phase": "start_up",
}


def test_hq_planner_creates_a_mission_and_sees_it(w):
    client = api(w.hq)
    answer = client.post("/api/missions/", BODY, format="json")
    assert answer.status_code == 201, answer.content
    assert answer.json()["acronym"] == "UNMISS" and answer.json()["entity"] == "UNMISS"
    assert client.get("/api/missions/UNMISS/").status_code == 200
    assert PhaseChange.objects.filter(mission__acronym="UNMISS", phase="start_up").exists()
    edited = client.patch("/api/missions/UNMISS/", {"reporting_cycle_months": 6, "acronym": "OTHER"}, format="json")
    assert edited.status_code == 200 and edited.json()["reporting_cycle_months"] == 6
    assert edited.json()["acronym"] == "UNMISS"  # the acronym names the mission for good


@pytest.mark.parametrize(
    "change, field",
    [
        ({"acronym": "UNMIL"}, "acronym"),
        ({"acronym": "UN/MISS"}, "acronym"),
        ({"country": "South Sudan"}, "country"),
        ({"reporting_cycle_months": 0}, "reporting_cycle_months"),
        ({"name": "x" * 201}, "name"),
    ],
)
def test_bad_mission_is_a_400_naming_the_field(w, change, field):
    before = (Mission.objects.count(), Entity.objects.count())
    answer = api(w.hq).post("/api/missions/", {**BODY, **change}, format="json")
    assert answer.status_code == 400 and field in answer.json(), answer.content
    assert (Mission.objects.count(), Entity.objects.count()) == before


def test_only_hq_planners_of_the_lead_department_create(w):
    assert api(w.hq).post("/api/missions/", {**BODY, "lead_department": "DPA"}, format="json").status_code == 403
    for user in (w.planner, w.agency, w.observer):
        assert api(user).post("/api/missions/", BODY, format="json").status_code == 403
    assert api(w.agency).patch("/api/missions/UNMIL/", {"name": "Renamed"}, format="json").status_code == 403
    assert not Mission.objects.filter(acronym="UNMISS").exists()


def test_mandate_with_tasks_is_stored_whole_or_not_at_all(w):
    body = {
        "mission": "UNMIL",
        "resolution": "S/RES/2066 (2012)",
        "adopted_on": "2012-09-17",
        "chapter": "VII",
        "tasks": [{"paragraph": "1", "text": "Protect civilians."}, {"paragraph": "1", "text": "Twice."}],
    }
    answer = api(w.planner).post("/api/mandates/", body, format="json")
    assert answer.status_code == 400 and "tasks" in answer.json()
    assert not Mandate.objects.exists() and not MandateTask.objects.exists()
    wrong_year = api(w.planner).post("/api/mandates/", {**body, "adopted_on": "2013-01-01"}, format="json")
    assert wrong_year.status_code == 400 and "resolution" in wrong_year.json()
    symbol = api(w.planner).post("/api/mandates/", {**body, "resolution": "Res. 2066"}, format="json")
    assert symbol.status_code == 400 and "resolution" in symbol.json()
    body["tasks"][1]["paragraph"] = "2"
    assert api(w.planner).post("/api/mandates/", body, format="json").status_code == 201
    assert list(MandateTask.objects.values_list("paragraph", flat=True).order_by("paragraph")) == ["1", "2"]


def test_country_team_refuses_duplicates_and_headquarters(w):
    client = api(w.planner)
    assert client.post("/api/country-team/", {"mission": "UNMIL", "entity": "UNDP"}, format="json").status_code == 201
    again = client.post("/api/country-team/", {"mission": "UNMIL", "entity": "UNDP"}, format="json")
    assert again.status_code == 400 and "entity" in again.json()
    hq = client.post("/api/country-team/", {"mission": "UNMIL", "entity": "DPKO"}, format="json")
    assert hq.status_code == 400 and "entity" in hq.json()


def test_phase_change_before_the_last_is_refused(w):
    body = {"mission": "UNMIL", "phase": "drawdown", "started_on": "2009-12-31", "note": "Too early."}
    answer = api(w.planner).post("/api/phase-changes/", body, format="json")
    assert answer.status_code == 400 and "started_on" in answer.json()
    assert PhaseChange.objects.filter(mission=w.mission).count() == 1


ENDPOINTS = [
    "/api/missions/",
    "/api/mandates/",
    "/api/mandate-tasks/",
    "/api/country-team/",
    "/api/leadership-posts/",
    "/api/phase-changes/",
    "/api/capacity-gaps/",
]
ODD_BODIES = [
    {},
    {"mission": None, "entity": None, "mandate": None, "lead_department": None},
    {"mission": "UNMIL", "tasks": "not a list", "started_on": "yesterday", "adopted_on": 5, "kind": ["x"]},
    {"mission": "UNMIL", "acronym": "x" * 500, "resolution": "S/RES/99999999 (2018)", "paragraph": "x" * 50},
    {"mission": "UNSMIL", "phase": "closed", "started_on": "2020-01-01", "entity": "UNDP", "title": "SRSG"},
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_odd_bodies_are_refused_never_a_server_error(w, url):
    for user in (w.hq, w.planner, w.agency):
        for body in ODD_BODIES:
            answer = api(user).post(url, body, format="json")
            assert answer.status_code in (400, 403, 404), (user, body, answer.status_code, answer.content[:300])


def test_odd_changes_are_refused_never_a_server_error(w):
    from missions.models import CountryTeamMember, LeadershipPost
    from tests.factories import CapacityGapFactory, MandateFactory, MandateTaskFactory

    mandate = MandateFactory(mission=w.mission)
    task = MandateTaskFactory(mandate=mandate)
    member = CountryTeamMember.objects.create(mission=w.mission, entity=w.undp)
    post = LeadershipPost.objects.create(mission=w.mission, kind="head", title="SRSG")
    gap = CapacityGapFactory(mission=w.mission)
    urls = [
        "/api/missions/UNMIL/",
        f"/api/mandates/{mandate.pk}/",
        f"/api/mandate-tasks/{task.pk}/",
        f"/api/country-team/{member.pk}/",
        f"/api/leadership-posts/{post.pk}/",
        f"/api/capacity-gaps/{gap.pk}/",
    ]
    bodies = [
        {"established_on": None, "country": "lr", "reporting_cycle_months": 99},
        {"resolution": "nonsense", "expires_on": "2000-01-01", "handover_to": "UNDP", "to_hand_over": False},
        {"paragraph": "", "text": "", "head": "x" * 300, "end_on": "1990-01-01", "start_on": "1995-01-01"},
        {"mission": "UNSMIL", "mandate": 0, "entity": "DPKO", "identified_on": "2999-01-01", "status": "x"},
    ]
    for url in urls:
        for body in bodies:
            answer = api(w.planner).patch(url, body, format="json")
            assert answer.status_code in (200, 400), (url, body, answer.status_code, answer.content[:300])
