"""Writes of the compact: the compact and its commitments (the mission's planners), and the
status updates of a commitment (submitted by its owner's entity, approved or returned with a
reason by the mission planning unit, as progress updates are).

Each service takes keyword arguments, runs in one transaction, checks access through the access
layer and validates with full_clean() before saving.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from benchmarks.choices import CommitmentSide, UpdateState
from benchmarks.models import Commitment, CommitmentUpdate, Compact
from frameworks.models import Priority
from missions import notices
from missions.access import check_allowed
from missions.choices import EntityKind
from missions.models import Entity, Mission
from missions.texts import check_length

logger = logging.getLogger("workbench.benchmarks")

COMPACT_FIELDS = ("title", "starts", "ends")
COMMITMENT_FIELDS = ("side", "owner", "due_on", "priority", "text")
UN_KINDS = (EntityKind.SECRETARIAT, EntityKind.AFP, EntityKind.MISSION, EntityKind.REGIONAL_OFFICE)


def _set(obj, fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value)


# ---------- compacts ----------


@transaction.atomic
def compact_create(*, mission: Mission, actor, title: str, starts: dt.date, ends: dt.date) -> Compact:
    """A compact of mutual commitments for the mission, over its period."""
    check_allowed(actor, "add", mission)
    compact = Compact(mission=mission, title=title, starts=starts, ends=ends)
    compact.full_clean()
    compact._change_reason = _("Compact recorded")
    compact._history_user = actor
    compact.save()
    return compact


@transaction.atomic
def compact_update(*, compact: Compact, actor, **fields) -> Compact:
    """Change the compact's title or period; a period that would leave a commitment due outside it
    is refused on the date that moved."""
    compact = Compact.objects.select_for_update().get(pk=compact.pk)
    check_allowed(actor, "change", compact)
    _set(compact, fields, COMPACT_FIELDS)
    compact.full_clean()
    dues = compact.commitments.values_list("due_on", flat=True)
    if compact.starts and any(due < compact.starts for due in dues):
        raise ValidationError({"starts": _("A commitment of this compact is due before that date.")})
    if compact.ends and any(due > compact.ends for due in dues):
        raise ValidationError({"ends": _("A commitment of this compact is due after that date.")})
    compact._change_reason = _("Compact edited")
    compact._history_user = actor
    compact.save()
    return compact


# ---------- commitments ----------


def _commitment_errors(commitment: Commitment, compact: Compact) -> dict:
    """The compact's rules for a commitment: due within the compact, owner on the side it speaks
    for, priority of the mission's own framework."""
    errors = {}
    mission = compact.mission
    if commitment.due_on and commitment.due_on < compact.starts:
        errors["due_on"] = _("The due date is before the compact starts (%(date)s).") % {"date": compact.starts}
    elif commitment.due_on and commitment.due_on > compact.ends:
        errors["due_on"] = _("The due date is after the compact ends (%(date)s).") % {"date": compact.ends}
    owner: Entity | None = commitment.owner if commitment.owner_id else None
    if owner is not None and commitment.side == CommitmentSide.GOVERNMENT:
        if owner.kind != EntityKind.HOST_GOVERNMENT:
            errors["owner"] = _("%(owner)s is not a host-government body: a government commitment needs one.") % {
                "owner": owner
            }
        elif owner.country != mission.country:
            errors["owner"] = _("%(owner)s is not a body of the government of %(country)s.") % {
                "owner": owner,
                "country": mission.country,
            }
    elif owner is not None and commitment.side == CommitmentSide.UN and owner.kind not in UN_KINDS:
        errors["owner"] = _("%(owner)s is not a UN entity: a UN commitment needs one.") % {"owner": owner}
    if commitment.priority_id:
        priority = Priority.objects.select_related("framework").get(pk=commitment.priority_id)
        if priority.framework.mission_id != mission.pk:
            errors["priority"] = _("Choose a priority of this mission's framework.")
    return errors


def _save_commitment(commitment: Commitment, compact: Compact, actor, reason: str) -> Commitment:
    errors = {}
    try:
        commitment.full_clean(exclude=["compact"])
    except ValidationError as error:
        errors.update(error.message_dict)
    for name, message in _commitment_errors(commitment, compact).items():
        errors.setdefault(name, [message])
    if errors:
        raise ValidationError(errors)
    commitment._change_reason = reason
    commitment._history_user = actor
    commitment.save()
    return commitment


