"""Writes to Integrated Strategic Frameworks: editing a draft, its workflow, signatures, comments.

Every function is one use case: keyword-only arguments, one transaction, the framework row locked
(`select_for_update`) and its state checked before anything changes, `full_clean()` before save,
the access layer asked (`check_allowed`), the reason recorded in the history, and side effects
(notifications) sent only once the transaction has committed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from frameworks.choices import (
    EDITABLE_STATUSES,
    IN_PROGRESS_STATUSES,
    CommentStatus,
    FrameworkStatus,
    FundingSource,
    IntegrationAreaKind,
    ResponsibilityRole,
    SignatureDecision,
)
from frameworks.docx_import import ImportedPriority
from frameworks.models import (
    Comment,
    FundingLine,
    IntegratedStrategicFramework,
    IntegrationArea,
    NationalAlignment,
    Priority,
    Responsibility,
    Result,
    Signature,
)
from frameworks.selectors import (
    default_consultation_deadline,
    entities_for,
    framework_in_progress,
    next_version_number,
    open_thread_count,
)
from missions import outbox
from missions.access import check_allowed, entity_ids_of
from missions.choices import EntityKind, Role
from missions.models import Entity, MandateTask, Mission
from missions.notices import reason_text
from missions.stale import StaleEditError
from missions.texts import check_length
from planning.l10n import format_date

IN_PROGRESS = IN_PROGRESS_STATUSES
KEEP = object()  # an argument not given: the field keeps its value


# ---------- helpers ----------


def _lock(framework_id: int) -> IntegratedStrategicFramework:
    return IntegratedStrategicFramework.objects.select_for_update().select_related("mission").get(pk=framework_id)


def _ensure_editable(framework: IntegratedStrategicFramework) -> None:
    if framework.status not in EDITABLE_STATUSES:
        if framework.status == FrameworkStatus.SUBMITTED:
            message = _(
                "Version %(version)s has been submitted for endorsement and cannot be edited. Return it to draft first."
            )
        else:
            message = _("Version %(version)s is %(status)s and never changes. Start a new version to make changes.")
        raise ValidationError(message % {"version": framework.version, "status": framework.get_status_display()})


def _editable_framework(framework_id: int, actor) -> IntegratedStrategicFramework:
    framework = _lock(framework_id)
    check_allowed(actor, "change", framework)
    _ensure_editable(framework)
    return framework


def _check_fresh(obj, based_on: dt.datetime | None, wanted: dict) -> None:
    """Refuse a save based on an older `updated_at` than the row has now, when the fields this
    save writes have changed since that version (its history record says what they were). A row
    touched meanwhile only because one of its parts changed (a framework when a result's leads
    are saved) is not a conflict for its own fields."""
    if based_on is None or obj.updated_at == based_on:
        return
    history = getattr(obj, "history", None)
    seen = history.filter(updated_at=based_on).order_by("-history_date").first() if history is not None else None
    if seen is not None and all(getattr(seen, name) == getattr(obj, name) for name in wanted):
        return
    changed = {name: (getattr(obj, name), value) for name, value in wanted.items() if getattr(obj, name) != value}
    raise StaleEditError(current=obj, changed=changed)


def _save(obj, actor, reason: str, update_fields: list[str] | None = None) -> None:
    obj.full_clean()
    obj._change_reason = reason
    obj._history_user = actor
    obj.save(update_fields=update_fields)


# A planner's reason for a change to a priority or result: short, shown beside the change.
CHANGE_REASON_MAX = 500
CHANGE_REASON_TOO_LONG = gettext_lazy(
    "The reason for this change can be at most %(limit_value)d characters long (it has %(show_value)d)."
)


def _save_edit(obj, actor, reason: str, default: str) -> None:
    """Save an edit of a priority or result, with the planner's reason when one is given (kept as
    the history's change reason and marked as theirs) or else the name of the change."""
    reason = (reason or "").strip()
    check_length("reason", reason, CHANGE_REASON_MAX, CHANGE_REASON_TOO_LONG)
    obj._reason_given = bool(reason)
    _save(obj, actor, reason or default)


def _touch(framework: IntegratedStrategicFramework, actor, reason: str) -> None:
    """A change inside the framework counts as a change of the framework (its `updated_at`)."""
    framework._change_reason = reason
    framework._history_user = actor
    framework.save(update_fields=["updated_at"])


def _renumber(siblings: Iterable) -> list:
    rows = list(siblings)
    for index, row in enumerate(rows, start=1):
        row.order = index
    return rows


