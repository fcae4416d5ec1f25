"""A mission planner records a strategic assessment and a mechanism meeting in a real browser;
the assessment form and the mechanism page pass the accessibility check."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from frameworks.choices import MechanismKind, MechanismLevel
from frameworks.models import MechanismMeeting, StrategicAssessment
from missions.choices import EntityKind, Role
from tests.e2e.screens import screenshot_dir
from tests.factories import (
    CountryTeamMemberFactory,
    EntityFactory,
    MechanismFactory,
    MeetingFactory,
    MembershipFactory,
    MissionFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = screenshot_dir()


@pytest.fixture
def liberia():
    mission = MissionFactory(acronym="UNMIL", name="United Nations Mission in Liberia")
    undp = EntityFactory(code="UNDP", name="United Nations Development Programme", kind=EntityKind.AFP)
    unicef = EntityFactory(code="UNICEF", name="United Nations Children's Fund", kind=EntityKind.AFP)
    CountryTeamMemberFactory(mission=mission, entity=undp)
    CountryTeamMemberFactory(mission=mission, entity=unicef)
    planner = MembershipFactory(role=Role.MISSION_PLANNER, entity=mission.entity, missions=[mission]).user
    return mission, planner


def test_planner_records_a_strategic_assessment(page, login, axe, liberia):
    mission, planner = liberia
    login(page, planner)
    page.goto(f"/frameworks/missions/{mission.acronym}/assessments/")
    page.get_by_role("link", name="New strategic assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New strategic assessment")
    assert axe(page) == []

    # Saving without a title is refused, the error is summarised and shown at the field.
    page.get_by_label("Started on").fill("2016-02-01")
    page.get_by_role("button", name="Save assessment").click()
    expect(page.get_by_role("alert")).to_contain_text("Title: This field is required.")
    expect(page.get_by_label("Title")).to_have_attribute("aria-invalid", "true")
    assert axe(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "assessment-form-errors.png"), full_page=True)
    assert not StrategicAssessment.objects.exists()

    page.get_by_label("Title").fill("Strategic assessment of the transition")
    page.get_by_label("Completed on").fill("2016-04-29")
    page.get_by_label("Led by").select_option(label="DPKO (Department of Peacekeeping Operations)")
    page.get_by_label("UNMIL (United Nations Mission in Liberia)").check()
    page.get_by_label("UNDP (United Nations Development Programme)").check()
    page.get_by_label("Drivers of conflict").fill("Land disputes; youth unemployment; weak rule of law.")
    page.get_by_label("Risks").fill("Security vacuum after the drawdown.")
    page.get_by_label("Recommendations").fill("Hand security over county by county.")
    page.get_by_role("button", name="Save assessment").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Strategic assessment of the transition")
    expect(page.get_by_role("status")).to_contain_text("recorded")
    iap = page.get_by_role("region", name="Joint analysis (IAP requirement 1)")
    expect(iap).to_contain_text("Mission side took part Yes")
    expect(iap).to_contain_text("UN country team took part Yes")
    expect(page.get_by_role("table", name="Change history, newest first")).to_contain_text("Assessment recorded")
    assessment = StrategicAssessment.objects.get()
    assert {e.code for e in assessment.participants.all()} == {"UNMIL", "UNDP"}


def test_planner_records_a_meeting_in_place(page, login, axe, liberia):
    mission, planner = liberia
    mechanism = MechanismFactory(
        mission=mission,
        name="Integrated Management Team",
        level=MechanismLevel.FIELD,
        kind=MechanismKind.LEADERSHIP_FORUM,
        chair=mission.entity,
        cadence_days=14,
        terms_of_reference="The SRSG, the deputies and the heads of the UN country team agencies.",
    )
    mechanism.members.set(EntityFactory._meta.model.objects.filter(code__in=["UNDP", "UNICEF"]))
    today = timezone.localdate()
    MeetingFactory(mechanism=mechanism, held_on=today - dt.timedelta(days=40), decisions="Adopted the workplan.")
    login(page, planner)
    page.goto(f"/frameworks/mechanisms/{mechanism.pk}/")
    status = page.get_by_role("region", name="Integrated mechanism (IAP requirement 3)")
    expect(status).to_contain_text("Met within its cadence No")
    assert axe(page) == []

    page.evaluate("window.stillTheSamePage = true")
    held_on = today - dt.timedelta(days=2)
    page.get_by_label("Held on").fill(held_on.isoformat())
    page.get_by_label("Decisions").fill("Agreed the joint transition plan and the county handover sequence.")
    page.get_by_role("button", name="Record meeting").click()

    expect(page.get_by_role("status")).to_contain_text("recorded")
    expect(status).to_contain_text("Met within its cadence Yes")
    expect(page.get_by_role("table", name="2 meetings, newest first")).to_contain_text("county handover sequence")
    assert page.evaluate("window.stillTheSamePage") is True  # swapped in place by htmx, not reloaded
    assert MechanismMeeting.objects.filter(mechanism=mechanism, held_on=held_on).exists()
    assert axe(page) == []

    # The same day again is refused with the reason next to the date.
    page.get_by_label("Held on").fill(held_on.isoformat())
    page.get_by_role("button", name="Record meeting").click()
    expect(page.locator("#id_held_on_error")).to_have_text("A meeting on that date is already recorded.")
    assert MechanismMeeting.objects.filter(mechanism=mechanism).count() == 2

    page.get_by_label("Held on").fill("")
    page.locator("h1").scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.reload()
    page.screenshot(path=str(SCREENSHOTS / "mechanism.png"), full_page=True)
