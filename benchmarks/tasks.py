"""Background jobs of the benchmarks app: the import of an uploaded Excel workbook, the e-mail to a
submitter whose update was returned, and the daily reminders of updates due, overdue or waiting
for review. Each takes
ids or nothing and is safe to run twice."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from benchmarks.choices import UpdateState
from benchmarks.imports import excel_import_fail, excel_import_run
from benchmarks.models import Indicator, ProgressUpdate
from benchmarks.selectors import owed_updates
from missions import notices
from missions.access_matrix import ROLE_RULES
from missions.links import absolute_url
from missions.models import Membership, Mission, Notification
from planning.l10n import format_date

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
    with translation.override(notices.language_for(update.submitted_by)):
        _mail_update_returned(update, mission)
    return True


def _mail_update_returned(update: ProgressUpdate, mission: Mission) -> None:
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


REMIND_AGAIN_AFTER = dt.timedelta(hours=20)  # the daily run, not a second run of the same day


def _remind(user, key: str, params: dict, path: str, lines=()) -> bool:
    """One notice in the app and one e-mail (in the user's language) with absolute links, once a
    day per message: a second run within REMIND_AGAIN_AFTER sends nothing again."""
    params = notices.params_for(key, **params)
    since = timezone.now() - REMIND_AGAIN_AFTER
    if Notification.objects.filter(user=user, kind=key, params=params, url=path, created_at__gte=since).exists():
        return False
    Notification.objects.create(user=user, kind=key, params=params, url=path)
    notices.mail_notice(user=user, key=key, params=params, url=path, lines=lines)
    return True


def _members_with(action: str) -> list[str]:
    """The roles whose membership grants `action` (missions.access_matrix), own entity or not."""
    return [role for role, rules in ROLE_RULES.items() if rules.grants.get(action)]


@shared_task
def send_overdue_reminders() -> int:
    """Daily: remind whoever must act. The planners of the responsible entity on the mission (an
    agency's, or the mission planners for indicators the mission itself reports on) get the
    updates due and overdue they owe (`selectors.owed_updates`); whoever may approve updates on a
    mission gets the submitted updates waiting for review. In the app and by e-mail, with absolute
    links (WORKBENCH_SITE_URL). Returns the number of people reminded; safe to run twice a day."""
    today = timezone.localdate()
    owed: dict[tuple[int, int], list] = defaultdict(list)
    for item in owed_updates(Indicator.objects.all(), today=today):
        owed[(item.indicator.benchmark.mission_id, item.indicator.responsible_entity_id)].append(item)
    waiting = dict(
        ProgressUpdate.objects.filter(state=UpdateState.SUBMITTED)
        .order_by()
        .values_list("indicator__benchmark__mission_id")
        .annotate(n=Count("pk"))
    )
    User = get_user_model()
    per_user_owed: dict[int, list] = defaultdict(list)
    for membership in (
        Membership.objects.filter(
            is_active=True,
            user__is_active=True,
            role__in=_members_with("submit_update"),
            entity_id__in={entity for _mission, entity in owed},
            missions__in={mission for mission, _entity in owed},
        )
        .values("user_id", "entity_id", "missions")
        .distinct()
    ):
        per_user_owed[membership["user_id"]].extend(owed.get((membership["missions"], membership["entity_id"]), []))
    per_user_review: dict[int, set[int]] = defaultdict(set)
    for user_id, mission_id in (
        Membership.objects.filter(
            is_active=True, user__is_active=True, role__in=_members_with("approve_update"), missions__in=set(waiting)
        )
        .values_list("user_id", "missions")
        .distinct()
    ):
        per_user_review[user_id].add(mission_id)
    users = User.objects.select_related("profile").in_bulk(set(per_user_owed) | set(per_user_review))
    missions = Mission.objects.in_bulk({m for ids in per_user_review.values() for m in ids})
    reminded = set()
    for user_id, items in per_user_owed.items():
        items = list({(i.indicator.pk, i.period[0]): i for i in items}.values())
        overdue = sum(1 for i in items if i.overdue)
        counts = {"count": len(items), "overdue": overdue}

        def lines(items=items):
            return [
                f"- {i.indicator.benchmark.mission.acronym}: {i.indicator} ({format_date(i.period[0])} – "
                f"{format_date(i.period[1])}){' — ' + _('overdue') if i.overdue else ''}: "
                + absolute_url(reverse("benchmarks:update-submit", args=[i.indicator.pk]))
                for i in items
            ]

        if _remind(users[user_id], "reminder.owed", counts, reverse("home"), lines):
            reminded.add(user_id)
    for user_id, mission_ids in per_user_review.items():
        for mission_id in sorted(mission_ids):
            mission = missions[mission_id]
            params = {"count": waiting[mission_id], "mission": mission.acronym}
            path = reverse("benchmarks:update-queue", args=[mission.acronym])
            if _remind(users[user_id], "reminder.review", params, path):
                reminded.add(user_id)
    logger.info("update reminders sent to %d people", len(reminded))
    return len(reminded)


@shared_task(name="benchmarks.rebuild_standings")
def rebuild_standings() -> int:
    """Daily: what is due, overdue and stale moves with the date, without any write."""
    from benchmarks.standing import standings_rebuild

    return standings_rebuild()[0]
