"""A headquarters planner sets up a mission in a real browser, without the admin: the mission, its
country team, a leadership post with its hats, a mandate pasted and split into tasks, a phase
change and a capacity gap. Every setup page passes the accessibility check."""

import pytest
from playwright.sync_api import expect

from benchmarks.models import CapacityGap
from missions.choices import EntityKind, Role
from missions.models import CountryTeamMember, LeadershipPost, Mandate, Mission
from tests.e2e.screens import screenshot_dir
from tests.factories import DepartmentFactory, EntityFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = screenshot_dir()

OPERATIVE_PARAGRAPHS = """1. Decides to extend the mandate of UNMISS until 15 March 2019;
2. Decides that the mandate of UNMISS shall be as follows:
(a) Protection of civilians:
(i) To protect civilians under threat of physical violence, irrespective of the source of such violence;
(ii) To deter violence against civilians, including foreign nationals;
(b) Creating the conditions conducive to the delivery of humanitarian assistance;
3. Requests the Secretary-General to report to the Council every 90 days;
"""


@pytest.fixture
def hq_planner():
    dpko = DepartmentFactory()
    EntityFactory(code="UNDP", name="United Nations Development Programme", kind=EntityKind.AFP)
    EntityFactory(code="UNICEF", name="United Nations Children's Fund", kind=EntityKind.AFP)
    return MembershipFactory(role=Role.HQ_PLANNER, entity=dpko).user


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"setup-{name}.png"), full_page=True)


