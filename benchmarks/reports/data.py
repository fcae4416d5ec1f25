"""What a progress report says, read in one fixed set of queries per report.

`report_data` loads the mission's endorsed framework, its benchmarks, its indicators annotated by the
dashboards' selector (value by aggregation rule, latest status, overdue), every approved update up
to the end of the period and the capacity gaps (a fixed number of queries whatever the size of the
mission), then groups them in memory: status per priority, benchmark and indicator, trends, the
narrative of the period, overdue indicators, transition readiness and who approved what.
`data_version` is the digest of that data, read in one query: the same mission, period and data
give the same version, so a report is compiled once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from benchmarks.choices import ProgressStatus, UpdateState
from benchmarks.compact.selectors import report_section as compact_section
from benchmarks.models import (
    Benchmark,
    CapacityGap,
    Commitment,
    CommitmentUpdate,
    Indicator,
    MandateReview,
    ProgressUpdate,
)
from benchmarks.reports import hooks
from benchmarks.rules import transition_counts
from benchmarks.selectors import STATUS_RANK, indicators_with_progress, status_of_rank, with_standings
from frameworks.choices import PUBLISHED_STATUSES, FrameworkStatus
from frameworks.models import IntegratedStrategicFramework, Priority
from missions.models import Mission

# Approved updates per indicator the report reads: trend points, the Excel data sheet, and every
# update of a period as long as twelve monthly periods.
TREND_PERIODS = 12

# Bump when the content or layout of the report changes, so the same data gives a new report.
REPORT_FORMAT_VERSION = "6"

STATUS_LABELS = dict(ProgressStatus.choices)


class ReportDataError(Exception):
    """The mission's data cannot make a report; the message tells a planner what to fix."""


def worst_status(statuses) -> str:
    """The dashboards' rule: the worst status present, not assessed when there is none."""
    ranks = [STATUS_RANK[status] for status in statuses]
    return status_of_rank(max(ranks) if ranks else None)


@dataclass
class Point:
    period_start: dt.date
    period_end: dt.date
    value: Decimal | None
    status: str


@dataclass
class IndicatorRow:
    indicator: Indicator
    points: list[Point]
    current_value: Decimal | None
    status: str
    period_update: ProgressUpdate | None
    due_end: dt.date
    overdue: bool

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))


@dataclass
class BenchmarkRow:
    benchmark: Benchmark
    indicators: list[IndicatorRow]
    status: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))


@dataclass
class PriorityRow:
    title: str
    priority: Priority | None
    benchmarks: list[BenchmarkRow]
    status: str
    counts: dict[str, int]

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def indicator_rows(self) -> list[IndicatorRow]:
        return [row for benchmark in self.benchmarks for row in benchmark.indicators]


@dataclass
class ReportData:
    mission: Mission
    period_start: dt.date
    period_end: dt.date
    framework: IntegratedStrategicFramework | None
    priorities: list[PriorityRow]
    benchmarks: list[BenchmarkRow]
    narratives: list[ProgressUpdate]
    approvals: list[ProgressUpdate]
    approvers: list[dict]
    overdue: list[IndicatorRow]
    transition: dict
    gaps: list[CapacityGap]
    iap: list[dict] | None
    # The latest mandate review held by the end of the period, with its snapshot (benchmarks.transition).
    review: MandateReview | None = None
    # The compact of mutual commitments (benchmarks.compact.selectors.report_section), or None.
    compact: dict | None = None
    updates: list[ProgressUpdate] = field(default_factory=list)
    generated_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def indicator_rows(self) -> list[IndicatorRow]:
        return [row for benchmark in self.benchmarks for row in benchmark.indicators]

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        counts = defaultdict(int)
        for row in self.indicator_rows:
            counts[row.status] += 1
        return [(code, str(label), counts[code]) for code, label in ProgressStatus.choices]


def report_framework(mission: Mission) -> IntegratedStrategicFramework | None:
    """The framework a report follows: the endorsed one, else the latest published version. Drafts
    never appear in a report, which every viewer of the mission may read."""
    return (
        IntegratedStrategicFramework.objects.filter(mission=mission, status__in=PUBLISHED_STATUSES)
        .annotate(is_endorsed=Count("pk", filter=Q(status=FrameworkStatus.ENDORSED)))
        .order_by("-is_endorsed", "-version")
        .first()
    )


def _indicator_row(indicator: Indicator, updates: list[ProgressUpdate], period_start, period_end) -> IndicatorRow:
    """`indicator` comes annotated by the dashboards' selector (value by aggregation rule, latest
    status, overdue as of the end of the period); `updates` are its approved updates, oldest first."""
    in_period = [u for u in updates if period_start <= u.period_start <= period_end]
    return IndicatorRow(
        indicator=indicator,
        points=[Point(u.period_start, u.period_end, u.value, u.status) for u in updates],
        current_value=indicator.current_value,
        status=indicator.latest_status or ProgressStatus.NOT_ASSESSED,
        period_update=in_period[-1] if in_period else None,
        due_end=indicator.due_end,
        overdue=bool(indicator.is_overdue),
    )


