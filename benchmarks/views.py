"""Pages of benchmarks and progress. Thin: the access layer finds the objects (404 when not
visible, 403 with a reason when not allowed), selectors read, services write."""

from __future__ import annotations

import copy
import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from benchmarks import excel
from benchmarks.choices import STATUS_TONE, ImportState, ProgressStatus, UpdateState
from benchmarks.forms import BenchmarkForm, CapacityGapForm, ExcelUploadForm, IndicatorForm, ReviewForm, UpdateForm
from benchmarks.imports import excel_import_create
from benchmarks.models import Benchmark, CapacityGap, ExcelImport, Indicator, ProgressUpdate
from benchmarks.periods import quarter_ends, recent_periods
from benchmarks.selectors import (
    INDICATOR_RIGHTS,
    MISSION_RIGHTS,
    benchmarks_with_status,
    dashboard_for_mission,
    indicator_latest_values,
    indicators_with_rights,
    missions_with_rights,
    overdue_by_owner,
    portfolio,
    portfolio_columns,
    status_of_rank,
    trend_series,
    update_queue,
    updates_owed,
    with_standings,
)
from benchmarks.services import (
    benchmark_create,
    benchmark_update,
    capacity_gap_create,
    capacity_gap_update,
    indicator_create,
    indicator_update,
    update_submit,
    update_withdraw,
    updates_approve_many,
    updates_return_many,
)
from benchmarks.standing import mission_as_of
from missions.access import MISSION_WIDE, SUPERUSER_TIER, get_allowed_object, refuse, view_tier, with_view_tier
from missions.choices import MissionType, Phase
from missions.generic.exports import ExportableListMixin
from missions.generic.views import (
    MissionFormView,
    MissionPage,
    ObjectPage,
    ServiceActionView,
    ServiceFormMixin,
    ServiceFormView,
    SignedInPage,
    may,
    remember,
)
from missions.models import Mission
from missions.selectors import setup_rows


def _as_of(request, mission: Mission | None = None) -> dt.date:
    """The date a dashboard shows, from ?period=YYYY-MM-DD (today when absent or invalid); a closed
    mission's dashboard shows its closing date, and no later one."""
    today = timezone.localdate()
    if mission is not None and mission.closed_on and mission.closed_on < today:
        today = mission.closed_on
    try:
        chosen = dt.date.fromisoformat(request.GET.get("period", ""))
    except ValueError:
        return today
    return min(chosen, today)


def _period_choices(today: dt.date, chosen: dt.date, mission: Mission | None = None) -> list[dict]:
    """The dates the period selector offers: today (or a closed mission's closing date) and the
    eight quarter ends before it."""
    closed = mission is not None and mission.closed_on and mission.closed_on < today
    if closed:
        today = mission.closed_on
    ends = [today] + list(reversed(quarter_ends(today, 8)))
    return [
        {
            "value": "" if day == today else day.isoformat(),
            "date": day,
            "today": day == today,
            "closing": bool(closed) and day == today,
            "selected": day == chosen,
        }
        for day in dict.fromkeys(ends)
    ]


class MissionRightsPage(MissionPage):
    """A mission page whose tabs and buttons ask for mission-wide rights (the benchmarks pages, the
    workspace): the mission is read with them (benchmarks.selectors.missions_with_rights) and the
    answers are kept for the request, so neither the page's own check nor a link asks again."""

    def get_queryset(self):
        return missions_with_rights(super().get_queryset(), self.request.user)

    def get_object(self):
        request = self.request
        mission = get_allowed_object(self.get_queryset(), request.user, "view", **self.object_lookup())
        remember(request, "view", mission)
        for action in MISSION_RIGHTS:
            remember(request, action, mission, getattr(mission, f"right_{action}"))
        action = self.required_action()
        if not may(request, action, mission):
            reason = MISSION_WIDE.get(action)
            raise refuse(request.user, action, mission, reason and str(reason))
        return mission


# Benchmarks and indicators ------------------------------------------------------------------------


