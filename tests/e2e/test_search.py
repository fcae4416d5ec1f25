"""Search and lessons in a real browser: a planner searches from the header, sees the matches
grouped by kind and opens one; browses lessons, opens the record form from a mechanism; and, while
editing a result, sees a lesson of another mission suggested. axe-core checks /search/,
/lessons/ and the lesson form."""

import re

import pytest
from playwright.sync_api import expect

from frameworks.models import Lesson, Result
from missions.choices import Phase
from tests.e2e.screens import screenshot_dir
from tests.factories import MechanismFactory, MissionFactory, UserFactory
from tests.frameworks.isf_world import make_world

pytestmark = pytest.mark.django_db(transaction=True)
SCREENSHOTS = screenshot_dir()


def lesson_world():
    world = make_world()
    framework = world.framework(priorities=1, results=1)
    result = Result.objects.get(priority__framework=framework)
    result.statement = "The national police take over policing in the capital"
    result.save()
    unmil = MissionFactory(acronym="UNMIL", country="LR", phase=Phase.CLOSED)
    lesson = Lesson.objects.create(
        mission=unmil,
        title="Hand over policing two years ahead of drawdown",
        text="The security transition went best where the national police led joint patrols early.",
        phase=Phase.DRAWDOWN,
        area="rule_of_law",
        recorded_by=UserFactory(),
    )
    return world, framework, lesson


def test_search_from_the_header_lessons_and_a_suggestion_in_the_editor(page, login, axe):
    world, framework, lesson = lesson_world()
    mechanism = MechanismFactory(mission=world.mission, name="Integrated transition forum")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    login(page, world.planner)

    # Search from the header: grouped, counted, marked; open a match.
    page.get_by_role("searchbox", name="Search the workbench").fill("policing")
    page.get_by_role("searchbox", name="Search the workbench").press("Enter")
    expect(page.get_by_role("heading", name=re.compile("^Lessons learned"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Results"))).to_be_visible()
    expect(page.locator("mark").first).to_have_text(re.compile("policing", re.I))
    assert axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "search-results.png"), full_page=True)
    page.get_by_role("link", name=f"UNMIL: {lesson.title}").click()
    expect(page.get_by_role("heading", level=1, name=lesson.title)).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "lessons-detail.png"), full_page=True)

    # Browse and filter the lessons.
    page.goto("/lessons/")
    page.get_by_label("Integration area").select_option("rule_of_law")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name=lesson.title)).to_be_visible()
    assert axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "lessons-list.png"), full_page=True)

    # Record a lesson from the mechanism's page, in one step.
    page.goto(f"/frameworks/mechanisms/{mechanism.pk}/")
    page.get_by_role("link", name="Record a lesson").click()
    expect(page.get_by_role("heading", name="Record a lesson")).to_be_visible()
    expect(page.get_by_text("Drawn from")).to_contain_text("Integrated transition forum")
    page.get_by_role("button", name="Record lesson").click()  # empty: refused at the fields
    expect(page.get_by_role("alert")).to_contain_text("Title")
    assert axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "lessons-form.png"), full_page=True)
    page.get_by_label("Title").fill("Fixed meeting days")
    page.get_by_label("What was learned").fill("Meet on fixed days.")
    page.get_by_role("button", name="Record lesson").click()
    expect(page.get_by_text("Lesson recorded.")).to_be_visible()
    assert Lesson.objects.get(title="Fixed meeting days").mechanism == mechanism

    # Drafting a similar result: the lesson of UNMIL is suggested in the result's panel.
    page.goto(f"/frameworks/{framework.pk}/edit/")
    row = page.locator(".outline-result", has_text="The national police take over policing")
    row.get_by_text("Edit result 1.1").click()
    suggestions = row.locator(".lesson-suggestions")
    expect(suggestions.get_by_role("link", name=lesson.title)).to_be_visible()
    suggestions.screenshot(path=str(SCREENSHOTS / "lessons-suggestions.png"))