def report_data(*, mission: Mission, period_start: dt.date, period_end: dt.date) -> ReportData:
    framework = report_framework(mission)
    priorities = list(Priority.objects.filter(framework=framework).order_by("order", "id")) if framework else []
    priority_of_benchmark: dict[int, list[int]] = defaultdict(list)
    if framework:
        links = Benchmark.results.through.objects.filter(
            benchmark__mission=mission, result__priority__framework=framework
        ).values_list("benchmark_id", "result__priority_id")
        for benchmark_id, priority_id in links.distinct():
            priority_of_benchmark[benchmark_id].append(priority_id)

    benchmarks = list(Benchmark.objects.filter(mission=mission).order_by("order", "id"))
    indicators = with_standings(
        list(
            indicators_with_progress(
                Indicator.objects.filter(benchmark__mission=mission).select_related(
                    "responsible_entity", "benchmark__mission", "standing"
                ),
                as_of=period_end,
            ).order_by("id")
        ),
        as_of=period_end,
    )
    if not indicators:
        raise ReportDataError(
            _(
                "%(mission)s has no benchmark with an indicator yet, so there is nothing to report. "
                "Add benchmarks and indicators, then compile the report again."
            )
            % {"mission": mission.acronym}
        )
    # The last TREND_PERIODS approved updates of each indicator up to the end of the period: the
    # trends, the period's narrative and approvals, and the Excel data sheet (one query).
    # The window runs over narrow rows (ids and dates); only the updates it keeps are read in full.
    approved = ProgressUpdate.objects.filter(
        indicator__benchmark__mission=mission, state=UpdateState.APPROVED, period_start__lte=period_end
    )
    recent = (
        approved.annotate(
            recency=Window(RowNumber(), partition_by=[F("indicator_id")], order_by=F("period_start").desc())
        )
        .filter(recency__lte=TREND_PERIODS)
        .values("pk")
    )
    updates = list(
        approved.filter(pk__in=recent)
        .select_related("approved_by", "submitted_by")
        .order_by("indicator_id", "period_start")
    )
    gaps = list(CapacityGap.objects.filter(mission=mission).order_by("status", "-identified_on", "id"))

    updates_by_indicator: dict[int, list[ProgressUpdate]] = defaultdict(list)
    indicator_by_id = {indicator.pk: indicator for indicator in indicators}
    for update in updates:
        update.indicator = indicator_by_id[update.indicator_id]
        updates_by_indicator[update.indicator_id].append(update)

    rows_by_benchmark: dict[int, list[IndicatorRow]] = defaultdict(list)
    indicator_rows = []
    for indicator in indicators:
        row = _indicator_row(indicator, updates_by_indicator[indicator.pk], period_start, period_end)
        rows_by_benchmark[indicator.benchmark_id].append(row)
        indicator_rows.append(row)
    benchmark_rows = []
    for benchmark in benchmarks:
        rows = rows_by_benchmark[benchmark.pk]
        benchmark_rows.append(BenchmarkRow(benchmark, rows, worst_status(r.status for r in rows)))

    priority_rows = []
    placed: set[int] = set()
    for priority in priorities:
        members = [b for b in benchmark_rows if priority.pk in priority_of_benchmark[b.benchmark.pk]]
        placed.update(b.benchmark.pk for b in members)
        priority_rows.append(_priority_row(priority.title, priority, members))
    unplaced = [b for b in benchmark_rows if b.benchmark.pk not in placed]
    if unplaced:
        title = _("Benchmarks not linked to a priority") if framework else _("Benchmarks")
        priority_rows.append(_priority_row(str(title), None, unplaced))

    in_period = [u for u in updates if period_start <= u.period_start <= period_end]
    transition_rows = [b for b in benchmark_rows if b.benchmark.is_transition]
    transition_indicators = [r for b in transition_rows for r in b.indicators]
    # Benchmarks counted as the dashboards count them (benchmarks.rules.transition_counts).
    ready, total = transition_counts((b.benchmark.is_transition, b.status) for b in benchmark_rows)
    return ReportData(
        mission=mission,
        period_start=period_start,
        period_end=period_end,
        framework=framework,
        priorities=priority_rows,
        benchmarks=benchmark_rows,
        narratives=[
            row.period_update
            for row in indicator_rows
            if row.period_update is not None and row.period_update.narrative.strip()
        ],
        approvals=sorted(in_period, key=lambda u: (u.approved_at, u.pk)),
        approvers=_approvers(in_period),
        overdue=[r for b in benchmark_rows for r in b.indicators if r.overdue],
        transition={
            "benchmarks": transition_rows,
            "indicators": len(transition_indicators),
            "total": total,
            "ready": ready,
            "percent": round(100 * ready / total) if total else None,
            "status": worst_status(r.status for r in transition_indicators),
        },
        gaps=gaps,
        iap=hooks.iap_status(mission, report_end=period_end),
        review=MandateReview.objects.filter(mission=mission, held_on__lte=period_end)
        .select_related("mandate")
        .order_by("-held_on", "-pk")
        .first(),
        compact=compact_section(mission, period_end),
        updates=updates,
    )