def _move(rows: list, obj, direction: str) -> bool:
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move up or down.")})
    rows = _renumber(rows)
    index = next(i for i, row in enumerate(rows) if row.pk == obj.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    _renumber(rows)
    type(obj).objects.bulk_update(rows, ["order"])
    return True


def _reorder(rows: list, order: Sequence[int], based_on: Sequence[int], kind_plural: str) -> list:
    """Put `rows` (locked, in their current order) in `order`, a list of their ids. `based_on` is
    the order the planner saw when they moved an item: if the rows have moved, appeared or gone
    since, the new order would undo someone else's change, so it is refused. The rows that moved."""
    current = [row.pk for row in rows]
    order, based_on = list(order), list(based_on)
    if based_on != current:
        raise ValidationError(
            {
                "order": _(
                    "The %(rows)s were changed meanwhile, so this order was not saved. "
                    "The outline now shows the current order: move the item again."
                )
                % {"rows": kind_plural}
            }
        )
    if len(order) != len(set(order)) or sorted(order) != sorted(current):
        raise ValidationError(
            {"order": _("The new order must list each of the %(rows)s once, and no other.") % {"rows": kind_plural}}
        )
    by_pk = {row.pk: row for row in rows}
    moved = [by_pk[pk] for index, pk in enumerate(order) if current[index] != pk]
    if moved:
        type(rows[0]).objects.bulk_update(_renumber(by_pk[pk] for pk in order), ["order"])
    return moved


# ---------- framework ----------


def ensure_none_in_progress(mission: Mission) -> None:
    """Refuse to start a version while another is in draft, consultation or submitted."""
    in_progress = framework_in_progress(mission)
    if in_progress:
        raise ValidationError(in_progress_refusal(in_progress))


def _new_draft(
    *, mission: Mission, actor, reason: str, label: str, period_start, period_end, vision: str, illustrative: bool
):
    """The next version of `mission`'s framework, empty, saved with `reason` in its history."""
    framework = IntegratedStrategicFramework(
        mission=mission,
        label=label or IntegratedStrategicFramework._meta.get_field("label").default,
        period_start=period_start,
        period_end=period_end,
        vision=vision,
        version=next_version_number(mission),
        created_by=actor,
        illustrative=illustrative,
    )
    _save(framework, actor, reason)
    return framework


@transaction.atomic
def framework_create(
    *,
    mission: Mission,
    actor,
    label: str = "",
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    vision: str = "",
    from_current: bool = False,
    illustrative: bool = False,
) -> IntegratedStrategicFramework:
    """A new draft for `mission`: blank, or (`from_current`) a deep copy of its endorsed framework
    as the next version."""
    mission = Mission.objects.select_for_update().get(pk=mission.pk)
    check_allowed(actor, "add", mission)
    ensure_none_in_progress(mission)
    if from_current:
        source = IntegratedStrategicFramework.objects.filter(mission=mission, status=FrameworkStatus.ENDORSED).first()
        if source is None:
            raise ValidationError(_("The mission has no endorsed framework to start a new version from."))
        return _copy_framework(source, actor=actor, version=next_version_number(mission))
    return _new_draft(
        mission=mission,
        actor=actor,
        reason=reason_text("framework.created"),
        label=label,
        period_start=period_start,
        period_end=period_end,
        vision=vision,
        illustrative=illustrative,
    )


def in_progress_refusal(in_progress: IntegratedStrategicFramework) -> str:
    """Why no version starts while `in_progress` is on its way to endorsement."""
    return _(
        "Version %(version)s of the framework is still %(status)s: finish or return it before starting another."
    ) % {"version": in_progress.version, "status": in_progress.get_status_display().lower()}


def _copy_framework(source: IntegratedStrategicFramework, *, actor, version: int) -> IntegratedStrategicFramework:
    framework = IntegratedStrategicFramework(
        mission_id=source.mission_id,
        label=source.label,
        period_start=source.period_start,
        period_end=source.period_end,
        vision=source.vision,
        version=version,
        parent=source,
        created_by=actor,
        illustrative=source.illustrative,
    )
    _save(framework, actor, reason_text("framework.version_started", version=source.version))
    alignments = [
        (NationalAlignment.objects.create(framework=framework, kind=a.kind, title=a.title, period=a.period), a)
        for a in source.alignments.prefetch_related("priorities")
    ]
    IntegrationArea.objects.bulk_create(
        IntegrationArea(framework=framework, area=a.area, depth=a.depth, rationale=a.rationale, review_on=a.review_on)
        for a in source.integration_areas.all()
    )
    # Benchmarks that watch a result watch its copy too (Result.benchmarks, from the benchmarks
    # app: the monitoring of a result carries over to the next version).
    watched = hasattr(Result, "benchmarks")
    priorities = source.priorities.prefetch_related(
        "funding_lines",
        "results__responsibilities",
        "results__mandate_tasks",
        *(["results__benchmarks"] if watched else []),
    )
    copies_by_benchmark: dict = {}
    priority_copies: dict[int, Priority] = {}
    for old_priority in priorities:
        priority = Priority.objects.create(
            framework=framework,
            order=old_priority.order,
            title=old_priority.title,
            description=old_priority.description,
            copied_from=old_priority,
        )
        priority_copies[old_priority.pk] = priority
        FundingLine.objects.bulk_create(
            FundingLine(priority=priority, source=f.source, amount=f.amount, gap=f.gap, note=f.note)
            for f in old_priority.funding_lines.all()
        )
        for old_result in old_priority.results.all():
            result = Result.objects.create(
                priority=priority,
                order=old_result.order,
                statement=old_result.statement,
                timeline_start=old_result.timeline_start,
                timeline_end=old_result.timeline_end,
                copied_from=old_result,
            )
            result.mandate_tasks.set(old_result.mandate_tasks.all())
            Responsibility.objects.bulk_create(
                Responsibility(result=result, entity_id=r.entity_id, role=r.role)
                for r in old_result.responsibilities.all()
            )
            for benchmark in old_result.benchmarks.all() if watched else ():
                copies_by_benchmark.setdefault(benchmark.pk, (benchmark, []))[1].append(result)
    for alignment, old in alignments:
        alignment.priorities.set([priority_copies[p.pk] for p in old.priorities.all() if p.pk in priority_copies])
    reason = reason_text("framework.linked_results", version=version)
    for benchmark, results in copies_by_benchmark.values():
        # Through the benchmark, so its history records the new links.
        benchmark._change_reason = reason
        benchmark._history_user = actor
        benchmark.results.add(*results)
    return framework


@transaction.atomic
def framework_update(
    *,
    framework: IntegratedStrategicFramework,
    actor,
    based_on: dt.datetime | None = None,
    label: str,
    period_start: dt.date,
    period_end: dt.date,
    vision: str,
) -> IntegratedStrategicFramework:
    framework = _editable_framework(framework.pk, actor)
    wanted = {"label": label, "period_start": period_start, "period_end": period_end, "vision": vision}
    _check_fresh(framework, based_on, wanted)
    for name, value in wanted.items():
        setattr(framework, name, value)
    _save(framework, actor, reason_text("framework.edited"))
    return framework


# ---------- priorities ----------


@transaction.atomic
def priority_add(*, framework: IntegratedStrategicFramework, actor, title: str, description: str = "") -> Priority:
    framework = _editable_framework(framework.pk, actor)
    order = (framework.priorities.aggregate(m=Max("order"))["m"] or 0) + 1
    priority = Priority(framework=framework, order=order, title=title, description=description)
    _save(priority, actor, reason_text("priority.added"))
    _touch(framework, actor, reason_text("priority.added"))
    return priority


@transaction.atomic
def priority_update(
    *,
    priority: Priority,
    actor,
    based_on: dt.datetime | None = None,
    title: str,
    description: str | None = None,
    reason: str = "",
) -> Priority:
    """Edit the title and (unless None: kept as it is) the description; `reason` is the planner's
    optional reason for the change (at most CHANGE_REASON_MAX characters)."""
    _editable_framework(priority.framework_id, actor)
    priority = Priority.objects.select_for_update().get(pk=priority.pk)
    if description is None:
        description = priority.description
    wanted = {"title": title, "description": description}
    _check_fresh(priority, based_on, wanted)
    priority.title, priority.description = title, description
    _save_edit(priority, actor, reason, reason_text("priority.edited"))
    return priority


@transaction.atomic
def priority_move(*, priority: Priority, actor, direction: str) -> Priority:
    framework = _editable_framework(priority.framework_id, actor)
    rows = list(framework.priorities.select_for_update().order_by("order", "id"))
    if _move(rows, priority, direction):
        _touch(framework, actor, reason_text("priorities.reordered"))
    return Priority.objects.get(pk=priority.pk)


@transaction.atomic
def priority_reorder(
    *, framework: IntegratedStrategicFramework, actor, order: Sequence[int], based_on: Sequence[int]
) -> list[Priority]:
    """Put the framework's priorities in `order` (all their ids, once each), as the planner
    arranged them; `based_on` is the order they saw (see `_reorder`). The priorities that moved."""
    framework = _editable_framework(framework.pk, actor)
    rows = list(framework.priorities.select_for_update().order_by("order", "id"))
    moved = _reorder(rows, order, based_on, _("priorities of this framework"))
    if moved:
        _touch(framework, actor, reason_text("priorities.reordered"))
    return moved


@transaction.atomic
def priority_delete(*, priority: Priority, actor) -> None:
    framework = _editable_framework(priority.framework_id, actor)
    priority = Priority.objects.select_for_update().get(pk=priority.pk)
    priority._change_reason = reason_text("priority.removed")
    priority._history_user = actor
    priority.delete()
    Priority.objects.bulk_update(_renumber(framework.priorities.order_by("order", "id")), ["order"])
    _touch(framework, actor, reason_text("priority.removed"))


# ---------- results ----------


@transaction.atomic
def result_add(
    *,
    priority: Priority,
    actor,
    statement: str,
    timeline_start: dt.date | None = None,
    timeline_end: dt.date | None = None,
) -> Result:
    framework = _editable_framework(priority.framework_id, actor)
    priority = Priority.objects.select_related("framework").get(pk=priority.pk)
    order = (priority.results.aggregate(m=Max("order"))["m"] or 0) + 1
    result = Result(
        priority=priority, order=order, statement=statement, timeline_start=timeline_start, timeline_end=timeline_end
    )
    _save(result, actor, reason_text("result.added"))
    _touch(framework, actor, reason_text("result.added"))
    return result


@transaction.atomic
def result_update(
    *,
    result: Result,
    actor,
    based_on: dt.datetime | None = None,
    statement: str,
    timeline_start: dt.date | None | object = KEEP,
    timeline_end: dt.date | None | object = KEEP,
    reason: str = "",
) -> Result:
    """Edit the statement and timeline; a timeline date not given (KEEP) stays as it is, None clears
    it. `reason` is the planner's optional reason for the change."""
    framework = _editable_framework(result.priority.framework_id, actor)
    result = Result.objects.select_for_update().get(pk=result.pk)
    result.priority.framework = framework
    wanted = {"statement": statement, "timeline_start": timeline_start, "timeline_end": timeline_end}
    wanted = {name: getattr(result, name) if value is KEEP else value for name, value in wanted.items()}
    _check_fresh(result, based_on, wanted)
    for name, value in wanted.items():
        setattr(result, name, value)
    _save_edit(result, actor, reason, reason_text("result.edited"))
    return result


@transaction.atomic
def result_move(*, result: Result, actor, direction: str) -> Result:
    framework = _editable_framework(result.priority.framework_id, actor)
    rows = list(Result.objects.select_for_update().filter(priority_id=result.priority_id).order_by("order", "id"))
    if _move(rows, result, direction):
        _touch(framework, actor, reason_text("results.reordered"))
    return Result.objects.get(pk=result.pk)


@transaction.atomic
def result_reorder(*, priority: Priority, actor, order: Sequence[int], based_on: Sequence[int]) -> list[Result]:
    """Put the results of `priority` in `order` (all their ids, once each): results move only
    within their priority. `based_on` is the order the planner saw (see `_reorder`). The results
    that moved."""
    framework = _editable_framework(priority.framework_id, actor)
    rows = list(Result.objects.select_for_update().filter(priority_id=priority.pk).order_by("order", "id"))
    elsewhere = set(order) - {row.pk for row in rows}
    if elsewhere and Result.objects.filter(pk__in=elsewhere, priority__framework=framework).exists():
        raise ValidationError({"order": _("A result can be moved only within its priority.")})
    moved = _reorder(rows, order, based_on, _("results of this priority"))
    if moved:
        _touch(framework, actor, reason_text("results.reordered"))
    return moved


@transaction.atomic
def result_delete(*, result: Result, actor) -> None:
    framework = _editable_framework(result.priority.framework_id, actor)
    priority_id = result.priority_id
    result = Result.objects.select_for_update().get(pk=result.pk)
    result._change_reason = reason_text("result.removed")
    result._history_user = actor
    result.delete()
    Result.objects.bulk_update(
        _renumber(Result.objects.filter(priority_id=priority_id).order_by("order", "id")), ["order"]
    )
    _touch(framework, actor, reason_text("result.removed"))


def _not_of_mission_message(mission, entity_ids) -> str:
    """Why these entities cannot lead or contribute: host-government bodies of another country are
    named as such; anything else is outside the mission and its country team."""
    foreign = list(
        Entity.objects.filter(pk__in=entity_ids, kind=EntityKind.HOST_GOVERNMENT)
        .order_by("code")
        .values_list("code", flat=True)
    )
    if foreign:
        return _(
            "%(names)s: only host-government bodies of the mission's country (%(country)s) can lead or contribute."
        ) % {"names": ", ".join(foreign), "country": mission.country}
    return _("Only the mission, its country team and host-government bodies of its country can lead or contribute.")


@transaction.atomic
def responsibility_set(*, result: Result, entity: Entity, role: str, actor) -> Responsibility | None:
    """Set what `entity` does for `result`: lead, contributing, or nothing ("")."""
    framework = _editable_framework(result.priority.framework_id, actor)
    if role and role not in ResponsibilityRole.values:
        raise ValidationError({"role": _("Choose leads, contributes or none.")})
    if entity.pk not in {e.pk for e in entities_for(framework.mission)}:
        raise ValidationError({"entity": _not_of_mission_message(framework.mission, {entity.pk})})
    existing = Responsibility.objects.select_for_update().filter(result=result, entity=entity).first()
    if not role:
        if existing:
            existing.delete()
            _touch(framework, actor, reason_text("responsibility.removed", entity=str(entity)))
        return None
    responsibility = existing or Responsibility(result=result, entity=entity)
    responsibility.role = role
    responsibility.full_clean()
    responsibility.save()
    _touch(framework, actor, reason_text("responsibility.set", entity=str(entity)))
    return responsibility


@transaction.atomic
def result_roles_set(*, result: Result, actor, leads: Iterable[int], contributors: Iterable[int]) -> Result:
    """Who leads and who contributes to `result`, in one save: every entity of the mission (itself
    and its country team) gets its role from these two sets, the others none."""
    framework = _editable_framework(result.priority.framework_id, actor)
    leads, contributors = set(leads), set(contributors)
    both = leads & contributors
    entities = {entity.pk: entity for entity in entities_for(framework.mission)}
    if both:
        names = ", ".join(sorted(entities[pk].code for pk in both if pk in entities))
        raise ValidationError(
            {"contributors": _("An entity either leads or contributes: %(names)s.") % {"names": names}}
        )
    unknown = (leads | contributors) - entities.keys()
    if unknown:
        field = "leads" if unknown & leads else "contributors"
        raise ValidationError({field: _not_of_mission_message(framework.mission, unknown)})
    existing = {r.entity_id: r for r in Responsibility.objects.select_for_update().filter(result=result)}
    changed = False
    for pk, entity in entities.items():
        role = ResponsibilityRole.LEAD if pk in leads else ResponsibilityRole.CONTRIBUTING if pk in contributors else ""
        current = existing.get(pk)
        if (current.role if current else "") == role:
            continue
        changed = True
        if not role:
            current.delete()
            continue
        responsibility = current or Responsibility(result=result, entity=entity)
        responsibility.role = role
        responsibility.full_clean()
        responsibility.save()
    if changed:
        _touch(framework, actor, reason_text("responsibilities.set"))
    return result


@transaction.atomic
def result_link_tasks(*, result: Result, task_ids: Iterable[int], actor) -> Result:
    framework = _editable_framework(result.priority.framework_id, actor)
    task_ids = {int(pk) for pk in task_ids}
    tasks = list(MandateTask.objects.filter(pk__in=task_ids, mandate__mission_id=framework.mission_id))
    if len(tasks) != len(task_ids):
        raise ValidationError({"mandate_tasks": _("Link only tasks of this mission's mandates.")})
    result = Result.objects.select_for_update().get(pk=result.pk)
    result._change_reason = reason_text("mandate_links.changed")
    result._history_user = actor
    result.mandate_tasks.set(tasks)
    result.save(update_fields=["updated_at"])
    _touch(framework, actor, reason_text("mandate_links.changed"))
    return result


# ---------- integration areas and funding ----------


@transaction.atomic
def integration_area_set(
    *,
    framework: IntegratedStrategicFramework,
    actor,
    area: str,
    depth: str,
    rationale: str = "",
    review_on: dt.date | None = None,
    area_id: int | None = None,
    based_on: dt.datetime | None = None,
) -> IntegrationArea | None:
    """Record how deeply the framework integrates in `area`; an empty depth removes the area.
    With `based_on`, a change to a recorded area someone else has changed since is refused."""
    framework = _editable_framework(framework.pk, actor)
    if area_id:
        existing = IntegrationArea.objects.select_for_update().filter(framework=framework, pk=area_id).first()
        if existing is None:
            raise ValidationError({"area": _("This area is not part of the framework.")})
    elif area != IntegrationAreaKind.OTHER:
        existing = IntegrationArea.objects.select_for_update().filter(framework=framework, area=area).first()
    else:
        existing = None
    if existing is not None:
        _check_fresh(existing, based_on, {"depth": depth, "rationale": rationale, "review_on": review_on})
    if not depth:
        if existing:
            existing.delete()
            _touch(framework, actor, reason_text("integration_area.removed"))
        return None
    row = existing or IntegrationArea(framework=framework)
    row.area, row.depth, row.rationale, row.review_on = area, depth, rationale, review_on
    row.full_clean(validate_constraints=existing is None)
    row.save()
    _touch(framework, actor, reason_text("integration_area.recorded"))
    return row


@transaction.atomic
def national_alignment_set(
    *,
    framework: IntegratedStrategicFramework,
    actor,
    kind: str,
    title: str,
    period: str = "",
    priorities: Iterable[Priority] = (),
    alignment_id: int | None = None,
) -> NationalAlignment | None:
    """Record (or change) a national framework the ISF aligns with and the priorities aligned with
    it; an empty title removes a recorded one."""
    framework = _editable_framework(framework.pk, actor)
    alignment = None
    if alignment_id:
        alignment = NationalAlignment.objects.filter(framework=framework, pk=alignment_id).first()
        if alignment is None:
            raise ValidationError({"title": _("This national framework is no longer recorded.")})
        if not (title or "").strip():
            alignment.delete()
            _touch(framework, actor, _("National framework removed"))
            return None
    priorities = list(priorities)
    if any(p.framework_id != framework.pk for p in priorities):
        raise ValidationError({"priorities": _("Choose priorities of this framework.")})
    alignment = alignment or NationalAlignment(framework=framework)
    alignment.kind, alignment.title, alignment.period = kind, (title or "").strip(), (period or "").strip()
    alignment.full_clean()
    alignment.save()
    alignment.priorities.set(priorities)
    _touch(framework, actor, _("National framework recorded"))
    return alignment


@transaction.atomic
def funding_line_set(
    *,
    priority: Priority,
    actor,
    source: str,
    amount: Decimal | None,
    gap: Decimal | None,
    note: str = "",
) -> FundingLine | None:
    """Record the amount and gap from `source` for `priority`; nothing entered removes the line."""
    framework = _editable_framework(priority.framework_id, actor)
    if source not in FundingSource.values:
        raise ValidationError({"source": _("Choose a funding source.")})
    existing = FundingLine.objects.select_for_update().filter(priority=priority, source=source).first()
    if amount is None and gap is None and not note:
        if existing:
            existing.delete()
            _touch(framework, actor, reason_text("funding.removed"))
        return None
    line = existing or FundingLine(priority=priority, source=source)
    line.amount, line.gap, line.note = amount or Decimal("0"), gap or Decimal("0"), note
    line.full_clean(validate_constraints=existing is None)
    line.save()
    _touch(framework, actor, reason_text("funding.recorded"))
    return line


class _Latest:
    """What a stale funding save was checked against: the newest change among the priority's lines."""

    def __init__(self, updated_at):
        self.updated_at = updated_at


@transaction.atomic
def priority_funding_set(
    *,
    priority: Priority,
    actor,
    lines: dict[str, tuple[Decimal | None, Decimal | None]],
    based_on: dt.datetime | None | object = KEEP,
) -> list[FundingLine]:
    """Record amount and gap per source for `priority` at once. `based_on` is the newest
    `updated_at` among its lines when the form was shown (None: it had none); if a line has
    changed, appeared or gone since, the save is refused with the current figures."""
    _editable_framework(priority.framework_id, actor)
    current = {line.source: line for line in FundingLine.objects.select_for_update().filter(priority=priority)}
    if based_on is not KEEP:
        latest = max((line.updated_at for line in current.values()), default=None)
        if latest != based_on:
            changed = {}
            for source, (amount, gap) in lines.items():
                line = current.get(source)
                theirs = (line.amount, line.gap) if line else (None, None)
                for part, mine, their in (("amount", amount, theirs[0]), ("gap", gap, theirs[1])):
                    if (their or Decimal("0")) != (mine or Decimal("0")):
                        changed[f"{source}_{part}"] = (their, mine)
            raise StaleEditError(current=_Latest(latest), changed=changed)
    saved = []
    for source, (amount, gap) in lines.items():
        line = current.get(source)
        unchanged = line is not None and (line.amount, line.gap) == (amount or Decimal("0"), gap or Decimal("0"))
        if unchanged or (line is None and amount is None and gap is None):
            continue
        saved.append(
            funding_line_set(
                priority=priority, actor=actor, source=source, amount=amount, gap=gap, note=line.note if line else ""
            )
        )
    return saved


# ---------- workflow ----------


def _set_status(
    framework: IntegratedStrategicFramework, actor, status: str, reason: str, extra: list[str] | None = None
) -> None:
    framework.status = status
    _save(framework, actor, reason, update_fields=["status", "updated_at", *(extra or [])])


def lead_entity_ids(framework: IntegratedStrategicFramework) -> set[int]:
    return set(
        Responsibility.objects.filter(result__priority__framework=framework, role=ResponsibilityRole.LEAD).values_list(
            "entity_id", flat=True
        )
    )


def required_signatories(framework: IntegratedStrategicFramework) -> set[int]:
    """The SRSG office signs for the mission; every entity that leads a result signs for itself."""
    return {framework.mission.entity_id, *lead_entity_ids(framework)} - {None}


@transaction.atomic
def framework_to_consultation(
    *, framework: IntegratedStrategicFramework, actor, deadline: dt.date | None = None
) -> IntegratedStrategicFramework:
    """Open a draft to the country team's comments until `deadline` (by default two weeks from
    today: settings.WORKBENCH["CONSULTATION_DAYS"]). The people asked
    (`selectors.consultation_invitees`) are told what is asked and by when, the others working on
    the mission that the status changed."""
    framework = _lock(framework.pk)
    check_allowed(actor, "change", framework)
    if framework.status != FrameworkStatus.DRAFT:
        raise ValidationError({"status": _("Only a draft can go to consultation.")})
    if not framework.priorities.exists():
        raise ValidationError({"status": _("Add at least one priority before consulting the country team.")})
    today = timezone.localdate()
    deadline = deadline or default_consultation_deadline(today)
    if deadline < today:
        raise ValidationError(
            {
                "deadline": _("The comment deadline (%(date)s) is in the past: choose today or a later date.")
                % {"date": format_date(deadline)}
            }
        )
    framework.consultation_deadline = deadline
    _set_status(
        framework,
        actor,
        FrameworkStatus.CONSULTATION,
        reason_text("framework.to_consultation", date=deadline),
        extra=["consultation_deadline"],
    )
    from frameworks.tasks import notify_consultation

    outbox.enqueue(notify_consultation, framework.pk)
    return framework


@transaction.atomic
def framework_submit(*, framework: IntegratedStrategicFramework, actor) -> IntegratedStrategicFramework:
    framework = _lock(framework.pk)
    check_allowed(actor, "change", framework)
    if framework.status != FrameworkStatus.CONSULTATION:
        raise ValidationError({"status": _("Only a framework in consultation can be submitted.")})
    results = Result.objects.filter(priority__framework=framework)
    if not results.exists():
        raise ValidationError({"status": _("Add at least one result before submitting.")})
    without_lead = results.exclude(responsibilities__role=ResponsibilityRole.LEAD).count()
    if without_lead:
        raise ValidationError(
            {
                "status": _("%(count)s result(s) have no lead entity: every result needs one before submission.")
                % {"count": without_lead}
            }
        )
    if framework.mission.entity_id is None:
        raise ValidationError({"status": _("The mission has no entity to sign for it.")})
    # Earlier decisions were on a text that has changed since.
    framework.signatures.all().delete()
    _set_status(framework, actor, FrameworkStatus.SUBMITTED, reason_text("framework.submitted_status"))
    _notify_framework(framework, "framework.submitted")
    return framework


@transaction.atomic
def framework_return_to_draft(
    *, framework: IntegratedStrategicFramework, actor, reason: str
) -> IntegratedStrategicFramework:
    framework = _lock(framework.pk)
    check_allowed(actor, "change", framework)
    if framework.status not in (FrameworkStatus.CONSULTATION, FrameworkStatus.SUBMITTED):
        raise ValidationError({"status": _("Only a framework in consultation or submitted can return to draft.")})
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("Say why the framework returns to draft.")})
    check_length("reason", reason.strip())
    _set_status(
        framework, actor, FrameworkStatus.DRAFT, reason_text("framework.returned_to_draft", reason=reason.strip())
    )
    return framework


