"""Revising an endorsed ISF in a real browser, measured: a mission planner starts the next version
from the mission workspace, changes a result's lead, adds a result and sends the version to
consultation, in at most 5 page loads and 15 actions; then the same journey by keyboard alone
(Tab, Shift+Tab, Enter, Space, typing), with focus checked after every save and the number of Tabs
to the outline's controls measured. axe-core checks the editor with a result open and the
consultation confirmation. Once an add form of the outline is saved and folds away, focus goes to
its disclosure, not to the page body."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from frameworks.choices import FrameworkStatus, ResponsibilityRole
from frameworks.models import IntegratedStrategicFramework
from tests.e2e.worlds import endorsed_world
from tests.frameworks.isf_world import make_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]
NEW_RESULT = "Local authorities deliver basic services in the returnee areas"


class Actions:
    """Counts what the user does (clicks, fills, key presses): `act.click(locator)`, `act.press(page, key)`."""

    def __init__(self):
        self.count = 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def check(self, locator, checked=True):
        self.count += 1
        locator.set_checked(checked)

    def fill(self, locator, text):
        self.count += 1
        locator.fill(text)

    def press(self, page, key):
        self.count += 1
        page.keyboard.press(key)

    def type(self, page, text):
        self.count += 1
        page.keyboard.type(text)


def count_page_loads(page) -> list[str]:
    """The URLs the main frame navigates to from now on (htmx requests are not navigations)."""
    loads = []
    page.on("framenavigated", lambda frame: loads.append(frame.url) if frame == page.main_frame else None)
    return loads


DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return "<body>"; }
  const name = (el.getAttribute("aria-label") || (el.labels && el.labels[0] && el.labels[0].textContent)
                || el.textContent || el.value || "").trim().replace(/\\s+/g, " ").slice(0, 60);
  return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (name ? " '" + name + "'" : "");
}"""


def focus_is_on(locator) -> bool:
    return locator.evaluate_all("els => els.includes(document.activeElement)")


def describe_focus(page) -> str:
    return page.evaluate(DESCRIBE_FOCUS)


def tab_to(page, target, limit: int = 60, key: str = "Tab", act: Actions | None = None) -> int:
    """Press Tab (or `key`, e.g. Shift+Tab) until the focused element (document.activeElement) is
    one of `target` (a locator: by role and accessible name, by id...); return how many presses it
    took. Fails naming the target and where focus went if it is not reached within `limit`."""
    seen = []
    for presses in range(1, limit + 1):
        if act:
            act.press(page, key)
        else:
            page.keyboard.press(key)
        if focus_is_on(target):
            return presses
        seen.append(describe_focus(page))
    pytest.fail(f"{target} not reached with {limit} presses of {key}; focus went: " + " → ".join(seen[-15:]))


def assert_focus_not_on_body(page, where: str):
    assert page.evaluate("document.activeElement && document.activeElement !== document.body"), (
        f"focus is on the page body {where}"
    )


def assert_revised(world, source, deadline):
    new = IntegratedStrategicFramework.objects.get(parent=source)
    assert (new.version, new.status, new.consultation_deadline) == (2, FrameworkStatus.CONSULTATION, deadline)
    first = new.priorities.get(order=1)
    result = first.results.get(order=1)
    leads = set(result.responsibilities.filter(role=ResponsibilityRole.LEAD).values_list("entity__code", flat=True))
    assert leads == {world.unicef.code}
    assert list(first.results.order_by("order").values_list("statement", flat=True)) == [
        "Result 1.1",
        "Result 1.2",
        NEW_RESULT,
    ]
    # Version 1 is left as it was endorsed.
    old = source.priorities.get(order=1).results.get(order=1)
    assert [r.entity.code for r in old.responsibilities.all()] == [world.undp.code]
    return new


