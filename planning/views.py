from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from missions import outbox
from missions.access import can
from missions.models import Mission, Notification
from planning import selectors
from planning.forms import MissionFilterForm
from planning.iap import REQUIREMENTS


class HomeView(TemplateView):
    """The landing page: what the workbench is and, for a signed-in user, their missions."""

    template_name = "planning/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["missions"] = (
            Mission.objects.restrict(user, "view") if user.is_authenticated else Mission.objects.none()
        )
        return context


class MissionListView(LoginRequiredMixin, TemplateView):
    """The missions the user may see, with their phase, framework and IAP status; sortable by
    column and filterable by type and phase."""

    template_name = "planning/mission_list.html"
    default_sort = "acronym"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = MissionFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        sort = self.request.GET.get("sort", self.default_sort)
        missions = selectors.mission_list(
            self.request.user,
            mission_type=filters.get("type", ""),
            phase=filters.get("phase", ""),
            sort=sort,
        )
        context.update(
            form=form,
            rows=selectors.mission_rows(missions, sort=sort),
            requirements=REQUIREMENTS,
            default_sort=self.default_sort,
            filtered=bool(filters.get("type") or filters.get("phase")),
        )
        return context


class MissionWorkspaceView(LoginRequiredMixin, TemplateView):
    """A mission's workspace: mandate and tasks, country team, leadership, lifecycle, joint
    analysis, mechanisms, frameworks and the IAP minimum requirements. A mission the user may not
    see is a 404."""

    template_name = "planning/mission_workspace.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mission = selectors.mission_for_workspace(self.request.user, kwargs["acronym"]).first()
        if mission is None:
            raise Http404(_("No such mission."))
        context["workspace"] = selectors.workspace_for_mission(user=self.request.user, mission=mission)
        context["mission"] = mission
        context["can_plan"] = can(self.request.user, "add", mission)
        return context


class IAPOverviewView(LoginRequiredMixin, TemplateView):
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


class NotificationListView(LoginRequiredMixin, ListView):
    """The signed-in user's in-app notices; POST marks one (or all) as read."""

    template_name = "planning/notifications.html"
    context_object_name = "notifications"
    paginate_by = 50

    def get_queryset(self):
        return Notification.objects.filter(user=self.request.user)

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
