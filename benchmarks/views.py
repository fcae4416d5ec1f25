"""Pages of benchmarks and progress. Thin: the access layer finds the objects (404 when not
visible, 403 with a reason when not allowed), selectors read, services write."""

from __future__ import annotations

import copy
import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from benchmarks import excel
from benchmarks.choices import STATUS_TONE, ImportState, ProgressStatus, UpdateState
from benchmarks.forms import BenchmarkForm, ExcelUploadForm, IndicatorForm, ReviewForm, UpdateForm
from benchmarks.imports import excel_import_create
from benchmarks.models import Benchmark, ExcelImport, Indicator, ProgressUpdate
from benchmarks.periods import quarter_ends, recent_periods
from benchmarks.selectors import (
    PORTFOLIO_SORTS,
    benchmarks_with_status,
    dashboard_for_mission,
    indicator_latest_values,
    overdue_by_owner,
    portfolio_columns,
    portfolio_rows,
    status_of_rank,
    trend_series,
    update_queue,
    with_standings,
)
from benchmarks.services import (
    benchmark_create,
    benchmark_update,
    indicator_create,
    indicator_update,
    update_submit,
    updates_approve_many,
    updates_return_many,
)
from missions.access import SUPERUSER_TIER, can, view_tier, with_view_tier
from missions.choices import MissionType, Phase
from missions.generic.views import MissionFormView, ServiceFormView, remember
from missions.models import Mission
from missions.restricted import RestrictedMixin, refuse


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


MISSION_REFUSALS = {
    "approve_update": _("Only the mission planning unit approves or returns progress updates for this mission."),
    "submit_update": _("Your entity is not responsible for any indicator of this mission."),
}


def rights_on_missions(missions, user):
    """Missions annotated with what the page's links need (`right_approve_update`,
    `right_submit_update`, `right_add`), asked of the access layer inside the query that finds
    the mission instead of one query each."""
    return missions.annotate(
        right_approve_update=Exists(
            Indicator.objects.restrict(user, "approve_update").filter(benchmark__mission=OuterRef("pk"))
        ),
        right_submit_update=Exists(
            Indicator.objects.restrict(user, "submit_update").filter(benchmark__mission=OuterRef("pk"))
        ),
        right_add=Exists(Mission.objects.restrict(user, "add").filter(pk=OuterRef("pk"))),
    )


def allowed_on_mission(user, action: str, mission: Mission) -> bool:
    """Whether `user` may do `action` somewhere in the mission's benchmarks. The access matrix
    grants update actions on indicators and updates, not on the mission, so the mission-level
    answer is whether any of its indicators allows it."""
    if action in MISSION_REFUSALS:
        return Indicator.objects.restrict(user, action).filter(benchmark__mission=mission).exists()
    return can(user, action, mission)


class MissionPageMixin(LoginRequiredMixin):
    """Pages under a mission's acronym: the mission must be visible (404) and `mission_action`
    allowed on it (403)."""

    mission_action = "view"

    def missions(self, user):
        return Mission.objects.restrict(user, "view")

    def find_mission(self, user, acronym: str) -> Mission:
        return get_object_or_404(self.missions(user), acronym=acronym)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.mission = self.find_mission(request.user, kwargs["acronym"])
        if self.mission_action != "view" and not allowed_on_mission(request.user, self.mission_action, self.mission):
            raise refuse(request.user, self.mission_action, self.mission, MISSION_REFUSALS.get(self.mission_action))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["mission"] = mission = self.mission
        if hasattr(mission, "right_add"):  # found through rights_on_missions
            context.update(
                may_approve=mission.right_approve_update,
                may_submit=mission.right_submit_update,
                may_plan=mission.right_add,
            )
            self._remember_rights(context)
            return context
        context["may_approve"] = allowed_on_mission(user, "approve_update", mission)
        context["may_submit"] = allowed_on_mission(user, "submit_update", mission)
        context["may_plan"] = can(user, "add", mission)
        self._remember_rights(context)
        return context

    def _remember_rights(self, context):
        for action, key in (("approve_update", "may_approve"), ("submit_update", "may_submit"), ("add", "may_plan")):
            remember(self.request, action, self.mission, context[key])


# Benchmarks and indicators ------------------------------------------------------------------------


class BenchmarkListView(MissionPageMixin, TemplateView):
    template_name = "benchmarks/benchmark_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        benchmarks = benchmarks_with_status(
            Benchmark.objects.restrict(self.request.user, "view").filter(mission=self.mission),
            as_of=timezone.localdate(),
        ).order_by("order", "id")
        rows = []
        for benchmark in benchmarks.prefetch_related("indicators"):
            benchmark.status = status_of_rank(benchmark.status_rank)
            rows.append(benchmark)
        context["benchmarks"] = rows
        return context