def _approvers(updates: list[ProgressUpdate]) -> list[dict]:
    """Who approved the period's updates: how many, for how many indicators, and when last."""
    by_user: dict = {}
    for update in updates:
        user = update.approved_by
        key = user.pk if user else None
        entry = by_user.setdefault(
            key,
            {
                "name": (user.get_full_name() or user.username) if user else _("(unknown)"),
                "updates": 0,
                "indicators": set(),
                "last": update.approved_at,
            },
        )
        entry["updates"] += 1
        entry["indicators"].add(update.indicator_id)
        entry["last"] = max(entry["last"], update.approved_at)
    rows = sorted(by_user.values(), key=lambda e: (-e["updates"], str(e["name"])))
    for entry in rows:
        entry["indicators"] = len(entry["indicators"])
    return rows


def _priority_row(title: str, priority: Priority | None, members: list[BenchmarkRow]) -> PriorityRow:
    counts: dict[str, int] = defaultdict(int)
    for benchmark in members:
        for row in benchmark.indicators:
            counts[row.status] += 1
    return PriorityRow(title, priority, members, worst_status(counts), dict(counts))


def data_version(*, mission: Mission, period_start: dt.date, period_end: dt.date, choices: str = "") -> str:
    """A digest of everything the report is built from, read in one query, and of the reader's
    `choices` (edition, formats, language: `services.choices_key`)."""

    # MAX()/COUNT() as plain functions: one aggregate row per subquery, no GROUP BY.
    def latest(queryset):
        return Subquery(queryset.order_by().annotate(m=Func(F("updated_at"), function="MAX")).values("m")[:1])

    def count(queryset):
        return Subquery(
            queryset.order_by().annotate(c=Func(F("pk"), function="COUNT", output_field=IntegerField())).values("c")[:1]
        )

    updates = ProgressUpdate.objects.filter(
        indicator__benchmark__mission=OuterRef("pk"), state=UpdateState.APPROVED, period_start__lte=period_end
    )
    indicators = Indicator.objects.filter(benchmark__mission=OuterRef("pk"))
    benchmarks = Benchmark.objects.filter(mission=OuterRef("pk"))
    gaps = CapacityGap.objects.filter(mission=OuterRef("pk"))
    frameworks = IntegratedStrategicFramework.objects.filter(mission=OuterRef("pk"), status__in=PUBLISHED_STATUSES)
    priorities = Priority.objects.filter(framework__mission=OuterRef("pk"), framework__status__in=PUBLISHED_STATUSES)
    links = Benchmark.results.through.objects.filter(benchmark__mission=OuterRef("pk"))
    # Reviews are never changed: their number and the latest one say all.
    reviews = MandateReview.objects.filter(mission=OuterRef("pk"), held_on__lte=period_end)
    commitments = Commitment.objects.filter(compact__mission=OuterRef("pk"))
    commitment_updates = CommitmentUpdate.objects.filter(
        commitment__compact__mission=OuterRef("pk"), state=UpdateState.APPROVED, as_of__lte=period_end
    )
    row = (
        Mission.objects.filter(pk=mission.pk)
        .annotate(
            u_count=count(updates),
            u_time=latest(updates),
            i_count=count(indicators),
            i_time=latest(indicators),
            b_count=count(benchmarks),
            b_time=latest(benchmarks),
            g_count=count(gaps),
            g_time=latest(gaps),
            f_count=count(frameworks),
            f_time=latest(frameworks),
            p_count=count(priorities),
            p_time=latest(priorities),
            l_count=count(links),
            c_count=count(commitments),
            c_time=latest(commitments),
            k_count=count(commitment_updates),
            k_time=latest(commitment_updates),
            r_count=count(reviews),
            r_last=Subquery(
                reviews.order_by()
                .annotate(m=Func(F("pk"), function="MAX", output_field=IntegerField()))
                .values("m")[:1]
            ),
        )
        .values(
            "updated_at",
            "u_count",
            "u_time",
            "i_count",
            "i_time",
            "b_count",
            "b_time",
            "g_count",
            "g_time",
            "f_count",
            "f_time",
            "p_count",
            "p_time",
            "l_count",
            "c_count",
            "c_time",
            "k_count",
            "k_time",
            "r_count",
            "r_last",
        )
        .get()
    )
    text = "|".join(
        [REPORT_FORMAT_VERSION, str(period_start), str(period_end), choices] + [str(row[k]) for k in sorted(row)]
    )
    return hashlib.sha256(text.encode()).hexdigest()
