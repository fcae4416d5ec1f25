"""Progress reports in a real browser: a mission planner compiles a report with the keyboard and
downloads its PDF and Excel files; observers read finished reports without the button; people outside
the mission find nothing; a report that fails tells planners why and can be tried again; the
progress bar follows a running report by itself; every state of both pages passes axe-core and every
control is reached by Tab with a visible focus."""

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from benchmarks.choices import ReportState
from benchmarks.models import ProgressReport
from benchmarks.reports import services, views
from missions.access import sync_user_permissions
from missions.choices import Role
from tests.benchmarks.reports.world import build_world
from tests.e2e.screens import screenshot_dir
from tests.factories import BenchmarkFactory, IndicatorFactory, MembershipFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = screenshot_dir()
# The reports page offers the current period and the last completed ones: the world's updates
# (January to April 2025) are in the period due on this day.
TODAY = dt.date(2025, 6, 1)
COMPILING = 60_000  # a report compiled in the request (eager tasks) renders a PDF first


@pytest.fixture
def rworld(settings, tmp_path, monkeypatch, eager_celery):
    """UNMIL with approved progress and people in every role; UNMILX, with no benchmark at all, and
    its mission planner. Report tasks run in-process; report files go to a fresh folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(views, "reporting_today", lambda mission: TODAY)
    world = build_world()
    world.empty_planner = MembershipFactory(
        user__username="planner2",
        entity=world.other_mission.entity,
        role=Role.MISSION_PLANNER,
        missions=[world.other_mission],
    ).user
    sync_user_permissions(world.empty_planner)
    return world


def compile_now(world) -> ProgressReport:
    report = services.report_request(
        mission=world.mission, period_start=world.period_start, period_end=world.period_end, requested_by=world.planner
    )
    report.refresh_from_db()
    assert report.state == ReportState.DONE, report.error
    return report


def tab_to(page, locator, limit: int = 60):
    """Press Tab from the page's first link (Skip to content) until `locator` has the focus; fail if
    it never does."""
    page.get_by_role("link", name="Skip to content").focus()
    target = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("el => document.activeElement === el", target):
            return
    pytest.fail(f"{locator} is not reached by Tab")


def assert_visible_focus(locator):
    """The focused element shows the focus ring of the shared style sheet."""
    style = locator.evaluate(
        "el => ({visible: el.matches(':focus-visible'), style: getComputedStyle(el).outlineStyle,"
        " width: parseFloat(getComputedStyle(el).outlineWidth)})"
    )
    assert style["visible"] and style["style"] != "none" and style["width"] >= 2, style


def calm(page):
    """No focus ring and no hovered link in a screenshot."""
    page.mouse.move(1270, 890)
    page.evaluate("document.activeElement && document.activeElement.blur()")


def test_planner_compiles_a_report_with_the_keyboard_and_downloads_it(rworld, page, login, axe):
    login(page, rworld.planner)
    page.goto(f"/missions/{rworld.mission.acronym}/")
    page.locator(".page-header").get_by_role("link", name="Progress reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress reports")
    expect(page.get_by_text("No report has been compiled for this mission yet.")).to_be_visible()
    period = page.get_by_label("Reporting period")
    expect(period.locator("option:checked")).to_have_text("January 2025 to April 2025")

    button = page.get_by_role("button", name="Compile report")
    tab_to(page, button)
    assert_visible_focus(button)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/benchmarks/reports/\d+/$"), timeout=COMPILING)
    report = ProgressReport.objects.get()
    assert (report.mission, report.period_start, report.period_end, report.requested_by) == (
        rworld.mission,
        rworld.period_start,
        rworld.period_end,
        rworld.planner,
    )
    progress = page.locator("#report-progress")
    expect(progress.locator(".badge")).to_have_text("Done")
    expect(progress).to_contain_text("Ready since")
    expect(page.locator("[aria-live=polite] #report-progress")).to_have_count(1)
    expect(page.get_by_role("progressbar")).to_have_count(0)
    downloads = page.get_by_role("list").filter(has=page.get_by_role("link", name="PDF"))
    expect(downloads.get_by_role("link")).to_have_text(
        ["PDF", "Web page (HTML)", "Excel workbook", "Word draft of the benchmark annex"]
    )

    pdf_link = page.get_by_role("link", name="PDF", exact=True)
    tab_to(page, pdf_link)
    assert_visible_focus(pdf_link)
    with page.expect_download() as pdf:
        page.keyboard.press("Enter")
    assert pdf.value.suggested_filename == "UNMIL-2025-01-2025-04.pdf"
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")

    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Excel workbook").click()
    assert xlsx.value.suggested_filename == "UNMIL-2025-01-2025-04.xlsx"
    with zipfile.ZipFile(xlsx.value.path()) as book:
        assert "xl/workbook.xml" in book.namelist()

    assert axe(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    calm(page)
    page.screenshot(path=str(SCREENSHOTS / "report-detail.png"), full_page=True)

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Progress reports").click()
    row = page.get_by_role("row", name=re.compile("January 2025 to April 2025"))
    expect(row.locator(".badge")).to_have_text("Done")
    expect(row).to_contain_text("Pat Planner")
    calm(page)
    page.screenshot(path=str(SCREENSHOTS / "report-list.png"), full_page=True)
    # Each row's files say which period they are, for people who hear the links one by one.
    pdf_in_row = row.get_by_role("link", name="PDF (January 2025 to April 2025)", exact=True)
    expect(row.get_by_role("link", name="Excel (January 2025 to April 2025)", exact=True)).to_be_visible()
    tab_to(page, pdf_in_row)
    assert_visible_focus(pdf_in_row)
    response = page.request.get(pdf_in_row.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF")
    assert response.headers["cache-control"] == "private, no-store"
    assert axe(page) == []


def test_observers_read_reports_without_the_button_and_outsiders_find_nothing(rworld, page, new_page, login):
    report = compile_now(rworld)
    running = ProgressReportFactory(mission=rworld.mission, state=ReportState.RUNNING, percent=40, data_version="v2")
    detail = f"/benchmarks/reports/{report.pk}/"
    downloads = [f"/benchmarks/reports/{report.pk}/download/{fmt}/" for fmt in ("pdf", "html", "xlsx", "docx")]

    login(page, rworld.observer)
    page.goto("/benchmarks/missions/UNMIL/reports/")
    expect(page.get_by_role("heading", name="Compile a report")).to_be_visible()
    expect(page.get_by_role("button", name="Compile report")).to_have_count(0)
    expect(page.get_by_label("Reporting period")).to_have_count(0)
    expect(page.get_by_text("Your role does not allow you to compile reports for this mission.")).to_be_visible()
    # Observers see finished reports only.
    expect(page.locator("table.data tbody tr")).to_have_count(1)
    page.get_by_role("link", name="January 2025 to April 2025", exact=True).click()
    expect(page.locator("#report-progress .badge")).to_have_text("Done")
    links = page.locator("#report-progress").get_by_role("link")
    # The Word annex is a working draft for the people who compile reports.
    expect(links).to_have_text(["PDF", "Web page (HTML)", "Excel workbook"])
    assert page.request.get(downloads[0]).body().startswith(b"%PDF")
    refused = page.request.get(downloads[3])
    assert refused.status == 403 and "working draft" in refused.text()
    assert page.goto(f"/benchmarks/reports/{running.pk}/").status == 404

    outsider = new_page()
    login(outsider, rworld.outsider)
    for url in ["/benchmarks/missions/UNMIL/reports/", detail, f"/benchmarks/reports/{running.pk}/"]:
        response = outsider.goto(url)
        assert response.status == 404, url
        expect(outsider.get_by_text("Download")).to_have_count(0)
    for url in downloads:
        response = outsider.request.get(url)
        assert response.status == 404, url
        assert not response.body().startswith(b"%PDF")


def test_a_failed_report_says_why_and_can_be_tried_again(rworld, page, login, axe):
    login(page, rworld.empty_planner)
    page.goto("/benchmarks/missions/UNMILX/reports/")
    page.get_by_role("button", name="Compile report").click()

    expect(page).to_have_url(re.compile(r"/benchmarks/reports/\d+/$"), timeout=COMPILING)
    expect(page.locator("#report-progress .badge")).to_have_text("Failed")
    alert = page.locator("#report-progress").get_by_role("alert")
    expect(alert).to_have_text(
        "UNMILX has no benchmark with an indicator yet, so there is nothing to report. "
        "Add benchmarks and indicators, then compile the report again."
    )
    expect(page.get_by_role("link", name="PDF")).to_have_count(0)
    retry = page.get_by_role("button", name="Try again")
    tab_to(page, retry)
    assert_visible_focus(retry)
    assert axe(page) == []
    report = ProgressReport.objects.get()
    assert report.state == ReportState.FAILED and report.attempts == 1

    # The planner adds what was missing and tries again from the same page.
    IndicatorFactory(benchmark=BenchmarkFactory(mission=rworld.other_mission, title="Border posts staffed"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("The report is queued again.")).to_be_visible(timeout=COMPILING)
    expect(page).to_have_url(f"/benchmarks/reports/{report.pk}/")
    expect(page.locator("#report-progress .badge")).to_have_text("Done")
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_role("button", name="Try again")).to_have_count(0)
    expect(page.get_by_role("link", name="PDF")).to_be_visible()
    report.refresh_from_db()
    assert report.state == ReportState.DONE and report.attempts == 2 and report.error == ""


def test_the_progress_bar_follows_a_running_report_and_every_state_passes_axe(rworld, page, login, axe):
    report = compile_now(rworld)
    ProgressReport.objects.filter(pk=report.pk).update(state=ReportState.RUNNING, percent=40, finished_at=None)
    queued = ProgressReportFactory(
        mission=rworld.mission, period_start=dt.date(2024, 9, 1), period_end=dt.date(2024, 12, 31), data_version="v0"
    )
    ProgressReportFactory(
        mission=rworld.mission,
        period_start=dt.date(2024, 5, 1),
        period_end=dt.date(2024, 8, 31),
        data_version="v1",
        state=ReportState.FAILED,
        error="UNMIL has no benchmark with an indicator yet.",
    )
    login(page, rworld.planner)

    page.goto("/benchmarks/missions/UNMIL/reports/")
    expect(page.locator("table.data tbody tr")).to_have_count(3)
    expect(page.get_by_role("row", name=re.compile("January 2025"))).to_contain_text("Running 40%")
    assert axe(page) == []

    page.goto(f"/benchmarks/reports/{queued.pk}/")
    expect(page.locator("#report-progress .badge")).to_have_text("Queued")
    expect(page.get_by_role("progressbar", name="Compilation progress")).to_have_attribute("value", "0")
    assert axe(page) == []

    page.goto(f"/benchmarks/reports/{report.pk}/")
    region = page.locator("[aria-live=polite]")
    bar = region.get_by_role("progressbar", name="Compilation progress")
    expect(bar).to_have_attribute("value", "40")
    expect(region).to_contain_text("40% done.")
    expect(region.get_by_role("link")).to_have_count(0)
    assert axe(page) == []

    # While nothing changes, the polls leave the live region alone, so a screen reader does not
    # hear the same sentence every second.
    page.evaluate(
        """() => {
            window.polls = 0;
            document.body.addEventListener('htmx:afterRequest', () => window.polls++);
            document.getElementById('report-progress').dataset.seen = 'yes';
        }"""
    )
    page.wait_for_function("() => window.polls >= 2")
    expect(page.locator("#report-progress")).to_have_attribute("data-seen", "yes")

    # The page follows the run without a reload: htmx swaps the fragment inside the live region.
    page.evaluate("window.sameDocument = true")
    ProgressReport.objects.filter(pk=report.pk).update(percent=70)
    expect(bar).to_have_attribute("value", "70")
    ProgressReport.objects.filter(pk=report.pk).update(state=ReportState.DONE, percent=100, finished_at=timezone.now())
    expect(region.get_by_role("link", name="PDF")).to_be_visible()
    expect(region.get_by_role("progressbar")).to_have_count(0)
    expect(page.locator("#report-progress")).not_to_have_attribute("hx-get", re.compile("."))
    assert page.evaluate("window.sameDocument") is True
    assert axe(page) == []
