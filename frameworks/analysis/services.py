"""Writes for joint analysis and integrated mechanisms (IAP minimum requirements 1 and 3).

Every function checks the actor's right through the access layer, validates with `full_clean()`
before saving and runs in one transaction; changes to an existing row lock it first. Historical
records carry the actor and a reason, so the object's history says who changed what and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frameworks.models import IntegratedMechanism, MechanismMeeting, StrategicAssessment
from missions.access import check_allowed
from missions.models import Entity, Mission
from missions.notices import reason_text

ASSESSMENT_FIELDS = frozenset(
    {
        "title",
        "started_on",
        "completed_on",
        "lead_entity",
        "conflict_drivers",
        "actors",
        "risks",
        "options",
        "recommendations",
        "is_internal",
    }
)
MECHANISM_FIELDS = frozenset({"name", "level", "kind", "chair", "cadence_days", "is_active", "terms_of_reference"})


def _apply(obj, fields: dict, allowed: frozenset[str]) -> list[str]:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    changed = []
    for name, value in fields.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _stamp(obj, actor, reason: str) -> None:
    obj._history_user = actor
    obj._change_reason = reason


def _set_entities(obj, attr: str, entities: Iterable[Entity] | None) -> bool:
    """Replace an m2m set of entities; True when it changed (only then is a history entry written)."""
    if entities is None:
        return False
    wanted = {entity.pk for entity in entities}
    manager = getattr(obj, attr)
    if set(manager.values_list("pk", flat=True)) == wanted:
        return False
    manager.set(wanted)
    return True


def _update(
    obj,
    *,
    actor,
    reason: str,
    fields: dict,
    allowed: frozenset[str],
    entities_attr: str,
    entities: Iterable[Entity] | None,
):
    """Lock the row, change the given fields and, if given, the set of entities. A row whose own
    fields did not change is not saved; a changed set alone still moves `updated_at`."""
    check_allowed(actor, "change", obj)
    model = type(obj)
    obj = model.objects.select_for_update().get(pk=obj.pk)
    changed = _apply(obj, fields, allowed)
    obj.full_clean()
    _stamp(obj, actor, reason)
    if changed:
        obj.save()
    _touch_if_entities_changed(obj, entities_attr, entities)
    return obj


def _touch_if_entities_changed(obj, attr: str, entities: Iterable[Entity] | None) -> None:
    if _set_entities(obj, attr, entities):
        type(obj).objects.filter(pk=obj.pk).update(updated_at=timezone.now())


@transaction.atomic
def assessment_create(
    *,
    actor,
    mission: Mission,
    title: str,
    started_on: dt.date,
    lead_entity: Entity,
    completed_on: dt.date | None = None,
    participants: Iterable[Entity] = (),
    conflict_drivers: str = "",
    actors: str = "",
    risks: str = "",
    options: str = "",
    recommendations: str = "",
    is_internal: bool = True,
) -> StrategicAssessment:
    check_allowed(actor, "add", mission)
    assessment = StrategicAssessment(
        mission=mission,
        title=title,
        started_on=started_on,
        completed_on=completed_on,
        lead_entity=lead_entity,
        conflict_drivers=conflict_drivers,
        actors=actors,
        risks=risks,
        options=options,
        recommendations=recommendations,
        is_internal=is_internal,
    )
    assessment.full_clean()
    _stamp(assessment, actor, reason_text("assessment.recorded"))
    assessment.save()
    _set_entities(assessment, "participants", participants)
    return assessment


@transaction.atomic
def assessment_update(
    *,
    actor,
    assessment: StrategicAssessment,
    participants: Iterable[Entity] | None = None,
    **fields,
) -> StrategicAssessment:
    """Change the given fields (any of ASSESSMENT_FIELDS) and, if given, the participants."""
    return _update(
        assessment,
        actor=actor,
        reason=reason_text("assessment.edited"),
        fields=fields,
        allowed=ASSESSMENT_FIELDS,
        entities_attr="participants",
        entities=participants,
    )


@transaction.atomic
def mechanism_create(
    *,
    actor,
    mission: Mission,
    name: str,
    level: str,
    kind: str,
    chair: Entity,
    members: Iterable[Entity] = (),
    cadence_days: int = 30,
    is_active: bool = True,
    terms_of_reference: str = "",
) -> IntegratedMechanism:
    check_allowed(actor, "add", mission)
    mechanism = IntegratedMechanism(
        mission=mission,
        name=name,
        level=level,
        kind=kind,
        chair=chair,
        cadence_days=cadence_days,
        is_active=is_active,
        terms_of_reference=terms_of_reference,
    )
    mechanism.full_clean()
    _stamp(mechanism, actor, reason_text("mechanism.set_up"))
    mechanism.save()
    _set_entities(mechanism, "members", members)
    return mechanism


@transaction.atomic
def mechanism_update(
    *,
    actor,
    mechanism: IntegratedMechanism,
    members: Iterable[Entity] | None = None,
    **fields,
) -> IntegratedMechanism:
    """Change the given fields (any of MECHANISM_FIELDS) and, if given, the members."""
    return _update(
        mechanism,
        actor=actor,
        reason=reason_text("mechanism.edited"),
        fields=fields,
        allowed=MECHANISM_FIELDS,
        entities_attr="members",
        entities=members,
    )


@transaction.atomic
def mechanism_members_set(*, actor, mechanism: IntegratedMechanism, members: Iterable[Entity]) -> IntegratedMechanism:
    check_allowed(actor, "change", mechanism)
    mechanism = IntegratedMechanism.objects.select_for_update().get(pk=mechanism.pk)
    _stamp(mechanism, actor, reason_text("mechanism.members_changed"))
    _touch_if_entities_changed(mechanism, "members", members)
    return mechanism


@transaction.atomic
def meeting_record(
    *,
    actor,
    mechanism: IntegratedMechanism,
    held_on: dt.date,
    decisions: str = "",
) -> MechanismMeeting:
    """Record a meeting the mechanism held; one per mechanism and day, never in the future."""
    check_allowed(actor, "add", mechanism)
    duplicate = ValidationError({"held_on": _("A meeting on that date is already recorded.")})
    if held_on and held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A meeting can only be recorded once it has been held.")})
    if MechanismMeeting.objects.filter(mechanism=mechanism, held_on=held_on).exists():
        raise duplicate
    meeting = MechanismMeeting(mechanism=mechanism, held_on=held_on, decisions=decisions)
    meeting.full_clean()
    try:
        # A concurrent request may have recorded the same day between the check and the insert.
        with transaction.atomic():
            meeting.save()
    except IntegrityError:
        raise duplicate from None
    return meeting
