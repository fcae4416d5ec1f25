"""A mission planner finds their mission and its workspace; headquarters reads the IAP overview;
an agency planner of another mission cannot open the workspace. Every page passes axe-core."""

import datetime as dt

import pytest

from frameworks.choices import FrameworkStatus, MechanismKind, MechanismLevel
from missions.choices import EntityKind, PostKind, Role
from missions.models import LeadershipPost, Notification
from tests.factories import (
    CountryTeamMemberFactory,
    EntityFactory,
    FrameworkFactory,
    MandateFactory,
    MandateTaskFactory,
    MechanismFactory,
    MeetingFactory,
    MembershipFactory,
    MissionFactory,
    PriorityFactory,
    ResponsibilityFactory,
    ResultFactory,
    StrategicAssessmentFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def missions():
    unmiss = MissionFactory(acronym="UNMISS", name="United Nations Mission in South Sudan", country="SS")
    unsmil = MissionFactory(acronym="UNSMIL", name="United Nations Support Mission in Libya", country="LY")
    undp = EntityFactory(code="UNDP", kind=EntityKind.AFP)
    CountryTeamMemberFactory(mission=unmiss, entity=undp, head="Resident Representative")
    mandate = MandateFactory(mission=unmiss, resolution="1996 (2011)")
    MandateTaskFactory(mandate=mandate, paragraph="3(a)", to_hand_over=True, handover_to=undp)
    LeadershipPost.objects.create(
        mission=unmiss,
        kind=PostKind.DEPUTY,
        title="DSRSG",
        is_resident_coordinator=True,
        is_humanitarian_coordinator=True,
    )
    assessment = StrategicAssessmentFactory(mission=unmiss, title="Strategic assessment 2024")
    assessment.participants.add(undp)
    body = MechanismFactory(mission=unmiss, kind=MechanismKind.TASK_FORCE, level=MechanismLevel.HEADQUARTERS)
    body.members.add(undp)
    MeetingFactory(mechanism=body, held_on=dt.date(2025, 1, 15))
    framework = FrameworkFactory(
        mission=unmiss, status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2024, 2, 1), label="Joint Vision"
    )
    result = ResultFactory(priority=PriorityFactory(framework=framework, title="Protection of civilians"))
    ResponsibilityFactory(result=result, entity=undp)
    return unmiss, unsmil


def test_mission_planner_opens_list_and_workspace(page, login, axe, missions):
    unmiss, _ = missions
    planner = MembershipFactory(role=Role.MISSION_PLANNER, entity=unmiss.entity, missions=[unmiss]).user
    Notification.objects.create(user=planner, kind="legacy", params={"legacy": "A reply to your comment"})
    login(page, planner)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Missions").click()
    page.wait_for_url("**/missions/")
    assert page.get_by_role("heading", name="Missions", level=1).is_visible()
    assert page.get_by_role("link", name="Missions").first.get_attribute("aria-current") == "page"
    assert "1 unread" in page.get_by_role("link", name="Notifications").inner_text().replace("\n", " ")
    assert axe(page) == []

    page.get_by_role("link", name="UNMISS", exact=True).click()
    page.wait_for_url("**/missions/UNMISS/")
    assert page.get_by_role("heading", name="IAP minimum requirements").is_visible()
    assert page.get_by_text("Triple-hatted").is_visible()
    assert page.get_by_text("Joint Vision").first.is_visible()
    assert page.locator("#framework").get_by_text("Protection of civilians").is_visible()
    assert axe(page) == []
    page.set_viewport_size({"width": 390, "height": 900})  # a phone: tables scroll inside focusable regions
    assert axe(page) == []


def test_headquarters_reads_the_iap_overview(page, login, axe, missions):
    unmiss, unsmil = missions
    dpko = EntityFactory(code="DPKO", kind=EntityKind.SECRETARIAT)
    planner = MembershipFactory(role=Role.HQ_PLANNER, entity=dpko, missions=[unmiss, unsmil]).user
    login(page, planner)
    page.get_by_role("link", name="IAP overview").click()
    page.wait_for_url("**/iap/")
    table = page.get_by_role("table")
    assert table.get_by_role("link", name="UNMISS", exact=True).is_visible()
    assert table.get_by_role("link", name="UNSMIL", exact=True).is_visible()
    assert axe(page) == []
    page.get_by_role("link", name="UNSMIL, Joint analysis: Not met. Reasons").click()
    page.wait_for_url("**/missions/UNSMIL/#iap-joint_analysis")
    assert page.get_by_text("No strategic assessment is recorded.").is_visible()


def test_agency_planner_of_another_mission_gets_404(page, login, missions):
    unmiss, unsmil = missions
    agency = EntityFactory(code="UNICEF", kind=EntityKind.AFP)
    outsider = MembershipFactory(role=Role.AGENCY_PLANNER, entity=agency, missions=[unsmil]).user
    login(page, outsider)
    response = page.goto("/missions/UNMISS/")
    assert response.status == 404
    page.goto("/missions/")
    assert page.get_by_role("link", name="UNSMIL", exact=True).is_visible()
    assert page.get_by_role("link", name="UNMISS", exact=True).count() == 0