@transaction.atomic
def framework_sign(
    *,
    framework: IntegratedStrategicFramework,
    actor,
    entity: Entity,
    decision: str,
    reason: str = "",
    open_threads: int | None = None,
) -> Signature:
    """`actor` signs or objects for `entity`. The SRSG office signs for the mission entity, an agency
    planner for their own entity when it leads a result. An objection returns the framework to draft;
    the last required signature endorses it.

    A signature that endorses (the SRSG office's, or the last one required) while comment threads
    are still open needs `open_threads`: the number of open threads the signatory confirms
    endorsing with (what their page showed). It is kept on the signature and in the framework's
    history, with the note (`reason`)."""
    framework = _lock(framework.pk)
    mission = framework.mission
    if entity.pk == mission.entity_id:
        check_allowed(actor, "endorse", framework)
        role = Role.SRSG_OFFICE
    else:
        check_allowed(actor, "sign", framework)
        role = Role.AGENCY_PLANNER
    if not entity_ids_of(actor, role).filter(entity_id=entity.pk).exists() and not actor.is_superuser:
        raise ValidationError({"entity": _("You do not sign for %(entity)s.") % {"entity": entity}})
    if framework.status != FrameworkStatus.SUBMITTED:
        raise ValidationError({"status": _("Only a submitted framework can be signed.")})
    required = required_signatories(framework)
    if entity.pk not in required:
        raise ValidationError({"entity": _("%(entity)s leads no result of this framework.") % {"entity": entity}})
    if decision not in SignatureDecision.values:
        raise ValidationError({"decision": _("Sign or object.")})
    if framework.signatures.filter(entity=entity).exists():
        raise ValidationError({"entity": _("%(entity)s has already decided on this version.") % {"entity": entity}})
    signed = set(framework.signatures.filter(decision=SignatureDecision.SIGNED).values_list("entity_id", flat=True))
    endorsing = entity.pk == mission.entity_id or required <= signed | {entity.pk}
    still_open = open_thread_count(framework) if decision == SignatureDecision.SIGNED and endorsing else 0
    if still_open and open_threads != still_open:
        raise ValidationError(
            {
                "open_threads": ngettext(
                    "%(count)s comment thread is still open: confirm that you endorse with it open, "
                    "or resolve it first.",
                    "%(count)s comment threads are still open: confirm that you endorse with them open, "
                    "or resolve them first.",
                    still_open,
                )
                % {"count": still_open}
            }
        )
    signature = Signature(
        framework=framework,
        entity=entity,
        signed_by=actor,
        decision=decision,
        reason=reason.strip(),
        open_threads=still_open or None,
    )
    signature.full_clean()
    signature.save()
    if still_open:
        note = reason_text(
            "framework.signed_with_open", entity=str(entity), count=still_open, reason=signature.reason or ""
        )
        _touch(framework, actor, note)
    if decision == SignatureDecision.OBJECTED:
        _set_status(
            framework,
            actor,
            FrameworkStatus.DRAFT,
            reason_text("framework.objection", entity=str(entity), reason=signature.reason),
        )
        _notify_framework(framework, "framework.objected")
        return signature
    if required <= signed | {entity.pk}:
        _endorse(framework, actor)
    return signature


