"""Pages for integrated mechanisms and the meetings they hold (IAP minimum requirement 3)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from frameworks.analysis.forms import MechanismForm, MeetingForm
from frameworks.analysis.selectors import mechanism_status, mechanisms_for, meetings_for, sides_for_mission
from frameworks.analysis.services import MECHANISM_FIELDS, mechanism_create, mechanism_update, meeting_record
from frameworks.models import IntegratedMechanism
from frameworks.views.analysis_base import (
    AnalysisCreateMixin,
    AnalysisEditMixin,
    MissionScopedMixin,
    entities_grouped,
    workspace_url,
)
from missions.access import can
from missions.audit import history_entries
from missions.restricted import RestrictedMixin


class MechanismListView(MissionScopedMixin, TemplateView):
    template_name = "frameworks/mechanisms/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sides = sides_for_mission(self.mission)
        mechanisms = list(mechanisms_for(self.request.user, mission=self.mission))
        context["rows"] = [(m, mechanism_status(m, sides)) for m in mechanisms]
        context["can_add"] = can(self.request.user, "add", self.mission)
        return context


def mechanism_page_context(request, mechanism: IntegratedMechanism, *, meeting_form=None, recorded=None) -> dict:
    """What the mechanism page and its meetings region show; a fixed number of queries."""
    sides = sides_for_mission(mechanism.mission)
    can_record = can(request.user, "add", mechanism)
    return {
        "mechanism": mechanism,
        "mission": mechanism.mission,
        "workspace_url": workspace_url(mechanism.mission),
        "status": mechanism_status(mechanism, sides),
        "member_groups": entities_grouped(mechanism.members.all(), sides),
        "meetings": list(meetings_for(request.user, mechanism=mechanism)),
        "can_change": can_record and can(request.user, "change", mechanism),
        "can_record": can_record,
        "meeting_form": meeting_form if meeting_form is not None else (MeetingForm() if can_record else None),
        "recorded": recorded,
    }


class MechanismDetailView(RestrictedMixin, DetailView):
    model = IntegratedMechanism
    template_name = "frameworks/mechanisms/detail.html"
    context_object_name = "mechanism"

    def get_queryset(self):
        return mechanisms_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(mechanism_page_context(self.request, self.object))
        context["entries"] = history_entries(self.object)
        return context


class MeetingRecordView(RestrictedMixin, SingleObjectMixin, View):
    """Records a meeting from the mechanism page: with htmx the meetings region and the IAP status
    are swapped in place; without JavaScript the page reloads (or shows the errors)."""

    model = IntegratedMechanism
    action = "add"
    post_action = "add"
    http_method_names = ["post"]

    def get_queryset(self):
        return mechanisms_for(self.request.user)

    def post(self, request, *args, **kwargs):
        mechanism = self.get_object()
        form = MeetingForm(request.POST)
        recorded = None
        if form.is_valid():
            try:
                recorded = meeting_record(actor=request.user, mechanism=mechanism, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
        if recorded and not request.htmx:
            messages.success(request, self._recorded_message(recorded))
            return redirect(reverse("frameworks:mechanism-detail", args=[mechanism.pk]) + "#meetings")
        if recorded:
            mechanism = self.get_object()  # fresh "last met" annotation
            form = None
        context = mechanism_page_context(request, mechanism, meeting_form=form, recorded=recorded)
        if request.htmx:
            context["recorded_message"] = self._recorded_message(recorded) if recorded else ""
            return render(request, "frameworks/mechanisms/_meetings_response.html", context)
        context["entries"] = history_entries(mechanism)
        return render(request, "frameworks/mechanisms/detail.html", context)

    @staticmethod
    def _recorded_message(meeting) -> str:
        return _("Meeting of %(date)s recorded.") % {"date": formats.date_format(meeting.held_on, "j F Y")}


class MechanismFormMixin:
    template_name = "frameworks/mechanisms/form.html"
    form_class = MechanismForm
    inputs_names = MECHANISM_FIELDS
    entities_input = "members"
    name_field = "name"
    detail_url_name = "frameworks:mechanism-detail"


class MechanismCreateView(MechanismFormMixin, AnalysisCreateMixin, FormView):
    success_message = gettext_lazy("Mechanism “%(name)s” set up.")
    heading = gettext_lazy("New integrated mechanism")
    list_url_name = "frameworks:mechanism-list"

    def save(self, form):
        return mechanism_create(actor=self.request.user, mission=self.mission, **self.inputs(form))


class MechanismEditView(MechanismFormMixin, AnalysisEditMixin, FormView):
    model = IntegratedMechanism
    context_object_name = "mechanism"
    success_message = gettext_lazy("Mechanism “%(name)s” saved.")
    heading = gettext_lazy("Edit integrated mechanism")

    def save(self, form):
        return mechanism_update(actor=self.request.user, mechanism=self.object, **self.inputs(form))
