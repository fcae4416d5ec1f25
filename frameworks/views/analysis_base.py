"""What the strategic assessment and integrated mechanism pages share: pages addressed by mission
acronym, and create and edit forms that save through a service and name the saved object."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.generic.detail import SingleObjectMixin

from frameworks.analysis.selectors import SIDE_LABELS, missions_visible, sides_for_mission
from missions.models import Mission
from missions.restricted import RestrictedMixin, check_allowed


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


class AnalysisFormMixin:
    """A create or edit form of an object of a mission. Subclasses name the form's inputs, the
    entity set it carries (participants, members), the field that names the object in the success
    message, the detail page it returns to, and `save` (the service call)."""

    form_class = None
    inputs_names: frozenset[str] = frozenset()  # the fields the services accept
    entities_input = ""
    name_field = ""
    detail_url_name = ""
    heading = ""
    success_message = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["sides"] = sides_for_mission(self.mission)
        return kwargs

    def inputs(self, form) -> dict:
        names = (*self.inputs_names, self.entities_input)
        return {name: form.cleaned_data[name] for name in names}

    def save(self, form):
        raise NotImplementedError

    def cancel_url(self) -> str:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            obj = self.save(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {self.name_field: getattr(obj, self.name_field)})
        return redirect(self.detail_url_name, pk=obj.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = str(self.heading)
        context["cancel_url"] = self.cancel_url()
        return context


class AnalysisCreateMixin(AnalysisFormMixin, MissionScopedMixin):
    """The create form, on the mission's list URL; needs the right to add to the mission."""

    mission_action = "add"
    list_url_name = ""

    def cancel_url(self) -> str:
        return reverse(self.list_url_name, args=[self.mission.acronym])


class AnalysisEditMixin(AnalysisFormMixin, RestrictedMixin, SingleObjectMixin):
    """The edit form of a visible object (else 404) the user may change (else 403)."""

    action = "change"
    post_action = "change"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        self.mission = self.object.mission
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user, "view").select_related("mission")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # A copy: a refused form must not rename the object in the page heading.
        kwargs["instance"] = copy.copy(self.object)
        return kwargs

    def cancel_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.object.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["mission"] = self.mission
        context["workspace_url"] = workspace_url(self.mission)
        return context