def _endorse(framework: IntegratedStrategicFramework, actor) -> None:
    today = timezone.localdate()
    for previous in IntegratedStrategicFramework.objects.select_for_update().filter(
        mission_id=framework.mission_id, status=FrameworkStatus.ENDORSED
    ):
        _set_status(
            previous,
            actor,
            FrameworkStatus.SUPERSEDED,
            reason_text("framework.superseded", version=framework.version),
        )
    framework.endorsed_on = today
    framework.reviewed_on = today
    _set_status(
        framework,
        actor,
        FrameworkStatus.ENDORSED,
        reason_text("framework.endorsed_status"),
        extra=["endorsed_on", "reviewed_on"],
    )
    _notify_framework(framework, "framework.endorsed")


def _notify_framework(framework: IntegratedStrategicFramework, key: str) -> None:
    from frameworks.tasks import notify_framework_status

    outbox.enqueue(notify_framework_status, framework.pk, key)


# ---------- comments ----------

MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9][\w.\-]*[A-Za-z0-9]|[A-Za-z0-9])")


def parse_mentions(body: str, mission: Mission) -> tuple[list[Entity], list]:
    """Entities (by code) and people (by user name) named with @ in `body`."""
    names = set(MENTION.findall(body))
    if not names:
        return [], []
    entities = list(Entity.objects.filter(code__in=names))
    codes = {e.code for e in entities}
    users = list(get_user_model().objects.filter(username__in=names - codes, is_active=True))
    return entities, users


