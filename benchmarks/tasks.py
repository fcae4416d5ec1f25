"""Background jobs of the benchmarks app: the import of an uploaded Excel workbook, the e-mail to a
submitter whose update was returned, and the scheduled reminders of overdue updates. Each takes
ids or nothing and is safe to run twice."""

from __future__ import annotations

import logging
from collections import defaultdict

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from benchmarks.imports import excel_import_fail, excel_import_run
from benchmarks.models import Indicator, ProgressUpdate
from benchmarks.selectors import overdue_updates
from missions.choices import Role
from missions.models import Membership

logger = logging.getLogger("workbench.benchmarks")


@shared_task(name="benchmarks.tasks.import_excel_updates", acks_late=True, reject_on_worker_lost=True)
def import_excel_updates(import_id: int) -> str | None:
    """Check and submit the rows of an uploaded workbook (benchmarks.imports); an import already
    done is not imported again. Any error marks the import failed with a sentence."""
    try:
        upload = excel_import_run(import_id=import_id)
    except Exception:
        logger.exception("excel import %s: unexpected error", import_id)
        excel_import_fail(
            import_id=import_id,
            message=_(
                "The file could not be imported because of an error in the workbench (upload %(id)s); "
                "nothing was stored. The error was logged: try again, and tell the support team if it "
                "happens again."
            )
            % {"id": import_id},
        )
        return None
    return upload.state if upload else None


@shared_task
def send_update_returned(update_id: int) -> bool:
    """Tell the submitter why their update came back."""
    update = (
        ProgressUpdate.objects.select_related("indicator__benchmark__mission", "submitted_by")
        .filter(pk=update_id)
        .first()
    )
    if update is None or update.state != "returned" or not (update.submitted_by and update.submitted_by.email):
        return False
    mission = update.indicator.benchmark.mission
    send_mail(
        subject=_("[%(mission)s] Progress update returned: %(indicator)s")
        % {"mission": mission.acronym, "indicator": update.indicator},
        message=_(
            "Your update on %(indicator)s for the period %(start)s to %(end)s was returned by the "
            "mission planning unit.\n\nReason: %(reason)s\n\nPlease correct it and submit it again."
        )
        % {
            "indicator": update.indicator,
            "start": update.period_start,
            "end": update.period_end,
            "reason": update.return_reason,
        },
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[update.submitted_by.email],
    )
    return True


@shared_task
def send_overdue_reminders() -> int:
    """E-mail each agency planner the overdue updates their entity owes on their missions.
    Returns the number of e-mails sent."""
    today = timezone.localdate()
    owed: dict[tuple[int, int], list] = defaultdict(list)
    for indicator in overdue_updates(Indicator.objects.all(), as_of=today):
        owed[(indicator.benchmark.mission_id, indicator.responsible_entity_id)].append(indicator)
    if not owed:
        return 0
    memberships = (
        Membership.objects.filter(
            is_active=True,
            role=Role.AGENCY_PLANNER,
            entity_id__in={entity for _, entity in owed},
            missions__in={mission for mission, _ in owed},
        )
        .select_related("user")
        .values_list("user__email", "entity_id", "missions")
    )
    per_user: dict[str, list] = defaultdict(list)
    for email, entity_id, mission_id in memberships:
        if email:
            per_user[email].extend(owed.get((mission_id, entity_id), []))
    for email, indicators in per_user.items():
        lines = [
            f"- {i.benchmark.mission.acronym}: {i} ({i.due_start:%d %b %Y} – {i.due_end:%d %b %Y})" for i in indicators
        ]
        send_mail(
            subject=_("Overdue progress updates: %(count)d") % {"count": len(indicators)},
            message=_("These progress updates are overdue:\n\n%(lines)s") % {"lines": "\n".join(lines)},
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[email],
        )
    logger.info("overdue reminders sent to %d people", len(per_user))
    return len(per_user)


@shared_task(name="benchmarks.rebuild_standings")
def rebuild_standings() -> int:
    """Daily: what is due, overdue and stale moves with the date, without any write."""
    from benchmarks.standing import standings_rebuild

    return standings_rebuild()[0]
