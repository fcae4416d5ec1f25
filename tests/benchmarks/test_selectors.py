"""Dashboard numbers from the database: aggregation rules, benchmark status, readiness over time,
and the scheduled reminders of overdue updates."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from benchmarks.choices import ProgressStatus, UpdateState
from benchmarks.models import Benchmark, Indicator, ProgressUpdate
from benchmarks.selectors import (
    benchmarks_with_status,
    indicator_latest_values,
    status_of_rank,
    transition_readiness,
    with_standings,
)
from benchmarks.tasks import send_overdue_reminders
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db(transaction=True)
AS_OF = dt.date(2025, 8, 15)


def approve(indicator, start, end, value, status=ProgressStatus.ON_TRACK, state=UpdateState.APPROVED):
    return ProgressUpdate.objects.create(
        indicator=indicator,
        period_start=start,
        period_end=end,
        value=Decimal(value),
        status=status,
        state=state,
        approved_at=dt.datetime(2025, 8, 1, tzinfo=dt.UTC) if state == UpdateState.APPROVED else None,
    )


# Sum: the baseline (2) plus the approved values of periods from the baseline date (2024-01-01).
@pytest.mark.parametrize(("rule", "expected"), [("latest", "4"), ("sum", "17"), ("max", "8"), ("average", "5")])
def test_current_value_follows_the_aggregation_rule(world, rule, expected):
    indicator = IndicatorFactory(benchmark=world.benchmark, responsible_entity=world.agency, aggregation=rule)
    approve(indicator, dt.date(2025, 1, 1), dt.date(2025, 3, 31), 3)
    approve(indicator, dt.date(2024, 10, 1), dt.date(2024, 12, 31), 8)
    approve(indicator, dt.date(2025, 4, 1), dt.date(2025, 6, 30), 4)
    approve(indicator, dt.date(2024, 7, 1), dt.date(2024, 9, 30), 99, state=UpdateState.SUBMITTED)
    [row] = with_standings(
        list(indicator_latest_values(Indicator.objects.filter(pk=indicator.pk), as_of=AS_OF)), as_of=AS_OF
    )
    assert row.current_value == Decimal(expected)
    assert row.latest_value == Decimal("4") and row.latest_period_end == dt.date(2025, 6, 30)


def test_as_of_date_ignores_later_periods(world):
    approve(world.indicator, dt.date(2025, 1, 1), dt.date(2025, 3, 31), 3, ProgressStatus.AT_RISK)
    approve(world.indicator, dt.date(2025, 4, 1), dt.date(2025, 6, 30), 6, ProgressStatus.ACHIEVED)
    as_of = dt.date(2025, 4, 30)
    [row] = with_standings(
        list(indicator_latest_values(Indicator.objects.filter(pk=world.indicator.pk), as_of=as_of)), as_of=as_of
    )
    assert (row.latest_value, row.latest_status) == (Decimal("3.00"), ProgressStatus.AT_RISK)


def test_benchmark_takes_its_worst_indicator_and_readiness_follows(world):
    other = IndicatorFactory(benchmark=world.benchmark, responsible_entity=world.agency)
    approve(world.indicator, dt.date(2025, 1, 1), dt.date(2025, 3, 31), 3, ProgressStatus.ACHIEVED)
    approve(other, dt.date(2025, 1, 1), dt.date(2025, 3, 31), 3, ProgressStatus.OFF_TRACK)
    approve(other, dt.date(2025, 4, 1), dt.date(2025, 6, 30), 5, ProgressStatus.ON_TRACK)
    benchmarks = Benchmark.objects.filter(pk=world.benchmark.pk)
    assert status_of_rank(benchmarks_with_status(benchmarks, as_of=AS_OF).get().status_rank) == "on_track"
    points = {point.date: point for point in transition_readiness(benchmarks, as_of=AS_OF)}
    assert points[dt.date(2025, 3, 31)].percent == 0
    assert points[dt.date(2025, 6, 30)].percent == 100
    assert points[AS_OF].ready == 1 and points[AS_OF].total == 1


def test_reminders_go_to_the_planners_of_the_entity_that_owes(world, settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "UPDATE_GRACE_DAYS": 30}
    Indicator.objects.filter(pk=world.indicator.pk).update(target_date=dt.date(2099, 12, 31))  # owed today
    assert send_overdue_reminders() == 1
    assert mail.outbox[0].to == [world.agency_planner.email]
    assert "Counties with police" in mail.outbox[0].body