def _author_entity(actor, framework: IntegratedStrategicFramework) -> Entity:
    from missions.models import Membership

    membership = (
        Membership.objects.filter(user=actor, is_active=True, missions=framework.mission_id)
        .select_related("entity")
        .order_by("role")
        .first()
    )
    if membership is None:
        raise ValidationError({"body": _("You comment on behalf of an entity: you need a membership on this mission.")})
    return membership.entity


@transaction.atomic
def comment_add(
    *,
    framework: IntegratedStrategicFramework,
    actor,
    body: str,
    priority: Priority | None = None,
    result: Result | None = None,
    parent: Comment | None = None,
) -> Comment:
    """A new thread on a priority or result, or (`parent`) a reply in a thread."""
    framework = _lock(framework.pk)
    check_allowed(actor, "comment", framework)
    if framework.status in (FrameworkStatus.SUPERSEDED, FrameworkStatus.CLOSED):
        raise ValidationError(
            {
                "body": _("This version is %(status)s: comment on the current one.")
                % {"status": framework.get_status_display().lower()}
            }
        )
    if parent is not None:
        parent = Comment.objects.select_related("priority", "result").get(pk=parent.pk, framework=framework)
        if parent.parent_id:
            parent = parent.parent
        priority, result = parent.priority, parent.result
    if priority is not None:
        quoted = priority.title
    elif result is not None:
        quoted = result.statement
    else:
        raise ValidationError({"body": _("Comment on a priority or a result.")})
    comment = Comment(
        framework=framework,
        priority=priority if result is None else None,
        result=result,
        parent=parent,
        author=actor,
        author_entity=_author_entity(actor, framework),
        body=(body or "").strip(),
        framework_version=framework.version,
        quoted_text=quoted,
    )
    comment.full_clean()
    comment.save()
    entities, users = parse_mentions(comment.body, framework.mission)
    comment.mentioned_entities.set(entities)
    comment.mentioned_users.set(users)
    if parent is not None and parent.status == CommentStatus.RESOLVED:
        parent.status = CommentStatus.OPEN
        parent.save(update_fields=["status", "updated_at"])
    from frameworks.tasks import notify_comment

    outbox.enqueue(notify_comment, comment.pk)
    return comment


