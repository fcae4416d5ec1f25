"""Demo mandate reviews: two reviews of UNMIL's last mandate, with handover plans between them, so
its transition page sets two snapshots side by side. Written past the services like the rest of
the demo data (the mission is closed); the first snapshot's figures are the monitoring rules
applied at its date (illustrative)."""

from __future__ import annotations

import datetime as dt

from benchmarks.models import Benchmark, CapacityGap, CapacityGapReview, Indicator, MandateReview
from benchmarks.selectors import transition_readiness
from benchmarks.standing import compute_standings
from benchmarks.transition.selectors import mission_snapshot
from missions.models import Handover, Mandate, MandateTask, Mission
from missions.services import handover_receivers

# (held on, kind, summary, gap statuses by gap order, handover statuses by task order)
REVIEWS = [
    (
        dt.date(2017, 6, 30),
        "review",
        "Mid-term review of the final mandate: security handover complete, justice hubs short of funds (illustrative).",
        ["partly", "open"],
        ["under_way", "planned", "planned", "planned"],
    ),
    (
        dt.date(2018, 3, 15),
        "review",
        "Closing review: remaining tasks handed to the Government and the country team (illustrative).",
        ["closed", "partly"],
        ["handed_over", "handed_over", "under_way", "dropped"],
    ),
]


def load_reviews() -> int:
    """The two UNMIL reviews, once; returns how many were made."""
    mission = Mission.objects.filter(acronym="UNMIL").first()
    mandate = Mandate.objects.filter(mission=mission, resolution="2333 (2016)").first() if mission else None
    if mandate is None or MandateReview.objects.filter(mission=mission).exists():
        return 0
    receivers = set(handover_receivers(mission).values_list("pk", flat=True))
    # The last mandate's task to hand over and the transition tasks of the one before it.
    tasks = [
        task
        for task in MandateTask.objects.filter(
            mandate__mission=mission, mandate__adopted_on__gte=dt.date(2012, 1, 1)
        ).order_by("-mandate__adopted_on", "pk")
        if task.to_hand_over and task.handover_to_id in receivers
    ][:4]
    gaps = list(CapacityGap.objects.filter(mission=mission).order_by("identified_on", "pk"))
    indicators = list(Indicator.objects.filter(benchmark__mission=mission).select_related("benchmark__mission"))
    for held_on, kind, summary, gap_codes, handover_codes in REVIEWS:
        for task, status, month in zip(tasks, handover_codes, (9, 12, 2, 3), strict=False):
            Handover.objects.update_or_create(
                task=task,
                defaults={
                    "receiver_id": task.handover_to_id,
                    "planned_on": dt.date(2017 if month > 6 else 2018, month, 28),
                    "status": status,
                },
            )
        statuses = {gap.pk: code for gap, code in zip(gaps, gap_codes, strict=False)}
        point = transition_readiness(Benchmark.objects.filter(mission=mission), as_of=held_on)[-1]
        MandateReview.objects.create(
            mission=mission,
            mandate=mandate,
            kind=kind,
            held_on=held_on,
            summary=summary,
            snapshot=mission_snapshot(
                mission,
                as_of=held_on,
                gap_statuses=statuses,
                standings=compute_standings(indicators, today=held_on, due_states=False),
                readiness=(point.ready, point.total),
            ),
        )
        for gap_id, status in statuses.items():
            CapacityGapReview.objects.update_or_create(gap_id=gap_id, mandate=mandate, defaults={"status": status})
    return len(REVIEWS)