def test_planner_revises_an_endorsed_framework_in_five_page_loads(page, login, axe):
    world, source = endorsed_world()
    login(page, world.planner)
    loads = count_page_loads(page)
    act = Actions()

    page.goto(f"/missions/{world.mission.acronym}/")
    act.click(page.locator("#framework").get_by_role("button", name="Start version 2 from version 1"))
    page.wait_for_url(re.compile(r"/frameworks/\d+/edit/"))
    expect(page.get_by_role("heading", name="Edit the framework")).to_be_visible()

    # Result 1.1: the lead goes from UNDP to UNICEF.
    row = page.locator(".outline-result").first
    act.click(row.get_by_text("Edit result 1.1"))
    leads = row.get_by_role("group", name="Leads")
    act.check(leads.get_by_label(world.unicef.code, exact=True))
    act.check(leads.get_by_label(world.undp.code, exact=True), False)
    assert axe(page) == []
    page.screenshot(path="/tmp/keyboard-mouse-editor-result-open.png", full_page=True)
    act.click(row.get_by_role("button", name="Save leads and contributors"))
    expect(row).to_contain_text(f"Lead: {world.unicef.code}")

    # A third result under priority 1.
    add = page.locator(".outline-priority").first.locator("details.outline-add")
    act.click(add.locator("summary"))
    act.fill(add.get_by_label("Outcome statement"), NEW_RESULT)
    act.click(add.get_by_role("button", name="Add result"))
    expect(page.locator(".outline-priority").first.locator(".outline-result")).to_have_count(3)
    expect(page.locator(".outline-result", has_text=NEW_RESULT)).to_contain_text("1.3")

    act.click(page.get_by_role("link", name="Overview"))
    act.click(page.get_by_role("link", name="Send to consultation"))
    expect(page.get_by_role("heading", name="Send version 2 to consultation")).to_be_visible()
    asked = page.get_by_role("table", name="Entities asked to comment and the people notified")
    expect(asked.get_by_role("row", name=re.compile(world.unicef.code))).to_contain_text("Grace Mensah")
    deadline = timezone.localdate() + dt.timedelta(days=14)
    expect(page.get_by_label("Comments due by")).to_have_value(deadline.isoformat())
    act.click(page.get_by_role("button", name="Send to consultation"))
    expect(page.get_by_text("The framework is now open for consultation.")).to_be_visible()
    page.screenshot(path="/tmp/keyboard-mouse-sent.png", full_page=False)

    print(f"\nmouse journey: {len(loads)} page loads, {act.count} actions: {loads}")
    assert len(loads) <= 5, loads
    assert act.count <= 15
    assert_revised(world, source, deadline)


