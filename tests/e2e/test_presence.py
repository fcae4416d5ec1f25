"""Who else is here, in a real browser: two planners open the same draft in the editor, each sees
the other and the priority or result the other is in; an unchanged list leaves the live region
alone; a hidden tab stops reporting; leaving the page takes the planner off the other's line; a
signed-out page stops asking.
The browsers' clocks are fast-forwarded over the 20 s between reports. axe-core checks the editor
with the line shown."""

import pytest
from playwright.sync_api import expect

from frameworks.models import IntegratedStrategicFramework
from tests.e2e.screens import screenshot_dir
from tests.frameworks.isf_world import make_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]
SCREENSHOTS = screenshot_dir()
TURN = 20_000  # ms between two reports of the editor

COUNT_CHANGES = """() => {
  window.presenceChanges = 0;
  new MutationObserver(() => { window.presenceChanges += 1; })
    .observe(document.getElementById("presence"), {childList: true, subtree: true, characterData: true});
}"""
SET_HIDDEN = """(hidden) => {
  Object.defineProperty(document, "visibilityState", {configurable: true, get: () => hidden ? "hidden" : "visible"});
  document.dispatchEvent(new Event("visibilitychange"));
}"""


def named(user, first, last):
    user.first_name, user.last_name = first, last
    user.save()
    return user


def reports_of(page) -> list[int]:
    """The statuses of the page's presence reports, as they come."""
    statuses: list[int] = []
    page.on("response", lambda r: statuses.append(r.status) if r.url.endswith("/presence/") else None)
    return statuses


def test_two_planners_see_each_other_and_the_part_each_edits(page, new_page, login, axe):
    world = make_world()
    planner, hq = named(world.planner, "A.", "Planner"), named(world.hq, "B.", "Headquarters")
    framework = IntegratedStrategicFramework.objects.get(pk=world.framework(priorities=2, results=2).pk)
    editor = f"/frameworks/{framework.pk}/edit/"

    login(page, planner)
    page.clock.install()
    mine = reports_of(page)
    with page.expect_response(lambda r: r.url.endswith("/presence/")) as first:
        page.goto(editor)
    assert first.value.status == 204  # alone: nothing to show
    line = page.locator("#presence")
    expect(line).to_have_attribute("aria-live", "polite")
    expect(line).to_be_empty()

    other = new_page()
    login(other, hq)
    other.clock.install()
    other.goto(editor)
    other_line = other.locator("#presence")
    expect(other_line).to_have_text(f"Also here: A. Planner ({world.mission.acronym})")

    # The HQ planner moves into priority 2: reported at once; the planner sees it at the next turn.
    with other.expect_response(lambda r: r.url.endswith("/presence/")):
        other.get_by_text("Edit priority 2").click()  # the priority's form opens
    page.clock.fast_forward(TURN)
    expect(line).to_have_text("Also here: B. Headquarters (DPKO) — editing Priority 2")

    # The planner moves into result 1.2; the HQ planner's next turn says so.
    with page.expect_response(lambda r: r.url.endswith("/presence/")):
        page.get_by_text("Edit result 1.2").click()  # the result's forms load
    other.clock.fast_forward(TURN)
    expect(other_line).to_have_text(f"Also here: A. Planner ({world.mission.acronym}) — editing Result 1.2")
    # Into the label, period and vision.
    with other.expect_response(lambda r: r.url.endswith("/presence/")):
        other.locator("#id_fw-label").focus()
    page.clock.fast_forward(TURN)
    expect(line).to_have_text("Also here: B. Headquarters (DPKO) — editing label, period and vision")

    # Nothing changed: the next turns answer 204 and the live region is not touched (not re-read).
    page.evaluate(COUNT_CHANGES)
    for _ in range(2):
        with page.expect_response(lambda r: r.url.endswith("/presence/")) as turn:
            page.clock.fast_forward(TURN)
        assert turn.value.status == 204
    assert page.evaluate("window.presenceChanges") == 0

    assert axe(page) == []
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / "presence.png"), clip={"x": 0, "y": 0, "width": 1280, "height": 420})
    page.screenshot(path="/tmp/presence-editor.png", full_page=False)
    other.screenshot(path="/tmp/presence-editor-other.png", full_page=False)

    # A hidden tab does not report; back in view, it reports at once.
    page.evaluate(SET_HIDDEN, True)
    before = len(mine)
    page.clock.fast_forward(3 * TURN)
    page.wait_for_timeout(500)
    assert len(mine) == before
    with page.expect_response(lambda r: r.url.endswith("/presence/")):
        page.evaluate(SET_HIDDEN, False)

    # The HQ planner leaves the editor: off the planner's line at the next turn, said once.
    other.goto("/")
    page.clock.fast_forward(TURN)
    expect(line).not_to_contain_text("B. Headquarters")
    expect(line).to_have_text("No one else has this framework open now.")
    expect(line.locator("p")).to_have_class("visually-hidden")

    # Signed out meanwhile: the report is sent to sign in; the line keeps its text and stops asking.
    page.context.clear_cookies(name="sessionid")
    with page.expect_response(lambda r: r.url.endswith("/presence/")) as turn:
        page.clock.fast_forward(TURN)
    assert turn.value.status == 302
    page.wait_for_timeout(300)
    expect(line).to_have_text("No one else has this framework open now.")
    before = len(mine)
    page.clock.fast_forward(3 * TURN)
    page.wait_for_timeout(300)
    assert len(mine) == before
