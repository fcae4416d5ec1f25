"""Pages for strategic assessments (joint analysis, IAP minimum requirement 1)."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from frameworks.forms_analysis import AssessmentForm
from frameworks.models import StrategicAssessment
from frameworks.selectors_analysis import (
    SIDE_LABELS,
    assessment_participation,
    assessments_for,
    missions_visible,
    sides_for_mission,
)
from frameworks.services_analysis import assessment_create, assessment_update
from missions.access import can
from missions.audit import history_entries
from missions.models import Mission
from missions.restricted import RestrictedMixin, check_allowed

ASSESSMENT_INPUTS = (
    "title",
    "started_on",
    "completed_on",
    "lead_entity",
    "conflict_drivers",
    "actors",
    "risks",
    "options",
    "recommendations",
    "is_internal",
)


def workspace_url(mission: Mission) -> str | None:
    """The mission workspace page, once the planning app provides it."""
    try:
        return reverse("mission-workspace", args=[mission.acronym])
    except NoReverseMatch:
        return None


def entities_grouped(entities, sides) -> list[tuple[str, list]]:
    """Entities as [(side label, [entities])], sides in a fixed order, empty sides left out."""
    grouped: dict[str, list] = {side: [] for side in SIDE_LABELS}
    for entity in entities:
        grouped[sides.side_of(entity)].append(entity)
    return [(str(SIDE_LABELS[side]), items) for side, items in grouped.items() if items]


class MissionScopedMixin(LoginRequiredMixin):
    """Pages addressed by mission acronym: the mission must be visible (else 404); `mission_action`
    other than view must be allowed on it (else 403 with the reason)."""

    mission_action = "view"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.mission = missions_visible(request.user).filter(acronym=kwargs["acronym"]).first()
        if self.mission is None:
            raise Http404(_("No mission found."))
        if self.mission_action != "view":
            check_allowed(request.user, self.mission_action, self.mission)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["mission"] = self.mission
        context["workspace_url"] = workspace_url(self.mission)
        return context


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

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["sides"] = sides_for_mission(self.mission)
        return kwargs

    def inputs(self, form) -> dict:
        return {name: form.cleaned_data[name] for name in ASSESSMENT_INPUTS}

    def save(self, form) -> StrategicAssessment:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            assessment = self.save(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"title": assessment.title})
        return redirect("frameworks:assessment-detail", pk=assessment.pk)


class AssessmentCreateView(AssessmentFormMixin, MissionScopedMixin, FormView):
    mission_action = "add"
    success_message = gettext_lazy("Strategic assessment “%(title)s” recorded.")

    def save(self, form):
        return assessment_create(
            actor=self.request.user,
            mission=self.mission,
            participants=form.cleaned_data["participants"],
            **self.inputs(form),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = _("New strategic assessment")
        context["cancel_url"] = reverse("frameworks:assessment-list", args=[self.mission.acronym])
        return context


class AssessmentEditView(AssessmentFormMixin, RestrictedMixin, SingleObjectMixin, FormView):
    model = StrategicAssessment
    action = "change"
    post_action = "change"
    success_message = gettext_lazy("Strategic assessment “%(title)s” saved.")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        self.mission = self.object.mission
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return StrategicAssessment.objects.restrict(self.request.user, "view").select_related("mission")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # A copy: a refused form must not rename the object in the page heading.
        kwargs["instance"] = copy.copy(self.object)
        return kwargs

    def save(self, form):
        return assessment_update(
            actor=self.request.user,
            assessment=self.object,
            participants=form.cleaned_data["participants"],
            **self.inputs(form),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assessment"] = self.object
        context["mission"] = self.mission
        context["workspace_url"] = workspace_url(self.mission)
        context["heading"] = _("Edit strategic assessment")
        context["cancel_url"] = reverse("frameworks:assessment-detail", args=[self.object.pk])
        return context
