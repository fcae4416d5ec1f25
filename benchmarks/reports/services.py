"""Writes of progress reports: ask for one, compile it exactly once, retry it, sweep what was
never sent, schedule the reports of every active mission.

The run record is the `ProgressReport` row: queued (sent_at empty until a broker took the message),
running with percent done, done with its four files, or failed with a message for planners.

Exactly once: the same mission, period and data version give one row (a unique constraint);
compiling holds a PostgreSQL session advisory lock on the report id, so a second delivery of the
same message while the first runs does nothing, and a worker killed mid-job releases the lock with
its connection, so the redelivered message can finish the job. Files are written under a
run-specific folder; the report becomes done, with those files, in one transaction, so a run that
dies leaves no visible half report, only an orphan folder that the next successful run removes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import posixpath
import time
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from benchmarks.choices import REPORT_FORMATS, ReportEdition, ReportState
from benchmarks.models import ProgressReport
from benchmarks.reports import render
from benchmarks.reports.data import ReportDataError, data_version, report_data
from benchmarks.reports.periods import last_period_due
from missions import notices, outbox
from missions.access import can
from missions.choices import Phase, Role
from missions.models import Membership, Mission, Notification
from planning.l10n import format_month

logger = logging.getLogger("workbench.reports")

FORMATS = {
    "html": ("html_file", "text/html; charset=utf-8"),
    "pdf": ("pdf_file", "application/pdf"),
    "xlsx": ("xlsx_file", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "docx": ("docx_file", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}
# Two-key advisory locks: this class number keeps report locks apart from anyone else's.
LOCK_CLASS = 7106


def report_folder(report: ProgressReport) -> str:
    return f"reports/{report.mission.acronym}/{report.period_start:%Y-%m}/{report.pk}"


def report_file_name(report: ProgressReport, fmt: str) -> str:
    """The file name a user downloads, e.g. UNMIL-2025-01-2025-04.pdf."""
    return f"{report.mission.acronym}-{report.period_start:%Y-%m}-{report.period_end:%Y-%m}.{fmt}"


def period_label(report: ProgressReport) -> str:
    return _("%(start)s to %(end)s") % {
        "start": format_month(report.period_start, long=True),
        "end": format_month(report.period_end, long=True),
    }


# ---------------------------------------------------------------- asking for a report


def choices_key(*, edition: str, formats, language: str) -> str:
    """The reader's choices as part of the data version: other choices make another report."""
    return f"{edition}|{','.join(f for f in REPORT_FORMATS if f in formats)}|{language}"


def report_request(
    *,
    mission: Mission,
    period_start: dt.date,
    period_end: dt.date,
    requested_by=None,
    scheduled: bool = False,
    edition: str = ReportEdition.FULL,
    formats=REPORT_FORMATS,
    language: str | None = None,
) -> ProgressReport:
    """The report of `mission` for the period, its current data and the reader's choices (edition,
    formats, language): the existing one when the same was already reported (or is being compiled),
    else a new queued run sent to the workers once the transaction commits. A failed run of the
    same data is queued again."""
    language = language or settings.LANGUAGE_CODE
    formats = [f for f in REPORT_FORMATS if f in formats]
    report = ProgressReport(
        mission=mission,
        period_start=period_start,
        period_end=period_end,
        requested_by=requested_by,
        scheduled=scheduled,
        edition=edition,
        formats=formats,
        language=language,
    )
    report.full_clean(validate_constraints=False, exclude=["data_version"])
    version = data_version(
        mission=mission,
        period_start=period_start,
        period_end=period_end,
        choices=choices_key(edition=edition, formats=formats, language=language),
    )
    report.data_version = version
    with transaction.atomic():
        try:
            with transaction.atomic():
                report.save()
            created = True
        except IntegrityError:
            created = False
        if not created:
            report = (
                ProgressReport.objects.select_for_update()
                .select_related("mission")
                .get(mission=mission, period_start=period_start, period_end=period_end, data_version=version)
            )
            if scheduled and not report.scheduled:
                report.scheduled = True
                report.save(update_fields=["scheduled", "updated_at"])
                if report.state == ReportState.DONE:
                    _notify(report, srsg_only=True)
            if report.state != ReportState.FAILED:
                return report
            _requeue(report, requested_by=requested_by)
        logger.info("report %s queued for %s %s..%s", report.pk, mission.acronym, period_start, period_end)
        report_id = report.pk
        transaction.on_commit(lambda: report_send(report_id=report_id))
    return report


