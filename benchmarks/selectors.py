"""Reads of benchmarks and progress shared by pages, the API, dashboards and compiled reports.

Every number comes from the database: the latest approved value, the value by the indicator's
aggregation rule (sum, latest, highest, average), the status and whether an update is overdue are
annotations (correlated subqueries on the `update_latest_by_state` index), and per-mission counts
are GROUP BY queries. Python only arranges rows that are already one per indicator, benchmark or
mission, so the number of queries of a page does not grow with the data.

Status of a benchmark: the worst status of its indicators (achieved only when all are achieved;
an indicator without an approved update counts as not assessed).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from benchmarks.choices import FREQUENCY_MONTHS, ProgressStatus, UpdateState
from benchmarks.filtersets import PortfolioFilterSet
from benchmarks.models import Benchmark, CapacityGap, Indicator, IndicatorStanding, MissionStanding, ProgressUpdate
from benchmarks.periods import due_period, grace_days, last_ended_period, quarter_ends
from benchmarks.rules import READY_STATUSES, STATUS_RANK
from frameworks.choices import FrameworkStatus
from frameworks.models import IntegratedStrategicFramework, Priority
from missions.choices import Phase
from missions.models import Mandate, Mission

logger = logging.getLogger("workbench.benchmarks")

RANK_STATUS = {rank: ProgressStatus(status) for status, rank in STATUS_RANK.items()}
NOT_ASSESSED_RANK = STATUS_RANK[ProgressStatus.NOT_ASSESSED]
TREND_PERIODS = 8
READINESS_POINTS = 8


def status_of_rank(rank: int | None) -> ProgressStatus:
    return RANK_STATUS[NOT_ASSESSED_RANK if rank is None else rank]


def _decimal(output=None):
    return output or DecimalField(max_digits=20, decimal_places=2)


def _approved_for_outer_indicator(as_of: dt.date) -> QuerySet:
    return ProgressUpdate.objects.filter(indicator=OuterRef("pk"), state=UpdateState.APPROVED, period_end__lte=as_of)


def _rank_case(status_field: str) -> Case:
    return Case(
        *[When(**{status_field: status}, then=Value(rank)) for status, rank in STATUS_RANK.items()],
        default=Value(NOT_ASSESSED_RANK),
        output_field=IntegerField(),
    )


def _latest_status(as_of: dt.date) -> Coalesce:
    latest = _approved_for_outer_indicator(as_of).order_by("-period_start")
    return Coalesce(Subquery(latest.values("status")[:1]), Value(ProgressStatus.NOT_ASSESSED))


def _latest_rank(as_of: dt.date) -> Coalesce:
    latest = _approved_for_outer_indicator(as_of).order_by("-period_start")
    ranked = latest.annotate(rank=_rank_case("status")).values("rank")[:1]
    return Coalesce(Subquery(ranked, output_field=IntegerField()), Value(NOT_ASSESSED_RANK))


def _due_case(as_of: dt.date, grace: int, which: int) -> Case:
    return Case(
        *[
            When(frequency=frequency, then=Value(due_period(frequency, as_of, grace)[which]))
            for frequency in FREQUENCY_MONTHS
        ],
        output_field=DateField(),
    )


def indicators_with_progress(queryset: QuerySet, *, as_of: dt.date, grace: int | None = None, viewer=None) -> QuerySet:
    """Indicators annotated, as of `as_of`, with what SQL answers for a whole mission at once:

    - `due_start`, `due_end`: the latest period overdue unless approved (period ended + grace);
    - `is_overdue`: that period falls inside the indicator's life and has no approved update;
    - `due_state`: the state of the update for that period, if any (who owes it); with `viewer`,
      only when the access layer lets the viewer see that update (an observer never learns that an
      update was submitted or returned).

    The figures (by the indicator's rule, the reported status and its rank, progress, stale) come
    from `with_standings`, which applies `benchmarks.rules`.
    """
    grace = grace_days() if grace is None else grace
    approved_due = ProgressUpdate.objects.filter(
        indicator=OuterRef("pk"), state=UpdateState.APPROVED, period_start=OuterRef("due_start")
    )
    due_update = _restricted(ProgressUpdate.objects, viewer).filter(
        indicator=OuterRef("pk"), period_start=OuterRef("due_start")
    )
    return queryset.annotate(
        due_start=_due_case(as_of, grace, 0),
        due_end=_due_case(as_of, grace, 1),
        is_overdue=ExpressionWrapper(
            Q(baseline_date__lte=F("due_end"), target_date__gte=F("due_start")) & ~Exists(approved_due),
            output_field=BooleanField(),
        ),
        due_state=Subquery(due_update.values("state")[:1]),
    )


def with_standings(indicators: list[Indicator], *, as_of: dt.date) -> list[Indicator]:
    """Give each indicator (loaded with `benchmark__mission`) its figures by the monitoring rules
    as of `as_of`: `latest_value`, `latest_status`, `latest_period_end`, `current_value` (by its
    rule), `status_rank`, `progress`, `stale`, `disagreement`. Today's are the rows the services keep (read with
    the indicators through `select_related("standing")`, else one query); another date's are
    computed by the same rules (one query: every approved value since the baseline)."""
    from benchmarks.standing import compute_standings, mission_as_of

    rows: dict[int, IndicatorStanding] = {}
    if as_of >= timezone.localdate():
        loaded = [i for i in indicators if Indicator.standing.is_cached(i)]
        rows = {i.pk: i.standing for i in loaded if _has_standing(i)}
        unloaded = [i.pk for i in indicators if not Indicator.standing.is_cached(i)]
        if unloaded:
            rows.update({row.indicator_id: row for row in IndicatorStanding.objects.filter(indicator__in=unloaded)})
        # A row kept for another day (before the nightly rebuild) is computed again, like a missing one.
        by_pk = {i.pk: i for i in indicators}
        rows = {pk: row for pk, row in rows.items() if row.as_of == mission_as_of(by_pk[pk].benchmark.mission, as_of)}
    rest = [i for i in indicators if i.pk not in rows]
    if rest:  # another date, or written past the services (a bulk load not yet rebuilt)
        rows.update(compute_standings(rest, today=as_of, due_states=False))
    for indicator in indicators:
        row = rows[indicator.pk]
        indicator.latest_value = row.latest_value
        indicator.latest_status = row.reported_status
        indicator.status_rank = STATUS_RANK[row.reported_status]
        indicator.latest_period_end = row.period_end
        indicator.current_value = row.value
        indicator.progress = row.progress
        indicator.stale = row.stale
        indicator.disagreement = row.disagreement
    return indicators


def _has_standing(indicator: Indicator) -> bool:
    try:
        return indicator.standing is not None
    except IndicatorStanding.DoesNotExist:
        return False


def indicator_latest_values(queryset: QuerySet, *, as_of: dt.date, viewer=None) -> QuerySet:
    """`indicators_with_progress` with the related rows a table of indicators shows (and the kept
    standing, for `with_standings`)."""
    return indicators_with_progress(
        queryset.select_related("benchmark", "benchmark__mission", "responsible_entity", "standing"),
        as_of=as_of,
        viewer=viewer,
    ).order_by("benchmark__order", "benchmark_id", "id")


def overdue_updates(queryset: QuerySet, *, as_of: dt.date) -> QuerySet:
    """Indicators of `queryset` whose due update is overdue on `as_of`, with who owes it."""
    return indicator_latest_values(queryset, as_of=as_of).filter(is_overdue=True)


def overdue_by_owner(overdue: list[Indicator]) -> list[tuple[str | None, int]]:
    """[(owner, count)] of indicators from `overdue_updates`, most owed first: the responsible
    entity's code, or None for updates submitted and waiting for the mission's approval."""
    counts = Counter(None if i.due_state == UpdateState.SUBMITTED else i.responsible_entity.code for i in overdue)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0] or ""))


def _worst_rank(as_of: dt.date) -> Coalesce:
    worst = (
        Indicator.objects.filter(benchmark=OuterRef("pk"))
        .annotate(rank=_latest_rank(as_of))
        .order_by("-rank")
        .values("rank")[:1]
    )
    return Coalesce(Subquery(worst, output_field=IntegerField()), Value(NOT_ASSESSED_RANK))


def benchmarks_with_status(queryset: QuerySet, *, as_of: dt.date) -> QuerySet:
    """Benchmarks annotated with `status_rank` (worst of their indicators; not assessed without any)."""
    return queryset.annotate(status_rank=_worst_rank(as_of))


def trend_series(indicator_ids, *, as_of: dt.date, periods: int = TREND_PERIODS) -> dict[int, list[dict]]:
    """The last `periods` approved values of each indicator, oldest first (one query)."""
    rows = (
        ProgressUpdate.objects.filter(indicator_id__in=indicator_ids, state=UpdateState.APPROVED, period_end__lte=as_of)
        .annotate(
            recency=Window(RowNumber(), partition_by=[F("indicator_id")], order_by=F("period_start").desc()),
        )
        .filter(recency__lte=periods)
        .order_by("indicator_id", "period_start")
        .values("indicator_id", "period_start", "period_end", "value", "status")
    )
    series: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        row["status_label"] = ProgressStatus(row["status"]).label
        series[row["indicator_id"]].append(row)
    return series


@dataclass
class ReadinessPoint:
    date: dt.date
    ready: int
    total: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.ready / self.total) if self.total else None


def transition_readiness(
    benchmarks: QuerySet, *, as_of: dt.date, points: int = READINESS_POINTS
) -> list[ReadinessPoint]:
    """Share of the transition benchmarks among `benchmarks` that are achieved or on track at the
    end of each of the last quarters and on `as_of`, oldest first (one query, a subquery per date)."""
    dates = [day for day in quarter_ends(as_of, points) if day < as_of] + [as_of]
    rows = list(
        benchmarks.filter(is_transition=True)
        .order_by()
        .annotate(**{f"rank_{i}": _worst_rank(day) for i, day in enumerate(dates)})
        .values(*[f"rank_{i}" for i in range(len(dates))])
    )
    ready_ranks = {STATUS_RANK[status] for status in READY_STATUSES}
    return [
        ReadinessPoint(
            date=day,
            ready=sum(1 for row in rows if row[f"rank_{i}"] in ready_ranks),
            total=len(rows),
        )
        for i, day in enumerate(dates)
    ]


def _readiness(mission: Mission, benchmarks: QuerySet, as_of: dt.date) -> list[ReadinessPoint]:
    """The readiness the services keep in the mission's roll-up when it is for `as_of` (every
    viewer sees the same benchmarks of a mission they see), else computed for that date."""
    from benchmarks.standing import mission_as_of

    if as_of == mission_as_of(mission, timezone.localdate()):
        rollup = MissionStanding.objects.filter(mission=mission, as_of=as_of).values("readiness_points").first()
        if rollup and rollup["readiness_points"]:  # empty: kept before the roll-up had it
            return [
                ReadinessPoint(dt.date.fromisoformat(day), ready, total)
                for day, ready, total in rollup["readiness_points"]
            ]
    return transition_readiness(benchmarks, as_of=as_of)


def _restricted(queryset: QuerySet, user) -> QuerySet:
    return queryset.restrict(user, "view") if user is not None else queryset


def priority_matrix(mission: Mission, benchmarks: list, user=None) -> list[dict]:
    """Rows of priorities, each with the cell of every benchmark: the benchmark when one of its
    results serves the priority, else None (two queries)."""
    framework_ids = _restricted(IntegratedStrategicFramework.objects.filter(mission=mission), user)
    endorsed_first = Case(When(status=FrameworkStatus.ENDORSED, then=Value(0)), default=Value(1))
    framework = framework_ids.order_by(endorsed_first, "-version").values("pk")[:1]
    priorities = list(_restricted(Priority.objects.filter(framework=Subquery(framework)), user))
    links = (
        set(
            Benchmark.results.through.objects.filter(
                benchmark__mission=mission, result__priority__in=[p.pk for p in priorities]
            ).values_list("result__priority_id", "benchmark_id")
        )
        if priorities
        else set()
    )
    return [
        {"priority": priority, "cells": [b if (priority.pk, b.pk) in links else None for b in benchmarks]}
        for priority in priorities
    ]


def capacity_gaps_for_mission(mission: Mission, user=None) -> tuple[list[Mandate], list[dict]]:
    """Mandates oldest first and the mission's capacity gaps, each with its status at every
    mandate review (three queries)."""
    mandates = list(_restricted(Mandate.objects.filter(mission=mission), user).order_by("adopted_on"))
    gaps = _restricted(CapacityGap.objects.filter(mission=mission), user).prefetch_related("reviews")
    rows = []
    for gap in gaps:
        by_mandate = {review.mandate_id: review for review in gap.reviews.all()}
        rows.append({"gap": gap, "reviews": [by_mandate.get(mandate.pk) for mandate in mandates]})
    return mandates, rows


@dataclass
class BenchmarkRow:
    benchmark: Benchmark
    status: ProgressStatus
    indicators: list = field(default_factory=list)
    priority_cells: list[bool] = field(default_factory=list)
    show_trends: bool = True


@dataclass
class MissionDashboard:
    mission: Mission
    as_of: dt.date
    benchmarks: list[BenchmarkRow]
    matrix: list[dict]
    indicators: list
    overdue: list
    readiness: list[ReadinessPoint]
    mandates: list
    gaps: list[dict]

    @property
    def status_counts(self) -> list[tuple[ProgressStatus, int]]:
        counts = defaultdict(int)
        for row in self.benchmarks:
            counts[row.status] += 1
        return [(status, counts[status]) for status in STATUS_RANK]

    @property
    def readiness_now(self) -> ReadinessPoint | None:
        return self.readiness[-1] if self.readiness else None


def dashboard_for_mission(
    mission: Mission, period_end: dt.date, *, user=None, trend_benchmarks: set[int] | None = None
) -> MissionDashboard:
    """Everything the mission dashboard (and the compiled report) shows, as of `period_end`.
    With `user`, only what that user may see; trend series for every indicator, or only for the
    indicators of `trend_benchmarks` when given. A fixed number of queries whatever the data size."""
    benchmarks_qs = _restricted(Benchmark.objects.filter(mission=mission), user)
    benchmark_list = list(benchmarks_qs.order_by("order", "id"))
    by_pk = {benchmark.pk: benchmark for benchmark in benchmark_list}
    indicator_rows = list(
        indicators_with_progress(
            _restricted(Indicator.objects.filter(benchmark__mission=mission), user).select_related(
                "responsible_entity", "standing"
            ),
            as_of=period_end,
            viewer=user,
        ).order_by("benchmark__order", "benchmark_id", "id")
    )
    # Their benchmarks and mission are the ones loaded above: attached, not read again per row.
    for benchmark in benchmark_list:
        Benchmark.mission.field.set_cached_value(benchmark, mission)
    for indicator in indicator_rows:
        if indicator.benchmark_id in by_pk:
            Indicator.benchmark.field.set_cached_value(indicator, by_pk[indicator.benchmark_id])
    indicators = with_standings(indicator_rows, as_of=period_end)
    trends = trend_series(
        [i.pk for i in indicators if trend_benchmarks is None or i.benchmark_id in trend_benchmarks],
        as_of=period_end,
    )
    by_benchmark: dict[int, list] = defaultdict(list)
    for indicator in indicators:
        indicator.trend = trends.get(indicator.pk, [])
        indicator.status = ProgressStatus(indicator.latest_status)
        by_benchmark[indicator.benchmark_id].append(indicator)
    rows = []
    for benchmark in benchmark_list:
        own = by_benchmark.get(benchmark.pk, [])
        rank = max((indicator.status_rank for indicator in own), default=NOT_ASSESSED_RANK)
        rows.append(
            BenchmarkRow(
                benchmark=benchmark,
                status=status_of_rank(rank),
                indicators=own,
                show_trends=trend_benchmarks is None or benchmark.pk in trend_benchmarks,
            )
        )
    for row in rows:
        row.benchmark.status = row.status
    matrix = priority_matrix(mission, [row.benchmark for row in rows], user)
    for index, row in enumerate(rows):
        row.priority_cells = [priority["cells"][index] is not None for priority in matrix]
    mandates, gaps = capacity_gaps_for_mission(mission, user)
    return MissionDashboard(
        mission=mission,
        as_of=period_end,
        benchmarks=rows,
        matrix=matrix,
        indicators=indicators,
        overdue=[indicator for indicator in indicators if indicator.is_overdue],
        readiness=_readiness(mission, benchmarks_qs, period_end),
        mandates=mandates,
        gaps=gaps,
    )


# Portfolio ---------------------------------------------------------------------------------------

PORTFOLIO_SORTS = {
    "mission": lambda row: row["mission"].acronym,
    "phase": lambda row: row["mission"].phase,
    "benchmarks": lambda row: row["benchmarks"],
    "off_track": lambda row: row["counts"][ProgressStatus.OFF_TRACK],
    "at_risk": lambda row: row["counts"][ProgressStatus.AT_RISK],
    "overdue": lambda row: row["overdue"],
    "readiness": lambda row: (row["readiness"] is not None, row["readiness"] or 0),
    "iap": lambda row: row["extra"].get("iap", {}).get("sort", -1),
    "compact": lambda row: row["extra"].get("compact", {}).get("sort", -1),
}


def portfolio_columns() -> list[tuple[str, str, object]]:
    """Extra portfolio columns contributed by higher layers through settings (so this app does
    not import them): `WORKBENCH_PORTFOLIO_COLUMNS` = [(key, label, "dotted.path.to.callable")],
    each callable(missions already loaded, today) -> {mission_id: value}. A value is shown as a status
    badge when it has `status`/`code` and `label` (or is such a dict), as text otherwise."""
    columns = []
    for key, label, path in getattr(settings, "WORKBENCH_PORTFOLIO_COLUMNS", []):
        try:
            columns.append((key, label, import_string(path)))
        except ImportError:
            logger.warning("portfolio column %s: %s cannot be imported; shown empty", key, path)
            columns.append((key, label, None))
    return columns


def _cell(value) -> dict:
    if value is None:
        return {"code": "", "label": "—", "sort": -1}
    requirements = getattr(value, "requirements", None)
    if requirements is not None and hasattr(value, "met_count"):
        # planning.iap.MissionIAP: the four IAP minimum requirements of the mission.
        met, total = value.met_count, len(requirements)
        code = "met" if met == total else ("not_met" if value.score == 0 else "partly_met")
        return {
            "code": code,
            "label": _("%(met)d of %(total)d met") % {"met": met, "total": total},
            "sort": value.score,
        }
    if isinstance(value, dict):
        code = value.get("status") or value.get("code") or ""
        return {"code": str(code), "label": str(value.get("label") or code), "sort": value.get("sort", str(code))}
    code = getattr(value, "status", None) or getattr(value, "code", None)
    if code is not None:
        label = getattr(value, "label", None) or getattr(value, "get_status_display", lambda: code)()
        return {"code": str(code), "label": str(label), "sort": str(code)}
    return {"code": "", "label": str(value), "sort": str(value)}


def portfolio_rows(
    missions: QuerySet, *, as_of: dt.date, sort: str = "mission", descending: bool = False
) -> list[dict]:
    """One row per mission of `missions` (already restricted by the caller): benchmark status
    counts, overdue updates and transition readiness, plus the extra columns. Three queries plus
    one per extra column, whatever the number of missions."""
    mission_list = list(missions.select_related("lead_department").order_by("acronym"))
    computed = portfolio_mission_rows(mission_list, as_of=as_of)
    return sort_portfolio(
        [{"mission": mission, **computed[mission.pk]} for mission in mission_list], sort=sort, descending=descending
    )


def portfolio(user, *, as_of: dt.date, filters=None) -> tuple[PortfolioFilterSet, list[dict]]:
    """The portfolio of the missions `user` may see, filtered and sorted by `filters` (the page's
    query string: benchmarks.filtersets.PortfolioFilterSet): the FilterSet, with the values it
    accepted, and the rows."""
    filterset = PortfolioFilterSet(filters, queryset=Mission.objects.restrict(user, "view"))
    sort = filterset.value("sort", "mission")
    rows = portfolio_rows(filterset.qs, as_of=as_of, sort=sort.lstrip("-"), descending=sort.startswith("-"))
    if filterset.value("overdue") == "1":
        rows = [row for row in rows if row["overdue"]]
    return filterset, rows


def sort_portfolio(rows: list[dict], *, sort: str = "mission", descending: bool = False) -> list[dict]:
    rows.sort(key=PORTFOLIO_SORTS.get(sort, PORTFOLIO_SORTS["mission"]), reverse=descending)
    return rows


def portfolio_mission_rows(mission_list: list[Mission], *, as_of: dt.date) -> dict[int, dict]:
    """{mission id: portfolio row without the mission} for missions already loaded (two queries
    plus one per extra column): what the dashboard cache stores per mission."""
    ids = [mission.pk for mission in mission_list]
    if not ids:
        return {}
    extra = [(key, label, func(mission_list, as_of) if func else {}) for key, label, func in portfolio_columns()]
    if as_of >= timezone.localdate():
        # Today: the roll-ups the services keep (one query), the same figures as each dashboard.
        rollups = {row.mission_id: row for row in MissionStanding.objects.filter(mission__in=ids)}
        rows = {}
        for mission in mission_list:
            rollup = rollups.get(mission.pk) or MissionStanding(benchmark_counts={})
            rows[mission.pk] = {
                "benchmarks": rollup.benchmarks,
                "counts": {status: rollup.benchmark_counts.get(status, 0) for status in STATUS_RANK},
                "overdue": rollup.overdue,
                "transition": rollup.transition_benchmarks,
                "readiness": rollup.readiness,
                "extra": {key: _cell(values.get(mission.pk)) for key, _label, values in extra},
            }
        return rows
    ready = {STATUS_RANK[status] for status in READY_STATUSES}
    # One row per (mission, status, transition flag): grouping by the status subquery evaluates it
    # once per benchmark, where one filtered COUNT per status would repeat it for each.
    benchmark_counts: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    grouped = (
        benchmarks_with_status(Benchmark.objects.filter(mission_id__in=ids), as_of=as_of)
        .order_by()
        .values("mission_id", "status_rank", "is_transition")
        .annotate(n=Count("pk"))
    )
    for row in grouped:
        counts = benchmark_counts[row["mission_id"]]
        counts["total"] += row["n"]
        counts[f"n_{status_of_rank(row['status_rank'])}"] += row["n"]
        if row["is_transition"]:
            counts["transition"] += row["n"]
            if row["status_rank"] in ready:
                counts["transition_ready"] += row["n"]
    overdue_counts = dict(
        indicators_with_progress(Indicator.objects.filter(benchmark__mission_id__in=ids), as_of=as_of)
        .filter(is_overdue=True)
        .order_by()
        .values("benchmark__mission_id")
        .annotate(n=Count("pk"))
        .values_list("benchmark__mission_id", "n")
    )
    rows = {}
    for mission in mission_list:
        counts = benchmark_counts.get(mission.pk, {})
        transition = counts.get("transition", 0)
        rows[mission.pk] = {
            "benchmarks": counts.get("total", 0),
            "counts": {status: counts.get(f"n_{status}", 0) for status in STATUS_RANK},
            "overdue": overdue_counts.get(mission.pk, 0),
            "transition": transition,
            "readiness": round(100 * counts.get("transition_ready", 0) / transition) if transition else None,
            "extra": {key: _cell(values.get(mission.pk)) for key, _label, values in extra},
        }
    return rows


def update_queue(queryset: QuerySet) -> QuerySet:
    """Updates waiting for approval, oldest period first, with what a reviewer reads."""
    return (
        queryset.filter(state=UpdateState.SUBMITTED)
        .select_related("indicator", "indicator__benchmark", "indicator__responsible_entity", "submitted_by")
        .order_by("period_start", "indicator__benchmark__order", "indicator_id")
    )


# The mission-wide answers the benchmarks pages' tabs and buttons ask for.
MISSION_RIGHTS = ("approve_update", "submit_update", "add")


def missions_with_rights(missions: QuerySet, user) -> QuerySet:
    """Missions annotated with the access layer's answer to each of MISSION_RIGHTS for `user`
    (`right_approve_update`, `right_submit_update`, `right_add`), inside the query that finds the
    mission instead of one query each. The update actions are granted on indicators, so the
    mission's answer is whether any of its indicators allows them (missions.access.MISSION_WIDE)."""
    return missions.annotate(
        right_approve_update=Exists(
            Indicator.objects.restrict(user, "approve_update").filter(benchmark__mission=OuterRef("pk"))
        ),
        right_submit_update=Exists(
            Indicator.objects.restrict(user, "submit_update").filter(benchmark__mission=OuterRef("pk"))
        ),
        right_add=Exists(Mission.objects.restrict(user, "add").filter(pk=OuterRef("pk"))),
    )


