"""A mission planner records a mandate review in a real browser (a refused date first), then sets
the snapshots of two reviews side by side and sees what changed. Every page passes the
accessibility check."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from benchmarks.models import MandateReview
from tests.e2e.screens import screenshot_dir
from tests.missions.test_reviews import build, record
from tests.missions.test_setup_pages import make_setup_world

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = screenshot_dir()


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"transition-{name}.png"), full_page=True)


def test_a_planner_records_a_review_and_compares_two_snapshots(page, login, axe):
    w = build(make_setup_world(), 2)
    first = record(w, held_on=dt.date(2025, 3, 31), gap_statuses={gap.pk: "open" for gap in w.gaps})
    login(page, w.planner)
    page.goto("/missions/UNMIL/")
    page.get_by_role("link", name="Transition", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Transition — UNMIL")
    expect(page.get_by_text("Two mandate reviews are needed to compare their snapshots.")).to_be_visible()
    assert axe(page) == []

    page.get_by_role("link", name="Record a mandate review").click()
    page.get_by_label("Kind").select_option(label="Mandate renewal")
    page.get_by_label("Held on").fill("2020-01-01")
    page.get_by_label("Summary").fill("Renewal with a smaller force.")
    page.get_by_label("Gap 0").select_option(label="Closed")
    page.get_by_label("Gap 1").select_option(label="Partly addressed")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("alert")).to_contain_text("Held on")
    expect(page.get_by_label("Held on")).to_have_attribute("aria-invalid", "true")
    assert axe(page) == []
    shot(page, "review-errors")
    assert MandateReview.objects.count() == 1
    page.get_by_label("Held on").fill("2025-09-30")
    page.get_by_role("button", name="Record the review").click()

    expect(page.get_by_text("Mandate review recorded, with a snapshot of the mission's standing.")).to_be_visible()
    expect(page.get_by_role("cell", name="Renewal with a smaller force.")).to_be_visible()
    second = MandateReview.objects.exclude(pk=first.pk).get()
    assert second.snapshot["gaps"][0]["status"] == "closed"
    # The page compares the two latest snapshots; choosing them again gives the same table.
    page.get_by_label("Earlier snapshot").select_option(str(first.pk))
    page.get_by_label("Later snapshot").select_option(str(second.pk))
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_text("2 changes between the two snapshots.")).to_be_visible()
    gaps = page.get_by_role("table", name="Capacity gap statuses")
    expect(gaps.get_by_role("row", name="Gap 0")).to_contain_text("Changed")
    expect(page.get_by_role("table", name="Benchmark statuses").get_by_text("Changed")).to_have_count(0)
    assert axe(page) == []
    shot(page, "compare")