def report_retry(*, report: ProgressReport, actor) -> ProgressReport:
    """Queue a failed report again, with the data as it is now."""
    with transaction.atomic():
        report = ProgressReport.objects.select_for_update().select_related("mission").get(pk=report.pk)
        if report.state != ReportState.FAILED:
            raise ValidationError(
                _("Only a failed report can be compiled again; this one is %(state)s.")
                % {"state": report.get_state_display().lower()}
            )
        version = data_version(
            mission=report.mission,
            period_start=report.period_start,
            period_end=report.period_end,
            choices=choices_key(edition=report.edition, formats=report.formats, language=report.language),
        )
        if version != report.data_version:
            newer = ProgressReport.objects.filter(
                mission=report.mission,
                period_start=report.period_start,
                period_end=report.period_end,
                data_version=version,
            ).first()
            if newer is not None:
                # The current data already has its own run; follow that one.
                if newer.state == ReportState.FAILED:
                    return report_retry(report=newer, actor=actor)
                return newer
            report.data_version = version
        _requeue(report, requested_by=actor)
        report_id = report.pk
        transaction.on_commit(lambda: report_send(report_id=report_id))
    return report


def _requeue(report: ProgressReport, *, requested_by) -> None:
    report.state = ReportState.QUEUED
    report.percent = 0
    report.error = ""
    report.sent_at = None
    report.started_at = None
    report.finished_at = None
    if requested_by is not None:
        report.requested_by = requested_by
    report.full_clean(validate_constraints=False)
    report.save()


def report_send(*, report_id: int) -> bool:
    """Hand the report to the workers. When the broker cannot be reached the request that asked for
    the report still succeeds: the run stays queued with no sent_at, and `reports_sweep` sends it
    later."""
    from benchmarks.reports.tasks import compile_report

    if not outbox.publish(compile_report.name, [report_id], queue=settings.WORKBENCH.get("REPORT_QUEUE") or None):
        logger.warning("report %s not sent to the workers, left for the sweep", report_id)
        return False
    ProgressReport.objects.filter(pk=report_id).update(sent_at=timezone.now())
    return True


