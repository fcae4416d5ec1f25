"""The compact in a real browser: a host-government planner reports on a government commitment,
the mission planning unit approves it, and the commitment shows as met on the compact page (both
sides' delivery at a glance) and in the progress report compiled afterwards. Each page passes
axe-core."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from benchmarks.choices import ReportState
from benchmarks.compact import services
from benchmarks.reports import services as reports
from missions.choices import EntityKind, Role
from tests.benchmarks.conftest import make_world
from tests.e2e.screens import screenshot_dir
from tests.factories import EntityFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = screenshot_dir()
NARRATIVE = "The legislature passed the Land Rights Act."


@pytest.fixture
def cworld(settings, tmp_path, eager_celery):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = make_world()
    world.mission.country = "LR"
    world.mission.save()
    world.ministry = EntityFactory(
        code="LR-MOJ", name="Ministry of Justice", kind=EntityKind.HOST_GOVERNMENT, country="LR"
    )
    world.minister = MembershipFactory(
        user__username="ministry", entity=world.ministry, role=Role.AGENCY_PLANNER, missions=[world.mission]
    ).user
    today = timezone.localdate()
    world.compact = services.compact_create(
        mission=world.mission,
        actor=world.mission_planner,
        title="Liberia compact",
        starts=today - dt.timedelta(days=200),
        ends=today + dt.timedelta(days=300),
    )
    world.law = services.commitment_create(
        compact=world.compact,
        actor=world.mission_planner,
        side="government",
        owner=world.ministry,
        due_on=today + dt.timedelta(days=30),
        text="Pass the Land Rights Act",
    )
    services.commitment_create(
        compact=world.compact,
        actor=world.mission_planner,
        side="un",
        owner=world.agency,
        due_on=today + dt.timedelta(days=60),
        text="Support land commissions in every county",
    )
    return world


def test_a_government_commitment_is_reported_approved_and_shown_in_the_report(cworld, browser, live_server, login, axe):
    def new_page():
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        return context.new_page()

    url = f"/benchmarks/missions/{cworld.mission.acronym}/compact/"
    minister = new_page()
    login(minister, cworld.minister, "pass-word-123")
    minister.goto(url)
    expect(minister.get_by_role("heading", level=1)).to_contain_text("Compact of mutual commitments")
    assert axe(minister) == []
    row = minister.get_by_role("row", name="Pass the Land Rights Act")
    expect(row.get_by_text("Not reported")).to_be_visible()
    row.get_by_role("link", name="Report status").click()
    minister.get_by_label("Status").select_option(label="Met")
    minister.get_by_label("Narrative").fill(NARRATIVE)
    assert axe(minister) == []
    minister.get_by_role("button", name="Submit for review").click()
    expect(minister.get_by_text("Update submitted for review.")).to_be_visible()
    expect(minister.get_by_role("row", name="Pass the Land Rights Act")).to_contain_text("Submitted")
    # The UN side's commitment is not the ministry's to report on.
    expect(minister.get_by_role("row", name="Support land commissions").get_by_role("link")).to_have_count(0)

    planner = new_page()
    login(planner, cworld.mission_planner, "pass-word-123")
    planner.goto(url)
    planner.get_by_role("row", name="Pass the Land Rights Act").get_by_role("link", name="Review").click()
    assert axe(planner) == []
    planner.get_by_label("Approve").check()
    planner.get_by_role("button", name="Record the decision").click()
    expect(planner.get_by_text("Update approved.")).to_be_visible()
    row = planner.get_by_role("row", name="Pass the Land Rights Act")
    expect(row.locator("td .badge").first).to_have_text("Met")
    glance = planner.get_by_role("region", name="Delivery at a glance")
    expect(glance.get_by_role("row", name="Government")).to_contain_text("1")
    assert axe(planner) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    planner.mouse.move(1270, 890)
    planner.screenshot(path=str(SCREENSHOTS / "compact.png"), full_page=True)

    today = timezone.localdate()
    report = reports.report_request(
        mission=cworld.mission,
        period_start=today - dt.timedelta(days=90),
        period_end=today,
        requested_by=cworld.mission_planner,
    )
    report.refresh_from_db()
    assert report.state == ReportState.DONE, report.error
    html = report.html_file.read().decode()
    assert "Compact of mutual commitments" in html and NARRATIVE in html
    planner.goto(f"/benchmarks/reports/{report.pk}/")
    assert axe(planner) == []