def test_hq_planner_sets_up_a_mission_without_the_admin(page, login, axe, hq_planner):
    login(page, hq_planner)
    page.goto("/missions/")
    page.get_by_role("link", name="New mission").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New mission")
    assert axe(page) == []

    # A wrong country code is refused at its field, and nothing is stored.
    page.get_by_label("Acronym").fill("UNMISS")
    page.get_by_label("Name:", exact=True).fill("United Nations Mission in the Republic of South Sudan")
    page.get_by_label("Type").select_option(label="Peacekeeping operation")
    page.get_by_label("Country").fill("S1")
    page.get_by_label("Reporting cycle (months)").fill("4")
    page.get_by_label("Structurally integrated").check()
    page.get_by_label("Established on").fill("2011-07-09")
    page.get_by_label("Lifecycle phase").select_option(label="Start-up")
    page.get_by_role("button", name="Create the mission").click()
    expect(page.get_by_role("alert")).to_contain_text("Country")
    expect(page.get_by_label("Country")).to_have_attribute("aria-invalid", "true")
    assert axe(page) == []
    shot(page, "mission-errors")
    assert not Mission.objects.filter(acronym="UNMISS").exists()
    page.get_by_label("Country").fill("SS")
    page.get_by_role("button", name="Create the mission").click()

    # The country team, at once.
    expect(page.get_by_role("heading", level=1)).to_have_text("Country team")
    expect(page.get_by_text("Mission created.")).to_be_visible()
    page.get_by_label("Entity:", exact=True).select_option(label="UNDP (United Nations Development Programme)")
    page.get_by_label("Head of entity").fill("Resident Representative")
    page.get_by_role("button", name="Add to the country team").click()
    expect(page.get_by_role("cell", name="Resident Representative")).to_be_visible()
    page.get_by_label("Entity:", exact=True).select_option(label="UNDP (United Nations Development Programme)")
    page.get_by_role("button", name="Add to the country team").click()
    expect(page.get_by_role("alert")).to_contain_text("UNDP is already in the country team of UNMISS.")
    assert axe(page) == []
    page.get_by_label("Entity:", exact=True).select_option(label="UNICEF (United Nations Children's Fund)")
    page.get_by_role("button", name="Add to the country team").click()
    expect(page.get_by_text("UNICEF is in the country team.")).to_be_visible()
    assert axe(page) == []
    shot(page, "country-team")

    # Leadership: a triple-hatted deputy.
    page.get_by_role("link", name="Leadership").click()
    page.get_by_label("Post:", exact=True).select_option(label="Deputy head of mission")
    page.get_by_label("Title").fill("DSRSG, Resident and Humanitarian Coordinator")
    page.get_by_label("Resident Coordinator").check()
    page.get_by_label("Humanitarian Coordinator").check()
    page.get_by_role("button", name="Add the post").click()
    expect(page.get_by_text("Triple-hatted", exact=True)).to_be_visible()
    assert axe(page) == []
    shot(page, "leadership")

    # Lifecycle.
    page.get_by_role("link", name="Lifecycle").click()
    page.get_by_label("New phase").select_option(label="Consolidation")
    page.get_by_label("From").fill("2010-01-01")
    page.get_by_label("Reason").fill("Resolution 1996 (2011).")
    page.get_by_role("button", name="Record the phase change").click()
    expect(page.get_by_role("alert")).to_contain_text("a phase cannot start before")
    page.get_by_label("From").fill("2013-12-24")
    page.get_by_role("button", name="Record the phase change").click()
    expect(page.get_by_text("Current phase:")).to_contain_text("Consolidation")
    assert axe(page) == []
    shot(page, "lifecycle")

    # A mandate, pasted and split into tasks; nothing is stored before the confirmation.
    page.get_by_role("link", name="Mandates").click()
    assert axe(page) == []
    page.get_by_role("link", name="Record a mandate").click()
    page.get_by_label("Resolution").fill("Resolution 2406")
    page.get_by_label("Adopted on").fill("2018-03-15")
    page.get_by_label("Expires on").fill("2019-03-15")
    page.get_by_label("Chapter").select_option(label="Chapter VII")
    page.get_by_label("Operative paragraphs").fill(OPERATIVE_PARAGRAPHS)
    page.get_by_role("button", name="Read the tasks").click()
    expect(page.get_by_role("alert")).to_contain_text("S/RES/2406 (2018)")
    expect(page.get_by_label("Resolution")).to_have_attribute("aria-invalid", "true")
    assert axe(page) == []
    shot(page, "mandate-paste")
    page.get_by_label("Resolution").fill("S/RES/2406 (2018)")
    page.get_by_role("button", name="Read the tasks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the tasks")
    expect(page.get_by_role("group", name="Task 7")).to_be_visible()
    assert not Mandate.objects.exists()
    assert axe(page) == []
    shot(page, "mandate-preview")
    page.get_by_role("group", name="Task 1").get_by_label("Leave out").check()
    page.get_by_role("button", name="Record the mandate").click()
    expect(page.get_by_text("S/RES/2406 (2018) is recorded with 6 tasks.")).to_be_visible()
    expect(page.get_by_role("rowheader", name="2(a)(i)")).to_be_visible()
    assert axe(page) == []
    shot(page, "mandates")

    # A capacity gap.
    page.get_by_role("link", name="Capacity gaps").click()
    page.get_by_role("link", name="Record a capacity gap").click()
    page.get_by_label("Category").select_option(label="Staff")
    page.get_by_label("What the mandate asks").fill("Civilian protection teams at every base.")
    page.get_by_label("What is missing").fill("Four of ten bases have no protection team.")
    page.get_by_label("Effect").fill("Patrols in Upper Nile are cut by half.")
    page.get_by_label("Identified on").fill("2018-04-02")
    assert axe(page) == []
    shot(page, "capacity-gap-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("rowheader", name="Four of ten bases have no protection team.")).to_be_visible()
    assert axe(page) == []
    shot(page, "capacity-gaps")

    # The mission's workspace links every setup page.
    page.goto("/missions/UNMISS/")
    setup = page.get_by_role("navigation", name="Set up")
    for name in ("The mission", "Country team", "Leadership", "Lifecycle", "Mandates", "Capacity gaps"):
        expect(setup.get_by_role("link", name=name)).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "setup-workspace.png"), clip={"x": 0, "y": 0, "width": 1280, "height": 900})
    setup.get_by_role("link", name="The mission").click()
    assert axe(page) == []
    shot(page, "mission-edit")

    # The edit pages of a post, a mandate and a gap.
    page.get_by_role("link", name="Leadership").click()
    page.get_by_role("link", name="Edit DSRSG, Resident and Humanitarian Coordinator").click()
    page.get_by_label("Holder").fill("A. Deputy")
    assert axe(page) == []
    shot(page, "leadership-edit")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("cell", name="A. Deputy")).to_be_visible()
    page.get_by_role("link", name="Mandates").click()
    page.get_by_role("link", name="Edit S/RES/2406 (2018)").click()
    page.get_by_label("Expires on").fill("2018-01-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Expires on must be after adopted on.")
    assert axe(page) == []
    shot(page, "mandate-edit-errors")
    page.get_by_role("link", name="Mandates").click()
    page.get_by_role("link", name="Edit paragraph 2(b)").click()
    page.get_by_label("Lead entity").select_option(
        label="UNMISS (United Nations Mission in the Republic of South Sudan)"
    )
    page.get_by_label("To be handed over").check()
    page.get_by_label("Hand over to").select_option(label="UNICEF (United Nations Children's Fund)")
    assert axe(page) == []
    shot(page, "mandate-task")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("to UNICEF")).to_be_visible()
    page.get_by_role("link", name="Capacity gaps").click()
    page.get_by_role("link", name="Edit Four of ten bases").click()
    page.get_by_label("Status").select_option(label="Partly addressed")
    assert axe(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Partly addressed")).to_be_visible()

    mission = Mission.objects.get(acronym="UNMISS")
    assert mission.phase == "consolidation"
    assert sorted(CountryTeamMember.objects.filter(mission=mission).values_list("entity__code", flat=True)) == [
        "UNDP",
        "UNICEF",
    ]
    assert LeadershipPost.objects.get(mission=mission).triple_hatted
    assert Mandate.objects.get(mission=mission).tasks.count() == 6
    gap = CapacityGap.objects.get(mission=mission)
    assert (gap.requirement, gap.status) == ("Civilian protection teams at every base.", "partly")
    assert Mandate.objects.get(mission=mission).expires_on.isoformat() == "2019-03-15"