def reports_sweep(*, now: dt.datetime | None = None) -> list[int]:
    """Send the queued runs no broker took (sent_at empty), and those sent so long ago that their
    message must have been lost. Returns the ids sent."""
    now = now or timezone.now()
    lost = now - dt.timedelta(seconds=settings.WORKBENCH.get("REPORT_RESEND_AFTER_SECONDS", 3 * 3600))
    ids = list(
        ProgressReport.objects.filter(state=ReportState.QUEUED)
        .filter(Q(sent_at__isnull=True) | Q(sent_at__lt=lost))
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    sent = [report_id for report_id in ids if report_send(report_id=report_id)]
    if ids:
        logger.info("sweep: %d queued report(s), %d sent", len(ids), len(sent))
    return sent


def reports_fail_stalled(*, now: dt.datetime | None = None) -> list[int]:
    """Mark failed the runs that made no progress for REPORT_STALL_SECONDS (default 10 minutes):
    their worker was stopped or lost and no other took the job. A failed run can be tried again.
    Returns the ids marked."""
    now = now or timezone.now()
    before = now - dt.timedelta(seconds=settings.WORKBENCH.get("REPORT_STALL_SECONDS", 600))
    minutes = round(settings.WORKBENCH.get("REPORT_STALL_SECONDS", 600) / 60)
    marked = []
    for report_id in ProgressReport.objects.filter(state=ReportState.RUNNING, updated_at__lt=before).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            report = (
                ProgressReport.objects.select_for_update()
                .filter(pk=report_id, state=ReportState.RUNNING, updated_at__lt=before)
                .first()
            )
            if report is None:
                continue  # it moved on meanwhile
            report.state = ReportState.FAILED
            report.error = _(
                "The report stopped while it was being compiled: no progress for %(minutes)d minutes "
                "(its worker was probably stopped or restarted). Try again from this page."
            ) % {"minutes": minutes}
            report.finished_at = now
            report.save(update_fields=["state", "error", "finished_at", "updated_at"])
        logger.warning("report %s marked failed: no progress since %s", report_id, report.updated_at)
        marked.append(report_id)
    return marked


def reports_schedule(*, today: dt.date | None = None) -> list[ProgressReport]:
    """Ask for the report of every active mission's last period, `REPORT_DELAY_DAYS` after it
    ended, once per mission and period."""
    today = today or timezone.localdate()
    delay = settings.WORKBENCH["REPORT_DELAY_DAYS"]
    missions = list(Mission.objects.filter(closed_on__isnull=True).exclude(phase=Phase.CLOSED).order_by("acronym"))
    due = {m.pk: last_period_due(today, m.reporting_cycle_months, delay) for m in missions}
    done = set(
        ProgressReport.objects.filter(mission__in=missions, scheduled=True).values_list(
            "mission_id", "period_start", "period_end"
        )
    )
    reports = []
    for mission in missions:
        start, end = due[mission.pk]
        if (mission.pk, start, end) in done:
            continue
        reports.append(report_request(mission=mission, period_start=start, period_end=end, scheduled=True))
    return reports


# ---------------------------------------------------------------- compiling


@contextlib.contextmanager
def _exclusive(report_id: int):
    """Whether this process may compile the report now. A PostgreSQL session lock: it dies with the
    connection of a killed worker. Other databases run the embedded, single-process default."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_CLASS, report_id])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_CLASS, report_id])


def _progress(report_id: int, percent: int) -> None:
    ProgressReport.objects.filter(pk=report_id, state=ReportState.RUNNING).update(
        percent=percent, updated_at=timezone.now()
    )
    delay = settings.WORKBENCH.get("REPORT_STEP_DELAY_SECONDS", 0)
    if delay:  # only set by the tests that kill a worker mid-job
        time.sleep(delay)


def _claim(report_id: int) -> ProgressReport | None:
    with transaction.atomic():
        report = ProgressReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.state in (ReportState.DONE, ReportState.FAILED):
            return None
        report.state = ReportState.RUNNING
        report.attempts += 1
        report.percent = 5
        report.error = ""
        report.started_at = timezone.now()
        report.save(update_fields=["state", "attempts", "percent", "error", "started_at", "updated_at"])
    return ProgressReport.objects.select_related("mission").get(pk=report_id)


def report_fail(*, report_id: int, message: str) -> None:
    with transaction.atomic():
        report = ProgressReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.state == ReportState.DONE:
            return
        report.state = ReportState.FAILED
        report.error = message[:2000]
        report.finished_at = timezone.now()
        report.save(update_fields=["state", "error", "finished_at", "updated_at"])
    logger.warning("report %s failed: %s", report_id, message)


def report_compile(*, report_id: int) -> ProgressReport | None:
    """Compile the report if nobody else is compiling it and it is not done yet. Errors of the data
    mark it failed with a message for planners; errors of a service (database, storage) propagate,
    for the task to retry."""
    with _exclusive(report_id) as acquired:
        if not acquired:
            logger.info("report %s is being compiled by another worker; this delivery stops", report_id)
            return None
        report = _claim(report_id)
        if report is None:
            return ProgressReport.objects.filter(pk=report_id).first()
        try:
            data = report_data(mission=report.mission, period_start=report.period_start, period_end=report.period_end)
            _progress(report_id, 30)
            files = render.render_all(
                data,
                language=report.language,
                edition=report.edition,
                formats=report.formats,
                progress=lambda p: _progress(report_id, p),
            )
        except ReportDataError as exc:
            report_fail(report_id=report_id, message=str(exc))
            return None
        token = uuid.uuid4().hex[:12]
        names = _save_files(report, files, token)
        _progress(report_id, 95)
        return _finish(report_id, names, token)


def _save_files(report: ProgressReport, files: dict[str, bytes], token: str) -> dict[str, str]:
    folder = posixpath.join(report_folder(report), token)
    names = {}
    try:
        for step, (fmt, content) in enumerate(files.items(), start=1):
            name = posixpath.join(folder, report_file_name(report, fmt))
            names[fmt] = default_storage.save(name, ContentFile(content))
            _progress(report.pk, 90 + step)
    except Exception:
        _delete(names.values())
        raise
    return names


def _finish(report_id: int, names: dict[str, str], token: str) -> ProgressReport:
    with transaction.atomic():
        report = ProgressReport.objects.select_for_update().select_related("mission").get(pk=report_id)
        if report.state == ReportState.DONE:
            # Another run got there first (only possible without the PostgreSQL lock).
            transaction.on_commit(lambda: _delete(names.values()))
            return report
        for fmt, name in names.items():
            getattr(report, FORMATS[fmt][0]).name = name
        report.state = ReportState.DONE
        report.percent = 100
        report.error = ""
        report.finished_at = timezone.now()
        report.full_clean(validate_constraints=False)
        report.save()
        _notify(report)
        transaction.on_commit(lambda: _remove_orphans(report, keep=token))
    logger.info("report %s done (attempt %s)", report.pk, report.attempts)
    return report


def _delete(names) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:
            logger.exception("could not delete %s", name)


def _remove_orphans(report: ProgressReport, *, keep: str) -> None:
    """Delete the files of runs that died before finishing this report."""
    folder = report_folder(report)
    try:
        dirs, _files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in dirs:
        if name == keep:
            continue
        sub = posixpath.join(folder, name)
        _delete(posixpath.join(sub, f) for f in default_storage.listdir(sub)[1])
        with contextlib.suppress(NotImplementedError, OSError):
            os.rmdir(default_storage.path(sub))
        logger.info("report %s: removed files of an unfinished run (%s)", report.pk, name)


# ---------------------------------------------------------------- notifications


def _recipients(report: ProgressReport, *, srsg_only: bool = False):
    from django.contrib.auth import get_user_model

    user_ids = set()
    if report.requested_by_id and not srsg_only:
        user_ids.add(report.requested_by_id)
    if report.scheduled:
        user_ids.update(
            Membership.objects.filter(role=Role.SRSG_OFFICE, is_active=True, missions=report.mission).values_list(
                "user_id", flat=True
            )
        )
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk")
    return [user for user in users if can(user, "view", report)]


def _notify(report: ProgressReport, *, srsg_only: bool = False) -> None:
    """In-app notices in the caller's transaction (so they exist exactly when the report is done);
    e-mails once it commits."""
    recipients = _recipients(report, srsg_only=srsg_only)
    if not recipients:
        return
    path = reverse("benchmarks:report-detail", args=[report.pk])
    key, params = (
        "report.ready",
        {"mission": report.mission.acronym, "start": report.period_start, "end": report.period_end},
    )
    Notification.objects.bulk_create([notices.notice(user=user, key=key, url=path, **params) for user in recipients])
    link = settings.WORKBENCH.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path
    stored = notices.params_for(key, **params)

    def mail():
        for user in recipients:
            if not user.email:
                continue
            with translation.override(notices.language_for(user)):
                text = notices.render(key, stored)
                message = _("%(text)s\n\nOpen it in the workbench: %(link)s\n") % {"text": text, "link": link}
                try:
                    send_mail(subject=text, message=message, from_email=None, recipient_list=[user.email])
                except Exception:
                    logger.exception("report %s: e-mail notice to %s not sent", report.pk, user.email)

    transaction.on_commit(mail)
