"""A closed mission's planning is read-only: one rule of the access layer refuses every planning
action on its objects (pages hide the buttons, services and the API answer 403 with the sentence),
while its history, dashboards and reports stay readable."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.test import APIClient

from benchmarks.models import Benchmark, Indicator
from benchmarks.services import benchmark_create, capacity_gap_create, indicator_create, update_submit
from frameworks.services import framework_create
from missions.access import allowed
from missions.choices import EntityKind
from missions.models import Mission
from tests.benchmarks.conftest import make_world
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db(transaction=True)

SENTENCE = "UNMIL closed on 30 Jun 2025: its planning is read-only."


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2025, 8, 15))


@pytest.fixture
def world(db):
    return make_world()


def close(mission):
    Mission.objects.filter(pk=mission.pk).update(phase="closed", closed_on=dt.date(2025, 6, 30))
    mission.refresh_from_db()


@pytest.fixture
def client_as(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def test_planning_actions_are_refused_on_a_closed_mission_and_reading_stays(world):
    assert allowed(world.mission_planner, "add", world.mission)
    close(world.mission)
    for user, action, obj in [
        (world.mission_planner, "add", world.mission),
        (world.mission_planner, "change", world.benchmark),
        (world.mission_planner, "approve_update", world.indicator),
        (world.agency_planner, "submit_update", world.indicator),
        (world.hq, "add", world.mission),
    ]:
        assert not allowed(user, action, obj), (user, action)
    assert allowed(world.mission_planner, "view", world.benchmark)
    assert allowed(world.srsg, "run_report", world.mission)
    # The mission's own record stays correctable.
    assert allowed(world.mission_planner, "change", world.mission)
    # Another mission is untouched.
    assert allowed(world.hq, "add", world.other_mission)


def test_services_refuse_with_the_sentence_and_store_nothing(world):
    close(world.mission)
    calls = [
        lambda: benchmark_create(mission=world.mission, actor=world.mission_planner, title="Late"),
        lambda: indicator_create(
            benchmark=world.benchmark, actor=world.mission_planner, name="Late", responsible_entity=world.agency
        ),
        lambda: update_submit(
            indicator=world.indicator,
            actor=world.agency_planner,
            period_start=dt.date(2025, 4, 1),
            value=Decimal("3"),
            status="on_track",
        ),
        lambda: framework_create(mission=world.mission, actor=world.mission_planner, label="Next"),
        lambda: capacity_gap_create(mission=world.mission, actor=world.mission_planner, title="Late"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied) as refused:
            call()
        assert str(refused.value) == SENTENCE
    assert Benchmark.objects.filter(mission=world.mission).count() == 1
    assert Indicator.objects.filter(benchmark__mission=world.mission).count() == 1
    assert not world.indicator.updates.exists()


def test_pages_hide_the_buttons_and_refuse_the_forms(world, client_as):
    client = client_as(world.mission_planner)
    listing = reverse("benchmarks:benchmark-list", args=["UNMIL"])
    create = reverse("benchmarks:benchmark-create", args=["UNMIL"])
    assert create in client.get(listing).content.decode()
    close(world.mission)
    page = client.get(listing)
    assert page.status_code == 200 and create not in page.content.decode()
    refused = client.post(create, {"title": "Late", "order": 1})
    assert refused.status_code == 403 and SENTENCE in refused.content.decode()
    detail = client.get(reverse("benchmarks:benchmark-detail", args=[world.benchmark.pk])).content.decode()
    assert reverse("benchmarks:indicator-create", args=[world.benchmark.pk]) not in detail
    # Dashboards and reports stay readable.
    assert client.get(reverse("benchmarks:mission-dashboard", args=["UNMIL"])).status_code == 200
    agency = client_as(world.agency_planner)
    submit = reverse("benchmarks:update-submit", args=[world.indicator.pk])
    report_page = agency.get(submit)
    assert report_page.status_code == 200 and "Submit update" not in report_page.content.decode()
    assert agency.post(submit, {"period_start": "2025-04-01", "value": "3", "status": "on_track"}).status_code == 403


def test_the_api_answers_403_with_the_sentence(world):
    close(world.mission)
    api = APIClient()
    api.force_authenticate(world.mission_planner)
    created = api.post("/api/benchmarks/", {"mission": "UNMIL", "title": "Late", "order": 2}, format="json")
    assert created.status_code == 403 and SENTENCE in str(created.json())
    changed = api.patch(f"/api/benchmarks/{world.benchmark.pk}/", {"title": "Renamed"}, format="json")
    assert changed.status_code == 403 and SENTENCE in str(changed.json())
    assert api.get(f"/api/benchmarks/{world.benchmark.pk}/").status_code == 200
    world.benchmark.refresh_from_db()
    assert world.benchmark.title == "National police take over"


def test_update_form_offers_no_period_after_the_closing_date(world):
    from benchmarks.views import UpdateSubmitView

    close(world.mission)
    view = UpdateSubmitView()
    view.object, view.mission = world.indicator, world.mission
    view.request = type("R", (), {"user": world.agency_planner, "method": "GET", "GET": {}})()
    assert view.open_periods and all(end <= dt.date(2025, 6, 30) for _start, end in view.open_periods)


def test_indicator_form_lists_only_the_missions_entities(world):
    from benchmarks.forms import IndicatorForm
    from missions.models import CountryTeamMember

    CountryTeamMember.objects.create(mission=world.mission, entity=world.agency)
    stranger = EntityFactory(code="WFP", kind=EntityKind.AFP)
    form = IndicatorForm(mission=world.mission)
    codes = {entity.code for entity in form.fields["responsible_entity"].queryset}
    assert "UNDP" in codes and stranger.code not in codes and world.mission.entity.code in codes


def test_the_sentence_is_french_in_french(world):
    from django.utils import translation

    from missions.access import closed_mission_reason

    close(world.mission)
    with translation.override("fr"):
        assert closed_mission_reason(world.mission) == (
            "UNMIL a fermé le 30 juin 2025 : sa planification est en lecture seule."
        )


def test_a_page_that_asked_change_on_a_closed_mission_is_not_told_add_too(world, rf):
    """`add` and `change` on a mission share one answer per request, except on a closed mission,
    where only the mission's record stays editable."""
    from missions.generic.views import may

    close(world.mission)
    request = rf.get("/")
    request.user = world.mission_planner
    assert may(request, "change", world.mission)
    assert not may(request, "add", world.mission)
