"""Pages for strategic assessments (joint analysis, IAP minimum requirement 1)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, TemplateView

from frameworks.analysis.forms import AssessmentForm
from frameworks.analysis.selectors import assessment_participation, assessments_for, sides_for_mission
from frameworks.analysis.services import ASSESSMENT_FIELDS, assessment_create, assessment_update
from frameworks.models import StrategicAssessment
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


class AssessmentListView(MissionScopedMixin, TemplateView):
    template_name = "frameworks/assessments/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sides = sides_for_mission(self.mission)
        assessments = list(assessments_for(self.request.user, mission=self.mission))
        context["rows"] = [(a, assessment_participation(a, sides)) for a in assessments]
        context["can_add"] = can(self.request.user, "add", self.mission)
        return context


class AssessmentDetailView(RestrictedMixin, DetailView):
    model = StrategicAssessment
    template_name = "frameworks/assessments/detail.html"
    context_object_name = "assessment"

    def get_queryset(self):
        return assessments_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = self.object
        sides = sides_for_mission(assessment.mission)
        context["mission"] = assessment.mission
        context["workspace_url"] = workspace_url(assessment.mission)
        context["participation"] = assessment_participation(assessment, sides)
        context["participant_groups"] = entities_grouped(assessment.participants.all(), sides)
        context["can_change"] = can(self.request.user, "change", assessment)
        context["entries"] = history_entries(assessment)
        return context


class AssessmentFormMixin:
    template_name = "frameworks/assessments/form.html"
    form_class = AssessmentForm
    inputs_names = ASSESSMENT_FIELDS
    entities_input = "participants"
    name_field = "title"
    detail_url_name = "frameworks:assessment-detail"


class AssessmentCreateView(AssessmentFormMixin, AnalysisCreateMixin, FormView):
    success_message = gettext_lazy("Strategic assessment “%(title)s” recorded.")
    heading = gettext_lazy("New strategic assessment")
    list_url_name = "frameworks:assessment-list"

    def save(self, form):
        return assessment_create(actor=self.request.user, mission=self.mission, **self.inputs(form))


class AssessmentEditView(AssessmentFormMixin, AnalysisEditMixin, FormView):
    model = StrategicAssessment
    context_object_name = "assessment"
    success_message = gettext_lazy("Strategic assessment “%(title)s” saved.")
    heading = gettext_lazy("Edit strategic assessment")

    def save(self, form):
        return assessment_update(actor=self.request.user, assessment=self.object, **self.inputs(form))
