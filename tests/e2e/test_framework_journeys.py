"""The framework journeys in a real browser: drafting from nothing to consultation, commenting and
replying, two planners saving the same priority, endorsement by the SRSG office and lead agencies,
and a new version after endorsement. axe-core checks the editor and comment pages."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from frameworks import services
from frameworks.choices import FrameworkStatus
from frameworks.models import Comment, IntegratedStrategicFramework
from missions.models import Notification
from tests.e2e.screens import screenshot_dir
from tests.frameworks.isf_world import make_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]
SCREENSHOTS = screenshot_dir()


def draft(world, status=FrameworkStatus.DRAFT, **kwargs):
    framework = world.framework(status=status, **kwargs)
    return IntegratedStrategicFramework.objects.get(pk=framework.pk)


def test_mission_planner_drafts_a_framework_from_nothing_and_opens_consultation(page, login, axe):
    world = make_world()
    login(page, world.planner)
    page.goto(f"/frameworks/missions/{world.mission.acronym}/frameworks/new/")
    page.get_by_label("Label").fill("Joint Vision")
    page.get_by_label("Period start").fill("2025-01-01")
    page.get_by_label("Period end").fill("2027-12-31")
    page.get_by_label("Shared vision").fill("Peace consolidated across the country.")
    page.get_by_role("button", name="Create the framework").click()
    expect(page.get_by_role("heading", name="Edit the framework")).to_be_visible()

    page.get_by_text("Add a priority").click()
    add = page.locator("#add-priority")
    add.get_by_label("Title").fill("Consolidating peace")
    add.get_by_role("button", name="Add priority").click()
    expect(page.get_by_role("heading", name="Priority 1: Consolidating peace")).to_be_visible()

    page.get_by_text("Add a result").click()
    page.get_by_label("Outcome statement").last.fill("Rural areas are economically integrated")
    page.get_by_role("button", name="Add result").click()
    row = page.locator(".outline-result", has_text="Rural areas are economically integrated")
    expect(row).to_contain_text("no lead")

    # Edit the title in place: saved on leaving the field, said in the live region; focus stays
    # where the planner went (the description), not on the page body.
    page.get_by_text("Edit priority 1").click()
    title = page.locator("[id$='-title']").first
    title.fill("Consolidating peace and democratic governance")
    title.press("Tab")
    expect(page.locator("form[id^='p'][id$='-form'] .saving-state")).to_contain_text("Saved")
    expect(page.get_by_role("heading", name="Priority 1: Consolidating peace and democratic")).to_be_visible()
    expect(page.locator("[id$='-description']").first).to_be_focused()

    # The result's forms load when it is opened; leads and contributors are saved together.
    row.get_by_text("Edit result 1.1").click()
    leads = row.get_by_role("group", name="Leads")
    leads.get_by_label(world.undp.code, exact=True).check()
    row.get_by_role("button", name="Save leads and contributors").click()
    row = page.locator(".outline-result", has_text="Rural areas are economically integrated")
    expect(row).to_contain_text(f"Lead: {world.undp.code}")
    expect(row.get_by_role("button", name="Save leads and contributors")).to_be_focused()
    assert axe(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / "framework-editor.png"), full_page=True)

    page.get_by_role("link", name="Overview").click()
    page.get_by_role("link", name="Send to consultation").click()
    page.get_by_role("button", name="Send to consultation").click()
    expect(page.get_by_text("The framework is now open for consultation.")).to_be_visible()
    framework = IntegratedStrategicFramework.objects.get()
    assert (framework.status, framework.label) == (FrameworkStatus.CONSULTATION, "Joint Vision")
    assert framework.priorities.get().title == "Consolidating peace and democratic governance"
    assert framework.priorities.get().results.get().responsibilities.get().entity == world.undp


def test_agency_planner_comments_and_gets_a_reply(page, new_page, login, axe):
    world = make_world()
    framework = draft(world, status=FrameworkStatus.CONSULTATION)
    login(page, world.undp_planner)
    page.goto(f"/frameworks/{framework.pk}/comments/")
    page.get_by_label("On", exact=True).select_option(label="Priority 1: Priority 1")
    page.get_by_label("Comment").fill(f"Add the youth employment angle, @{world.planner.username}.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()
    assert axe(page) == []

    planner = new_page()
    login(planner, world.planner)
    planner.goto(f"/frameworks/{framework.pk}/comments/")
    planner.get_by_label("Your reply").fill("Added to result 1.1.")
    planner.get_by_role("button", name="Reply").click()
    expect(planner.get_by_text("Your reply is posted.")).to_be_visible()
    planner.get_by_label("Status").select_option("addressed")
    planner.get_by_role("button", name="Set status").click()

    page.reload()
    expect(page.get_by_text("Added to result 1.1.")).to_be_visible()
    expect(page.locator(".thread .badge.status-addressed")).to_have_text("Addressed")
    page.screenshot(path=str(SCREENSHOTS / "comments.png"), full_page=True)
    assert Comment.objects.filter(parent__isnull=False).count() == 1
    assert Notification.objects.filter(user=world.undp_planner, kind="comment.replied").exists()
    assert Notification.objects.filter(user=world.planner, kind="comment.mentioned").exists()


def test_two_planners_edit_the_same_priority_and_the_later_stale_save_is_refused(page, new_page, login):
    world = make_world()
    framework = draft(world)
    priority = framework.priorities.get()
    other = new_page()
    login(page, world.planner)
    login(other, world.hq)
    page.goto(f"/frameworks/{framework.pk}/edit/")
    other.goto(f"/frameworks/{framework.pk}/edit/")
    for tab in (page, other):
        tab.get_by_text("Edit priority 1").click()

    page.locator(f"#id_p{priority.pk}-title").fill("Rule of law (mission text)")
    page.get_by_role("button", name="Save priority").click()
    expect(page.locator(f"#p{priority.pk}-form .saving-state")).to_contain_text("Saved")

    mine = "Rule of law and security sector reform, as agreed with UNDP"
    other.locator(f"#id_p{priority.pk}-title").fill(mine)
    # Leaving the field saves it (htmx on change): based on the version before the planner's save.
    other.locator(f"#id_p{priority.pk}-title").press("Tab")
    conflict = other.locator(".conflict")
    expect(conflict).to_be_visible()
    other.locator(f"#id_p{priority.pk}-description").fill("A long paragraph the HQ planner must not lose.")
    expect(conflict).to_contain_text("someone else changed this")
    expect(conflict).to_contain_text("Rule of law (mission text)")
    expect(other.locator(f"#id_p{priority.pk}-title")).to_have_value(mine)
    expect(other.locator(f"#id_p{priority.pk}-description")).to_have_value(
        "A long paragraph the HQ planner must not lose."
    )
    priority.refresh_from_db()
    assert priority.title == "Rule of law (mission text)"

    # Deliberately saving again replaces the other version.
    other.get_by_role("button", name="Save my version").click()
    expect(other.locator(f"#p{priority.pk}-form .saving-state")).to_contain_text("Saved")
    priority.refresh_from_db()
    assert priority.title == mine


def test_srsg_office_and_lead_agencies_endorse_then_a_new_version_is_started(page, new_page, login):
    world = make_world()
    previous = draft(world, status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2023, 1, 1))
    previous.status = FrameworkStatus.SUPERSEDED
    previous.save()
    framework = draft(world, status=FrameworkStatus.CONSULTATION, leads=("undp", "unicef"))
    services.framework_submit(framework=framework, actor=world.planner)

    for user, entity in (
        (world.srsg, world.mission.entity),
        (world.undp_planner, world.undp),
        (world.unicef_planner, world.unicef),
    ):
        tab = new_page()
        login(tab, user)
        tab.goto(f"/frameworks/{framework.pk}/")
        form = tab.locator("form", has=tab.get_by_role("group", name=f"Decide for {entity.code}"))
        form.get_by_label("Signed").check()
        form.get_by_role("button", name=f"Record decision for {entity.code}").click()
        expect(tab.get_by_text("Your decision is recorded.")).to_be_visible()
    expect(tab.get_by_text("All signatures are in: the framework is endorsed.")).to_be_visible()
    framework.refresh_from_db()
    assert framework.status == FrameworkStatus.ENDORSED

    login(page, world.planner)
    page.goto(f"/frameworks/{framework.pk}/edit/")
    expect(page.get_by_text("This version cannot be edited in its current status.")).to_be_visible()
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    page.get_by_role("button", name=f"Start version {framework.version + 1} from version {framework.version}").click()
    expect(page.get_by_role("heading", name="Edit the framework")).to_be_visible()
    new = IntegratedStrategicFramework.objects.get(parent=framework)
    assert (new.version, new.status) == (framework.version + 1, FrameworkStatus.DRAFT)
    assert new.priorities.get().results.get().responsibilities.count() == 2


def test_agency_planner_cannot_see_another_missions_draft(page, login):
    world = make_world()
    framework = draft(world, status=FrameworkStatus.CONSULTATION)
    login(page, world.outsider)
    response = page.goto(f"/frameworks/{framework.pk}/")
    assert response.status == 404