# The answers a table of indicators needs for its links (report on it, edit it).
INDICATOR_RIGHTS = ("change", "submit_update")


def indicators_with_rights(indicators: QuerySet, user) -> QuerySet:
    """Indicators annotated with the access layer's answer to each of INDICATOR_RIGHTS for `user`
    (`right_change`, `right_submit_update`), inside the query that reads them."""
    return indicators.annotate(
        **{
            f"right_{action}": Exists(Indicator.objects.restrict(user, action).filter(pk=OuterRef("pk")))
            for action in INDICATOR_RIGHTS
        }
    )


def indicator_counts_for_results(result_ids) -> dict[int, int]:
    """How many indicators measure each framework result: those of the benchmarks linked to it
    (one query; the ISF editor shows the count on each result, WORKBENCH_RESULT_INDICATOR_COUNTS)."""
    rows = (
        Indicator.objects.filter(benchmark__results__in=list(result_ids))
        .values("benchmark__results")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    return {row["benchmark__results"]: row["n"] for row in rows}


# What a user owes and what waits for them (the "my work" home, the page after a submission) ------


@dataclass
class OwedUpdate:
    """A period of an indicator the user's entity reports on with nothing submitted or approved
    yet: due once it ends, overdue once the grace days have passed. `update` is the draft
    (withdrawn) or returned update of the period, if any."""

    indicator: Indicator
    period: tuple[dt.date, dt.date]
    overdue: bool
    update: ProgressUpdate | None = None

    @property
    def returned(self) -> bool:
        return self.update is not None and self.update.state == UpdateState.RETURNED


OPEN_UPDATE_STATES = (UpdateState.SUBMITTED, UpdateState.APPROVED)  # nothing more owed for the period


def updates_owed(user, *, today: dt.date | None = None, exclude_indicator: int | None = None) -> list[OwedUpdate]:
    """The updates `user` owes, in two queries: `owed_updates` of the indicators on which the user
    may submit (`restrict(user, "submit_update")`: their entity's, the mission's own for its
    planners)."""
    indicators = Indicator.objects.restrict(user, "submit_update")
    if exclude_indicator:
        indicators = indicators.exclude(pk=exclude_indicator)
    return owed_updates(indicators, today=today)


def owed_updates(indicators: QuerySet, *, today: dt.date | None = None) -> list[OwedUpdate]:
    """For every indicator of `indicators` on a running mission, the latest ended period and the
    overdue one (`periods.due_period`), within the indicator's life, that have no submitted or
    approved update (two queries). Overdue first, then oldest period, then mission."""
    today = today or timezone.localdate()
    grace = grace_days()
    indicators = (
        indicators.filter(Q(benchmark__mission__closed_on__isnull=True) | Q(benchmark__mission__closed_on__gt=today))
        .exclude(benchmark__mission__phase=Phase.CLOSED)
        .select_related("benchmark__mission", "responsible_entity")
        .order_by()
    )
    wanted: dict[tuple[int, dt.date], OwedUpdate] = {}
    for indicator in indicators:
        due = due_period(indicator.frequency, today, grace)
        for period in dict.fromkeys((due, last_ended_period(indicator.frequency, today))):
            if indicator.baseline_date <= period[1] and indicator.target_date >= period[0]:
                wanted[(indicator.pk, period[0])] = OwedUpdate(indicator, period, overdue=period == due)
    if not wanted:
        return []
    for update in ProgressUpdate.objects.filter(
        indicator_id__in={pk for pk, _start in wanted}, period_start__in={start for _pk, start in wanted}
    ).order_by():
        owed = wanted.get((update.indicator_id, update.period_start))
        if owed is None:
            continue
        if update.state in OPEN_UPDATE_STATES:
            del wanted[(update.indicator_id, update.period_start)]
        else:
            owed.update = update
    return sorted(
        wanted.values(),
        key=lambda o: (not o.overdue, o.period[1], o.indicator.benchmark.mission.acronym, o.indicator.name),
    )


def reviews_waiting(user) -> list[dict]:
    """Per mission, the submitted updates `user` may approve or return: [{"mission": acronym,
    "count": n, "oldest": first period start}], in one query."""
    return list(
        ProgressUpdate.objects.restrict(user, "approve_update")
        .filter(state=UpdateState.SUBMITTED)
        .order_by()
        .values(mission=F("indicator__benchmark__mission__acronym"))
        .annotate(count=Count("pk"), oldest=Min("period_start"))
        .order_by("mission")
    )


def reviews_waiting_count(user) -> QuerySet:
    """The submitted updates `user` may review, as a queryset to count inside another query (the
    navigation's)."""
    return ProgressUpdate.objects.restrict(user, "approve_update").filter(state=UpdateState.SUBMITTED)
