"""An agency planner's "my work" home in a real browser: it lists the update they owe; they submit
it; the page after the submission shows what was submitted, not a form; the home no longer lists
it. Returned, it is owed again, the reason beside its form. The home and the submit page pass
axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tests.benchmarks.conftest import make_world
from tests.e2e.screens import screenshot_dir
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    return make_world()


def test_agency_planner_submits_the_update_the_home_lists(world, page, new_page, login, axe):
    IndicatorFactory(benchmark=world.benchmark, name="Courts open", responsible_entity=world.agency)
    shots = screenshot_dir()
    login(page, world.agency_planner)
    page.goto("/")
    owed = page.locator("#owed")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    expect(owed.get_by_role("link", name="Counties with police")).to_be_visible()
    assert axe(page) == []
    page.screenshot(path=shots / "my-work-home-agency.png", full_page=True)

    owed.get_by_role("link", name="Counties with police").click()
    expect(page.get_by_label("Status")).to_have_value("")
    assert axe(page) == []
    page.screenshot(path=shots / "my-work-submit-form.png", full_page=True)
    page.get_by_label("Value").fill("6")
    page.get_by_label("Status").select_option(label="On track")
    page.get_by_label("Narrative").fill("Police deployed in six counties.")
    page.get_by_role("button", name="Submit update").click()

    expect(page.get_by_text("Update submitted to the mission planning unit.")).to_be_visible()
    expect(page.get_by_role("heading", name="Your update for")).to_be_visible()
    expect(page.locator("main dl.facts").last).to_contain_text("Police deployed in six counties.")
    expect(page.get_by_label("Value")).to_have_count(0)  # not a form
    expect(page.get_by_role("link", name="Report on Courts open")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw the update for")).to_be_visible()
    assert axe(page) == []
    page.screenshot(path=shots / "my-work-submitted.png", full_page=True)

    page.goto("/")
    expect(owed.get_by_role("link", name="Counties with police")).to_have_count(0)
    expect(owed.get_by_role("link", name="Courts open")).to_be_visible()

    planner = new_page()
    login(planner, world.mission_planner)
    planner.goto("/")
    expect(planner.locator(".nav-count").first).to_contain_text("1")
    expect(planner.get_by_role("link", name="1 update to review on UNMIL")).to_be_visible()
    assert axe(planner) == []
    planner.screenshot(path=shots / "my-work-home-planner.png", full_page=True)
    planner.get_by_role("link", name="1 update to review on UNMIL").click()
    expect(planner.locator(".queue-count")).to_have_text("1 update waiting for review")
    planner.screenshot(path=shots / "my-work-queue.png", full_page=True)

    planner.get_by_label(re.compile("Select Counties with police")).check()
    planner.get_by_label("Reason for return").fill("Say which six counties.")
    planner.get_by_role("button", name="Return selected").click()
    expect(planner.get_by_text("1 updates returned.")).to_be_visible()

    page.goto("/")
    owed.get_by_role("link", name="Counties with police").click()
    expect(page.get_by_role("heading", name=re.compile("Correct the update for"))).to_be_visible()
    beside = page.locator("#submit-heading ~ .grid-2 .alert.warning")
    expect(beside).to_contain_text("Say which six counties.")
    expect(page.get_by_label("Value")).to_have_value("6.00")
    assert axe(page) == []
    page.screenshot(path=shots / "my-work-returned.png", full_page=True)
