"""Reporting periods of progress reports: a mission reports to the Council every
`reporting_cycle_months` (a four-month cycle gives January-April, May-August, September-December)."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


def period_containing(day: dt.date, cycle_months: int) -> tuple[dt.date, dt.date]:
    """The (first day, last day) of the reporting period that contains `day`. Periods are counted in
    whole cycles from January of year 0, the same way the IAP evaluation finds the last period."""
    index = day.year * 12 + day.month - 1
    start_index = (index // cycle_months) * cycle_months
    start = dt.date(start_index // 12, start_index % 12 + 1, 1)
    return start, add_months(start, cycle_months) - dt.timedelta(days=1)


def last_period_due(today: dt.date, cycle_months: int, delay_days: int) -> tuple[dt.date, dt.date]:
    """The latest period whose end lies at least `delay_days` before `today`."""
    start, end = period_containing(today - dt.timedelta(days=delay_days), cycle_months)
    if end + dt.timedelta(days=delay_days) > today:
        start, end = period_containing(start - dt.timedelta(days=1), cycle_months)
    return start, end


def parse_month(text: str) -> dt.date:
    """'2025-03' -> 1 March 2025; ValueError with a readable message otherwise."""
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise ValueError(f"Give the period as YYYY-MM, e.g. 2025-03 (got {text!r}).")
