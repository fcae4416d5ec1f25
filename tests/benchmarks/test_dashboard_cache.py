"""The dashboard cache: a write shows on the dashboards at once, a cached entry is served only
after the access check and only to viewers of the same visibility tier, and a warm dashboard
costs fewer queries than a cold one."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.choices import ProgressStatus
from benchmarks.models import ProgressUpdate
from benchmarks.services import update_submit, updates_approve_many
from frameworks.choices import FrameworkStatus
from tests.benchmarks.conftest import build_progress
from tests.factories import FrameworkFactory, PriorityFactory

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = dt.date(2025, 8, 15)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def dashboard(client, user, query: str = "") -> str:
    client.force_login(user)
    response = client.get(reverse("benchmarks:mission-dashboard", args=["UNMIL"]) + query)
    assert response.status_code == 200
    return response.content.decode()


def portfolio(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("benchmarks:portfolio"))
    assert response.status_code == 200
    return response.content.decode()


def submit_seven(world):
    """The agency submits 7.00, on track, for the world's indicator and the second quarter."""
    return update_submit(
        indicator=world.indicator,
        actor=world.agency_planner,
        period_start=dt.date(2025, 4, 1),
        value=Decimal("7.00"),
        status=ProgressStatus.ON_TRACK,
        today=TODAY,
    )


def test_submitted_then_approved_update_shows_on_the_dashboards_at_once(world, client):
    # Warm both caches: the indicator has no approved value yet and its update is overdue.
    html = dashboard(client, world.srsg)
    assert '<td class="num">—' in html and "not submitted" in html
    before = portfolio(client, world.hq)
    assert ">1</a>" in before or "1" in before

    update = submit_seven(world)
    html = dashboard(client, world.srsg)
    assert "Mission planning unit (approval)" in html  # the submitted update now waits for approval
    assert "7.00" not in html  # not approved: not a value yet

    updates_approve_many(update_ids=[update.pk], actor=world.mission_planner)
    assert ProgressUpdate.objects.get().state == "approved"
    html = dashboard(client, world.srsg)
    assert "7.00" in html
    assert "Nothing is overdue." in html
    # The benchmark is on track now, in the matrix as in the portfolio row.
    assert 'status-on_track">On track' in html
    after = portfolio(client, world.hq)
    assert after != before


def test_cached_dashboard_is_never_served_without_the_access_check(world, client):
    dashboard(client, world.srsg)  # cached for the drafts tier
    client.force_login(world.outsider)
    response = client.get(reverse("benchmarks:mission-dashboard", args=["UNMIL"]))
    assert response.status_code == 404
    response = client.get(reverse("benchmarks:portfolio"))
    assert "UNMIL" not in response.content.decode()


def test_viewers_of_another_tier_do_not_get_draft_priorities(world, client):
    from tests.factories import MembershipFactory

    framework = FrameworkFactory(mission=world.mission, status=FrameworkStatus.DRAFT)
    PriorityFactory(framework=framework, title="Draft priority only planners see")
    assert "Draft priority only planners see" in dashboard(client, world.srsg)
    observer = MembershipFactory(
        user__username="observer", entity=world.other_agency, role="observer", missions=[world.mission]
    ).user
    assert "Draft priority only planners see" not in dashboard(client, observer)


def test_framework_change_shows_in_the_matrix_at_once(world, client):
    framework = FrameworkFactory(
        mission=world.mission, status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2024, 2, 1)
    )
    PriorityFactory(framework=framework, title="Protection of civilians")
    assert "Protection of civilians" in dashboard(client, world.srsg)
    priority = framework.priorities.get()
    priority.title = "Protection of civilians and rule of law"
    priority.save()
    assert "Protection of civilians and rule of law" in dashboard(client, world.srsg)


def count_queries(client, url) -> int:
    connection.queries_log.clear()  # a full log (it keeps 9,000 queries) would count nothing
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_warm_dashboard_costs_fewer_queries_and_the_same_at_two_sizes(world, client):
    url = reverse("benchmarks:mission-dashboard", args=["UNMIL"])
    client.force_login(world.srsg)
    cold = count_queries(client, url)
    # Session, user and the mission by acronym: the viewer's rights on it, the navigation and the
    # dashboard's own reads all come from the cache (the page itself is remembered from now on:
    # the first answer set the CSRF cookie its forms are signed with).
    warm = count_queries(client, url)
    small = count_queries(client, url)  # the whole page: the session only
    build_progress(world.mission, benchmarks=6, indicators=4, periods=6, agency=world.agency, approver=world.hq)
    assert count_queries(client, url) > 7  # the new benchmarks bumped the version: computed again
    large = count_queries(client, url)
    assert small == large == 1 < warm == 3 < cold


