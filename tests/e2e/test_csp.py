"""The Content-Security-Policy in a real browser: a mission planner goes through the main pages
(workspace, ISF editor with an inline save, dashboard with its charts, a running report that
follows its progress, update queue, API docs, browsable API), an agency planner opens the Excel
upload, and an administrator
through the admin; Chromium reports no violation anywhere and every page carries the policy."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from benchmarks.choices import ReportState
from frameworks.choices import FrameworkStatus
from tests.benchmarks.reports.world import build_world
from tests.e2e.screens import screenshot_dir
from tests.factories import FrameworkFactory, MissionFactory, PriorityFactory, ProgressReportFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = screenshot_dir()
# Violations are recorded by the page itself (the event fires for everything refused, also
# before any test code could listen) and by the console messages Chromium writes for them.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(
  `${e.violatedDirective} refused ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
"""


@pytest.fixture
def watched(page):
    """The page, recording every CSP violation and the policy header of every document."""
    page.context.add_init_script(LISTEN)
    page.console_violations = []
    page.on(
        "console",
        lambda message: (
            page.console_violations.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return page


def visit(page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, path
    assert "default-src 'self'" in (response.headers.get("content-security-policy") or ""), path
    page.wait_for_load_state("networkidle")


def violations(page) -> list[str]:
    """What was refused on the current page (and its console since the last call)."""
    found = page.evaluate("window.__violations") + page.console_violations
    page.console_violations.clear()
    return found


def test_a_planner_goes_through_the_main_pages_with_no_violation(watched, login):
    page = watched
    world = build_world()
    draft = FrameworkFactory(mission=world.mission, status=FrameworkStatus.DRAFT, version=2, label="Next vision")
    PriorityFactory(framework=draft, order=1, title="Security and police capacity")
    running = ProgressReportFactory(
        mission=world.mission,
        period_start=dt.date(2024, 9, 1),
        period_end=dt.date(2024, 12, 31),
        state=ReportState.RUNNING,
        percent=40,
        data_version="v-running",
    )
    login(page, world.planner)
    found = {}

    visit(page, "/missions/UNMIL/")
    found["workspace"] = violations(page)

    visit(page, f"/frameworks/{draft.pk}/edit/")
    label = page.get_by_role("textbox", name="Label")
    label.fill("Next joint vision")
    label.press("Tab")
    expect(page.locator("#framework-fields .saving-state")).to_contain_text("Saved")
    page.screenshot(path=str(SCREENSHOTS / "csp-framework-editor.png"), full_page=True)
    found["ISF editor"] = violations(page)

    visit(page, "/benchmarks/missions/UNMIL/dashboard/")
    charts = page.evaluate(
        "Array.from(document.querySelectorAll('canvas[data-chart]')).map((c) => Boolean(Chart.getChart(c)))"
    )
    assert charts and all(charts), charts
    page.screenshot(path=str(SCREENSHOTS / "csp-dashboard.png"), full_page=True)
    found["dashboard"] = violations(page)

    visit(page, f"/benchmarks/reports/{running.pk}/")
    page.evaluate("window.polls = 0; document.body.addEventListener('htmx:afterRequest', () => window.polls++)")
    page.wait_for_function("() => window.polls >= 2")
    type(running).objects.filter(pk=running.pk).update(percent=70)
    expect(page.get_by_role("progressbar", name="Compilation progress")).to_have_attribute("value", "70")
    found["report detail"] = violations(page)

    for name, path in [
        ("update queue", "/benchmarks/missions/UNMIL/updates/"),
        ("browsable API", "/api/missions/"),
    ]:
        visit(page, path)
        found[name] = violations(page)

    visit(page, "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Integrated Mission Planning Workbench API")
    found["API docs"] = violations(page)

    # Progress arrives by spreadsheet from the agencies.
    login(page, world.agency_planner)
    visit(page, "/benchmarks/missions/UNMIL/excel/upload/")
    found["Excel upload"] = violations(page)

    assert {name: problems for name, problems in found.items() if problems} == {}


def test_an_administrator_goes_through_the_admin_with_no_violation(watched, login):
    page = watched
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    mission = MissionFactory(acronym="UNMIL")
    login(page, admin)
    found = {}
    for path in [
        "/admin/",
        "/admin/auth/user/",
        f"/admin/auth/user/{admin.pk}/change/",
        "/admin/missions/mission/add/",
        f"/admin/missions/mission/{mission.pk}/history/",
        "/admin/django_celery_beat/periodictask/add/",
        "/admin/axes/accessattempt/",
    ]:
        visit(page, path)
        found[path] = violations(page)
    assert {path: problems for path, problems in found.items() if problems} == {}