def test_planner_revises_an_endorsed_framework_by_keyboard_only(page, login, axe):
    world, source = endorsed_world()
    login(page, world.planner)
    loads = count_page_loads(page)
    act = Actions()
    page.goto(f"/missions/{world.mission.acronym}/")

    start = page.locator("#framework").get_by_role("button", name="Start version 2 from version 1")
    to_start = tab_to(page, start, act=act)
    page.screenshot(path="/tmp/keyboard-1-workspace.png")
    act.press(page, "Enter")
    page.wait_for_url(re.compile(r"/frameworks/\d+/edit/"))
    expect(page.get_by_role("heading", name="Edit the framework")).to_be_visible()
    new = IntegratedStrategicFramework.objects.get(parent=source)
    result = new.priorities.get(order=1).results.get(order=1)

    # From the top of the page to the outline, then within the outline.
    structure = page.locator("#structure")
    to_outline = tab_to(page, structure.locator("a, button, summary, input, select, textarea").first, act=act)
    row = page.locator(f"#result-{result.pk}")
    to_edit_result = tab_to(page, row.locator("summary"), act=act)
    act.press(page, "Enter")  # opens the result; its forms load with htmx
    leads = row.get_by_role("group", name="Leads")
    expect(leads).to_be_visible()
    assert focus_is_on(row.locator("summary")), describe_focus(page)
    assert axe(page) == []
    page.screenshot(path="/tmp/keyboard-2-result-open.png", full_page=True)

    tab_to(page, leads.get_by_label(world.unicef.code, exact=True), act=act)
    act.press(page, "Space")
    undp = leads.get_by_label(world.undp.code, exact=True)
    key = (
        "Tab"
        if page.evaluate("e => e.compareDocumentPosition(document.activeElement) & 2", undp.element_handle())
        else "Shift+Tab"
    )
    tab_to(page, undp, key=key, act=act)
    act.press(page, "Space")
    expect(leads.get_by_label(world.unicef.code, exact=True)).to_be_checked()
    expect(undp).not_to_be_checked()
    save = row.get_by_role("button", name="Save leads and contributors")
    tab_to(page, save, act=act)
    act.press(page, "Enter")
    expect(row.locator(".outline-facts")).to_contain_text(f"Lead: {world.unicef.code}")
    expect(row.locator(f"#rr{result.pk}-form .saving-state")).to_contain_text("Saved")
    # The row was swapped in anew: focus is back on the button that saved it.
    expect(save).to_be_focused()
    page.screenshot(path="/tmp/keyboard-3-leads-saved.png", full_page=False)

    # "Add a result" of priority 1, counted from the top of the outline (the first focusable of
    # the structure section): Shift+Tab back there, then forward.
    first_in_outline = structure.locator("a, button, summary, input, select, textarea").first
    tab_to(page, first_in_outline, key="Shift+Tab", limit=80, act=act)
    add = page.locator(".outline-priority").first.locator("details.outline-add")
    to_add_result = tab_to(page, add.locator("summary"), act=act)
    act.press(page, "Enter")
    statement = add.get_by_label("Outcome statement")
    expect(statement).to_be_visible()
    tab_to(page, statement, act=act)
    act.type(page, NEW_RESULT)
    tab_to(page, add.get_by_role("button", name="Add result"), act=act)
    page.screenshot(path="/tmp/keyboard-4-add-result.png", full_page=False)
    act.press(page, "Enter")
    expect(page.locator(".outline-result", has_text=NEW_RESULT)).to_contain_text("1.3")
    page.wait_for_load_state("networkidle")
    assert_focus_not_on_body(page, "after adding a result")
    assert structure.evaluate("s => s.contains(document.activeElement)"), describe_focus(page)
    page.screenshot(path="/tmp/keyboard-5-result-added.png", full_page=False)
    added_focus = describe_focus(page)

    # "Add a priority", from the top of the outline.
    tab_to(page, first_in_outline, key="Shift+Tab", limit=80, act=act)
    to_add_priority = tab_to(page, structure.locator("summary", has_text="Add a priority"), act=act)

    # To the framework's page (the Overview tab, above the editor) and on to the consultation.
    to_overview = tab_to(page, page.get_by_role("link", name="Overview"), key="Shift+Tab", limit=80, act=act)
    act.press(page, "Enter")
    expect(page.get_by_role("heading", name="Next step")).to_be_visible()
    to_send = tab_to(page, page.get_by_role("link", name="Send to consultation"), act=act)
    act.press(page, "Enter")
    expect(page.get_by_role("heading", name="Send version 2 to consultation")).to_be_visible()
    deadline = timezone.localdate() + dt.timedelta(days=14)
    expect(page.get_by_label("Comments due by")).to_have_value(deadline.isoformat())
    assert axe(page) == []
    page.screenshot(path="/tmp/keyboard-6-consultation.png", full_page=True)
    to_confirm = tab_to(page, page.get_by_role("button", name="Send to consultation"), act=act)
    act.press(page, "Enter")
    expect(page.get_by_text("The framework is now open for consultation.")).to_be_visible()
    page.screenshot(path="/tmp/keyboard-7-sent.png", full_page=False)

    print(
        f"\nkeyboard journey: {len(loads)} page loads, {act.count} key presses and typings; Tabs: "
        f"workspace→start {to_start}, editor top→outline {to_outline}, outline→'Edit result 1.1' {to_edit_result}, "
        f"outline top→'Add a result' {to_add_result}, outline top→'Add a priority' {to_add_priority}, "
        f"→Overview (Shift+Tab) {to_overview}, detail→'Send to consultation' {to_send}, "
        f"confirmation→confirm {to_confirm}; focus after adding a result: {added_focus}"
    )
    assert len(loads) <= 5, loads
    assert to_add_result <= 60 and to_add_priority <= 60
    assert_revised(world, source, deadline)


def test_after_adding_a_result_or_a_priority_focus_is_on_the_disclosure_it_was_added_from(page, login):
    """The add forms fold away once saved: focus goes to their summary, not to the page body."""
    world = make_world()
    framework = world.framework()
    login(page, world.planner)
    page.goto(f"/frameworks/{framework.pk}/edit/")

    add = page.locator(".outline-priority details.outline-add")
    add.locator("summary").focus()
    page.keyboard.press("Enter")
    tab_to(page, add.get_by_label("Outcome statement"))
    page.keyboard.type(NEW_RESULT)
    tab_to(page, add.get_by_role("button", name="Add result"))
    page.keyboard.press("Enter")
    expect(page.locator(".outline-result", has_text=NEW_RESULT)).to_contain_text("1.2")
    expect(add.locator("summary")).to_be_focused()
    expect(add).not_to_have_attribute("open", "")

    add = page.locator("#structure > details.outline-add")
    add.locator("summary").focus()
    page.keyboard.press("Enter")
    tab_to(page, add.get_by_label("Title"))
    page.keyboard.type("Rule of law")
    tab_to(page, add.get_by_role("button", name="Add priority"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Priority 2: Rule of law")).to_be_visible()
    expect(add.locator("summary")).to_be_focused()