class BenchmarkListView(ExportableListMixin, MissionRightsPage):
    template_name = "benchmarks/benchmark_list.html"
    export_name = "benchmarks"
    export_title = gettext_lazy("Benchmarks")
    export_columns = [
        (gettext_lazy("Order"), "order"),
        (gettext_lazy("Benchmark"), "title"),
        (gettext_lazy("Governs transition"), "is_transition"),
        (gettext_lazy("Status"), lambda benchmark: benchmark.status.label),
        (gettext_lazy("Indicators"), lambda benchmark: len(benchmark.indicators.all())),
    ]

    @cached_property
    def rows(self) -> list[Benchmark]:
        benchmarks = benchmarks_with_status(
            Benchmark.objects.restrict(self.request.user, "view").filter(mission=self.mission),
            as_of=timezone.localdate(),
        ).order_by("order", "id")
        rows = []
        for benchmark in benchmarks.prefetch_related("indicators"):
            benchmark.status = status_of_rank(benchmark.status_rank)
            remember(self.request, "view", benchmark)
            rows.append(benchmark)
        return rows

    def list_rows(self):
        return self.rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["benchmarks"] = self.rows
        return context


class BenchmarkCreateView(MissionFormView):
    template_name = "benchmarks/benchmark_form.html"
    action = "add"  # the form is offered only to who may submit it
    form_class = BenchmarkForm
    success_message = _("Benchmark created.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "mission": self.mission}

    def perform(self, form):
        return benchmark_create(mission=self.mission, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, saved):
        return reverse("benchmarks:benchmark-detail", args=[saved.pk])


class BenchmarkDetailView(ExportableListMixin, ObjectPage):
    """A benchmark with its indicators; each indicator's links (report, edit) are asked of the
    access layer inside the query that reads the indicators. The indicators download as CSV and
    Excel."""

    model = Benchmark
    template_name = "benchmarks/benchmark_detail.html"
    context_object_name = "benchmark"
    export_name = "indicators"
    export_title = gettext_lazy("Indicators")
    export_columns = [
        (gettext_lazy("Indicator"), "name"),
        (gettext_lazy("Unit"), "unit"),
        (gettext_lazy("Responsible"), "responsible_entity.code"),
        (gettext_lazy("Frequency"), "get_frequency_display"),
        (gettext_lazy("Rule"), "get_aggregation_display"),
        (gettext_lazy("Baseline"), "baseline_value"),
        (gettext_lazy("Baseline date"), "baseline_date"),
        (gettext_lazy("Target"), "target_value"),
        (gettext_lazy("Target date"), "target_date"),
        (gettext_lazy("Current"), "current_value"),
        (gettext_lazy("Status"), lambda indicator: indicator.status.label),
        (gettext_lazy("Overdue"), "is_overdue"),
    ]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("results", "mandate_tasks__mandate")

    def get_export_name(self) -> str:
        return f"indicators-{self.mission.acronym.lower()}-{self.object.pk}"

    @cached_property
    def rows(self) -> list[Indicator]:
        user, request = self.request.user, self.request
        today = timezone.localdate()
        rows = indicators_with_rights(
            indicator_latest_values(
                Indicator.objects.restrict(user, "view").filter(benchmark=self.object), as_of=today, viewer=user
            ),
            user,
        )
        indicators = with_standings(list(rows), as_of=today)
        for indicator in indicators:
            indicator.status = ProgressStatus(indicator.latest_status)
            remember(request, "view", indicator)
            for action in INDICATOR_RIGHTS:
                remember(request, action, indicator, getattr(indicator, f"right_{action}"))
        return indicators

    def list_rows(self):
        return self.rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["indicators"] = self.rows
        return context


class BenchmarkEditView(ServiceFormView):
    model = Benchmark
    template_name = "benchmarks/benchmark_form.html"
    context_object_name = "benchmark"
    action = "change"
    form_class = BenchmarkForm
    success_message = _("Benchmark saved.")

    def get_form_kwargs(self):
        # A copy: a refused form must not rename the benchmark in the page heading.
        instance = copy.copy(self.object)
        return {**super().get_form_kwargs(), "instance": instance, "mission": self.mission}

    def perform(self, form):
        return benchmark_update(benchmark=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, saved):
        return reverse("benchmarks:benchmark-detail", args=[self.object.pk])


class IndicatorCreateView(ServiceFormView):
    """A new indicator of a benchmark (the URL names the benchmark, which the user must be
    allowed to change)."""

    model = Benchmark
    template_name = "benchmarks/indicator_form.html"
    context_object_name = "benchmark"
    action = "change"
    form_class = IndicatorForm
    success_message = _("Indicator added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "mission": self.mission}

    def perform(self, form):
        return indicator_create(benchmark=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, saved):
        return reverse("benchmarks:benchmark-detail", args=[self.object.pk])


class IndicatorEditView(ServiceFormView):
    model = Indicator
    template_name = "benchmarks/indicator_form.html"
    context_object_name = "indicator"
    action = "change"
    form_class = IndicatorForm
    success_message = _("Indicator saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("benchmark__mission")

    def get_form_kwargs(self):
        # A copy: a refused form must not rename the indicator on the page.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.object), "mission": self.mission}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "benchmark": self.object.benchmark}

    def perform(self, form):
        return indicator_update(indicator=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, saved):
        return reverse("benchmarks:benchmark-detail", args=[self.object.benchmark_id])


# Progress updates ---------------------------------------------------------------------------------


class UpdateSubmitView(ServiceFormView):
    """The responsible entity reports on one indicator; everyone who may see it reads its updates,
    with the reason of any return.

    The form offers only the open periods with nothing waiting for review (no update yet, a
    withdrawn one or a returned one); an update waiting for review is shown read-only, with its
    Withdraw button. A returned update's form is filled with what was returned, the reason beside
    it. After a submission (`?submitted=<pk>`) the page shows the update submitted and the next
    update the user owes, and no form."""

    model = Indicator
    template_name = "benchmarks/update_submit.html"
    context_object_name = "indicator"
    post_action = "submit_update"
    form_class = UpdateForm
    success_message = _("Update submitted to the mission planning unit.")

    def get_queryset(self):
        return super().get_queryset().select_related("benchmark__mission", "responsible_entity")

    @cached_property
    def open_periods(self) -> list[tuple]:
        """The recent periods that ended, within the indicator's life, not approved."""
        indicator = self.object
        today = mission_as_of(self.mission, timezone.localdate())  # no period after a closing date
        return [
            period
            for period in recent_periods(indicator.frequency, today, count=4)
            if period[0] not in self.existing or self.existing[period[0]].state != UpdateState.APPROVED
            if period[1] >= indicator.baseline_date
        ]

    @cached_property
    def updates(self) -> list[ProgressUpdate]:
        """The latest two years of monthly reporting the user may see; older periods are in the
        reports and the API."""
        updates = list(
            ProgressUpdate.objects.restrict(self.request.user, "view")
            .filter(indicator=self.object)
            .select_related("submitted_by", "approved_by")
            .order_by("-period_start")[:24]
        )
        for update in updates:
            update.indicator = self.object
        return updates

    @cached_property
    def existing(self) -> dict:
        return {update.period_start: update for update in self.updates}

    @cached_property
    def periods(self) -> list[tuple]:
        """The periods the form offers: open, and nothing of theirs waiting for review."""
        return [
            period
            for period in self.open_periods
            if period[0] not in self.existing or self.existing[period[0]].state != UpdateState.SUBMITTED
        ]

    @cached_property
    def waiting(self) -> list[ProgressUpdate]:
        """This indicator's updates of the open periods waiting for review."""
        starts = {period[0] for period in self.open_periods}
        return [u for u in self.updates if u.period_start in starts and u.state == UpdateState.SUBMITTED]

    @cached_property
    def just_submitted(self) -> ProgressUpdate | None:
        wanted = self.request.GET.get("submitted", "")
        if self.request.method == "POST" or not wanted.isdigit():
            return None
        return next((u for u in self.updates if u.pk == int(wanted)), None)

    @cached_property
    def chosen(self) -> ProgressUpdate | None:
        """The withdrawn or returned update the form corrects: of the period asked for
        (`?period=`), else of the newest period offered."""
        if not self.periods:
            return None
        start = self.periods[0][0]
        try:
            asked = dt.date.fromisoformat(self.request.GET.get("period", ""))
        except ValueError:
            asked = None
        if asked in {period[0] for period in self.periods}:
            start = asked
        return self.existing.get(start)

    def get_form_kwargs(self):
        corrections = {u.pk: u.period_start for u in self.existing.values() if u.state != UpdateState.APPROVED}
        return {**super().get_form_kwargs(), "periods": self.periods, "corrections": corrections}

    def get_initial(self):
        """Empty for a new update; what was returned or withdrawn, to correct it."""
        update = self.chosen
        if self.request.method == "POST" or update is None:
            return {"period_start": self.periods[0][0].isoformat()} if self.periods else {}
        return {
            "period_start": update.period_start.isoformat(),
            "correcting": update.pk,
            "value": update.value,
            "status": update.status,
            "narrative": update.narrative,
            "evidence_url": update.evidence_url,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        next_owed = None
        if self.just_submitted is not None:
            next_owed = next(iter(updates_owed(user, exclude_indicator=self.object.pk)), None)
        # An update's submit_update follows its indicator's (same mission, same responsible entity):
        # the Withdraw buttons ask nothing more.
        may_submit = may(self.request, "submit_update", self.object)
        for update in (*self.waiting, *([self.just_submitted] if self.just_submitted else [])):
            remember(self.request, "submit_update", update, may_submit)
        context.update(
            periods=self.periods,
            updates=self.updates,
            waiting=self.waiting,
            just_submitted=self.just_submitted,
            next_owed=next_owed,
            correcting=self.chosen if self.request.method != "POST" else None,
            returned=[
                u
                for u in self.updates
                if u.state == UpdateState.RETURNED and u.period_start in {period[0] for period in self.periods}
            ],
        )
        return context

    def perform(self, form):
        data = {key: value for key, value in form.cleaned_data.items() if key != "correcting"}
        return update_submit(indicator=self.object, actor=self.request.user, replace_submitted=False, **data)

    def get_success_url(self, saved):
        return reverse("benchmarks:update-submit", args=[self.object.pk]) + f"?submitted={saved.pk}"


class UpdateWithdrawView(ServiceActionView):
    """The submitting entity takes back an update the mission planning unit has not reviewed yet."""

    model = ProgressUpdate
    post_action = "submit_update"
    success_message = _("Update withdrawn: it is a draft again and no longer waits for review.")

    def get_queryset(self):
        return super().get_queryset().select_related("indicator")

    def perform(self):
        return update_withdraw(update=self.object, actor=self.request.user)

    def get_success_url(self, result):
        url = reverse("benchmarks:update-submit", args=[self.object.indicator_id])
        return f"{url}?period={self.object.period_start.isoformat()}"


QUEUE_PAGE_SIZE = 50


class UpdateQueueView(ExportableListMixin, ServiceFormMixin, MissionRightsPage):
    """The mission planning unit approves or returns submitted updates, many at once. The queue
    downloads whole (every page) as CSV and Excel."""

    template_name = "benchmarks/update_queue.html"
    action = "approve_update"
    post_action = "approve_update"
    form_class = ReviewForm
    export_name = "updates-to-review"
    export_title = gettext_lazy("Updates to review")
    export_columns = [
        (gettext_lazy("Indicator"), "indicator.name"),
        (gettext_lazy("Benchmark"), "indicator.benchmark.title"),
        (gettext_lazy("Period start"), "period_start"),
        (gettext_lazy("Period end"), "period_end"),
        (gettext_lazy("Value"), "value"),
        (gettext_lazy("Unit"), "indicator.unit"),
        (gettext_lazy("Status"), "get_status_display"),
        (gettext_lazy("Narrative"), "narrative"),
        (gettext_lazy("Entity"), "indicator.responsible_entity.code"),
        (
            gettext_lazy("Submitted by"),
            lambda u: u.submitted_by and (u.submitted_by.get_full_name() or u.submitted_by.username),
        ),
        (gettext_lazy("Submitted at"), "submitted_at"),
    ]

    def list_rows(self):
        return self._queue()

    def _queue(self):
        return update_queue(
            ProgressUpdate.objects.restrict(self.request.user, "approve_update").filter(
                indicator__benchmark__mission=self.mission
            )
        )

    @cached_property
    def page(self):
        """The queue a page at a time, oldest period first: a mission's whole backlog would make
        the page too heavy for a field link."""
        return Paginator(self._queue(), QUEUE_PAGE_SIZE).get_page(self.request.GET.get("page"))

    @cached_property
    def updates(self) -> list[ProgressUpdate]:
        return list(self.page.object_list)

    def get_form_kwargs(self):
        if self.request.method == "POST":
            update_ids = list(self._queue().values_list("pk", flat=True))
        else:
            update_ids = [update.pk for update in self.updates]
        return {**super().get_form_kwargs(), "update_ids": update_ids}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "updates": self.updates, "page_obj": self.page}

    def perform(self, form):
        ids = form.cleaned_data["updates"]
        if form.cleaned_data["decision"] == ReviewForm.APPROVE:
            return ReviewForm.APPROVE, updates_approve_many(update_ids=ids, actor=self.request.user)
        reason = form.cleaned_data["reason"]
        return ReviewForm.RETURN, updates_return_many(update_ids=ids, actor=self.request.user, reason=reason)

    def get_success_message(self, saved):
        decision, done = saved
        if decision == ReviewForm.APPROVE:
            return _("%(count)d updates approved.") % {"count": len(done)}
        return _("%(count)d updates returned.") % {"count": len(done)}

    def get_success_url(self, saved):
        return reverse("benchmarks:update-queue", args=[self.mission.acronym])


# Excel round trip ---------------------------------------------------------------------------------


class ExcelTemplateView(MissionPage):
    """The workbook of the indicators the user's entity reports on."""

    action = "submit_update"

    def get(self, request, *args, **kwargs):
        as_of = _as_of(request)
        content = excel.build_template(user=request.user, mission=self.mission, as_of=as_of)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.mission.acronym}-updates-{as_of}.xlsx"'
        return response


RECENT_UPLOADS = 5


class ExcelUploadView(ServiceFormMixin, MissionRightsPage):
    """The upload: checked for size and rows at once, then imported in the background; the
    answer is the import's page, which follows its progress. The entity's latest uploads are
    listed with their results."""

    template_name = "benchmarks/excel_upload.html"
    action = "submit_update"
    post_action = "submit_update"
    form_class = ExcelUploadForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recent = list(
            ExcelImport.objects.restrict(self.request.user, "submit_update")
            .filter(mission=self.mission)
            .select_related("uploaded_by")
            .order_by("-created_at")[:RECENT_UPLOADS]
        )
        for upload in recent:
            remember(self.request, "submit_update", upload)
        context.update(
            indicator_count=excel.reportable_indicators(self.request.user, self.mission).count(),
            max_rows=number_format(excel.max_rows(), force_grouping=True),
            max_bytes=excel.max_bytes(),
            recent_uploads=recent,
        )
        return context

    def perform(self, form):
        return excel_import_create(
            mission=self.mission, actor=self.request.user, file=form.cleaned_data["file"], today=timezone.localdate()
        )

    def get_success_url(self, saved):
        return reverse("benchmarks:excel-import", args=[saved.pk])


class ExcelImportDetailView(ObjectPage):
    """An upload's import: a progress bar htmx polls (the fragment, answered 204 while nothing
    moved, so the live region speaks once per step), then the result."""

    model = ExcelImport
    action = "submit_update"
    context_object_name = "upload"
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        if request.htmx and request.GET.get("step") == _import_step(self.object):
            return HttpResponse(status=204)
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        if self.request.htmx:
            return ["benchmarks/_excel_import_progress.html"]
        return ["benchmarks/excel_import.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        upload = self.object
        context.update(active=upload.state in (ImportState.QUEUED, ImportState.RUNNING), step=_import_step(upload))
        return context


def _import_step(upload: ExcelImport) -> str:
    """What the progress fragment shows, in steps of a tenth, so a poll that would show the same
    is answered with nothing."""
    return f"{upload.state}-{upload.percent // 10}"


# Dashboards ---------------------------------------------------------------------------------------


def _indicator_charts(indicators) -> dict:
    """What the page's script draws for these indicators; the same numbers are in the tables
    beside each chart."""
    return {
        str(indicator.pk): {
            "labels": [row["period_end"].isoformat() for row in indicator.trend],
            "values": [float(row["value"]) if row["value"] is not None else None for row in indicator.trend],
            "baseline": float(indicator.baseline_value),
            "target": float(indicator.target_value),
            "label": indicator.name,
            "labels_text": {"value": _("Value"), "baseline": _("Baseline"), "target": _("Target")},
        }
        for indicator in indicators
        if indicator.trend
    }


def _chart_data(dashboard) -> dict:
    return {
        "readiness": {
            "labels": [point.date.isoformat() for point in dashboard.readiness],
            "values": [point.percent for point in dashboard.readiness],
            "label": _("Transition benchmarks achieved or on track (%)"),
        },
        "indicators": {},
    }


class MissionDashboardView(MissionRightsPage):
    """The SRSG office's view of the mission. The summary, matrix, overdue list, readiness and
    gaps are always on the page; indicator tables and trend charts are drawn for every benchmark
    of a mission with up to TREND_CHART_LIMIT indicators; above that, for the benchmark asked for
    (?benchmark=<id>: a plain link, or fetched into the page with htmx), so the page stays light.
    Figures are the kept standings (benchmarks.standing): computed from the data on every request,
    nothing cached. A closed mission opens at its closing date."""

    template_name = "benchmarks/mission_dashboard.html"
    section_template_name = "benchmarks/_dashboard_benchmark.html"
    TREND_CHART_LIMIT = 40
    # Overdue updates listed one by one on the page (all of them with ?overdue=all); the table of
    # who owes how many always covers all.
    OVERDUE_LIMIT = 25

    def get_queryset(self):
        return with_view_tier(super().get_queryset(), self.request.user)

    def _chosen_benchmark(self) -> int | None:
        chosen = self.request.GET.get("benchmark") or self.request.GET.get("trends", "")
        return int(chosen) if chosen.isascii() and chosen.isdigit() and len(chosen) <= 9 else None

    def get_template_names(self):
        if self._section_only():
            return [self.section_template_name]
        return [self.template_name]

    def _section_only(self) -> bool:
        return bool(self.request.htmx) and self._chosen_benchmark() is not None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, mission = self.request.user, self.mission
        today = timezone.localdate()
        as_of = _as_of(self.request, mission)
        chosen = self._chosen_benchmark()
        dashboard = dashboard_for_mission(mission, as_of, user=user, trend_benchmarks=set())
        # The dashboard reads its benchmarks and indicators through restrict(user, "view").
        for row in dashboard.benchmarks:
            remember(self.request, "view", row.benchmark)
        for indicator in dashboard.indicators:
            remember(self.request, "view", indicator)
        show_all = len(dashboard.indicators) <= self.TREND_CHART_LIMIT
        shown = [row for row in dashboard.benchmarks if show_all or row.benchmark.pk == chosen]
        trends = trend_series([i.pk for row in shown for i in row.indicators], as_of=as_of) if shown else {}
        shown_ids = {row.benchmark.pk for row in shown}
        for row in dashboard.benchmarks:
            row.show_trends = row.benchmark.pk in shown_ids
            for indicator in row.indicators:
                indicator.trend = trends.get(indicator.pk, []) if row.show_trends else []
            row.chart_data = {"indicators": _indicator_charts(row.indicators)} if row.show_trends else None
            row.chart_id = f"dashboard-data-{row.benchmark.pk}"
        approval = _("Mission planning unit (approval)")
        all_overdue = self.request.GET.get("overdue") == "all"
        context.update(
            dashboard=dashboard,
            overdue_owners=[(owner or approval, count) for owner, count in overdue_by_owner(dashboard.overdue)],
            overdue_shown=dashboard.overdue if all_overdue else dashboard.overdue[: self.OVERDUE_LIMIT],
            as_of=as_of,
            period_param="" if as_of == today else as_of.isoformat(),
            periods=_period_choices(today, as_of, mission),
            chart_data=_chart_data(dashboard),
            status_tone=STATUS_TONE,
            row=shown[0] if shown else None,
            # Whether the viewer sees every update's state (else an overdue row without a visible
            # update says nothing of what was or was not submitted).
            sees_update_states=view_tier(mission, user) in ("drafts", SUPERUSER_TIER),
        )
        return context


class PortfolioView(SignedInPage):
    """Every mission the user may see, with status counts, overdue updates, readiness and the IAP
    status; sorted by any column and filtered by phase, type, lead department or name
    (benchmarks.filtersets.PortfolioFilterSet)."""

    template_name = "benchmarks/portfolio.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        as_of = _as_of(request)
        filterset, rows = portfolio(request.user, as_of=as_of, filters=request.GET)
        statuses = [(status, str(status.label).lower()) for status in ProgressStatus]
        extra_columns = [(key, label) for key, label, _func in portfolio_columns()]
        for row in rows:
            remember(request, "view", row["mission"])
            # What each row shows, in column order, so the table's loop is one pass per row.
            row["badges"] = [
                (status, label, row["counts"][status]) for status, label in statuses if row["counts"][status]
            ]
            row["cells"] = [row["extra"][key] for key, _label in extra_columns]
        # The sort links keep every other parameter of the page.
        base_query = request.GET.copy()
        base_query.pop("sort", None)
        context.update(
            rows=rows,
            base_query=base_query.urlencode(),
            as_of=as_of,
            filters={
                "q": filterset.value("q", ""),
                "phase": filterset.value("phase", ""),
                "type": filterset.value("type", ""),
                "overdue": filterset.value("overdue") == "1",
            },
            sort=filterset.value("sort", "mission"),
            phases=Phase.choices,
            types=MissionType.choices,
            extra_columns=extra_columns,
            periods=_period_choices(timezone.localdate(), as_of),
            totals={
                "missions": len(rows),
                "overdue": sum(row["overdue"] for row in rows),
                "off_track": sum(row["counts"][ProgressStatus.OFF_TRACK] for row in rows),
            },
        )
        return context


# Capacity gaps ------------------------------------------------------------------------------------


class CapacityGapListView(ExportableListMixin, MissionPage):
    """The mission's capacity gaps, for anyone who sees the mission; who may add one finds the form's
    link. The list downloads as CSV and Excel."""

    template_name = "benchmarks/capacity_gap_list.html"
    export_name = "capacity-gaps"
    export_title = gettext_lazy("Capacity gaps")
    export_columns = [
        (gettext_lazy("What is missing"), "description"),
        (gettext_lazy("What the mandate asks"), "requirement"),
        (gettext_lazy("Effect"), "effect"),
        (gettext_lazy("Category"), "get_category_display"),
        (gettext_lazy("Status"), "get_status_display"),
        (gettext_lazy("Identified on"), "identified_on"),
    ]

    @cached_property
    def rows(self) -> list[CapacityGap]:
        return setup_rows(self.request.user, CapacityGap.objects.filter(mission=self.mission))

    def list_rows(self):
        return self.rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["gaps"] = self.rows
        return context


class CapacityGapCreateView(MissionFormView):
    template_name = "benchmarks/capacity_gap_form.html"
    action = "add"
    form_class = CapacityGapForm
    success_message = _("Capacity gap recorded.")

    def perform(self, form):
        return capacity_gap_create(mission=self.mission, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, saved):
        return reverse("benchmarks:capacity-gap-list", args=[self.mission.acronym])


class CapacityGapEditView(ServiceFormView):
    model = CapacityGap
    template_name = "benchmarks/capacity_gap_form.html"
    context_object_name = "gap"
    action = "change"
    form_class = CapacityGapForm
    success_message = _("Capacity gap saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": copy.copy(self.object)}

    def perform(self, form):
        return capacity_gap_update(capacitygap=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, saved):
        return reverse("benchmarks:capacity-gap-list", args=[self.mission.acronym])
