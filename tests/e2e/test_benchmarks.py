"""Benchmarks and progress in a real browser: an agency reports, the mission planning unit
returns and approves, the SRSG office reads the dashboard; an Excel file with a bad row is refused
whole; both dashboards pass axe-core."""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from benchmarks.models import ProgressUpdate
from tests.benchmarks.conftest import build_progress, excel_worker, make_world, start_excel_worker  # noqa: F401 - fixtures
from tests.benchmarks.excel_uploads import filled_workbook, reporting_rows
from tests.e2e.screens import screenshot_dir
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    """UNMIL with an agency (UNDP) that reports, its planning unit, SRSG office and an HQ planner."""
    return make_world()


def test_agency_update_is_returned_with_a_reason_then_approved_in_a_batch(world, page, new_page, login):
    second = IndicatorFactory(benchmark=world.benchmark, name="Courts open", responsible_entity=world.agency)
    login(page, world.agency_planner)
    for indicator, value in ((world.indicator, "6"), (second, "4")):
        page.goto(f"/benchmarks/indicators/{indicator.pk}/update/")
        page.get_by_label("Value").fill(value)
        page.get_by_label("Status").select_option(label="On track")
        page.get_by_label("Narrative").fill("Deployed as planned.")
        page.get_by_role("button", name="Submit update").click()
        expect(page.get_by_text("Update submitted to the mission planning unit.")).to_be_visible()

    planner = new_page()
    login(planner, world.mission_planner)
    planner.goto("/benchmarks/missions/UNMIL/updates/")
    planner.get_by_label(re.compile("Select Counties with police")).check()
    planner.get_by_label("Reason for return").fill("Say which counties.")
    planner.get_by_role("button", name="Return selected").click()
    expect(planner.get_by_text("1 updates returned.")).to_be_visible()

    page.goto(f"/benchmarks/indicators/{world.indicator.pk}/update/")
    expect(page.locator(".return-reason")).to_contain_text("Say which counties.")
    page.get_by_label("Narrative").fill("Bomi, Bong and four more counties.")
    page.get_by_role("button", name="Submit update").click()
    expect(page.get_by_text("Update submitted to the mission planning unit.")).to_be_visible()

    planner.goto("/benchmarks/missions/UNMIL/updates/")
    planner.get_by_label(re.compile("Select Counties with police")).check()
    planner.get_by_label(re.compile("Select Courts open")).check()
    planner.get_by_role("button", name="Approve selected").click()
    expect(planner.get_by_text("2 updates approved.")).to_be_visible()
    expect(planner.get_by_text("No update is waiting for review.")).to_be_visible()

    srsg = new_page()
    login(srsg, world.srsg)
    srsg.goto("/benchmarks/missions/UNMIL/dashboard/")
    row = srsg.locator("#matrix tbody tr", has_text="National police take over")
    expect(row.locator(".badge.status-on_track").first).to_have_text("On track")
    expect(srsg.get_by_text("1 of 1 transition benchmarks are achieved or on track (100%).")).to_be_visible()


@pytest.mark.worker
@pytest.mark.usefixtures("excel_worker")
def test_excel_upload_with_a_bad_row_is_refused_whole(world, page, login, tmp_path, axe):
    rows = reporting_rows(world.mission, world.agency, 1200)
    path = tmp_path / "updates.xlsx"
    path.write_bytes(filled_workbook(rows))
    book = load_workbook(path)
    book["Updates"]["I1201"] = "many"  # one bad row among 1,200 good ones
    book.save(path)

    login(page, world.agency_planner)
    page.goto("/benchmarks/missions/UNMIL/excel/upload/")
    screens = screenshot_dir()
    page.screenshot(path=str(screens / "excel-upload.png"), full_page=True)
    page.get_by_label("Filled-in workbook (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Upload and submit").click()
    expect(page).to_have_url(re.compile(r"/benchmarks/excel/imports/\d+/$"))
    # The answer is the import's page; htmx follows the worker until the result replaces the bar.
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was stored", timeout=60_000)
    expect(alert.get_by_role("row", name=re.compile("Row 1201"))).to_contain_text("I (Value)")
    expect(page.get_by_role("progressbar")).to_have_count(0)
    assert axe(page) == []
    page.screenshot(path=str(screens / "excel-import-refused.png"), full_page=True)
    assert not ProgressUpdate.objects.exists()


@pytest.mark.worker
@pytest.mark.usefixtures("excel_worker")
def test_excel_upload_shows_progress_then_the_updates_submitted(world, page, login, tmp_path, axe):
    rows = reporting_rows(world.mission, world.agency, 1800)
    path = tmp_path / "updates.xlsx"
    path.write_bytes(filled_workbook(rows))

    login(page, world.agency_planner)
    page.goto("/benchmarks/missions/UNMIL/excel/upload/")
    page.get_by_label("Filled-in workbook (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Upload and submit").click()
    bar = page.get_by_role("progressbar", name="Import progress")
    expect(bar).to_be_visible()
    assert axe(page) == []
    screens = screenshot_dir()
    page.screenshot(path=str(screens / "excel-import-progress.png"), full_page=True)
    expect(page.get_by_role("status")).to_contain_text("1800 updates submitted from the workbook.", timeout=90_000)
    expect(bar).to_have_count(0)
    assert axe(page) == []
    page.screenshot(path=str(screens / "excel-import-done.png"), full_page=True)
    assert ProgressUpdate.objects.count() == 1800


def test_dashboards_pass_axe(world, page, login, axe):
    build_progress(
        world.mission, benchmarks=3, indicators=2, periods=4, agency=world.agency, approver=world.mission_planner
    )
    login(page, world.hq)
    page.goto("/benchmarks/missions/UNMIL/dashboard/")
    page.wait_for_load_state("networkidle")
    expect(page.locator("canvas#chart-readiness")).to_be_visible()
    assert axe(page) == []
    page.goto("/benchmarks/portfolio/")
    expect(page.get_by_role("table")).to_contain_text("UNMISS")
    assert axe(page) == []