@transaction.atomic
def commitment_create(*, compact: Compact, actor, **fields) -> Commitment:
    """A commitment of one side of the compact."""
    compact = Compact.objects.select_related("mission").get(pk=compact.pk)
    check_allowed(actor, "add", compact)
    commitment = Commitment(compact=compact)
    _set(commitment, fields, COMMITMENT_FIELDS)
    return _save_commitment(commitment, compact, actor, _("Commitment recorded"))


@transaction.atomic
def commitment_update(*, commitment: Commitment, actor, **fields) -> Commitment:
    commitment = (
        Commitment.objects.select_for_update(of=("self",)).select_related("compact__mission").get(pk=commitment.pk)
    )
    check_allowed(actor, "change", commitment)
    fields.pop("compact", None)  # a commitment stays in its compact
    _set(commitment, fields, COMMITMENT_FIELDS)
    return _save_commitment(commitment, commitment.compact, actor, _("Commitment edited"))


@transaction.atomic
def commitment_delete(*, commitment: Commitment, actor) -> None:
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    check_allowed(actor, "delete", commitment)
    commitment._history_user = actor
    commitment.delete()


# ---------- status updates and their review ----------


@transaction.atomic
def commitment_status_submit(
    *,
    commitment: Commitment,
    actor,
    status: str,
    as_of: dt.date | None = None,
    narrative: str = "",
    evidence_url: str = "",
    today: dt.date | None = None,
) -> CommitmentUpdate:
    """Report where the commitment stands, for review by the mission planning unit. Allowed to the
    owner's entity; one update waits for review at a time."""
    commitment = Commitment.objects.select_for_update(of=("self",)).select_related("compact").get(pk=commitment.pk)
    check_allowed(actor, "submit_update", commitment)
    today = today or timezone.localdate()
    as_of = as_of or today
    if as_of > today:
        raise ValidationError({"as_of": _("An update cannot be dated in the future.")})
    if as_of < commitment.compact.starts:
        raise ValidationError(
            {"as_of": _("The date is before the compact starts (%(date)s).") % {"date": commitment.compact.starts}}
        )
    if commitment.updates.filter(state=UpdateState.SUBMITTED).exists():
        raise ValidationError(
            {"status": _("An update of this commitment already waits for review: it is reviewed first.")}
        )
    update = CommitmentUpdate(
        commitment=commitment,
        as_of=as_of,
        status=status,
        narrative=narrative,
        evidence_url=evidence_url,
        state=UpdateState.SUBMITTED,
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    update.full_clean()
    update.save()
    logger.info("commitment update submitted id=%s commitment=%s by=%s", update.pk, commitment.pk, actor.pk)
    return update


def _lock_for_review(update: CommitmentUpdate, actor) -> CommitmentUpdate:
    update = (
        CommitmentUpdate.objects.select_for_update(of=("self",))
        .select_related("commitment__compact__mission")
        .get(pk=update.pk)
    )
    check_allowed(actor, "approve_update", update)
    if update.state != UpdateState.SUBMITTED:
        raise ValidationError(
            _("Only a submitted update can be approved or returned: this one is %(state)s.")
            % {"state": update.get_state_display().lower()}
        )
    return update


@transaction.atomic
def commitment_status_approve(*, commitmentupdate: CommitmentUpdate, actor) -> CommitmentUpdate:
    update = _lock_for_review(commitmentupdate, actor)
    update.state = UpdateState.APPROVED
    update.approved_by = actor
    update.approved_at = timezone.now()
    update.return_reason = ""
    update.full_clean()
    update.save(update_fields=["state", "approved_by", "approved_at", "return_reason", "updated_at"])
    return update


@transaction.atomic
def commitment_status_return(*, commitmentupdate: CommitmentUpdate, actor, reason: str) -> CommitmentUpdate:
    """Return the update to its submitter with the reason; they are told in the app."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the update is returned.")})
    check_length("reason", reason.strip())
    update = _lock_for_review(commitmentupdate, actor)
    update.state = UpdateState.RETURNED
    update.return_reason = reason.strip()
    update.full_clean()
    update.save(update_fields=["state", "return_reason", "updated_at"])
    if update.submitted_by_id:
        notices.notice(
            user_id=update.submitted_by_id,
            key="commitment.returned",
            url=reverse("benchmarks:commitment-status", args=[update.commitment_id]),
            commitment=str(update.commitment),
            reason=update.return_reason,
        ).save()
    return update