def test_large_mission_loads_a_benchmark_on_demand(world, client):
    build_progress(world.mission, benchmarks=3, indicators=15, periods=2, agency=world.agency, approver=world.hq)
    html = dashboard(client, world.srsg)
    benchmark = world.mission.benchmarks.order_by("order", "id").last()
    link = f"benchmark={benchmark.pk}"
    assert link in html and 'hx-get="' in html
    assert f'id="chart-indicator-{benchmark.indicators.first().pk}"' not in html
    # Without JavaScript: the link opens the page with that benchmark's indicators and charts.
    html = dashboard(client, world.srsg, f"?{link}")
    assert f'id="chart-indicator-{benchmark.indicators.first().pk}"' in html
    assert f'id="dashboard-data-{benchmark.pk}"' in html
    # With htmx: only that benchmark's section.
    client.force_login(world.srsg)
    response = client.get(
        reverse("benchmarks:mission-dashboard", args=["UNMIL"]) + f"?{link}", headers={"HX-Request": "true"}
    )
    section = response.content.decode()
    assert section.lstrip().startswith(f'<div id="benchmark-section-{benchmark.pk}"')
    assert "<html" not in section and f'id="chart-indicator-{benchmark.indicators.first().pk}"' in section


def test_remembered_rights_end_the_moment_a_membership_does(world, client, django_capture_on_commit_callbacks):
    dashboard(client, world.srsg)  # rights on UNMIL remembered
    membership = world.srsg.memberships.get()
    with django_capture_on_commit_callbacks(execute=True):
        membership.is_active = False
        membership.save()
    response = client.get(reverse("benchmarks:mission-dashboard", args=["UNMIL"]))
    assert response.status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        membership.is_active = True
        membership.save()
    assert client.get(reverse("benchmarks:mission-dashboard", args=["UNMIL"])).status_code == 200


def test_remembered_rights_follow_the_indicators_an_entity_is_responsible_for(world, client):
    submit_link = reverse("benchmarks:excel-upload", args=["UNMIL"])
    client.force_login(world.other_agency_planner)  # UNICEF: responsible for no indicator yet
    assert submit_link not in dashboard(client, world.other_agency_planner)
    world.indicator.responsible_entity = world.other_agency
    world.indicator.save()
    assert submit_link in dashboard(client, world.other_agency_planner)


def remember_page(client, user, url) -> str:
    """Ask three times: the first answer sets the CSRF cookie, the second stores the page, the
    third is the remembered page (one query: the session; the user row is not read)."""
    client.force_login(user)
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries.captured_queries) == 1, [q["sql"][:80] for q in queries.captured_queries]
    return response.content.decode()


def test_remembered_page_ends_with_the_viewers_rights(world, client, django_capture_on_commit_callbacks):
    url = reverse("benchmarks:mission-dashboard", args=["UNMIL"])
    remember_page(client, world.srsg, url)
    membership = world.srsg.memberships.get()
    with django_capture_on_commit_callbacks(execute=True):
        membership.missions.set([world.other_mission])
    assert client.get(url).status_code == 404
    assert "UNMIL" not in client.get(reverse("benchmarks:portfolio")).content.decode()


def test_remembered_page_is_the_viewers_own(world, client):
    url = reverse("benchmarks:mission-dashboard", args=["UNMIL"])
    remember_page(client, world.srsg, url)
    client.force_login(world.outsider)  # same browser, another user
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_remembered_page_shows_new_notices_and_data(world, client):
    from missions.models import Notification

    url = reverse("benchmarks:mission-dashboard", args=["UNMIL"])
    html = remember_page(client, world.srsg, url)
    assert "nav-count" not in html
    Notification.objects.create(user=world.srsg, text="Report ready")
    assert "nav-count" in client.get(url).content.decode()
    portfolio_url = reverse("benchmarks:portfolio")
    before = remember_page(client, world.hq, portfolio_url)
    update = submit_seven(world)
    updates_approve_many(update_ids=[update.pk], actor=world.mission_planner)
    assert client.get(portfolio_url).content.decode() != before
    client.force_login(world.srsg)
    assert "7.00" in client.get(url).content.decode()


def test_a_waiting_message_is_shown_not_a_remembered_page(world, client):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    url = reverse("benchmarks:mission-dashboard", args=["UNMIL"])
    remember_page(client, world.srsg, url)
    # A message set by the previous answer (as after a form saved elsewhere) waits in its cookie.
    client.cookies["messages"] = CookieStorage(HttpRequest())._encode([Message(constants.SUCCESS, "Saved.")])
    assert "Saved." in client.get(url).content.decode()
    assert "Saved." not in client.get(url).content.decode()  # shown once


