"""Pages for integrated mechanisms and the meetings they hold (IAP minimum requirement 3)."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frameworks.analysis.forms import MechanismForm, MeetingForm
from frameworks.analysis.selectors import (
    entities_grouped,
    mechanism_details,
    mechanism_status,
    mechanisms_for,
    meetings_for,
    sides_for_mission,
)
from frameworks.analysis.services import mechanism_create, mechanism_update, meeting_record
from frameworks.models import IntegratedMechanism
from missions.audit import history_entries
from missions.generic.views import MissionFormView, MissionPage, ObjectPage, ServiceFormView
from planning.l10n import format_date


class MechanismListView(MissionPage):
    template_name = "frameworks/mechanisms/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sides = sides_for_mission(self.mission)
        mechanisms = list(mechanisms_for(self.request.user, mission=self.mission))
        context["rows"] = [(m, mechanism_status(m, sides)) for m in mechanisms]
        return context


class MechanismPage(ObjectPage):
    """A page of one mechanism: its facts, IAP status, members and meetings, in a fixed number of queries."""

    model = IntegratedMechanism
    context_object_name = "mechanism"
    template_name = "frameworks/mechanisms/detail.html"

    def get_queryset(self):
        return mechanism_details()

    def get_context_data(self, meeting_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        mechanism = self.object
        sides = sides_for_mission(self.mission)
        context.update(
            status=mechanism_status(mechanism, sides),
            member_groups=entities_grouped(mechanism.members.all(), sides),
            meetings=list(meetings_for(self.request.user, mechanism=mechanism)),
            meeting_form=MeetingForm() if meeting_form is None else meeting_form,
            entries=history_entries(mechanism),
        )
        return context


class MechanismDetailView(MechanismPage):
    pass


class MeetingRecordView(ServiceFormView, MechanismPage):
    """Records a meeting from the mechanism page: with htmx the meetings region and the IAP status
    are swapped in place; without JavaScript the page reloads (or shows the errors)."""

    http_method_names = ["post", "options"]
    action = "add"
    post_action = "add"
    form_class = MeetingForm
    fragment_template = "frameworks/mechanisms/_meetings_response.html"

    def perform(self, form):
        return meeting_record(actor=self.request.user, mechanism=self.object, **form.cleaned_data)

    def form_saved(self, saved):
        message = _("Meeting of %(date)s recorded.") % {"date": format_date(saved.held_on, long=True)}
        if not self.request.htmx:
            messages.success(self.request, message)
            return HttpResponseRedirect(reverse("frameworks:mechanism-detail", args=[self.object.pk]) + "#meetings")
        self.object = self.get_queryset().get(pk=self.object.pk)  # a fresh "last met"
        return render(self.request, self.fragment_template, {**self.get_context_data(), "recorded_message": message})

    def form_refused(self, form, status: int | None = None):
        if self.request.htmx:
            return render(self.request, self.fragment_template, self.get_context_data(form=form))
        return super().form_refused(form, status)

    def get_context_data(self, **kwargs):
        # The page's form is the meeting form (bound when refused, a new one otherwise).
        return super().get_context_data(meeting_form=kwargs.pop("form", None), form=None, **kwargs)


class MechanismCreateView(MissionFormView):
    template_name = "frameworks/mechanisms/form.html"
    action = "add"
    form_class = MechanismForm
    heading = gettext_lazy("New integrated mechanism")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "sides": sides_for_mission(self.mission)}

    def perform(self, form):
        return mechanism_create(actor=self.request.user, mission=self.mission, **form.cleaned_data)

    def get_success_message(self, saved) -> str:
        return _("Mechanism “%(name)s” set up.") % {"name": saved.name}

    def get_success_url(self, saved) -> str:
        return reverse("frameworks:mechanism-detail", args=[saved.pk])

    def cancel_url(self) -> str:
        return reverse("frameworks:mechanism-list", args=[self.mission.acronym])


class MechanismEditView(ServiceFormView):
    model = IntegratedMechanism
    template_name = "frameworks/mechanisms/form.html"
    context_object_name = "mechanism"
    action = "change"
    form_class = MechanismForm
    heading = gettext_lazy("Edit integrated mechanism")

    def get_queryset(self):
        return mechanism_details()

    def get_form_kwargs(self):
        # A copy: a refused form must not rename the mechanism in the page heading.
        instance = copy.copy(self.object)
        return {**super().get_form_kwargs(), "instance": instance, "sides": sides_for_mission(self.mission)}

    def perform(self, form):
        return mechanism_update(actor=self.request.user, mechanism=self.object, **form.cleaned_data)

    def get_success_message(self, saved) -> str:
        return _("Mechanism “%(name)s” saved.") % {"name": saved.name}

    def get_success_url(self, saved) -> str:
        return self.cancel_url()

    def cancel_url(self) -> str:
        return reverse("frameworks:mechanism-detail", args=[self.object.pk])
