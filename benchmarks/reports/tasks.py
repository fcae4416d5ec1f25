"""Celery tasks of the progress reports. They take ids and call the services; every one is safe to
run twice. Registered by name so the beat schedule in settings can name them."""

from __future__ import annotations

import logging
import random

from celery import shared_task
from celery.signals import worker_init
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _

from benchmarks.reports import services

logger = logging.getLogger("workbench.reports")

# A database or file store that is briefly away: worth trying again later.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError, ConnectionError, TimeoutError)
MAX_RETRIES = 5


@worker_init.connect
def _warm_up(**kwargs) -> None:
    """Pay the one-time costs in the worker's parent process, before the pool forks, so the first
    report of each pool process is as fast as the next: WeasyPrint's import and font setup, and
    the URL resolver (report links and the IAP findings reverse URLs)."""
    from django.template.loader import render_to_string
    from django.urls import reverse

    from benchmarks.reports.render import render_pdf

    reverse("benchmarks:report-detail", args=[1])
    # A page in the report's stylesheet: fonts found and loaded (regular and bold) once.
    css = render_to_string("benchmarks/reports/report.css")
    body = "<h1>Workbench</h1><p>A <strong>report</strong>.</p>"
    render_pdf(f'<html lang="en"><head><title>Workbench</title><style>{css}</style></head><body>{body}</body></html>')


@shared_task(
    bind=True,
    name="benchmarks.reports.compile_report",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
)
def compile_report(self, report_id: int) -> str | None:
    try:
        report = services.report_compile(report_id=report_id)
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= MAX_RETRIES:
            services.report_fail(
                report_id=report_id,
                message=_(
                    "The report could not be compiled: the database or the file store was unavailable "
                    "after %(n)d attempts. Try again from this page; if it fails again, tell the support team."
                )
                % {"n": MAX_RETRIES + 1},
            )
            return None
        countdown = min(5 * 2**self.request.retries, 300) + random.uniform(0, 2)
        logger.warning("report %s: %r, retrying in %.0f s", report_id, exc, countdown)
        raise self.retry(exc=exc, countdown=countdown)
    except Exception:
        logger.exception("report %s: unexpected error", report_id)
        services.report_fail(
            report_id=report_id,
            message=_(
                "The report could not be compiled because of an error in the workbench (report %(id)s). "
                "The error was logged; tell the support team, then try again."
            )
            % {"id": report_id},
        )
        raise
    return report.state if report else None


@shared_task(name="benchmarks.reports.reports_sweep")
def reports_sweep() -> int:
    services.reports_fail_stalled()
    return len(services.reports_sweep())


@shared_task(name="benchmarks.reports.compile_scheduled_reports")
def compile_scheduled_reports() -> int:
    return len(services.reports_schedule())