def test_deleting_a_benchmark_shows_at_once_and_reads_no_row_per_update(world, client):
    from benchmarks.models import Benchmark
    from tests.factories import BenchmarkFactory, IndicatorFactory, ProgressUpdateFactory

    def benchmark_with(indicators: int, periods: int) -> Benchmark:
        benchmark = BenchmarkFactory(mission=world.mission, title=f"Benchmark of {indicators}x{periods}")
        for _ in range(indicators):
            indicator = IndicatorFactory(benchmark=benchmark, responsible_entity=world.agency)
            for p in range(periods):
                start = dt.date(2023 + p // 4, 1 + 3 * (p % 4), 1)
                ProgressUpdateFactory(indicator=indicator, period_start=start, period_end=start + dt.timedelta(days=80))
        return benchmark

    small, large = benchmark_with(1, 1), benchmark_with(4, 6)
    assert "Benchmark of 4x6" in dashboard(client, world.srsg)
    reads = {}
    for name, benchmark in (("small", small), ("large", large)):
        with CaptureQueriesContext(connection) as queries:
            benchmark.delete()
        reads[name] = sum(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
    assert reads["small"] == reads["large"], reads
    assert "Benchmark of 4x6" not in dashboard(client, world.srsg)


def test_overdue_panel_counts_who_owes_and_lists_the_first_ones(world, client, settings):
    from benchmarks.views import MissionDashboardView
    from tests.factories import IndicatorFactory

    for _ in range(MissionDashboardView.OVERDUE_LIMIT + 2):
        IndicatorFactory(benchmark=world.indicator.benchmark, responsible_entity=world.other_agency)
    html = dashboard(client, world.srsg)
    total = MissionDashboardView.OVERDUE_LIMIT + 3  # the world's own indicator is overdue too
    assert f'<tr><th scope="row">{world.other_agency.code}</th><td class="num">{total - 1}</td></tr>' in html
    assert f'<tr><th scope="row">{world.agency.code}</th><td class="num">1</td></tr>' in html
    assert f"(first {MissionDashboardView.OVERDUE_LIMIT} of {total})" in html
    assert f"Show all {total} overdue updates" in html

    def listed(page: str) -> int:
        section = page[page.index('id="overdue-heading"') :]
        section = section[: section.index("</section>")]
        return section.count('<span class="badge status-overdue">Overdue</span>')

    assert listed(html) == MissionDashboardView.OVERDUE_LIMIT
    everything = dashboard(client, world.srsg, "?overdue=all")
    assert listed(everything) == total
    assert "Show all" not in everything


def test_remembered_page_ends_with_a_change_of_the_user(world, client):
    from django.contrib.auth import get_user_model

    url = reverse("benchmarks:mission-dashboard", args=["UNMIL"])
    remember_page(client, world.srsg, url)
    user = get_user_model().objects.get(pk=world.srsg.pk)
    user.first_name, user.last_name = "Ama", "Mensah"
    user.save()
    assert "Ama Mensah" in client.get(url).content.decode()
    user.is_active = False
    user.save()
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_remembered_page_ends_with_a_password_change(world, client):
    url = reverse("benchmarks:mission-dashboard", args=["UNMIL"])
    remember_page(client, world.srsg, url)
    world.srsg.set_password("another-pass-word-2026")
    world.srsg.save()
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def count_third(client, user, url) -> int:
    client.force_login(user)
    client.get(url)
    client.get(url)
    return count_queries(client, url)


def test_only_the_pages_own_links_are_remembered(world, client):
    base = reverse("benchmarks:mission-dashboard", args=["UNMIL"])
    assert count_third(client, world.srsg, base) == 1
    assert count_third(client, world.srsg, base + "?overdue=all") == 1
    assert count_third(client, world.srsg, base + f"?benchmark={world.indicator.benchmark_id}") == 1
    # Made-up parameters, values or benchmarks are answered but never stored.
    assert count_third(client, world.srsg, base + "?made=up") > 1
    assert count_third(client, world.srsg, base + "?overdue=everything") > 1
    assert count_third(client, world.srsg, base + "?benchmark=987654") > 1
    portfolio_url = reverse("benchmarks:portfolio")
    assert count_third(client, world.hq, portfolio_url + "?sort=-overdue&phase=" + world.mission.phase) == 1
    assert count_third(client, world.hq, portfolio_url + "?q=UNMIL") > 1
    assert count_third(client, world.hq, portfolio_url + "?sort=nonsense") > 1


def test_nothing_is_remembered_without_a_shared_cache(world, client, settings):
    settings.WORKBENCH_SHARED_CACHE = False
    url = reverse("benchmarks:mission-dashboard", args=["UNMIL"])
    client.force_login(world.srsg)
    client.get(url)
    second = count_queries(client, url)
    # Rights and the navigation are asked of the database on every request, the page computed.
    assert count_queries(client, url) == second > 3


def test_a_benchmark_asked_for_by_an_odd_number_is_ignored(world, client):
    client.force_login(world.srsg)
    url = reverse("benchmarks:mission-dashboard", args=["UNMIL"])
    for odd in ("²", "9" * 5000, "-1"):
        assert client.get(url, {"benchmark": odd}).status_code == 200
