"""The monitoring rules, written once (docs/MONITORING.md says them in words).

Pure functions of an indicator's settings and its approved updates: no database, so the kept
standing (`benchmarks.standing`), the reports and the property tests all compute with the same
code. An indicator's figure as of a date counts the approved updates whose period ended on or
before that date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from benchmarks.choices import Aggregation, Direction, ProgressStatus
from benchmarks.periods import due_period, previous_period

HUNDRED = Decimal(100)

# Worse is higher: a benchmark stands where its worst indicator stands.
STATUS_RANK = {
    ProgressStatus.ACHIEVED: 0,
    ProgressStatus.ON_TRACK: 1,
    ProgressStatus.NOT_ASSESSED: 2,
    ProgressStatus.AT_RISK: 3,
    ProgressStatus.OFF_TRACK: 4,
}
READY_STATUSES = (ProgressStatus.ACHIEVED, ProgressStatus.ON_TRACK)


def transition_counts(benchmarks: Iterable[tuple[bool, str]]) -> tuple[int, int]:
    """(ready, total) of the transition benchmarks among `(is_transition, status)` pairs: the one
    readiness count of the dashboards' roll-up, the transition view and the progress report."""
    ready = total = 0
    for is_transition, status in benchmarks:
        if is_transition:
            total += 1
            ready += status in READY_STATUSES
    return ready, total


@dataclass(frozen=True)
class Approved:
    """One approved update, as the rules see it."""

    period_start: dt.date
    period_end: dt.date
    value: Decimal | None
    status: str


@dataclass(frozen=True)
class Settings:
    """What of an indicator the rules read."""

    aggregation: str
    direction: str
    baseline_value: Decimal
    baseline_date: dt.date
    target_value: Decimal
    frequency: str


def counted(updates: Iterable[Approved], as_of: dt.date) -> list[Approved]:
    """The approved updates a figure as of `as_of` counts, oldest period first."""
    return sorted((u for u in updates if u.period_end <= as_of), key=lambda u: u.period_start)


def figure(indicator: Settings, updates: list[Approved]) -> Decimal | None:
    """The indicator's figure by its rule, from `counted` updates; None with no value to count.

    - latest: the value of the latest approved period;
    - max: the highest approved value;
    - average: the mean of the approved values of periods starting on or after the baseline date;
    - sum (a cumulative count): the baseline value plus the approved values of periods starting on
      or after the baseline date.
    """
    values = [u for u in updates if u.value is not None]
    if not values:
        return None
    rule = indicator.aggregation
    if rule == Aggregation.LATEST:
        return values[-1].value
    if rule == Aggregation.MAX:
        return max(u.value for u in values)
    since = [u.value for u in values if u.period_start >= indicator.baseline_date]
    if rule == Aggregation.AVERAGE:
        return (sum(since) / len(since)).quantize(Decimal("0.01")) if since else None
    if rule == Aggregation.SUM:
        return indicator.baseline_value + sum(since, Decimal(0))
    raise ValueError(f"unknown aggregation rule {rule!r}")


def progress(indicator: Settings, value: Decimal | None) -> int | None:
    """The share of the way from baseline to target, 0-100, direction-aware, rounded down (100
    only once the target is reached); when the target equals the baseline, 100 if reached, else 0."""
    if value is None:
        return None
    baseline, target = indicator.baseline_value, indicator.target_value
    up = indicator.direction == Direction.UP
    if target == baseline:
        reached = value >= target if up else value <= target
        return 100 if reached else 0
    share = (value - baseline) / (target - baseline) if up else (baseline - value) / (baseline - target)
    percent = (share * HUNDRED).to_integral_value(rounding=ROUND_FLOOR)
    return int(max(Decimal(0), min(HUNDRED, percent)))


def disagreement(reported: str | None, percent: int | None) -> str:
    """Where the status the entity reported and the computed progress contradict each other:
    "achieved_below_target" (reported achieved, progress under 100) or "reached_but_off_track"
    (progress 100, reported off track); "" when they agree or there is nothing to compare."""
    if reported is None or percent is None:
        return ""
    if reported == ProgressStatus.ACHIEVED and percent < 100:
        return "achieved_below_target"
    if reported == ProgressStatus.OFF_TRACK and percent >= 100:
        return "reached_but_off_track"
    return ""


def due_periods(frequency: str, as_of: dt.date, grace: int, count: int = 2) -> list[tuple[dt.date, dt.date]]:
    """The `count` latest periods due by `as_of` (ended more than `grace` days ago), newest first."""
    periods = [due_period(frequency, as_of, grace)]
    while len(periods) < count:
        periods.append(previous_period(periods[-1], frequency))
    return periods


def is_stale(indicator: Settings, updates: list[Approved], as_of: dt.date, grace: int, *, closed: bool = False) -> bool:
    """No approved update for the last two due periods (of those the indicator lives in), or the
    mission is closed."""
    if closed:
        return True
    approved = {u.period_start for u in updates}
    due = [p for p in due_periods(indicator.frequency, as_of, grace) if p[1] >= indicator.baseline_date]
    return bool(due) and len(due) == 2 and not any(start in approved for start, _end in due)


@dataclass(frozen=True)
class Standing:
    """An indicator as of a date: the figure by its rule, progress, what the entity last reported,
    the last approved period, whether the two disagree, and whether its data is stale."""

    value: Decimal | None
    progress: int | None
    reported_status: str
    period_end: dt.date | None
    latest_value: Decimal | None
    disagreement: str
    stale: bool


def standing(
    indicator: Settings, updates: Iterable[Approved], as_of: dt.date, grace: int, *, closed: bool = False
) -> Standing:
    rows = counted(updates, as_of)
    value = figure(indicator, rows)
    percent = progress(indicator, value)
    latest = rows[-1] if rows else None
    reported = latest.status if latest else ProgressStatus.NOT_ASSESSED
    return Standing(
        value=value,
        progress=percent,
        reported_status=reported,
        period_end=latest.period_end if latest else None,
        latest_value=latest.value if latest else None,
        disagreement=disagreement(reported if latest else None, percent),
        stale=is_stale(indicator, rows, as_of, grace, closed=closed),
    )