class BenchmarkCreateView(MissionFormView):
    template_name = "benchmarks/benchmark_form.html"
    form_class = BenchmarkForm
    success_message = _("Benchmark created.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "mission": self.mission}

    def perform(self, form):
        return benchmark_create(mission=self.mission, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, saved):
        return reverse("benchmarks:benchmark-detail", args=[saved.pk])


class BenchmarkDetailView(RestrictedMixin, DetailView):
    model = Benchmark
    template_name = "benchmarks/benchmark_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("mission").prefetch_related("results", "mandate_tasks__mandate")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        benchmark = self.object
        context["mission"] = benchmark.mission
        today = timezone.localdate()
        indicators = with_standings(
            list(
                indicator_latest_values(
                    Indicator.objects.restrict(user, "view").filter(benchmark=benchmark), as_of=today, viewer=user
                )
            ),
            as_of=today,
        )
        for indicator in indicators:
            indicator.status = ProgressStatus(indicator.latest_status)
        context["indicators"] = indicators
        context["may_change"] = can(user, "change", benchmark)
        context["reportable"] = set(
            Indicator.objects.restrict(user, "submit_update").filter(benchmark=benchmark).values_list("pk", flat=True)
        )
        return context


class BenchmarkEditView(ServiceFormView):
    model = Benchmark
    template_name = "benchmarks/benchmark_form.html"
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


class IndicatorCreateView(RestrictedMixin, DetailView):
    """A new indicator of a benchmark (the URL names the benchmark)."""

    model = Benchmark
    template_name = "benchmarks/indicator_form.html"
    action = "change"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["benchmark"] = self.object
        context["mission"] = self.object.mission
        context.setdefault("form", IndicatorForm())
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = IndicatorForm(request.POST)
        if form.is_valid():
            try:
                indicator_create(benchmark=self.object, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Indicator added."))
                return redirect("benchmarks:benchmark-detail", pk=self.object.pk)
        return self.render_to_response(self.get_context_data(form=form))


class IndicatorEditView(RestrictedMixin, DetailView):
    model = Indicator
    template_name = "benchmarks/indicator_form.html"
    action = "change"

    def get_queryset(self):
        return super().get_queryset().select_related("benchmark__mission")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["benchmark"] = self.object.benchmark
        context["mission"] = self.object.benchmark.mission
        context.setdefault("form", IndicatorForm(instance=self.object))
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = IndicatorForm(request.POST, instance=Indicator.objects.get(pk=self.object.pk))
        if form.is_valid():
            try:
                indicator_update(indicator=self.object, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Indicator saved."))
                return redirect("benchmarks:benchmark-detail", pk=self.object.benchmark_id)
        return self.render_to_response(self.get_context_data(form=form))


# Progress updates ---------------------------------------------------------------------------------


class UpdateSubmitView(RestrictedMixin, DetailView):
    """The responsible entity reports on one indicator; everyone who may see it reads its updates,
    with the reason of any return."""

    model = Indicator
    template_name = "benchmarks/update_submit.html"
    post_action = "submit_update"

    def get_queryset(self):
        return super().get_queryset().select_related("benchmark__mission", "responsible_entity")

    def _periods(self, indicator: Indicator) -> list[tuple]:
        today = timezone.localdate()
        locked = set(indicator.updates.filter(state=UpdateState.APPROVED).values_list("period_start", flat=True))
        return [
            period
            for period in recent_periods(indicator.frequency, today, count=4)
            if period[0] not in locked and period[1] >= indicator.baseline_date
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indicator = self.object
        context["mission"] = indicator.benchmark.mission
        context["may_submit"] = can(self.request.user, "submit_update", indicator)
        periods = self._periods(indicator)
        if context["may_submit"] and "form" not in context:
            initial = {}
            if periods:
                current = (
                    ProgressUpdate.objects.restrict(self.request.user, "submit_update")
                    .filter(indicator=indicator, period_start=periods[0][0])
                    .first()
                )
                if current:
                    initial = {
                        "value": current.value,
                        "status": current.status,
                        "narrative": current.narrative,
                        "evidence_url": current.evidence_url,
                    }
            context["form"] = UpdateForm(periods=periods, initial=initial)
        context["periods"] = periods
        # The latest two years of monthly reporting; older periods are in the reports and the API.
        context["updates"] = (
            ProgressUpdate.objects.restrict(self.request.user, "view")
            .filter(indicator=indicator)
            .select_related("submitted_by", "approved_by")
            .order_by("-period_start")[:24]
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = indicator = self.get_object()
        form = UpdateForm(request.POST, periods=self._periods(indicator))
        if form.is_valid():
            try:
                update_submit(indicator=indicator, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Update submitted to the mission planning unit."))
                return redirect("benchmarks:update-submit", pk=indicator.pk)
        return self.render_to_response(self.get_context_data(form=form))


class UpdateQueueView(MissionPageMixin, TemplateView):
    """The mission planning unit approves or returns submitted updates, many at once."""

    template_name = "benchmarks/update_queue.html"
    mission_action = "approve_update"

    def _queue(self):
        return update_queue(
            ProgressUpdate.objects.restrict(self.request.user, "approve_update").filter(
                indicator__benchmark__mission=self.mission
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["updates"] = list(self._queue())
        context.setdefault("form", ReviewForm(update_ids=[u.pk for u in context["updates"]]))
        return context

    def post(self, request, *args, **kwargs):
        form = ReviewForm(request.POST, update_ids=list(self._queue().values_list("pk", flat=True)))
        if form.is_valid():
            ids = form.cleaned_data["updates"]
            try:
                if form.cleaned_data["decision"] == ReviewForm.APPROVE:
                    done = updates_approve_many(update_ids=ids, actor=request.user)
                    messages.success(request, _("%(count)d updates approved.") % {"count": len(done)})
                else:
                    done = updates_return_many(update_ids=ids, actor=request.user, reason=form.cleaned_data["reason"])
                    messages.success(request, _("%(count)d updates returned.") % {"count": len(done)})
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("benchmarks:update-queue", acronym=self.mission.acronym)
        return self.render_to_response(self.get_context_data(form=form))


# Excel round trip ---------------------------------------------------------------------------------


class ExcelTemplateView(MissionPageMixin, TemplateView):
    mission_action = "submit_update"

    def get(self, request, *args, **kwargs):
        as_of = _as_of(request)
        content = excel.build_template(user=request.user, mission=self.mission, as_of=as_of)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.mission.acronym}-updates-{as_of}.xlsx"'
        return response


RECENT_UPLOADS = 5


class ExcelUploadView(MissionPageMixin, TemplateView):
    """The upload: checked for size and rows at once, then imported in the background; the
    answer is the import's page, which follows its progress. The entity's latest uploads are
    listed with their results."""

    template_name = "benchmarks/excel_upload.html"
    mission_action = "submit_update"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ExcelUploadForm())
        context["indicator_count"] = excel.reportable_indicators(self.request.user, self.mission).count()
        context.update(
            max_rows=number_format(excel.max_rows(), force_grouping=True),
            max_bytes=excel.max_bytes(),
            recent_uploads=ExcelImport.objects.restrict(self.request.user, "submit_update")
            .filter(mission=self.mission)
            .select_related("uploaded_by")
            .order_by("-created_at")[:RECENT_UPLOADS],
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ExcelUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = excel_import_create(
            mission=self.mission, actor=request.user, file=form.cleaned_data["file"], today=timezone.localdate()
        )
        return redirect("benchmarks:excel-import", pk=upload.pk)


class ExcelImportDetailView(RestrictedMixin, DetailView):
    """An upload's import: a progress bar htmx polls (the fragment, answered 204 while nothing
    moved, so the live region speaks once per step), then the result."""

    model = ExcelImport
    action = "submit_update"
    context_object_name = "upload"
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("mission")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if request.htmx and request.GET.get("step") == _import_step(self.object):
            return HttpResponse(status=204)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_template_names(self):
        if self.request.htmx:
            return ["benchmarks/_excel_import_progress.html"]
        return ["benchmarks/excel_import.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        upload = self.object
        context.update(
            mission=upload.mission,
            active=upload.state in (ImportState.QUEUED, ImportState.RUNNING),
            step=_import_step(upload),
        )
        if not self.request.htmx:  # the mission's tabs; this page needs submit_update on the mission
            context.update(
                may_submit=True,
                may_approve=allowed_on_mission(self.request.user, "approve_update", upload.mission),
            )
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


class MissionDashboardView(MissionPageMixin, TemplateView):
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

    def missions(self, user):
        return rights_on_missions(with_view_tier(super().missions(user), user), user)

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


class PortfolioView(LoginRequiredMixin, TemplateView):
    """Every mission the user may see, with status counts, overdue updates, readiness and the IAP
    status; sorted by any column and filtered by phase, type, lead department or name."""

    template_name = "benchmarks/portfolio.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        as_of = _as_of(request)
        missions = Mission.objects.restrict(request.user, "view")
        filters = {
            "q": request.GET.get("q", "").strip(),
            "phase": request.GET.get("phase", ""),
            "type": request.GET.get("type", ""),
            "overdue": request.GET.get("overdue", "") == "1",
        }
        if filters["q"]:
            missions = missions.filter(acronym__icontains=filters["q"]) | missions.filter(name__icontains=filters["q"])
        if filters["phase"] in Phase.values:
            missions = missions.filter(phase=filters["phase"])
        if filters["type"] in MissionType.values:
            missions = missions.filter(mission_type=filters["type"])
        sort = request.GET.get("sort", "mission")
        sort = sort if sort.lstrip("-") in PORTFOLIO_SORTS else "mission"
        rows = portfolio_rows(missions, as_of=as_of, sort=sort.lstrip("-"), descending=sort.startswith("-"))
        if filters["overdue"]:
            rows = [row for row in rows if row["overdue"]]
        base_query = request.GET.copy()
        base_query.pop("sort", None)
        context.update(
            rows=rows,
            base_query=base_query.urlencode(),
            as_of=as_of,
            filters=filters,
            sort=sort,
            phases=Phase.choices,
            types=MissionType.choices,
            statuses=[(status, status.label) for status in ProgressStatus],
            extra_columns=[(key, label) for key, label, _func in portfolio_columns()],
            periods=_period_choices(timezone.localdate(), as_of),
            totals={
                "missions": len(rows),
                "overdue": sum(row["overdue"] for row in rows),
                "off_track": sum(row["counts"][ProgressStatus.OFF_TRACK] for row in rows),
            },
        )
        return context
