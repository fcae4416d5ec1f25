"""Compile progress reports now and print the path of each file produced, one per line.

    python manage.py compile_reports                       # every active mission, last period due
    python manage.py compile_reports --mission UNMIL --period 2025-03

The work is the same as the page's button: the reports are queued and sent to the Celery workers
(or run in-process on the embedded default), and the command waits for them.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from benchmarks.choices import ReportState
from benchmarks.models import ProgressReport
from benchmarks.reports import services
from benchmarks.reports.periods import last_period_due, parse_month, period_containing
from missions.choices import Phase
from missions.models import Mission


class Command(BaseCommand):
    help = "Compile progress reports, wait for them and print the path of each file produced."

    def add_arguments(self, parser):
        parser.add_argument("--mission", help="Acronym of one mission (default: every active mission).")
        parser.add_argument("--period", help="A month of the reporting period, YYYY-MM (default: last period due).")
        parser.add_argument("--timeout", type=float, default=600, help="Seconds to wait for the workers.")

    def handle(self, *args, mission=None, period=None, timeout=600, **options):
        missions = Mission.objects.order_by("acronym")
        if mission:
            missions = missions.filter(acronym=mission)
            if not missions.exists():
                raise CommandError(f"No mission with the acronym {mission!r}.")
        else:
            missions = missions.filter(closed_on__isnull=True).exclude(phase=Phase.CLOSED)
        try:
            month = parse_month(period) if period else None
        except ValueError as exc:
            raise CommandError(str(exc))
        today = timezone.localdate()
        delay = settings.WORKBENCH["REPORT_DELAY_DAYS"]
        ids = []
        for item in missions:
            cycle = item.reporting_cycle_months
            start, end = period_containing(month, cycle) if month else last_period_due(today, cycle, delay)
            ids.append(services.report_request(mission=item, period_start=start, period_end=end).pk)
        reports = self.wait(ids, timeout)
        failed = False
        for report in reports:
            if report.state != ReportState.DONE:
                failed = True
                reason = report.error or report.get_state_display()
                self.stderr.write(f"{report.mission.acronym} {report.period_start:%Y-%m}: {reason}")
                continue
            for field_name, _content_type in services.FORMATS.values():
                if getattr(report, field_name).name:  # the formats the report was asked in
                    self.stdout.write(self.path_of(getattr(report, field_name).name))
        if failed:
            raise CommandError("Some reports were not compiled (see above).")

    def wait(self, ids: list[int], timeout: float) -> list[ProgressReport]:
        deadline = time.monotonic() + timeout
        next_sweep = time.monotonic() + 5
        while True:
            reports = list(ProgressReport.objects.filter(pk__in=ids).select_related("mission").order_by("mission"))
            if all(r.state in (ReportState.DONE, ReportState.FAILED) for r in reports):
                return reports
            if time.monotonic() > deadline:
                waiting = ", ".join(r.mission.acronym for r in reports if r.state not in (ReportState.DONE,))
                raise CommandError(f"Timed out waiting for the workers ({waiting}). Is a Celery worker running?")
            unsent = any(r.sent_at is None for r in reports if r.state == ReportState.QUEUED)
            if unsent and time.monotonic() > next_sweep:  # the broker was away when they were asked for
                services.reports_sweep()
                next_sweep = time.monotonic() + 5
            time.sleep(0.2)

    @staticmethod
    def path_of(name: str) -> str:
        try:
            return default_storage.path(name)
        except NotImplementedError:  # remote storage: the name inside the bucket
            return name
