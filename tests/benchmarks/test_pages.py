"""Pages of benchmarks and progress through the test client: access (404 / 403 with a reason),
forms that write through services, and the dashboards' content."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from benchmarks.choices import UpdateState
from benchmarks.models import Benchmark, Indicator, ProgressUpdate
from benchmarks.services import update_submit
from tests.benchmarks.conftest import build_progress
from tests.benchmarks.excel_uploads import reporting_rows
from tests.factories import ProgressUpdateFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def client_as(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2025, 8, 15))


def test_mission_dashboard_shows_matrix_overdue_readiness_and_gaps(world, client_as):
    build_progress(
        world.mission, benchmarks=2, indicators=2, periods=3, agency=world.agency, approver=world.mission_planner
    )
    response = client_as(world.srsg).get(reverse("benchmarks:mission-dashboard", args=["UNMIL"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="matrix"' in html and "Priority" in html
    assert "Overdue updates and who owes them" in html
    assert "UNDP" in html  # owes the update of the indicator without any approved value
    assert "Transition readiness" in html and "Data table: transition readiness" in html
    assert "Too few police advisers" in html
    assert "chart.umd.min.js" in html and 'aria-hidden="true"' in html


def test_dashboard_of_an_invisible_mission_is_404(world, client_as):
    response = client_as(world.outsider).get(reverse("benchmarks:mission-dashboard", args=["UNMIL"]))
    assert response.status_code == 404


def test_portfolio_lists_visible_missions_only_and_sorts(world, client_as):
    build_progress(
        world.mission, benchmarks=2, indicators=1, periods=2, agency=world.agency, approver=world.mission_planner
    )
    client = client_as(world.hq)
    html = client.get(reverse("benchmarks:portfolio")).content.decode()
    assert "UNMIL" in html and "UNMISS" in html
    assert "IAP minimum requirements" in html
    html = client_as(world.agency_planner).get(reverse("benchmarks:portfolio") + "?sort=-overdue").content.decode()
    assert "UNMIL" in html and "UNMISS" not in html
    html = client_as(world.hq).get(reverse("benchmarks:portfolio") + "?q=unmiss").content.decode()
    assert "UNMISS" in html and ">UNMIL<" not in html


def test_portfolio_filters_keep_their_parameters_and_ignore_values_they_do_not_know(world, client_as):
    from missions.models import Mission

    Mission.objects.filter(acronym="UNMISS").update(phase="drawdown")
    client = client_as(world.hq)
    url = reverse("benchmarks:portfolio")
    html = client.get(url, {"phase": "drawdown"}).content.decode()
    assert "UNMISS" in html and ">UNMIL<" not in html
    response = client.get(url, {"phase": "no-such-phase", "type": "none", "sort": "nonsense", "overdue": "maybe"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "UNMISS" in html and ">UNMIL<" in html
    assert response.context["sort"] == "mission" and response.context["filters"]["phase"] == ""
    html = client.get(url, {"q": "unmiss", "sort": "-mission"}).content.decode()
    assert "UNMISS" in html and ">UNMIL<" not in html


def test_only_missions_with_overdue_updates(world, client_as):
    build_progress(
        world.mission, benchmarks=1, indicators=1, periods=1, agency=world.agency, approver=world.mission_planner
    )
    rows = client_as(world.hq).get(reverse("benchmarks:portfolio"), {"overdue": "1"}).context["rows"]
    assert rows and all(row["overdue"] for row in rows)


def test_agency_submits_through_the_page(world, client_as):
    url = reverse("benchmarks:update-submit", args=[world.indicator.pk])
    response = client_as(world.agency_planner).post(
        url, {"period_start": "2025-04-01", "value": "6", "status": "on_track", "narrative": "Six counties."}
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.state == UpdateState.SUBMITTED and update.value == Decimal("6")


def test_other_agency_sees_the_indicator_but_is_refused_with_a_reason(world, client_as):
    url = reverse("benchmarks:update-submit", args=[world.indicator.pk])
    client = client_as(world.other_agency_planner)
    assert client.get(url).status_code == 200
    response = client.post(url, {"period_start": "2025-04-01", "value": "6", "status": "on_track"})
    assert response.status_code == 403
    assert "submit progress updates" in response.content.decode()


def test_queue_approves_a_batch_and_returns_with_reason(world, client_as):
    second = Indicator.objects.create(
        benchmark=world.benchmark,
        name="Courts open",
        unit="courts",
        baseline_value=1,
        baseline_date=dt.date(2024, 1, 1),
        target_value=9,
        target_date=dt.date(2026, 1, 1),
        responsible_entity=world.agency,
    )
    updates = [
        update_submit(
            indicator=ind,
            actor=world.agency_planner,
            period_start=dt.date(2025, 4, 1),
            value=1,
            status="on_track",
            today=dt.date(2025, 8, 15),
        )
        for ind in (world.indicator, second)
    ]
    url = reverse("benchmarks:update-queue", args=["UNMIL"])
    client = client_as(world.mission_planner)
    response = client.post(url, {"updates": [updates[0].pk], "decision": "return", "reason": ""})
    # A refused form answers 422 with the form and its errors (was 200).
    assert response.status_code == 422 and "Say why" in response.content.decode()
    response = client.post(url, {"updates": [updates[0].pk], "decision": "return", "reason": "No evidence."})
    assert response.status_code == 302
    response = client.post(url, {"updates": [updates[1].pk], "decision": "approve"})
    assert response.status_code == 302
    states = dict(ProgressUpdate.objects.values_list("pk", "state"))
    assert states == {updates[0].pk: UpdateState.RETURNED, updates[1].pk: UpdateState.APPROVED}
    page = client_as(world.agency_planner).get(reverse("benchmarks:update-submit", args=[world.indicator.pk]))
    assert "No evidence." in page.content.decode()


def test_queue_shows_a_page_at_a_time_and_a_later_page_is_approved_like_the_first(world, client_as):
    from benchmarks.views import QUEUE_PAGE_SIZE
    from planning.iap import add_months

    for indicator_id, start in reporting_rows(world.mission, world.agency, QUEUE_PAGE_SIZE + 2):
        ProgressUpdateFactory(
            indicator_id=indicator_id,
            period_start=start,
            period_end=add_months(start, 3) - dt.timedelta(days=1),
            state=UpdateState.SUBMITTED,
            submitted_by=world.agency_planner,
        )
    url = reverse("benchmarks:update-queue", args=["UNMIL"])
    client = client_as(world.mission_planner)
    first = client.get(url)
    assert len(first.context["updates"]) == QUEUE_PAGE_SIZE
    page = first.content.decode()
    assert f"{QUEUE_PAGE_SIZE + 2} submitted updates waiting" in page and 'rel="next"' in page
    last = client.get(url, {"page": 2})
    rest = [update.pk for update in last.context["updates"]]
    assert len(rest) == 2 and not set(rest) & {update.pk for update in first.context["updates"]}
    assert client.post(url, {"updates": rest, "decision": "approve"}).status_code == 302
    assert ProgressUpdate.objects.filter(pk__in=rest, state=UpdateState.APPROVED).count() == 2
    assert 'rel="next"' not in client.get(url).content.decode()


def test_queue_is_refused_to_agency_planners(world, client_as):
    response = client_as(world.agency_planner).get(reverse("benchmarks:update-queue", args=["UNMIL"]))
    assert response.status_code == 403


def test_mission_planner_creates_benchmark_and_indicator(world, client_as):
    from missions.models import CountryTeamMember

    # The responsible entity is chosen among the mission and its country team.
    CountryTeamMember.objects.create(mission=world.mission, entity=world.agency)
    client = client_as(world.mission_planner)
    response = client.post(
        reverse("benchmarks:benchmark-create", args=["UNMIL"]),
        {"title": "Elections held peacefully", "order": 2, "is_transition": "on"},
    )
    assert response.status_code == 302
    benchmark = Benchmark.objects.get(title="Elections held peacefully")
    assert benchmark.is_transition
    response = client.post(
        reverse("benchmarks:indicator-create", args=[benchmark.pk]),
        {
            "name": "Polling stations open",
            "unit": "stations",
            "baseline_value": "0",
            "baseline_date": "2025-01-01",
            "target_value": "500",
            "target_date": "2026-01-01",
            "direction": "up",
            "frequency": "quarterly",
            "aggregation": "max",
            "data_source": "Electoral commission",
            "responsible_entity": world.agency.pk,
        },
    )
    assert response.status_code == 302
    assert benchmark.indicators.get().aggregation == "max"
    assert client.get(reverse("benchmarks:benchmark-detail", args=[benchmark.pk])).status_code == 200
    assert client.get(reverse("benchmarks:benchmark-list", args=["UNMIL"])).status_code == 200


def test_srsg_office_may_not_create_benchmarks(world, client_as):
    response = client_as(world.srsg).post(reverse("benchmarks:benchmark-create", args=["UNMIL"]), {"title": "x"})
    assert response.status_code == 403
    # Nor is the form offered to them: the list shows no button, the page answers 403.
    assert client_as(world.srsg).get(reverse("benchmarks:benchmark-create", args=["UNMIL"])).status_code == 403
    html = client_as(world.srsg).get(reverse("benchmarks:benchmark-list", args=["UNMIL"])).content.decode()
    assert reverse("benchmarks:benchmark-create", args=["UNMIL"]) not in html
    html = client_as(world.mission_planner).get(reverse("benchmarks:benchmark-list", args=["UNMIL"])).content.decode()
    assert reverse("benchmarks:benchmark-create", args=["UNMIL"]) in html


def test_the_new_benchmark_page_cancels_to_the_list(world, client_as):
    html = client_as(world.mission_planner).get(reverse("benchmarks:benchmark-create", args=["UNMIL"])).content.decode()
    assert "<h1>New benchmark</h1>" in html
    assert f'href="{reverse("benchmarks:benchmark-list", args=["UNMIL"])}">Cancel' in html


def test_the_indicator_links_follow_the_viewers_rights(world, client_as):
    url = reverse("benchmarks:benchmark-detail", args=[world.benchmark.pk])
    edit = reverse("benchmarks:indicator-edit", args=[world.indicator.pk])
    html = client_as(world.agency_planner).get(url).content.decode()
    assert ">Report<" in html and edit not in html
    html = client_as(world.other_agency_planner).get(url).content.decode()
    assert ">Updates<" in html and edit not in html
    html = client_as(world.mission_planner).get(url).content.decode()
    assert edit in html and reverse("benchmarks:benchmark-edit", args=[world.benchmark.pk]) in html


def test_overdue_list_shows_the_state_of_a_due_update_only_to_those_who_may_see_that_update(world, client_as):
    """An update submitted for an overdue period: the planning unit and the responsible entity see
    it waiting for approval; another agency and an observer see only that the period is overdue."""
    from missions.choices import Role
    from tests.factories import MembershipFactory

    observer = MembershipFactory(
        user__username="observer", entity=world.other_agency, role=Role.OBSERVER, missions=[world.mission]
    ).user
    update_submit(
        indicator=world.indicator,
        actor=world.agency_planner,
        period_start=dt.date(2025, 4, 1),
        value=Decimal("5"),
        status="on_track",
    )
    url = reverse("benchmarks:mission-dashboard", args=["UNMIL"])
    for user, sees_state in (
        (world.mission_planner, True),
        (world.agency_planner, True),
        (world.other_agency_planner, False),
        (observer, False),
    ):
        html = client_as(user).get(url).content.decode()
        assert "Counties with police" in html, user  # the overdue row is listed for everyone
        assert ("badge status-submitted" in html) is sees_state, user
        assert ("Mission planning unit (approval)" in html) is sees_state, user
        assert "not submitted" not in html, user


def test_dashboard_api_and_report_show_the_same_figure_by_the_rules(world, client_as):
    """A cumulative (sum) indicator reporting increments: the figure is the baseline plus the
    increments since the baseline date, the same on the dashboard, in the API and in the report;
    a reported "achieved" short of the target is flagged."""
    from benchmarks.reports.data import report_data
    from benchmarks.services import indicator_update, updates_approve_many

    indicator_update(indicator=world.indicator, actor=world.mission_planner, aggregation="sum")
    for start, value, status in ((dt.date(2025, 1, 1), "3", "on_track"), (dt.date(2025, 4, 1), "4", "achieved")):
        update_submit(
            indicator=world.indicator,
            actor=world.agency_planner,
            period_start=start,
            value=Decimal(value),
            status=status,
        )
    updates_approve_many(
        update_ids=list(ProgressUpdate.objects.values_list("pk", flat=True)), actor=world.mission_planner
    )
    # Baseline 2 + 3 + 4 = 9 against a target of 15: 7 of the 13 to go, 53%.
    html = client_as(world.srsg).get(reverse("benchmarks:mission-dashboard", args=["UNMIL"])).content.decode()
    # The page shows the figure in the language's formats (planning.l10n): 9, not the stored 9.00.
    assert '<td class="num">9<' in html and ">53%<" in html
    assert "Reported achieved at 53% of the way" in html
    standing = client_as(world.srsg).get(f"/api/indicators/{world.indicator.pk}/").json()["standing"]
    assert standing == {
        "value": "9.00",
        "progress": 53,
        "status": "achieved",
        "period_end": "2025-06-30",
        "stale": False,
    }
    data = report_data(mission=world.mission, period_start=dt.date(2025, 4, 1), period_end=dt.date(2025, 8, 15))
    [row] = [r for p in data.benchmarks for r in p.indicators if r.indicator.pk == world.indicator.pk]
    assert row.current_value == Decimal("9.00")


def test_a_closed_missions_dashboard_opens_at_its_closing_date_and_says_its_data_ends(world, client_as):
    from missions.models import Mission

    update_submit(
        indicator=world.indicator,
        actor=world.agency_planner,
        period_start=dt.date(2025, 1, 1),
        value=Decimal("5"),
        status="on_track",
    )
    from benchmarks.services import updates_approve_many

    updates_approve_many(
        update_ids=list(ProgressUpdate.objects.values_list("pk", flat=True)), actor=world.mission_planner
    )
    Mission.objects.filter(pk=world.mission.pk).update(phase="closed", closed_on=dt.date(2025, 6, 30))
    html = client_as(world.srsg).get(reverse("benchmarks:mission-dashboard", args=["UNMIL"])).content.decode()
    assert "Status as of June 30, 2025" in html and "Closing date (June 30, 2025)" in html
    assert "data ends Mar 2025" in html
