"""Writes of the benchmarks app: benchmarks and indicators, and the progress-update workflow
(the responsible entity submits, the mission planning unit approves or returns with a reason).

Each service takes keyword arguments, runs in one transaction, checks access through the access
layer, validates with full_clean() and sends side effects (mail) only once the transaction commits.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from benchmarks.choices import ProgressStatus, UpdateState
from benchmarks.models import Benchmark, CapacityGap, Indicator, ProgressUpdate
from benchmarks.periods import period_starting
from benchmarks.standing import standings_refresh
from frameworks.models import Result
from missions import notices, outbox
from missions.access import check_allowed, refuse
from missions.models import MandateTask, Mission
from missions.notices import reason_text
from missions.texts import check_length
from planning.l10n import format_date

logger = logging.getLogger("workbench.benchmarks")

BENCHMARK_FIELDS = ("title", "description", "order", "is_transition")
INDICATOR_FIELDS = (
    "name",
    "unit",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "direction",
    "frequency",
    "aggregation",
    "data_source",
    "responsible_entity",
)


def _check_links(mission: Mission, results: Iterable[Result], mandate_tasks: Iterable[MandateTask]) -> None:
    errors = {}
    if any(result.priority.framework.mission_id != mission.pk for result in results):
        errors["results"] = _("Link only results of this mission's frameworks.")
    if any(task.mandate.mission_id != mission.pk for task in mandate_tasks):
        errors["mandate_tasks"] = _("Link only tasks of this mission's mandates.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def benchmark_create(
    *,
    mission: Mission,
    actor,
    title: str,
    description: str = "",
    order: int = 1,
    is_transition: bool = False,
    results: Iterable[Result] = (),
    mandate_tasks: Iterable[MandateTask] = (),
) -> Benchmark:
    check_allowed(actor, "add", mission)
    results, mandate_tasks = list(results), list(mandate_tasks)
    _check_links(mission, results, mandate_tasks)
    benchmark = Benchmark(
        mission=mission, title=title, description=description, order=order, is_transition=is_transition
    )
    benchmark.full_clean()
    benchmark._change_reason = reason_text("benchmark.created")
    benchmark.save()
    benchmark.results.set(results)
    benchmark.mandate_tasks.set(mandate_tasks)
    standings_refresh(mission_ids=[mission.pk])
    logger.info("benchmark created id=%s mission=%s by=%s", benchmark.pk, mission.pk, actor.pk)
    return benchmark


@transaction.atomic
def benchmark_update(
    *,
    benchmark: Benchmark,
    actor,
    results: Iterable[Result] | None = None,
    mandate_tasks: Iterable[MandateTask] | None = None,
    reason: str = "",
    **fields,
) -> Benchmark:
    benchmark = Benchmark.objects.select_for_update().select_related("mission").get(pk=benchmark.pk)
    check_allowed(actor, "change", benchmark)
    unknown = set(fields) - set(BENCHMARK_FIELDS)
    if unknown:
        raise TypeError(f"benchmark_update() got unexpected fields {sorted(unknown)}")
    results = list(benchmark.results.all()) if results is None else list(results)
    mandate_tasks = list(benchmark.mandate_tasks.all()) if mandate_tasks is None else list(mandate_tasks)
    _check_links(benchmark.mission, results, mandate_tasks)
    for name, value in fields.items():
        setattr(benchmark, name, value)
    benchmark.full_clean()
    benchmark._change_reason = reason or reason_text("benchmark.edited")
    benchmark.save()
    benchmark.results.set(results)
    benchmark.mandate_tasks.set(mandate_tasks)
    standings_refresh(mission_ids=[benchmark.mission_id])  # transition readiness
    return benchmark


@transaction.atomic
def indicator_create(*, benchmark: Benchmark, actor, **fields) -> Indicator:
    check_allowed(actor, "change", benchmark)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"indicator_create() got unexpected fields {sorted(unknown)}")
    indicator = Indicator(benchmark=benchmark, **fields)
    indicator.full_clean()
    indicator._change_reason = reason_text("indicator.created")
    indicator.save()
    standings_refresh(indicator_ids=[indicator.pk])
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, actor, reason: str = "", **fields) -> Indicator:
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    check_allowed(actor, "change", indicator)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"indicator_update() got unexpected fields {sorted(unknown)}")
    if "frequency" in fields and fields["frequency"] != indicator.frequency and indicator.updates.exists():
        raise ValidationError({"frequency": _("The frequency cannot change once updates were reported.")})
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator._change_reason = reason or reason_text("indicator.edited")
    indicator.save()
    standings_refresh(indicator_ids=[indicator.pk])
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, actor) -> None:
    """Delete an indicator with its updates; the mission's roll-up follows."""
    indicator = Indicator.objects.select_for_update().select_related("benchmark").get(pk=indicator.pk)
    check_allowed(actor, "delete", indicator)
    mission_id = indicator.benchmark.mission_id
    indicator.delete()
    standings_refresh(mission_ids=[mission_id])


