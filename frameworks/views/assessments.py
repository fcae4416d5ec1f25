"""Pages for strategic assessments (joint analysis, IAP minimum requirement 1)."""

from __future__ import annotations

import copy

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frameworks.analysis.forms import AssessmentForm
from frameworks.analysis.selectors import (
    assessment_details,
    assessment_participation,
    assessments_for,
    entities_grouped,
    sides_for_mission,
)
from frameworks.analysis.services import assessment_create, assessment_update
from frameworks.models import StrategicAssessment
from missions.audit import history_entries
from missions.generic.views import MissionFormView, MissionPage, ObjectPage, ServiceFormView


class AssessmentListView(MissionPage):
    template_name = "frameworks/assessments/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sides = sides_for_mission(self.mission)
        assessments = list(assessments_for(self.request.user, mission=self.mission))
        context["rows"] = [(a, assessment_participation(a, sides)) for a in assessments]
        return context


class AssessmentDetailView(ObjectPage):
    model = StrategicAssessment
    template_name = "frameworks/assessments/detail.html"
    context_object_name = "assessment"

    def get_queryset(self):
        return assessment_details()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sides = sides_for_mission(self.mission)
        context["participation"] = assessment_participation(self.object, sides)
        context["participant_groups"] = entities_grouped(self.object.participants.all(), sides)
        context["entries"] = history_entries(self.object)
        return context


class AssessmentCreateView(MissionFormView):
    template_name = "frameworks/assessments/form.html"
    action = "add"
    form_class = AssessmentForm
    heading = gettext_lazy("New strategic assessment")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "sides": sides_for_mission(self.mission)}

    def perform(self, form):
        return assessment_create(actor=self.request.user, mission=self.mission, **form.cleaned_data)

    def get_success_message(self, saved) -> str:
        return _("Strategic assessment “%(title)s” recorded.") % {"title": saved.title}

    def get_success_url(self, saved) -> str:
        return reverse("frameworks:assessment-detail", args=[saved.pk])

    def cancel_url(self) -> str:
        return reverse("frameworks:assessment-list", args=[self.mission.acronym])


class AssessmentEditView(ServiceFormView):
    model = StrategicAssessment
    template_name = "frameworks/assessments/form.html"
    context_object_name = "assessment"
    action = "change"
    form_class = AssessmentForm
    heading = gettext_lazy("Edit strategic assessment")

    def get_queryset(self):
        return assessment_details()

    def get_form_kwargs(self):
        # A copy: a refused form must not rename the assessment in the page heading.
        instance = copy.copy(self.object)
        return {**super().get_form_kwargs(), "instance": instance, "sides": sides_for_mission(self.mission)}

    def perform(self, form):
        return assessment_update(actor=self.request.user, assessment=self.object, **form.cleaned_data)

    def get_success_message(self, saved) -> str:
        return _("Strategic assessment “%(title)s” saved.") % {"title": saved.title}

    def get_success_url(self, saved) -> str:
        return self.cancel_url()

    def cancel_url(self) -> str:
        return reverse("frameworks:assessment-detail", args=[self.object.pk])
