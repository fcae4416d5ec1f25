"""Reads of the transition area: the snapshot a review freezes, the handover plan, readiness over
time and the comparison of two snapshots."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, Subquery
from django.utils.translation import gettext as _

from benchmarks.choices import GapStatus, ProgressStatus
from benchmarks.models import Benchmark, CapacityGap, Indicator, MandateReview, MissionStanding
from benchmarks.rules import STATUS_RANK, transition_counts
from benchmarks.selectors import NOT_ASSESSED_RANK, status_of_rank
from missions.choices import HandoverStatus
from missions.models import Mandate, MandateTask, Mission

SNAPSHOT_VERSION = 1


def handover_plan(mission: Mission, user=None):
    """The mission's tasks with a handover plan, and the tasks of its latest mandate marked as to
    be handed over (the earlier mandates' flags were for their time), oldest mandate first, with
    their plan (one query)."""
    latest = Mandate.objects.filter(mission=mission).order_by("-adopted_on", "-pk").values("pk")[:1]
    tasks = MandateTask.objects.filter(mandate__mission=mission).filter(
        Q(handover__isnull=False) | Q(to_hand_over=True, mandate=Subquery(latest))
    )
    if user is not None:
        tasks = tasks.restrict(user, "view")
    return tasks.select_related("mandate", "handover__receiver", "handover_to").order_by(
        "mandate__adopted_on", "mandate_id", "pk"
    )


def _decimal(value) -> str | None:
    return None if value is None else str(value)


def mission_snapshot(
    mission: Mission,
    *,
    as_of: dt.date,
    gap_statuses: dict[int, str],
    standings: dict | None = None,
    readiness: tuple[int, int] | None = None,
) -> dict:
    """What a review freezes, read from the kept standings (benchmarks.standing): every benchmark
    with its status and each indicator's figure, progress and status; transition readiness now;
    the capacity gaps with the status decided at the review; the handover plan. Plain JSON, so
    later changes to the rows do not alter it. Five queries whatever the data size.
    `standings` (indicator id -> IndicatorStanding) and `readiness` ((ready, total)) replace the
    kept figures with ones computed for a past date (the demo data's older reviews)."""
    benchmarks = list(Benchmark.objects.filter(mission=mission).order_by("order", "id"))
    indicators = list(
        Indicator.objects.filter(benchmark__mission=mission).select_related("standing").order_by("benchmark_id", "id")
    )
    by_benchmark: dict[int, list[dict]] = {}
    for indicator in indicators:
        standing = standings.get(indicator.pk) if standings is not None else getattr(indicator, "standing", None)
        status = standing.reported_status if standing else ProgressStatus.NOT_ASSESSED
        by_benchmark.setdefault(indicator.benchmark_id, []).append(
            {
                "id": indicator.pk,
                "name": indicator.name,
                "value": _decimal(standing.value if standing else None),
                "progress": standing.progress if standing else None,
                "status": str(status),
            }
        )
    benchmark_rows = []
    for benchmark in benchmarks:
        own = by_benchmark.get(benchmark.pk, [])
        rank = max((STATUS_RANK[ProgressStatus(row["status"])] for row in own), default=NOT_ASSESSED_RANK)
        benchmark_rows.append(
            {
                "id": benchmark.pk,
                "title": benchmark.title,
                "is_transition": benchmark.is_transition,
                "status": str(status_of_rank(rank)),
                "indicators": own,
            }
        )
    rollup = MissionStanding.objects.filter(mission=mission).first() if readiness is None else None
    if readiness is not None:
        ready, total = readiness
    elif rollup is not None:
        ready, total = rollup.transition_ready, rollup.transition_benchmarks
    else:
        ready, total = transition_counts((row["is_transition"], row["status"]) for row in benchmark_rows)
    gaps = [
        {
            "id": gap.pk,
            "description": gap.description[:200],
            "category": gap.category,
            "status": gap_statuses.get(gap.pk, gap.status),
        }
        for gap in CapacityGap.objects.filter(mission=mission).order_by("identified_on", "pk")
    ]
    handovers = []
    for task in handover_plan(mission):
        plan = getattr(task, "handover", None)
        receiver = plan.receiver if plan else task.handover_to
        handovers.append(
            {
                "task": task.pk,
                "mandate": str(task.mandate),
                "paragraph": task.paragraph,
                "text": task.text[:200],
                "receiver": receiver.code if receiver else None,
                "planned_on": plan.planned_on.isoformat() if plan and plan.planned_on else None,
                "status": plan.status if plan else None,
            }
        )
    return {
        "version": SNAPSHOT_VERSION,
        "as_of": as_of.isoformat(),
        "benchmarks": benchmark_rows,
        "readiness": {"ready": ready, "total": total, "percent": round(100 * ready / total) if total else None},
        "gaps": gaps,
        "handovers": handovers,
    }


# Readiness over time ------------------------------------------------------------------------------


@dataclass
class ReadinessRow:
    date: dt.date
    ready: int
    total: int
    review: MandateReview | None = None

    @property
    def percent(self) -> int | None:
        return round(100 * self.ready / self.total) if self.total else None


def readiness_over_time(mission: Mission, reviews: list[MandateReview]) -> list[ReadinessRow]:
    """The kept quarterly readiness (MissionStanding.readiness_points) and the readiness each
    review froze, oldest first (one query)."""
    rows = []
    rollup = MissionStanding.objects.filter(mission=mission).values("readiness_points").first()
    for day, ready, total in (rollup or {}).get("readiness_points") or []:
        rows.append(ReadinessRow(dt.date.fromisoformat(day), ready, total))
    for review in reviews:
        readiness = review.snapshot.get("readiness") or {}
        if readiness.get("total") is not None:
            rows.append(ReadinessRow(review.held_on, readiness["ready"], readiness["total"], review))
    return sorted(rows, key=lambda row: (row.date, row.review is not None))


# Two snapshots side by side -----------------------------------------------------------------------


@dataclass
class CompareRow:
    label: str
    a: str
    b: str
    a_code: str = ""
    b_code: str = ""
    a_detail: str = ""
    b_detail: str = ""

    @property
    def changed(self) -> bool:
        return (self.a, self.a_detail) != (self.b, self.b_detail)


@dataclass
class Comparison:
    a: MandateReview
    b: MandateReview
    benchmarks: list[CompareRow] = field(default_factory=list)
    readiness: list[CompareRow] = field(default_factory=list)
    gaps: list[CompareRow] = field(default_factory=list)
    handovers: list[CompareRow] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return sum(row.changed for rows in (self.benchmarks, self.readiness, self.gaps, self.handovers) for row in rows)


def _label(choices, code) -> str:
    if code in (None, ""):
        return "—"
    try:
        return str(choices(code).label)
    except ValueError:
        return str(code)


def _rows(items_a: list[dict], items_b: list[dict], key: str, label, choices) -> list[CompareRow]:
    by_a = {item[key]: item for item in items_a}
    by_b = {item[key]: item for item in items_b}
    order = list(by_a) + [k for k in by_b if k not in by_a]
    rows = []
    for k in order:
        a, b = by_a.get(k), by_b.get(k)
        a_code = a["status"] if a else ""
        b_code = b["status"] if b else ""
        rows.append(
            CompareRow(
                label=label(b or a),
                a=_label(choices, a_code) if a else _("not in this snapshot"),
                b=_label(choices, b_code) if b else _("not in this snapshot"),
                a_code=a_code or "",
                b_code=b_code or "",
            )
        )
    return rows


def _readiness_text(snapshot: dict) -> str:
    readiness = snapshot.get("readiness") or {}
    if not readiness.get("total"):
        return _("no transition benchmarks")
    return _("%(ready)s of %(total)s (%(percent)s%%)") % readiness


def _handover_text(item: dict) -> str:
    return " ".join(part for part in (item.get("receiver") or "", item.get("planned_on") or "") if part)


def compare_reviews(a: MandateReview, b: MandateReview) -> Comparison:
    """Benchmark statuses, readiness, gap statuses and handover statuses of two snapshots, row by
    row (nothing read: the snapshots hold it all)."""
    sa, sb = a.snapshot, b.snapshot
    comparison = Comparison(a=a, b=b)
    comparison.benchmarks = _rows(
        sa.get("benchmarks", []), sb.get("benchmarks", []), "id", lambda item: item["title"], ProgressStatus
    )
    comparison.readiness = [CompareRow(label=_("Transition readiness"), a=_readiness_text(sa), b=_readiness_text(sb))]
    comparison.gaps = _rows(sa.get("gaps", []), sb.get("gaps", []), "id", lambda item: item["description"], GapStatus)
    handovers = _rows(
        sa.get("handovers", []),
        sb.get("handovers", []),
        "task",
        lambda item: f"{item['mandate']} " + _("op. %(paragraph)s") % {"paragraph": item["paragraph"]},
        HandoverStatus,
    )
    # A handover without a plan yet reads "—"; its receiver and date are part of the cell.
    by_a = {item["task"]: item for item in sa.get("handovers", [])}
    by_b = {item["task"]: item for item in sb.get("handovers", [])}
    for row, task in zip(handovers, list(by_a) + [k for k in by_b if k not in by_a], strict=True):
        row.a_detail = _handover_text(by_a[task]) if task in by_a else ""
        row.b_detail = _handover_text(by_b[task]) if task in by_b else ""
    comparison.handovers = handovers
    return comparison


def reviews_of(mission: Mission, user) -> list[MandateReview]:
    """The mission's reviews the user may see, oldest first, with their mandates (one query)."""
    return list(
        MandateReview.objects.restrict(user, "view")
        .filter(mission=mission)
        .select_related("mandate")
        .order_by("held_on", "pk")
    )
