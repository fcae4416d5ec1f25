"""A planner filters the mission list and downloads it as CSV and Excel from the page; the files
hold the filtered rows. The page with its download links passes axe-core."""

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from missions.choices import MissionType
from tests.benchmarks.conftest import make_world
from tests.e2e.screens import screenshot_dir

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    w = make_world()
    w.other_mission.mission_type = MissionType.POLITICAL
    w.other_mission.save()
    return w


def test_a_planner_downloads_the_filtered_mission_list(world, page, login, axe):
    login(page, world.hq)
    page.goto("/missions/")
    page.get_by_label("Type").select_option(label="Special political mission")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table.data tbody tr")).to_have_count(1)

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download CSV").click()
    assert csv_download.value.suggested_filename.startswith("missions-")
    rows = list(csv.DictReader(io.StringIO(Path(csv_download.value.path()).read_text(encoding="utf-8-sig"))))
    assert [row["Acronym"] for row in rows] == ["UNMISS"]

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Download Excel").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes())).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["UNMISS"]
    assert sheet.freeze_panes == "A2"

    assert axe(page) == []
    page.mouse.move(0, 0)
    page.screenshot(path=str(screenshot_dir() / "export-mission-list.png"), full_page=True)
    page.goto(f"/benchmarks/{world.benchmark.pk}/")
    page.screenshot(path=str(screenshot_dir() / "export-indicators.png"), full_page=True)


def test_every_list_offers_its_downloads_and_passes_axe(world, page, login, axe):
    from benchmarks.choices import UpdateState
    from frameworks.choices import FrameworkStatus
    from tests.factories import (
        CapacityGapFactory,
        CommentFactory,
        FrameworkFactory,
        PriorityFactory,
        ProgressUpdateFactory,
    )

    framework = FrameworkFactory(mission=world.mission, status=FrameworkStatus.CONSULTATION)
    CommentFactory(
        priority=PriorityFactory(framework=framework), author=world.agency_planner, author_entity=world.agency
    )
    CapacityGapFactory(mission=world.mission)
    ProgressUpdateFactory(indicator=world.indicator, state=UpdateState.SUBMITTED, submitted_by=world.agency_planner)
    login(page, world.mission_planner)
    for name, path in [
        ("benchmarks", "/benchmarks/missions/UNMIL/"),
        ("update-queue", "/benchmarks/missions/UNMIL/updates/"),
        ("capacity-gaps", "/benchmarks/missions/UNMIL/gaps/"),
        ("comments", f"/frameworks/{framework.pk}/comments/"),
    ]:
        page.goto(path)
        expect(page.get_by_role("link", name="Download CSV")).to_have_attribute("href", f"{path}?format=csv")
        expect(page.get_by_role("link", name="Download Excel")).to_be_visible()
        assert axe(page) == [], name
        page.screenshot(path=str(screenshot_dir() / f"export-{name}.png"), full_page=True)