@transaction.atomic
def benchmark_delete(*, benchmark: Benchmark, actor) -> None:
    """Delete a benchmark with its indicators and their updates; the mission's roll-up follows."""
    benchmark = Benchmark.objects.select_for_update().get(pk=benchmark.pk)
    check_allowed(actor, "delete", benchmark)
    mission_id = benchmark.mission_id
    benchmark.delete()
    standings_refresh(mission_ids=[mission_id])


# Progress updates -------------------------------------------------------------------------------


def _check_period(indicator: Indicator, period_start: dt.date, today: dt.date) -> dt.date:
    period = period_starting(period_start, indicator.frequency)
    if period is None:
        raise ValidationError(
            {
                "period_start": _("%(date)s does not start a %(frequency)s reporting period.")
                % {"date": period_start, "frequency": indicator.get_frequency_display().lower()}
            }
        )
    if period[1] > today:
        raise ValidationError(
            {
                "period_start": _("This period is not open yet: updates open when the period ends (%(end)s).")
                % {"end": period[1]}
            }
        )
    if period[1] < indicator.baseline_date:
        raise ValidationError({"period_start": _("This period ended before the indicator's baseline date.")})
    return period[1]


def _prepared_submission(
    update: ProgressUpdate | None,
    *,
    indicator: Indicator,
    actor,
    period_start: dt.date,
    value: Decimal | None,
    status: str,
    narrative: str,
    evidence_url: str,
    today: dt.date,
) -> ProgressUpdate:
    """`update` (the existing update of the period, locked, or None) submitted with these values,
    not yet validated or saved. Refused once approved: an approved update is locked."""
    period_end = _check_period(indicator, period_start, today)
    if update is None:
        update = ProgressUpdate(indicator=indicator, period_start=period_start, period_end=period_end)
    elif update.state == UpdateState.APPROVED:
        raise ValidationError(_("The update for this period is approved and locked."))
    update.value = value
    update.status = status
    update.narrative = narrative
    update.evidence_url = evidence_url
    update.state = UpdateState.SUBMITTED
    update.submitted_by = actor
    update.submitted_at = timezone.now()
    update.return_reason = ""
    return update


@transaction.atomic
def update_submit(
    *,
    indicator: Indicator,
    actor,
    period_start: dt.date,
    value: Decimal | None,
    status: str,
    narrative: str = "",
    evidence_url: str = "",
    today: dt.date | None = None,
    replace_submitted: bool = True,
) -> ProgressUpdate:
    """Submit (or correct and resubmit) the update of `indicator` for the period starting on
    `period_start`. Refused once approved: an approved update is locked. With
    `replace_submitted=False` (the submit page, which offers only periods with nothing waiting)
    an update of the period already waiting for review is refused rather than overwritten."""
    check_allowed(actor, "submit_update", indicator)
    today = today or timezone.localdate()
    update = ProgressUpdate.objects.select_for_update().filter(indicator=indicator, period_start=period_start).first()
    if update is not None and update.state == UpdateState.SUBMITTED and not replace_submitted:
        when = format_date(update.submitted_at) if update.submitted_at else "—"
        raise ValidationError(
            {
                "period_start": _(
                    "An update for this period was already submitted on %(date)s and waits for review: "
                    "withdraw it to change it."
                )
                % {"date": when}
            }
        )
    update = _prepared_submission(
        update,
        indicator=indicator,
        actor=actor,
        period_start=period_start,
        value=value,
        status=status,
        narrative=narrative,
        evidence_url=evidence_url,
        today=today,
    )
    update.full_clean()
    update.save()
    standings_refresh(indicator_ids=[indicator.pk])  # who owes the due update
    logger.info("update submitted id=%s indicator=%s by=%s", update.pk, indicator.pk, actor.pk)
    return update


