"""Pages of the progress reports: a mission's reports with the button that compiles one, a report's
run with its progress bar (htmx polls it every second; without JavaScript the page reloads), and
downloads that check access on every request."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from benchmarks.choices import REPORT_FORMATS, ReportEdition, ReportState
from benchmarks.models import ProgressReport
from benchmarks.reports import services
from benchmarks.reports.forms import FORMAT_LABELS, ReportRequestForm
from benchmarks.reports.periods import last_period_due, period_containing
from missions.access import check_allowed
from missions.generic.views import MissionFormView, ObjectPage, ServiceActionView, may, remember
from missions.models import Mission
from planning.l10n import format_month

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
            "start": format_month(start, long=True),
            "end": format_month(end, long=True),
        }
        if end >= today:
            label = _("%(period)s (in progress)") % {"period": label}
        choices.append((start.isoformat(), label, (start, end) == due))
        start, end = period_containing(start - dt.timedelta(days=1), cycle)
    return choices


class ReportListView(MissionFormView):
    """A mission's reports, and the form that compiles one (for who may run reports)."""

    template_name = "benchmarks/reports/list.html"
    post_action = "run_report"
    form_class = ReportRequestForm

    @cached_property
    def periods(self) -> list[tuple[str, str, bool]]:
        return period_choices(self.mission, reporting_today(self.mission))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "periods": self.periods}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reports = list(
            ProgressReport.objects.restrict(self.request.user, "view")
            .filter(mission=self.mission)
            .select_related("requested_by")
            .order_by("-period_start", "-created_at")[:50]
        )
        for report in reports:
            remember(self.request, "view", report)
            report.period_text = services.period_label(report)
            report.language_name = dict(settings.LANGUAGES).get(report.language, report.language)
        form = context.get("form")
        context.update(
            reports=reports,
            periods=self.periods,
            selected_edition=form["edition"].value() if form is not None else ReportEdition.FULL,
            selected_formats=(form["formats"].value() if form is not None else None) or [],
            selected_language=form["language"].value() if form is not None else settings.LANGUAGE_CODE,
            edition_choices=ReportEdition.choices,
            format_choices=[(fmt, FORMAT_LABELS[fmt]) for fmt in REPORT_FORMATS],
            report_languages=settings.LANGUAGES,
            # A period with a report already done: the page offers it before compiling another.
            current={r.period_start.isoformat(): r for r in reversed(reports) if r.state == ReportState.DONE},
        )
        return context

    def perform(self, form):
        start, end = period_containing(
            dt.date.fromisoformat(form.cleaned_data["period"]), self.mission.reporting_cycle_months
        )
        data = form.cleaned_data
        return services.report_request(
            mission=self.mission,
            period_start=start,
            period_end=end,
            requested_by=self.request.user,
            edition=data["edition"],
            formats=data["formats"],
            language=data["language"],
        )

    def get_success_message(self, saved):
        if saved.state == ReportState.DONE:
            return _("This period already has a report of the same data and choices: here it is.")
        return ""

    def get_success_url(self, saved):
        return reverse("benchmarks:report-detail", args=[saved.pk])


class ReportDetailView(ServiceActionView):
    """A report's run (its progress fragment for htmx) and its downloads; POST compiles a failed
    report again."""

    model = ProgressReport
    post_action = "run_report"
    context_object_name = "report"
    http_method_names = ["get", "head", "post", "options"]
    success_message = _("The report is queued again.")

    def get_queryset(self):
        return super().get_queryset().select_related("requested_by")

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["benchmarks/reports/_progress.html"]
        return ["benchmarks/reports/detail.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        may_run = may(self.request, "run_report", report)
        context.update(
            active=report.state in ACTIVE_STATES,
            period=services.period_label(report),
            language_name=dict(settings.LANGUAGES).get(report.language, report.language),
            downloads=[
                (fmt, label)
                for fmt, label in (
                    ("pdf", _("PDF")),
                    ("html", _("Web page (HTML)")),
                    ("xlsx", _("Excel workbook")),
                    ("docx", _("Word draft of the benchmark annex")),
                )
                if getattr(report, services.FORMATS[fmt][0]) and (fmt != "docx" or may_run)
            ],
        )
        return context

    def perform(self):
        return services.report_retry(report=self.object, actor=self.request.user)

    def get_success_url(self, result):
        return reverse("benchmarks:report-detail", args=[result.pk if result else self.object.pk])


class ReportDownloadView(ObjectPage):
    """A report's file in one format, access checked on every request; the Word annex only for
    who compiles the mission's reports."""

    model = ProgressReport

    def get(self, request, *args, **kwargs):
        report, format = self.object, self.kwargs["format"]
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
            response["Content-Security-Policy"] = (
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
            )
        return response
