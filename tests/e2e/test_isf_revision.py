"""Keyboard use of the ISF editor in a real browser: once an add form of the outline is saved and
folds away, focus goes to its disclosure, not to the page body."""

import pytest
from playwright.sync_api import expect

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