@transaction.atomic
def update_withdraw(*, update: ProgressUpdate, actor) -> ProgressUpdate:
    """Take back a submitted update before the mission planning unit reviews it: it returns to
    draft, for the entity to correct and submit again, and leaves the review queue. Allowed to
    the submitting entity (`submit_update`) while the update is submitted; the indicator's
    history records it."""
    update = (
        ProgressUpdate.objects.select_for_update(of=("self",))
        .select_related("indicator__benchmark__mission")
        .get(pk=update.pk)
    )
    check_allowed(actor, "submit_update", update)
    if update.state != UpdateState.SUBMITTED:
        raise ValidationError(
            _("Only an update waiting for review can be withdrawn: this one is %(state)s.")
            % {"state": update.get_state_display().lower()}
        )
    update.state = UpdateState.DRAFT
    update.submitted_at = None
    update.full_clean()
    update.save(update_fields=["state", "submitted_at", "updated_at"])
    indicator = update.indicator
    Indicator.history.bulk_history_create(
        [indicator],
        update=True,
        default_user=actor,
        default_change_reason=reason_text("update.withdrawn", start=update.period_start, end=update.period_end),
    )
    standings_refresh(indicator_ids=[indicator.pk])  # who owes the due update
    logger.info("update withdrawn id=%s indicator=%s by=%s", update.pk, indicator.pk, actor.pk)
    return update


class SubmissionsRefused(Exception):
    """Some submissions of `updates_submit_many` were refused; nothing was stored. `errors` maps
    the index of each refused submission to its ValidationError or PermissionDenied."""

    def __init__(self, errors: dict[int, Exception]):
        super().__init__(f"{len(errors)} submissions refused")
        self.errors = errors


@transaction.atomic
def updates_submit_many(
    *,
    actor,
    submissions: Sequence[dict],
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 100,
) -> list[ProgressUpdate]:
    """Submit many updates (each a dict of `update_submit`'s arguments but the actor), all or
    none, with `update_submit`'s rules. Access is checked, and the existing updates locked, in one
    query each rather than per row. Every submission is checked; if any is refused, raises
    SubmissionsRefused with all the refusals and stores nothing. `progress(n)` is called every
    `progress_every` submissions."""
    today = today or timezone.localdate()
    indicator_ids = {submission["indicator"].pk for submission in submissions}
    allowed = set(
        Indicator.objects.restrict(actor, "submit_update").filter(pk__in=indicator_ids).values_list("pk", flat=True)
    )
    existing = {
        (update.indicator_id, update.period_start): update
        for update in ProgressUpdate.objects.select_for_update()
        .filter(
            indicator_id__in=indicator_ids,
            period_start__in={submission["period_start"] for submission in submissions},
        )
        .order_by("pk")
    }
    errors: dict[int, Exception] = {}
    updates: list[ProgressUpdate] = []
    for index, submission in enumerate(submissions):
        indicator = submission["indicator"]
        key = (indicator.pk, submission["period_start"])
        try:
            if indicator.pk not in allowed:
                raise refuse(actor, "submit_update", indicator)
            update = _prepared_submission(existing.get(key), actor=actor, today=today, **submission)
            # The model's clean() checks the period, uniqueness and state rules in Python, as the
            # database constraints do on save; the indicator and actor were just loaded.
            update.full_clean(exclude=["indicator", "submitted_by"], validate_constraints=False)
            if not errors:  # once one is refused nothing is stored: only check the rest
                update.save()
                existing[key] = update
                updates.append(update)
        except (ValidationError, PermissionDenied) as error:
            errors[index] = error
        if progress and (index + 1) % progress_every == 0:
            progress(index + 1)
    if errors:
        raise SubmissionsRefused(errors)
    if progress:
        progress(len(submissions))
    standings_refresh(indicator_ids=indicator_ids)  # who owes the due updates
    logger.info("%d updates submitted by=%s", len(updates), actor.pk)
    return updates


def _lock_for_review(actor, update_ids: list[int]) -> list[ProgressUpdate]:
    """Lock the updates; every one must be visible, reviewable by `actor` and submitted."""
    visible = ProgressUpdate.objects.restrict(actor, "view").filter(pk__in=update_ids)
    updates = list(
        visible.select_for_update(of=("self",)).select_related("indicator", "indicator__benchmark").order_by("pk")
    )
    if len(updates) != len(set(update_ids)):
        raise ProgressUpdate.DoesNotExist(_("Some of the updates do not exist."))
    allowed = set(
        ProgressUpdate.objects.restrict(actor, "approve_update").filter(pk__in=update_ids).values_list("pk", flat=True)
    )
    for update in updates:
        if update.pk not in allowed:
            raise refuse(actor, "approve_update", update)
    not_submitted = [update for update in updates if update.state != UpdateState.SUBMITTED]
    if not_submitted:
        raise ValidationError(
            _("Only submitted updates can be approved or returned: %(updates)s is %(state)s.")
            % {"updates": not_submitted[0], "state": not_submitted[0].get_state_display().lower()}
        )
    return updates


