"""Reporting periods. Periods follow the indicator's frequency and are aligned on the calendar
year (a quarterly indicator reports January-March, April-June, ...), so every entity reporting on
the same frequency reports on the same dates and the dashboards can compare them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from benchmarks.choices import FREQUENCY_MONTHS, Frequency


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def grace_days() -> int:
    return settings.WORKBENCH["UPDATE_GRACE_DAYS"]


def period_containing(day: dt.date, frequency: str) -> tuple[dt.date, dt.date]:
    """The (first day, last day) of the reporting period of `frequency` that contains `day`."""
    months = FREQUENCY_MONTHS[Frequency(frequency)]
    start = dt.date(day.year, (day.month - 1) // months * months + 1, 1)
    return start, _add_months(start, months) - dt.timedelta(days=1)


def period_starting(start: dt.date, frequency: str) -> tuple[dt.date, dt.date] | None:
    """The period beginning on `start`, or None when no period of `frequency` starts that day."""
    period = period_containing(start, frequency)
    return period if period[0] == start else None


def previous_period(period: tuple[dt.date, dt.date], frequency: str) -> tuple[dt.date, dt.date]:
    return period_containing(period[0] - dt.timedelta(days=1), frequency)


def last_ended_period(frequency: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The latest period whose last day is today or earlier: the latest one open for updates."""
    period = period_containing(today, frequency)
    return period if period[1] <= today else previous_period(period, frequency)


def due_period(frequency: str, as_of: dt.date, grace: int | None = None) -> tuple[dt.date, dt.date]:
    """The latest period that is overdue on `as_of` unless approved: it ended more than the grace
    period ago."""
    grace = grace_days() if grace is None else grace
    return last_ended_period(frequency, as_of - dt.timedelta(days=grace + 1))


def recent_periods(frequency: str, today: dt.date, count: int = 4) -> list[tuple[dt.date, dt.date]]:
    """The `count` latest periods open for updates, newest first."""
    periods = [last_ended_period(frequency, today)]
    while len(periods) < count:
        periods.append(previous_period(periods[-1], frequency))
    return periods


def quarter_ends(as_of: dt.date, count: int) -> list[dt.date]:
    """The last days of the `count` latest quarters ended by `as_of`, oldest first."""
    ends = [last_ended_period(Frequency.QUARTERLY, as_of)]
    while len(ends) < count:
        ends.append(previous_period(ends[-1], Frequency.QUARTERLY))
    return [end for _, end in reversed(ends)]
