"""Writes of the transition area: recording a mandate review (or renewal) with its snapshot."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from benchmarks.choices import GapStatus, ReviewKind
from benchmarks.models import CapacityGap, CapacityGapReview, MandateReview
from benchmarks.transition.selectors import mission_snapshot
from missions.access import check_allowed
from missions.models import Mandate, Mission
from missions.services import TEXT_TOO_LONG
from missions.texts import REASON_MAX, check_length


def gap_field(gap_id: int) -> str:
    """The form field (and error key) of a gap's status at a review."""
    return f"gap_{gap_id}"


@transaction.atomic
def mandate_review_record(
    *,
    mission: Mission,
    actor,
    mandate: Mandate | None,
    kind: str,
    held_on: dt.date | None,
    summary: str = "",
    gap_statuses: dict[int, str],
    today: dt.date | None = None,
) -> MandateReview:
    """Record a review or renewal of the mandate and freeze, in the same transaction, the
    mission's standing at it (mission_snapshot). The status decided for each capacity gap is kept
    with the gap for that mandate (CapacityGapReview) and in the snapshot. All or nothing."""
    mission = Mission.objects.select_for_update().get(pk=mission.pk)
    check_allowed(actor, "add", mission)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if mandate is None or mandate.mission_id != mission.pk:
        errors["mandate"] = _("Choose a mandate of this mission.")
    if kind not in ReviewKind.values:
        errors["kind"] = _("Choose a review or a renewal.")
    if held_on is None:
        errors["held_on"] = _("Give the date the review was held.")
    elif held_on > today:
        errors["held_on"] = _("A review cannot be held in the future.")
    elif "mandate" not in errors and held_on < mandate.adopted_on:
        errors["held_on"] = _("A review cannot be held before its mandate was adopted (%(date)s).") % {
            "date": mandate.adopted_on.isoformat()
        }
    gaps = {gap.pk: gap for gap in CapacityGap.objects.filter(mission=mission)}
    for gap_id in gap_statuses:
        if gap_id not in gaps:
            errors[gap_field(gap_id)] = _("This capacity gap is not one of the mission's.")
    for gap_id in gaps:
        if gap_statuses.get(gap_id) not in GapStatus.values:
            errors[gap_field(gap_id)] = _("Choose the status of this gap at the review.")
    try:
        check_length("summary", summary or "", REASON_MAX, TEXT_TOO_LONG)
    except ValidationError as error:
        errors["summary"] = error.message_dict["summary"][0]
    if errors:
        raise ValidationError(errors)
    # The status kept with the gap for the mandate is the one of the mandate's latest review.
    latest = not MandateReview.objects.filter(mandate=mandate, held_on__gt=held_on).exists()
    for gap_id, status in gap_statuses.items() if latest else ():
        review, _created = CapacityGapReview.objects.get_or_create(
            gap=gaps[gap_id], mandate=mandate, defaults={"status": status}
        )
        if review.status != status:
            review.status = status
            review.save(update_fields=["status"])
    review = MandateReview(
        mission=mission,
        mandate=mandate,
        kind=kind,
        held_on=held_on,
        summary=summary or "",
        recorded_by=actor,
        snapshot=mission_snapshot(mission, as_of=held_on, gap_statuses=gap_statuses),
    )
    review.full_clean()
    review.save()
    return review
