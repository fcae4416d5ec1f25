"""The product in Arabic and in Chinese, in a real browser: a person signs in, picks the language
in the header (kept for their next sign-in), and the page says its language and direction; the
three journeys in short (a planner adds to a draft framework and comments on it, an agency reports progress on an
indicator, the SRSG office reads the dashboard and compiles a report) complete with selectors
that name no English word; axe-core finds no serious or critical violation on the main pages in
any of the six languages."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from benchmarks.models import ProgressReport, ProgressUpdate
from benchmarks.reports import views as report_views
from frameworks.choices import FrameworkStatus
from frameworks.models import Comment, Priority
from planning.models import UserPreferences
from tests.benchmarks.reports.world import build_world
from tests.e2e.screens import screenshot_dir
from tests.factories import FrameworkFactory, PriorityFactory, ResultFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]
SCREENSHOTS = screenshot_dir()
TODAY = dt.date(2025, 6, 1)  # the reports page offers the period of the world's approved updates
COMPILING = 60_000
DIRECTION = {"ar": "rtl", "zh-hans": "ltr", "en": "ltr", "fr": "ltr", "ru": "ltr", "es": "ltr"}


@pytest.fixture
def world(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(report_views, "reporting_today", lambda mission: TODAY)
    world = build_world()
    world.draft = FrameworkFactory(mission=world.mission, status=FrameworkStatus.DRAFT, version=2)
    priority = PriorityFactory(framework=world.draft, order=1, title="Consolidating peace")
    ResultFactory(priority=priority)
    return world


def choose_language(page, language: str) -> None:
    """The header's switch: the select (labelled, in each language's own name) and its button."""
    switch = page.locator("form.language-switcher")
    switch.locator("select").select_option(language)
    switch.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", DIRECTION[language])


@pytest.mark.parametrize("language", ["ar", "zh-hans"])
def test_three_journeys_in_arabic_and_chinese(world, page, new_page, login, axe, language):
    # A mission planner signs in, switches language, and adds a priority to the draft framework.
    login(page, world.planner)
    page.goto(f"/missions/{world.mission.acronym}/")
    choose_language(page, language)
    assert UserPreferences.objects.get(user=world.planner).language == language
    expect(page.locator("h1")).to_contain_text(world.mission.acronym)
    if language == "ar":
        # The header's first item sits on the right in a right-to-left page.
        brand = page.locator(".site-header .brand").bounding_box()
        assert brand["x"] > 640, brand
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SCREENSHOTS / "ar-workspace.png"), full_page=True)
    assert axe(page) == []

    page.goto(f"/frameworks/{world.draft.pk}/edit/")
    page.locator("details:has(#add-priority) > summary").click()
    form = page.locator("#add-priority")
    form.locator("[name$=title]").fill("توطيد السلام" if language == "ar" else "巩固和平")
    form.locator("button[type=submit]").click()
    expect(page.locator(".outline")).to_contain_text("توطيد السلام" if language == "ar" else "巩固和平")
    assert Priority.objects.filter(framework=world.draft).count() == 2
    assert axe(page) == []
    if language == "ar":
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SCREENSHOTS / "ar-editor.png"), full_page=True)

    # The planner starts a comment thread on the draft, in the language they write in.
    page.goto(f"/frameworks/{world.draft.pk}/comments/")
    thread = page.locator("main form.form").first
    words = "يرجى إضافة حماية الطفل" if language == "ar" else "请补充儿童保护内容"
    thread.locator("[name=body]").fill(words)
    thread.locator("button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(words)
    assert Comment.objects.filter(body=words, author=world.planner).exists()
    assert axe(page) == []

    # An agency planner, whose kept language is applied when they sign in, reports progress.
    UserPreferences.objects.create(user=world.agency_planner, language=language)
    agency = new_page()
    login(agency, world.agency_planner)
    agency.goto(f"/benchmarks/indicators/{world.counties.pk}/update/")
    expect(agency.locator("html")).to_have_attribute("lang", language)
    update = agency.locator("main form.form").first
    update.locator("[name=value]").fill("11")
    update.locator("select[name=status]").select_option("on_track")
    narrative = "الشرطة تقود الأمن في 11 مقاطعة" if language == "ar" else "警察在11个县主导安全"
    update.locator("[name=narrative]").fill(narrative)
    update.locator("button[type=submit]").click()
    agency.wait_for_load_state("networkidle")
    expect(agency.locator(".messages")).to_be_visible()
    assert ProgressUpdate.objects.filter(indicator=world.counties, value=11, submitted_by=world.agency_planner).exists()
    assert axe(agency) == []

    # The SRSG office reads the dashboard and compiles the period's report.
    srsg = new_page()
    login(srsg, world.srsg)
    srsg.goto(f"/benchmarks/missions/{world.mission.acronym}/dashboard/")
    choose_language(srsg, language)
    srsg.wait_for_load_state("networkidle")
    expect(srsg.locator("canvas#chart-readiness")).to_be_visible()
    assert axe(srsg) == []
    if language == "ar":
        srsg.evaluate("window.scrollTo(0, 0)")
        srsg.screenshot(path=str(SCREENSHOTS / "ar-dashboard.png"), full_page=True)
    srsg.goto(f"/benchmarks/missions/{world.mission.acronym}/reports/")
    srsg.locator("main form.form button[type=submit]").click()
    expect(srsg).to_have_url(re.compile(r"/benchmarks/reports/\d+/$"), timeout=COMPILING)
    report = ProgressReport.objects.get()
    assert (report.mission, report.requested_by) == (world.mission, world.srsg)
    expect(srsg.locator("#report-progress .badge.status-done")).to_be_visible()
    assert axe(srsg) == []


MAIN_PAGES = [
    "/",
    "/missions/",
    "/missions/{acronym}/",
    "/frameworks/{framework}/",
    "/frameworks/{draft}/edit/",
    "/frameworks/{framework}/comments/",
    "/benchmarks/missions/{acronym}/dashboard/",
    "/benchmarks/portfolio/",
    "/benchmarks/missions/{acronym}/reports/",
    "/benchmarks/indicators/{indicator}/update/",
    "/iap/",
    "/notifications/",
    "/lessons/",
]


def test_main_pages_pass_axe_in_every_language(world, page, login, axe, settings):
    login(page, world.planner)
    found = {}
    names = {"acronym": world.mission.acronym, "framework": world.framework.pk, "draft": world.draft.pk}
    names["indicator"] = world.counties.pk
    for language, _name in settings.LANGUAGES:
        page.goto("/")
        choose_language(page, language)
        for path in MAIN_PAGES:
            url = path.format(**names)
            response = page.goto(url)
            assert response.ok, (language, url, response.status)
            page.wait_for_load_state("networkidle")
            expect(page.locator("html")).to_have_attribute("lang", language)
            expect(page.locator("html")).to_have_attribute("dir", DIRECTION[language])
            violations = axe(page)
            if violations:
                found[(language, url)] = violations
    assert found == {}
