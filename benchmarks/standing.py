"""The kept standing of indicators and missions: `benchmarks.rules` applied to the database.

`standings_refresh` recomputes the rows of some indicators (and the roll-ups of their missions)
from their approved updates; the services that submit, approve, return or edit call it inside
their transaction, so every page, report and API answer that reads the rows after the write sees
it. `standings_rebuild` recomputes everything (the daily beat task and `manage.py
rebuild_standings`): the date moves on without any write, and with it what is due and stale.
A fixed number of queries whatever the number of indicators.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from benchmarks import rules
from benchmarks.choices import ProgressStatus, UpdateState
from benchmarks.models import Benchmark, Indicator, IndicatorStanding, MissionStanding, ProgressUpdate
from benchmarks.periods import due_period, grace_days
from benchmarks.rules import STATUS_RANK, transition_counts
from missions.choices import Phase
from missions.models import Mission

STANDING_FIELDS = [
    "value",
    "progress",
    "reported_status",
    "period_end",
    "latest_value",
    "disagreement",
    "stale",
    "due_start",
    "due_end",
    "overdue",
    "due_state",
    "as_of",
]
ROLLUP_FIELDS = [
    "indicators",
    *ProgressStatus.values,
    "overdue",
    "stale",
    "disagreements",
    "benchmarks",
    "transition_benchmarks",
    "transition_ready",
    "benchmark_counts",
    "readiness_points",
    "as_of",
]


def mission_as_of(mission: Mission, today: dt.date) -> dt.date:
    """The date a mission's standing is computed at: today, or its closing date once closed."""
    if mission.closed_on and mission.closed_on < today:
        return mission.closed_on
    return today


def is_closed(mission: Mission, today: dt.date) -> bool:
    return mission.phase == Phase.CLOSED or bool(mission.closed_on and mission.closed_on <= today)


def settings_of(indicator: Indicator) -> rules.Settings:
    return rules.Settings(
        aggregation=indicator.aggregation,
        direction=indicator.direction,
        baseline_value=indicator.baseline_value,
        baseline_date=indicator.baseline_date,
        target_value=indicator.target_value,
        frequency=indicator.frequency,
    )


def compute_standings(
    indicators: list[Indicator], *, today: dt.date, grace: int | None = None, due_states: bool = True
) -> dict[int, IndicatorStanding]:
    """Unsaved standing rows of `indicators` (with `benchmark__mission` loaded), in two queries
    (one without `due_states`: who owes the due update is then left empty)."""
    grace = grace_days() if grace is None else grace
    approved: dict[int, list[rules.Approved]] = defaultdict(list)
    rows = ProgressUpdate.objects.filter(indicator__in=[i.pk for i in indicators], state=UpdateState.APPROVED)
    for row in rows.order_by().values_list("indicator_id", "period_start", "period_end", "value", "status"):
        approved[row[0]].append(rules.Approved(*row[1:]))
    plans = {}
    for indicator in indicators:
        mission = indicator.benchmark.mission
        as_of = mission_as_of(mission, today)
        due = due_period(indicator.frequency, as_of, grace)
        in_life = indicator.baseline_date <= due[1] and indicator.target_date >= due[0]
        plans[indicator.pk] = (as_of, due, in_life, is_closed(mission, today))
    wanted = {(pk, plan[1][0]) for pk, plan in plans.items() if plan[2]} if due_states else set()
    due_states = {}
    if wanted:
        for pk, start, state in (
            ProgressUpdate.objects.filter(
                indicator__in={pk for pk, _start in wanted}, period_start__in={s for _p, s in wanted}
            )
            .order_by()
            .values_list("indicator_id", "period_start", "state")
        ):
            if (pk, start) in wanted:
                due_states[pk] = state
    result = {}
    for indicator in indicators:
        as_of, due, in_life, closed = plans[indicator.pk]
        standing = rules.standing(settings_of(indicator), approved[indicator.pk], as_of, grace, closed=closed)
        due_state = due_states.get(indicator.pk, "")
        result[indicator.pk] = IndicatorStanding(
            indicator=indicator,
            value=standing.value,
            progress=standing.progress,
            reported_status=standing.reported_status,
            period_end=standing.period_end,
            latest_value=standing.latest_value,
            disagreement=standing.disagreement,
            stale=standing.stale,
            due_start=due[0] if in_life else None,
            due_end=due[1] if in_life else None,
            overdue=in_life and due_state != UpdateState.APPROVED and not closed,
            due_state=due_state,
            as_of=as_of,
        )
    return result


