"""Illustrative progress series: periods, values and statuses that look like real reporting.

Values follow the straight line from baseline to target, scaled by a per-indicator `performance`
(1.0 keeps pace, below lags, above runs ahead) with some noise; the status compares the figure with
where the line says it should be by then. `Series` gives the level of a `latest` indicator;
`Increments` the per-period counts of a `sum` indicator (docs/MONITORING.md: the figure is the
baseline plus the approved increments), drawn so that their running total follows the line.
Everything is driven by a seeded `random.Random`, so the same inputs give the same series.
"""

import calendar
import datetime as dt
import random

from benchmarks.choices import ProgressStatus

# How far behind the straight line (as a share of the whole distance) an indicator may be while
# still counted on track, or at risk; beyond that it is off track.
ON_TRACK_SLACK = 0.05
AT_RISK_SLACK = 0.15


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def periods(first_after: dt.date, last_end: dt.date, months: int) -> list[tuple[dt.date, dt.date]]:
    """Consecutive calendar periods of `months` months (aligned on January) that start after
    `first_after` and end on or before `last_end`."""
    month = ((first_after.month - 1) // months + 1) * months + 1
    year = first_after.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    result = []
    while True:
        end_month = month + months - 1
        end = month_end(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1)
        if end > last_end:
            return result
        result.append((dt.date(year, month, 1), end))
        month += months
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1


def status_for(value: float, expected: float, baseline: float, target: float) -> str:
    span = target - baseline
    if span == 0:
        return ProgressStatus.ON_TRACK
    if (value - target) / span >= 0:
        return ProgressStatus.ACHIEVED
    lag = (value - expected) / span
    if lag >= -ON_TRACK_SLACK:
        return ProgressStatus.ON_TRACK
    if lag >= -AT_RISK_SLACK:
        return ProgressStatus.AT_RISK
    return ProgressStatus.OFF_TRACK


class Series:
    """Values and statuses of one indicator over time."""

    def __init__(
        self,
        *,
        rng: random.Random,
        baseline: float,
        baseline_date: dt.date,
        target: float,
        target_date: dt.date,
        performance: float = 1.0,
        noise: float = 0.03,
        decimals: int = 0,
        ceiling: float | None = None,
    ):
        self.rng = rng
        self.baseline, self.target = float(baseline), float(target)
        self.start = baseline_date.toordinal()
        self.length = max(1, target_date.toordinal() - self.start)
        self.performance, self.noise, self.decimals, self.ceiling = performance, noise, decimals, ceiling

    def at(self, day: dt.date) -> tuple[float, str]:
        fraction = min(1.0, max(0.0, (day.toordinal() - self.start) / self.length))
        span = self.target - self.baseline
        value = self.baseline + span * min(1.0, fraction * self.performance)
        value += self.rng.gauss(0, self.noise) * abs(span)
        value = max(0.0, value)
        if self.ceiling is not None:
            value = min(self.ceiling, value)
        value = round(value, self.decimals)
        expected = self.baseline + span * fraction
        return value, status_for(value, expected, self.baseline, self.target)


class Increments:
    """Per-period increments of a cumulative count (rule `sum`), in period order: each is the
    line's growth over the period with multiplicative noise, never negative, and rounded so that
    the rounded running total stays within half a unit of the unrounded one."""

    def __init__(
        self,
        *,
        rng: random.Random,
        baseline: float,
        baseline_date: dt.date,
        target: float,
        target_date: dt.date,
        performance: float = 1.0,
        noise: float = 0.3,
        decimals: int = 0,
    ):
        self.rng = rng
        self.baseline, self.target = float(baseline), float(target)
        self.start = baseline_date.toordinal()
        self.length = max(1, target_date.toordinal() - self.start)
        self.performance, self.noise, self.decimals = performance, noise, decimals
        self.line = 0.0  # the line's growth so far
        self.drawn = 0.0  # the noisy growth so far, unrounded
        self.reported = 0.0  # the rounded increments so far

    def fraction(self, day: dt.date) -> float:
        return min(1.0, max(0.0, (day.toordinal() - self.start) / self.length))

    def expected(self, day: dt.date) -> float:
        """Where the straight line from baseline to target stands on `day`."""
        return self.baseline + (self.target - self.baseline) * self.fraction(day)

    def next(self, end: dt.date) -> float:
        """The increment of the period ending on `end`; nothing grows after the target date."""
        line = (self.target - self.baseline) * self.fraction(end) * self.performance
        growth, self.line = line - self.line, line
        self.drawn += max(0.0, growth * (1 + self.rng.gauss(0, self.noise)))
        increment = max(0.0, round(self.drawn - self.reported, self.decimals))
        self.reported += increment
        return increment
