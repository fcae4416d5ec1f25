"""Reads of the compact that its page, the API, the portfolio and the progress report share: a
compact's commitments with their latest updates, delivery counted by side and status, and the
same counts at the end of every quarter of the compact."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from benchmarks.choices import CommitmentSide, CommitmentStatus, UpdateState
from benchmarks.models import Commitment, CommitmentUpdate, Compact

NOT_REPORTED = "not_reported"


def _may(user, model, action: str) -> ExpressionWrapper:
    """Whether `user` may do `action` on the row, asked inside the query that reads it."""
    return ExpressionWrapper(
        Q(pk__in=model._default_manager.restrict(user, action).values("pk")), output_field=BooleanField()
    )


def compacts_of_mission(user, mission) -> QuerySet[Compact]:
    return Compact.objects.restrict(user, "view").filter(mission=mission).order_by("-starts", "-id")


def commitments_with_updates(user, compact: Compact) -> list[Commitment]:
    """The compact's commitments with their owners and priorities, and the updates `user` may see
    (oldest first) as `visible_updates`, with what `user` may do with each (asked in the same
    queries). Two queries."""
    updates = (
        CommitmentUpdate.objects.restrict(user, "view")
        .annotate(may_review=_may(user, CommitmentUpdate, "approve_update"))
        .select_related("submitted_by")
        .order_by("as_of", "id")
    )
    return list(
        Commitment.objects.restrict(user, "view")
        .filter(compact=compact)
        .select_related("owner", "priority")
        .annotate(
            may_change=_may(user, Commitment, "change"),
            may_delete=_may(user, Commitment, "delete"),
            may_report=_may(user, Commitment, "submit_update"),
        )
        .prefetch_related(Prefetch("updates", queryset=updates, to_attr="visible_updates"))
        .order_by("side", "due_on", "id")
    )


def standing_of(commitment: Commitment, as_of: dt.date | None = None) -> str:
    """The status of the latest approved update (dated by `as_of` when given), or not reported."""
    latest = None
    for update in commitment.visible_updates:
        if update.state == UpdateState.APPROVED and (as_of is None or update.as_of <= as_of):
            latest = update
    return latest.status if latest else NOT_REPORTED


STATUS_COLUMNS = (*CommitmentStatus.values, NOT_REPORTED)


@dataclass
class Delivery:
    """Commitments of each side counted by the status of their latest approved update."""

    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {side: dict.fromkeys(STATUS_COLUMNS, 0) for side in CommitmentSide.values}
    )

    def add(self, side: str, status: str) -> None:
        self.counts[side][status] += 1

    def total(self, side: str) -> int:
        return sum(self.counts[side].values())

    def met(self, side: str) -> int:
        return self.counts[side][CommitmentStatus.MET]

    def rows(self) -> list[tuple[str, list[int], int]]:
        return [(side, [self.counts[side][s] for s in STATUS_COLUMNS], self.total(side)) for side in self.counts]


def delivery(commitments: list[Commitment], as_of: dt.date | None = None) -> Delivery:
    result = Delivery()
    for commitment in commitments:
        result.add(commitment.side, standing_of(commitment, as_of))
    return result


def quarter_ends(starts: dt.date, until: dt.date) -> list[dt.date]:
    """The last day of every calendar quarter from the one holding `starts` to the one holding `until`."""
    ends = []
    year, quarter = starts.year, (starts.month - 1) // 3
    while True:
        month = 3 * quarter + 3
        end = (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
        ends.append(end)
        if end >= until:
            return ends
        quarter += 1
        if quarter == 4:
            year, quarter = year + 1, 0


def delivery_by_quarter(compact: Compact, commitments: list[Commitment], today: dt.date | None = None):
    """Per quarter of the compact up to today: (quarter end, met of each side, total of each side)."""
    today = today or timezone.localdate()
    until = min(today, compact.ends)
    if until < compact.starts:
        return []
    rows = []
    for end in quarter_ends(compact.starts, until):
        counted = delivery(commitments, end)
        rows.append(
            {
                "end": end,
                "sides": [
                    {
                        "side": side,
                        "met": counted.met(side),
                        "on_track": counted.counts[side][CommitmentStatus.ON_TRACK],
                        "total": counted.total(side),
                    }
                    for side in CommitmentSide.values
                ],
            }
        )
    return rows


def delivery_by_mission(mission_ids) -> dict[int, Delivery]:
    """For the portfolio: per mission, the commitments of its latest compact counted by the status
    of their latest approved update. Two queries whatever the number of missions (the missions
    given are those the user sees; commitments are seen by everyone who sees the mission)."""
    mission_ids = list(mission_ids)
    latest: dict[int, int] = {}
    for compact_id, mission_id in (
        Compact.objects.filter(mission_id__in=mission_ids).order_by("starts", "id").values_list("id", "mission_id")
    ):
        latest[mission_id] = compact_id
    if not latest:
        return {}
    by_mission = {mission_id: Delivery() for mission_id in latest}
    compact_mission = {compact_id: mission_id for mission_id, compact_id in latest.items()}
    status_of: dict[int, tuple[str, str, int]] = {}
    rows = (
        Commitment.objects.filter(compact_id__in=compact_mission)
        .values_list("id", "side", "compact_id", "updates__status", "updates__state")
        .order_by("id", "updates__as_of", "updates__id")
    )
    for pk, side, compact_id, status, state in rows:
        current = status_of.get(pk)
        if current is None:
            status_of[pk] = current = (side, NOT_REPORTED, compact_id)
        if state == UpdateState.APPROVED:
            status_of[pk] = (side, status, compact_id)
    for side, status, compact_id in status_of.values():
        by_mission[compact_mission[compact_id]].add(side, status)
    return by_mission


def portfolio_cells(missions, today: dt.date | None = None) -> dict[int, dict]:
    """The portfolio's compact column (WORKBENCH_PORTFOLIO_COLUMNS): per mission with a compact,
    how many commitments of each side are met, as text; sorted by the share met. Two queries
    whatever the number of missions."""
    cells = {}
    for mission_id, counted in delivery_by_mission(mission.pk for mission in missions).items():
        total = sum(counted.total(side) for side in CommitmentSide.values)
        met = sum(counted.met(side) for side in CommitmentSide.values)
        label = _("UN %(un_met)d/%(un)d, government %(gov_met)d/%(gov)d met") % {
            "un_met": counted.met(CommitmentSide.UN),
            "un": counted.total(CommitmentSide.UN),
            "gov_met": counted.met(CommitmentSide.GOVERNMENT),
            "gov": counted.total(CommitmentSide.GOVERNMENT),
        }
        cells[mission_id] = {"code": "", "label": label, "sort": met / total if total else 0}
    return cells


def report_section(mission, period_end: dt.date) -> dict | None:
    """The progress report's compact section: the latest compact started by the end of the period,
    each side's commitments with the status of their latest update approved and dated by then, and
    the counts by side. Approved updates only (what every reader of the report may see). Two
    queries; None when the mission has no compact by then."""
    compact = Compact.objects.filter(mission=mission, starts__lte=period_end).order_by("-starts", "-id").first()
    if compact is None:
        return None
    approved = CommitmentUpdate.objects.filter(state=UpdateState.APPROVED, as_of__lte=period_end).order_by(
        "as_of", "id"
    )
    commitments = list(
        Commitment.objects.filter(compact=compact)
        .select_related("owner", "priority")
        .prefetch_related(Prefetch("updates", queryset=approved, to_attr="visible_updates"))
        .order_by("side", "due_on", "id")
    )
    labels = {**dict(CommitmentStatus.choices), NOT_REPORTED: _("Not reported")}
    sides = dict(CommitmentSide.choices)
    rows = []
    for commitment in commitments:
        latest = commitment.visible_updates[-1] if commitment.visible_updates else None
        status = latest.status if latest else NOT_REPORTED
        rows.append(
            {
                "side": str(sides[commitment.side]),
                "owner": commitment.owner.code,
                "due_on": commitment.due_on,
                "priority": commitment.priority.title if commitment.priority else "",
                "text": commitment.text,
                "status": status,
                "status_label": str(labels[status]),
                "narrative": latest.narrative if latest else "",
            }
        )
    counted = delivery(commitments, period_end)
    return {
        "title": compact.title,
        "starts": compact.starts,
        "ends": compact.ends,
        "columns": [str(labels[code]) for code in STATUS_COLUMNS],
        "counts": [
            {"side": str(sides[side]), "counts": counts, "total": total} for side, counts, total in counted.rows()
        ],
        "commitments": rows,
    }