@transaction.atomic
def comment_set_status(*, comment: Comment, actor, status: str) -> Comment:
    comment = Comment.objects.select_for_update().select_related("framework").get(pk=comment.pk)
    check_allowed(actor, "comment", comment.framework)
    if comment.parent_id:
        raise ValidationError({"status": _("The status belongs to the first comment of the thread.")})
    if status not in CommentStatus.values:
        raise ValidationError({"status": _("Choose open, addressed or resolved.")})
    comment.status = status
    comment.full_clean()
    comment.save(update_fields=["status", "updated_at"])
    return comment


# ---------- import from Word ----------


@transaction.atomic
def framework_import(
    *,
    mission: Mission,
    actor,
    label: str,
    period_start: dt.date,
    period_end: dt.date,
    vision: str = "",
    priorities: Sequence[ImportedPriority],
    illustrative: bool = False,
) -> IntegratedStrategicFramework:
    """A new draft for `mission` holding the vision, priorities and results read from a Word
    document (frameworks.docx_import) and checked by the planner. Refused, storing nothing, like
    `framework_create` while a version is in progress, and when any part is invalid (the message
    says which priority or result)."""
    mission = Mission.objects.select_for_update().get(pk=mission.pk)
    check_allowed(actor, "add", mission)
    ensure_none_in_progress(mission)
    if not priorities:
        raise ValidationError({"priorities": _("Keep at least one priority to import.")})
    reason = reason_text("framework.imported")
    framework = _new_draft(
        mission=mission,
        actor=actor,
        reason=reason,
        label=label,
        period_start=period_start,
        period_end=period_end,
        vision=vision,
        illustrative=illustrative,
    )
    for p_number, imported in enumerate(priorities, start=1):
        priority = Priority(framework=framework, order=p_number, title=imported.title, description=imported.description)
        _save_part(priority, actor, reason, _("Priority %(number)s") % {"number": p_number})
        for r_number, imported_result in enumerate(imported.results, start=1):
            result = Result(
                priority=priority,
                order=r_number,
                statement=imported_result.statement,
                timeline_start=imported_result.timeline_start,
                timeline_end=imported_result.timeline_end,
            )
            where = _("Result %(number)s") % {"number": f"{p_number}.{r_number}"}
            _save_part(result, actor, reason, where)
    return framework


def _save_part(obj, actor, reason: str, where: str) -> None:
    """Save a part of an imported framework; a refusal says which part (the import is one form)."""
    try:
        obj.full_clean()
    except ValidationError as error:
        messages = [f"{where}: {_message_of(obj, name, message)}" for name, message in _messages(error)]
        raise ValidationError(messages) from None
    obj._change_reason = reason
    obj._history_user = actor
    obj.save()


def _messages(error: ValidationError) -> list[tuple[str, str]]:
    return [(name, message) for name, messages in error.message_dict.items() for message in messages]


def _message_of(obj, name: str, message: str) -> str:
    try:
        label = str(obj._meta.get_field(name).verbose_name).capitalize()
    except FieldDoesNotExist:  # an error of the whole row
        return message
    return f"{label}: {message}"
