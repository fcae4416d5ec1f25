"""Rules of the benchmarks model: refused by full_clean() on the right field with a readable message,
and refused by the database (PostgreSQL or SQLite) when clean() is bypassed."""

import datetime as dt

import pytest
from django.utils import timezone

from benchmarks.choices import UpdateState
from benchmarks.models import Indicator, ProgressReport, ProgressUpdate
from tests.factories import (
    BenchmarkFactory,
    CapacityGapFactory,
    IndicatorFactory,
    MissionFactory,
    ProgressReportFactory,
    ProgressUpdateFactory,
)
from tests.model_meta import db_refuses, model_meta_tests, refused

pytestmark = pytest.mark.django_db


# Indicator: target date after baseline date


@pytest.mark.parametrize("days", [0, -1])
def test_indicator_target_on_or_before_baseline_is_refused(days):
    indicator = IndicatorFactory()
    indicator.target_date = indicator.baseline_date + dt.timedelta(days=days)
    message = refused(indicator, "target_date")
    assert "Target date" in message and "baseline date" in message


def test_indicator_target_after_baseline_passes():
    indicator = IndicatorFactory()
    indicator.target_date = indicator.baseline_date + dt.timedelta(days=1)
    indicator.full_clean()


def test_database_refuses_indicator_target_before_baseline():
    indicator = IndicatorFactory()
    db_refuses(
        lambda: Indicator.objects.filter(pk=indicator.pk).update(target_date=indicator.baseline_date),
        "indicator_target_after_baseline",
    )
    db_refuses(
        lambda: IndicatorFactory(baseline_date=dt.date(2025, 1, 1), target_date=dt.date(2024, 1, 1)),
        "indicator_target_after_baseline",
    )


# Progress update: period in order, one per indicator and period


@pytest.mark.parametrize("days", [0, -1])
def test_update_period_ending_on_or_before_its_start_is_refused(days):
    update = ProgressUpdateFactory()
    update.period_end = update.period_start + dt.timedelta(days=days)
    message = refused(update, "period_end")
    assert "Period end" in message and "period start" in message


def test_database_refuses_update_period_ending_before_start():
    update = ProgressUpdateFactory()
    db_refuses(
        lambda: ProgressUpdate.objects.filter(pk=update.pk).update(period_end=update.period_start),
        "update_period_end_after_start",
    )


def test_second_update_for_the_same_indicator_and_period_is_refused_on_period_start():
    first = ProgressUpdateFactory()
    first.full_clean()  # an update does not conflict with itself
    second = ProgressUpdate(indicator=first.indicator, period_start=first.period_start, period_end=first.period_end)
    assert "already has an update" in refused(second, "period_start")


def test_updates_for_other_periods_or_other_indicators_pass():
    first = ProgressUpdateFactory()
    ProgressUpdate(
        indicator=first.indicator, period_start=dt.date(2025, 4, 1), period_end=dt.date(2025, 6, 30)
    ).full_clean()
    ProgressUpdate(
        indicator=IndicatorFactory(benchmark=first.indicator.benchmark),
        period_start=first.period_start,
        period_end=first.period_end,
    ).full_clean()


def test_database_refuses_a_second_update_for_the_same_indicator_and_period():
    first = ProgressUpdateFactory()
    db_refuses(
        lambda: ProgressUpdate.objects.bulk_create(
            [
                ProgressUpdate(
                    indicator=first.indicator, period_start=first.period_start, period_end=dt.date(2025, 6, 30)
                )
            ]
        ),
        "update_once_per_indicator_period",
    )


# Progress update: returned with a reason, approved with a time


@pytest.mark.parametrize("reason", ["", "  \n"])
def test_returned_update_without_reason_is_refused(reason):
    update = ProgressUpdateFactory()
    update.state, update.return_reason = UpdateState.RETURNED, reason
    assert "returned" in refused(update, "return_reason")


def test_returned_update_with_reason_passes():
    update = ProgressUpdateFactory()
    update.state, update.return_reason = UpdateState.RETURNED, "The evidence link does not open."
    update.full_clean()


def test_database_refuses_returned_update_without_reason():
    update = ProgressUpdateFactory()
    db_refuses(
        lambda: ProgressUpdate.objects.filter(pk=update.pk).update(state=UpdateState.RETURNED),
        "update_return_has_reason",
    )


def test_approved_update_without_approval_time_is_refused():
    update = ProgressUpdateFactory()
    update.state = UpdateState.APPROVED
    assert "approval time" in refused(update, "approved_at")
    update.approved_at = timezone.now()
    update.full_clean()
    db_refuses(
        lambda: ProgressUpdate.objects.filter(pk=update.pk).update(state=UpdateState.APPROVED),
        "update_approved_has_time",
    )


# Progress report: period in order, percent done up to 100


@pytest.mark.parametrize("days", [0, -1])
def test_report_period_ending_on_or_before_its_start_is_refused(days):
    report = ProgressReportFactory()
    report.period_end = report.period_start + dt.timedelta(days=days)
    message = refused(report, "period_end")
    assert "Period end" in message and "period start" in message


def test_report_period_in_order_passes():
    ProgressReportFactory().full_clean()


def test_database_refuses_report_period_ending_before_start():
    mission = MissionFactory()
    db_refuses(
        lambda: ProgressReport.objects.create(
            mission=mission, period_start=dt.date(2025, 4, 1), period_end=dt.date(2025, 1, 1)
        ),
        "report_period_end_after_start",
    )


def test_report_percent_above_100_is_refused():
    report = ProgressReportFactory()
    report.percent = 101
    assert "100" in refused(report, "percent")
    db_refuses(lambda: ProgressReport.objects.filter(pk=report.pk).update(percent=101), "report_percent_range")


# Every model: a name, an order and a human name

test_model_has_str_ordering_and_verbose_names, test_str_reads_as_the_domain_object = model_meta_tests(
    "benchmarks",
    factories=[BenchmarkFactory, IndicatorFactory, ProgressUpdateFactory, CapacityGapFactory, ProgressReportFactory],
)