def _check_review(update: ProgressUpdate) -> None:
    """A review changes the state, reason and approval only: their rules (the period, indicator
    and uniqueness were checked at submission and the database keeps its constraints)."""
    if errors := update.state_errors():
        raise ValidationError(errors)


@transaction.atomic
def updates_approve_many(*, update_ids: Iterable[int], actor) -> list[ProgressUpdate]:
    """Approve submitted updates, all or none."""
    updates = _lock_for_review(actor, list(update_ids))
    now = timezone.now()
    for update in updates:
        update.state = UpdateState.APPROVED
        update.approved_by = actor
        update.approved_at = now
        update.return_reason = ""
        _check_review(update)
        update.save(update_fields=["state", "approved_by", "approved_at", "return_reason", "updated_at"])
    standings_refresh(indicator_ids={update.indicator_id for update in updates})
    logger.info("updates approved ids=%s by=%s", [u.pk for u in updates], actor.pk)
    return updates


@transaction.atomic
def updates_return_many(*, update_ids: Iterable[int], actor, reason: str) -> list[ProgressUpdate]:
    """Return submitted updates to their submitters with `reason`, all or none; each submitter
    gets a notification and an e-mail."""
    if not (reason or "").strip():
        raise ValidationError({"return_reason": _("Say why the update is returned.")})
    check_length("return_reason", reason.strip())
    updates = _lock_for_review(actor, list(update_ids))
    for update in updates:
        update.state = UpdateState.RETURNED
        update.return_reason = reason.strip()
        _check_review(update)
        update.save(update_fields=["state", "return_reason", "updated_at"])
        if update.submitted_by_id:
            notices.notice(
                user_id=update.submitted_by_id,
                key="update.returned",
                url=reverse("benchmarks:update-submit", args=[update.indicator_id]),
                indicator=str(update.indicator),
                reason=update.return_reason,
            ).save()
    from benchmarks.tasks import send_update_returned

    ids = [update.pk for update in updates]
    standings_refresh(indicator_ids={update.indicator_id for update in updates})
    outbox.enqueue_each(send_update_returned, ids)
    logger.info("updates returned ids=%s by=%s", ids, actor.pk)
    return updates


def update_approve(*, update: ProgressUpdate, actor) -> ProgressUpdate:
    return updates_approve_many(update_ids=[update.pk], actor=actor)[0]


def update_return(*, update: ProgressUpdate, actor, reason: str) -> ProgressUpdate:
    return updates_return_many(update_ids=[update.pk], actor=actor, reason=reason)[0]


def status_choices_for_value() -> list[tuple[str, str]]:
    return list(ProgressStatus.choices)


__all__ = [
    "SubmissionsRefused",
    "PermissionDenied",
    "benchmark_create",
    "benchmark_update",
    "indicator_create",
    "indicator_update",
    "update_approve",
    "update_return",
    "update_submit",
    "update_withdraw",
    "updates_approve_many",
    "updates_submit_many",
    "updates_return_many",
]


# Capacity gaps ----------------------------------------------------------------------------------

GAP_FIELDS = ("category", "requirement", "description", "effect", "status", "identified_on")


def _gap_fields(gap: CapacityGap, fields: dict, today: dt.date | None) -> None:
    unknown = set(fields) - set(GAP_FIELDS)
    if unknown:
        raise TypeError(f"unexpected capacity gap fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(gap, name, value)
    if gap.identified_on and gap.identified_on > (today or timezone.localdate()):
        raise ValidationError({"identified_on": _("A gap cannot be identified in the future.")})
    gap.full_clean()


@transaction.atomic
def capacity_gap_create(*, mission: Mission, actor, today: dt.date | None = None, **fields) -> CapacityGap:
    """A gap between what the mission's mandate asks and what the mission has, and its effect."""
    check_allowed(actor, "add", mission)
    gap = CapacityGap(mission=mission)
    _gap_fields(gap, fields, today)
    gap._change_reason = reason_text("gap.recorded")
    gap.save()
    return gap


@transaction.atomic
def capacity_gap_update(*, capacitygap: CapacityGap, actor, today: dt.date | None = None, **fields) -> CapacityGap:
    gap = CapacityGap.objects.select_for_update().get(pk=capacitygap.pk)
    check_allowed(actor, "change", gap)
    _gap_fields(gap, fields, today)
    gap._change_reason = reason_text("gap.edited")
    gap.save()
    return gap