def compute_rollups(missions: Iterable[Mission], *, today: dt.date) -> dict[int, MissionStanding]:
    """Unsaved roll-up rows of `missions`, from their kept indicator standings (two queries, and
    one per mission for its transition readiness by quarter)."""
    from benchmarks.selectors import transition_readiness

    missions = list(missions)
    ids = [m.pk for m in missions]
    per_benchmark: dict[int, list[str]] = defaultdict(list)
    rollups = {m.pk: MissionStanding(mission=m, as_of=mission_as_of(m, today), benchmark_counts={}) for m in missions}
    standings = IndicatorStanding.objects.filter(indicator__benchmark__mission__in=ids).values_list(
        "indicator__benchmark__mission_id",
        "indicator__benchmark_id",
        "reported_status",
        "overdue",
        "stale",
        "disagreement",
    )
    for mission_id, benchmark_id, status, overdue, stale, disagreement in standings:
        rollup = rollups[mission_id]
        rollup.indicators += 1
        setattr(rollup, status, getattr(rollup, status) + 1)
        rollup.overdue += overdue
        rollup.stale += stale
        rollup.disagreements += bool(disagreement)
        per_benchmark[benchmark_id].append(status)
    flagged: dict[int, list[tuple[bool, str]]] = defaultdict(list)
    for mission_id, benchmark_id, is_transition in Benchmark.objects.filter(mission__in=ids).values_list(
        "mission_id", "pk", "is_transition"
    ):
        rollup = rollups[mission_id]
        rollup.benchmarks += 1
        status = benchmark_status(per_benchmark[benchmark_id])
        rollup.benchmark_counts[status] = rollup.benchmark_counts.get(status, 0) + 1
        flagged[mission_id].append((is_transition, status))
    for mission_id, pairs in flagged.items():
        rollup = rollups[mission_id]
        rollup.transition_ready, rollup.transition_benchmarks = transition_counts(pairs)
    for rollup in rollups.values():
        points = transition_readiness(Benchmark.objects.filter(mission=rollup.mission), as_of=rollup.as_of)
        rollup.readiness_points = [[point.date.isoformat(), point.ready, point.total] for point in points]
    return rollups


def benchmark_status(statuses: list[str]) -> str:
    """A benchmark stands where its worst indicator stands; not assessed without indicators."""
    if not statuses:
        return ProgressStatus.NOT_ASSESSED
    return max(statuses, key=lambda status: STATUS_RANK[status])


def _save_standings(rows: Iterable[IndicatorStanding]) -> None:
    IndicatorStanding.objects.bulk_create(
        list(rows), update_conflicts=True, unique_fields=["indicator"], update_fields=STANDING_FIELDS, batch_size=2000
    )


def _save_rollups(rows: Iterable[MissionStanding]) -> None:
    MissionStanding.objects.bulk_create(
        list(rows), update_conflicts=True, unique_fields=["mission"], update_fields=ROLLUP_FIELDS
    )


@transaction.atomic
def standings_refresh(
    *, indicator_ids: Iterable[int] = (), mission_ids: Iterable[int] = (), today: dt.date | None = None
) -> None:
    """Recompute the standing of these indicators and the roll-ups of their missions (and of
    `mission_ids`: a mission whose indicators were deleted)."""
    today = today or timezone.localdate()
    indicators = list(Indicator.objects.filter(pk__in=list(indicator_ids)).select_related("benchmark__mission"))
    _save_standings(compute_standings(indicators, today=today).values())
    missions = {i.benchmark.mission.pk: i.benchmark.mission for i in indicators}
    extra = set(mission_ids) - missions.keys()
    if extra:
        missions.update({m.pk: m for m in Mission.objects.filter(pk__in=extra)})
    _save_rollups(compute_rollups(missions.values(), today=today).values())


def standings_rebuild(*, today: dt.date | None = None, chunk: int = 2000) -> tuple[int, int]:
    """Recompute every standing and roll-up from scratch. Returns (indicators, missions)."""
    today = today or timezone.localdate()
    ids = list(Indicator.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        with transaction.atomic():
            batch = list(
                Indicator.objects.filter(pk__in=ids[start : start + chunk]).select_related("benchmark__mission")
            )
            _save_standings(compute_standings(batch, today=today).values())
    missions = list(Mission.objects.all())
    with transaction.atomic():
        IndicatorStanding.objects.exclude(indicator__in=ids).delete()
        _save_rollups(compute_rollups(missions, today=today).values())
    return len(ids), len(missions)
