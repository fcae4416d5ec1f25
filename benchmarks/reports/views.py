"""Pages of the progress reports: a mission's reports with the button that compiles one, a report's
run with its progress bar (htmx polls it every second; without JavaScript the page reloads), and
downloads that check access on every request."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from benchmarks.choices import ReportState
from benchmarks.models import ProgressReport
from benchmarks.reports import services
from benchmarks.reports.periods import last_period_due, period_containing
from missions.access import can
from missions.models import Mission
from missions.restricted import RestrictedMixin, check_allowed

ACTIVE_STATES = (ReportState.QUEUED, ReportState.RUNNING)
PERIOD_CHOICES = 6


def reporting_today(mission: Mission) -> dt.date:
    """Today, or for a closed mission its closing date: no period after closure can be reported."""
    today = timezone.localdate()
    return min(
        today,
        mission.closed_on + dt.timedelta(days=settings.WORKBENCH["REPORT_DELAY_DAYS"]) if mission.closed_on else today,
    )


def period_choices(mission: Mission, today: dt.date) -> list[tuple[str, str, bool]]:
    """(value, label, selected) for the current period and the last completed ones; the latest
    period due for its report is selected."""
    cycle = mission.reporting_cycle_months
    due = last_period_due(today, cycle, settings.WORKBENCH["REPORT_DELAY_DAYS"])
    start, end = period_containing(today, cycle)
    choices = []
    for _n in range(PERIOD_CHOICES + 1):
        label = _("%(start)s to %(end)s") % {
            "start": date_format(start, "YEAR_MONTH_FORMAT"),
            "end": date_format(end, "YEAR_MONTH_FORMAT"),
        }
        if end >= today:
            label = _("%(period)s (in progress)") % {"period": label}
        choices.append((start.isoformat(), label, (start, end) == due))
        start, end = period_containing(start - dt.timedelta(days=1), cycle)
    return choices


class ReportListView(LoginRequiredMixin, TemplateView):
    template_name = "benchmarks/reports/list.html"

    def get_mission(self) -> Mission:
        return get_object_or_404(Mission.objects.restrict(self.request.user, "view"), acronym=self.kwargs["acronym"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mission = kwargs.get("mission") or self.get_mission()
        user = self.request.user
        context.update(
            mission=mission,
            reports=ProgressReport.objects.restrict(user, "view")
            .filter(mission=mission)
            .select_related("requested_by")
            .order_by("-period_start", "-created_at")[:50],
            can_run=can(user, "run_report", mission),
            periods=period_choices(mission, reporting_today(mission)),
        )
        return context

    def post(self, request, *args, **kwargs):
        mission = self.get_mission()
        check_allowed(request.user, "run_report", mission)
        choices = {value for value, _label, _selected in period_choices(mission, reporting_today(mission))}
        value = request.POST.get("period", "")
        if value not in choices:
            messages.error(request, _("Choose one of the periods in the list."))
            return self.render_to_response(self.get_context_data(mission=mission), status=400)
        start, end = period_containing(dt.date.fromisoformat(value), mission.reporting_cycle_months)
        report = services.report_request(mission=mission, period_start=start, period_end=end, requested_by=request.user)
        if report.state == ReportState.DONE:
            messages.info(request, _("A report of this period with the same data already exists."))
        return redirect("benchmarks:report-detail", pk=report.pk)


class ReportDetailView(RestrictedMixin, DetailView):
    model = ProgressReport
    post_action = "run_report"
    context_object_name = "report"

    def get_queryset(self):
        return super().get_queryset().select_related("mission", "requested_by")

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["benchmarks/reports/_progress.html"]
        return ["benchmarks/reports/detail.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        can_run = can(self.request.user, "run_report", report)
        context.update(
            active=report.state in ACTIVE_STATES,
            can_run=can_run,
            period=services.period_label(report),
            downloads=[
                (fmt, label)
                for fmt, label in (
                    ("pdf", _("PDF")),
                    ("html", _("Web page (HTML)")),
                    ("xlsx", _("Excel workbook")),
                    ("docx", _("Word draft of the benchmark annex")),
                )
                if getattr(report, services.FORMATS[fmt][0]) and (fmt != "docx" or can_run)
            ],
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            report = services.report_retry(report=self.object, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("benchmarks:report-detail", pk=self.object.pk)
        messages.success(request, _("The report is queued again."))
        return redirect("benchmarks:report-detail", pk=report.pk)


@login_required
def report_download(request, pk: int, format: str):
    report = get_object_or_404(ProgressReport.objects.restrict(request.user, "view").select_related("mission"), pk=pk)
    if format not in services.FORMATS:
        raise Http404(_("There is no such format."))
    if format == "docx":
        check_allowed(
            request.user,
            "run_report",
            report,
            reason=_(
                "The Word annex is a working draft: only people who compile this mission's reports may download it."
            ),
        )
    field_name, content_type = services.FORMATS[format]
    name = getattr(report, field_name).name
    if report.state != ReportState.DONE or not name:
        raise Http404(_("This report is not ready yet."))
    response = FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=format != "html",
        filename=services.report_file_name(report, format),
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    if format == "html":
        # The report page opens in the browser, with no scripts and nothing fetched from elsewhere.
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
    return response
