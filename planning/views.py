"""Pages of the planning app: the landing page, the mission list and workspace, the IAP overview,
the user's notices, and the health answer for load balancers."""

from django.contrib import messages
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django.views.generic.list import MultipleObjectMixin

from benchmarks.views import MissionRightsPage
from frameworks.choices import FrameworkStatus
from missions import outbox
from missions.generic.exports import ExportableListMixin
from missions.generic.views import SignedInPage, remember
from missions.models import Notification
from planning import selectors
from planning.iap import REQUIREMENTS


class HomeView(TemplateView):
    """The landing page: what the workbench is and, for a signed-in user, their work
    (`selectors.my_work`: what they owe, what waits for them, recent changes) and their missions.
    Open to visitors who have not signed in (it offers them the sign-in), so not a SignedInPage."""

    template_name = "planning/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if not user.is_authenticated:
            return context
        work = selectors.my_work(user)
        # Every row was read through the access layer: its links ask nothing more.
        for owed in work.owed:
            remember(self.request, "view", owed.indicator)
        for comment in work.mentions:
            remember(self.request, "view", comment.framework)
        for framework in (*work.signatures, *work.consultations):
            remember(self.request, "view", framework)
        for row in work.reviews:
            remember(self.request, "approve_update", row["mission"])
        for change in work.changes:
            remember(self.request, "view", change.obj)
        context.update(work=work, missions=selectors.visible_missions(user))
        return context


def _framework_text(mission) -> str:
    """The framework column of the mission list, as text: the endorsed and the latest version."""
    parts = []
    if mission.endorsed_version:
        parts.append(_("Endorsed v%(version)s") % {"version": mission.endorsed_version})
    latest = mission.latest_framework_version
    if latest and latest != mission.endorsed_version:
        parts.append(f"{FrameworkStatus(mission.latest_framework_status).label} v{latest}")
    return "; ".join(parts)


class MissionListView(ExportableListMixin, SignedInPage):
    """The missions the user may see, with their phase, framework and IAP status; sortable by
    column and filterable by type and phase (planning.filtersets.MissionListFilterSet); downloads
    as CSV and Excel with the same filters."""

    template_name = "planning/mission_list.html"
    default_sort = "acronym"
    export_name = "missions"
    export_title = gettext_lazy("Missions")
    export_columns = [
        (gettext_lazy("Acronym"), "mission.acronym"),
        (gettext_lazy("Name"), "mission.name"),
        (gettext_lazy("Country"), "mission.country"),
        (gettext_lazy("Type"), "mission.get_mission_type_display"),
        (gettext_lazy("Lead"), "mission.lead_department.code"),
        (gettext_lazy("Phase"), "mission.get_phase_display"),
        (gettext_lazy("Established on"), "mission.established_on"),
        (gettext_lazy("Closed on"), "mission.closed_on"),
        (gettext_lazy("Framework"), lambda row: _framework_text(row.mission)),
        (gettext_lazy("IAP requirements met"), "iap.met_count"),
    ]

    @cached_property
    def filterset_and_rows(self):
        sort = self.request.GET.get("sort", self.default_sort)
        filterset, missions = selectors.mission_list(self.request.user, filters=self.request.GET or None, sort=sort)
        return filterset, selectors.mission_rows(missions, sort=sort, reasons=False)  # outcomes, no reasons

    def list_rows(self):
        return self.filterset_and_rows[1]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset, rows = self.filterset_and_rows
        for row in rows:
            remember(self.request, "view", row.mission)
        context.update(
            form=filterset.form,
            rows=rows,
            requirements=REQUIREMENTS,
            default_sort=self.default_sort,
            filtered=filterset.filtered,
        )
        return context


class MissionWorkspaceView(MissionRightsPage):
    """A mission's workspace: mandate and tasks, country team, leadership, lifecycle, joint
    analysis, mechanisms, frameworks and the IAP minimum requirements. The mission is read with
    the rights its links ask for (benchmarks.views.MissionRightsPage)."""

    template_name = "planning/mission_workspace.html"

    def get_queryset(self):
        return super().get_queryset().select_related("lead_department", "entity")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        workspace = selectors.workspace_for_mission(user=self.request.user, mission=self.mission)
        # Every row the workspace lists was read through restrict(user, "view").
        for obj in workspace.visible_objects():
            remember(self.request, "view", obj)
        for framework in workspace.frameworks_in_progress:
            remember(self.request, "change", framework, framework.right_change)
        context["workspace"] = workspace
        return context


class IAPOverviewView(SignedInPage):
    """Headquarters' view of the four IAP minimum requirements across the missions the user may
    see, sortable by mission or by requirement."""

    template_name = "planning/iap_overview.html"
    default_sort = "acronym"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sort = self.request.GET.get("sort", self.default_sort)
        rows = selectors.iap_overview_rows(self.request.user, sort=sort)
        context.update(
            rows=rows,
            requirements=REQUIREMENTS,
            default_sort=self.default_sort,
            totals={
                key: {
                    outcome: sum(1 for row in rows if row.iap.by_key[key].outcome == outcome)
                    for outcome in ("met", "partly_met", "not_met")
                }
                for key in REQUIREMENTS
            },
        )
        return context


class NotificationListView(MultipleObjectMixin, SignedInPage):
    """The signed-in user's in-app notices, paginated; POST marks one (or all) as read."""

    template_name = "planning/notifications.html"
    context_object_name = "notifications"
    paginate_by = 50

    def get_queryset(self):
        return Notification.objects.filter(user=self.request.user)

    def get_context_data(self, **kwargs):
        self.object_list = self.get_queryset()
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        unread = Notification.objects.filter(user=request.user, read_at__isnull=True)
        if request.POST.get("all"):
            count = unread.update(read_at=timezone.now())
        else:
            count = unread.filter(pk=request.POST.get("notification") or 0).update(read_at=timezone.now())
        if count:
            messages.success(request, _("Marked as read."))
        return HttpResponseRedirect(reverse("notifications"))


def health(request):
    """What load balancers and operators read: the database (the workbench cannot serve without
    it: 503), the cache and the broker (without them it serves, more slowly, and jobs wait in the
    outbox: "degraded"), and how many jobs wait for the broker."""
    parts = {"database": "ok", "cache": "ok", "broker": "ok"}
    waiting = None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        waiting = outbox.pending_count()
    except DatabaseError:
        parts["database"] = "unavailable"
    check_cache = getattr(cache, "is_available", None)
    if check_cache is None:
        parts["cache"] = "in-process"
    elif not check_cache():
        parts["cache"] = "unavailable"
    broker = outbox.broker_available()
    parts["broker"] = "in-process" if broker is None else ("ok" if broker else "unavailable")
    if parts["database"] != "ok":
        status = "down"
    elif "unavailable" in parts.values():
        status = "degraded"
    else:
        status = "ok"
    body = {"status": status, **parts}
    if waiting is not None:
        body["jobs_waiting_for_broker"] = waiting
    return JsonResponse(body, status=503 if status == "down" else 200)
