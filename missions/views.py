"""Pages of the missions app: the audit trail of any object, the user's API tokens, sign-in (its
lock, the offer of corporate sign-in, password reset), and the setup and upkeep of missions (the
mission, its country team, leadership, lifecycle and mandates)."""

from __future__ import annotations

import copy

from axes.helpers import get_cool_off
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from missions import oidc
from missions.access import check_may_create_mission
from missions.audit import has_history, history_entries
from missions.forms import (
    CountryTeamForm,
    LeadershipPostForm,
    MandateConfirmForm,
    MandateFieldsForm,
    MandatePasteForm,
    MandateTaskEditForm,
    MissionEditForm,
    MissionForm,
    PasswordResetForm,
    PhaseChangeForm,
    TokenCreateForm,
)
from missions.generic.views import (
    MissionFormView,
    MissionPage,
    ObjectPage,
    ServiceActionView,
    ServiceFormView,
    SignedInFormView,
    may,
)
from missions.models import CountryTeamMember, LeadershipPost, Mandate, MandateTask, PhaseChange
from missions.selectors import setup_rows, tokens_of
from missions.services import (
    country_team_add,
    country_team_remove,
    leadership_post_create,
    leadership_post_delete,
    leadership_post_update,
    mandate_create,
    mandate_task_delete,
    mandate_task_update,
    mandate_update,
    mission_create,
    mission_update,
    phase_change_record,
    token_create,
    token_revoke,
)


def history_model(label: str):
    """The model named by `label` ("app_label.model_name") if it keeps history and is restricted."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    if not (has_history(model) and hasattr(model._default_manager, "restrict")):
        raise Http404
    return model


class HistoryView(ObjectPage):
    """The audit trail of one object, for anyone who may see the object. The path names the
    model ("app_label.model_name"); a model that keeps no history, or no such model, is a 404."""

    template_name = "missions/history.html"

    def get_queryset(self):
        self.model = history_model(self.kwargs["model"])
        return super().get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        get_url = getattr(obj, "get_absolute_url", None)
        context.update(
            kind=self.model._meta.verbose_name,
            object_url=get_url() if get_url else None,
            history=history_entries(obj),
        )
        return context


class TokensView(SignedInFormView):
    """The signed-in user's API tokens: create one (its key is shown once) or revoke one."""

    template_name = "missions/tokens.html"
    form_class = TokenCreateForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "tokens": tokens_of(self.request.user)}

    def post(self, request, *args, **kwargs):
        if "revoke" not in request.POST:
            return super().post(request, *args, **kwargs)
        try:
            token_revoke(user=request.user, token_id=int(request.POST["revoke"]))
        except (ValueError, ValidationError):
            raise Http404 from None
        messages.success(request, _("The token is revoked: requests made with it are refused from now on."))
        return redirect("missions:tokens")

    def perform(self, form):
        try:
            return token_create(user=self.request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"])
        except ValidationError as error:
            if "days" in getattr(error, "error_dict", {}):
                raise
            # A refusal of the whole token is about its name (one per name).
            raise ValidationError({"name": error.messages}) from None

    def form_saved(self, saved):
        """The new key is shown on this answer and never again, so it is not a redirect."""
        token, key = saved
        return self.render_to_response(self.get_context_data(form=TokenCreateForm(), new_token=token, new_key=key))


def signin_locked_out(request, original_response=None, credentials=None):
    """The answer to a sign-in refused by the lock (AXES_LOCKOUT_CALLABLE): a page saying for how
    long and whom to ask, 429 with Retry-After."""
    del original_response, credentials
    minutes = int(get_cool_off(request).total_seconds() // 60)
    response = render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


# Mission setup ----------------------------------------------------------------------------------


class MissionCreateView(SignedInFormView):
    """A new mission, by a headquarters planner for a department they work for."""

    template_name = "missions/mission_form.html"
    form_class = MissionForm
    success_message = _("Mission created. Add its country team, leadership and mandate next.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            check_may_create_mission(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        return self.form_class(**self.get_form_kwargs(), user=self.request.user)

    def perform(self, form):
        return mission_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, saved):
        return reverse("missions:country-team", args=[saved.acronym])


class MissionEditView(MissionFormView):
    template_name = "missions/mission_form.html"
    action = "change"
    post_action = "change"
    form_class = MissionEditForm
    success_message = _("Mission saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("lead_department")

    def get_form_kwargs(self):
        # A copy: a refused form must not rename the mission in the page heading.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.mission)}

    def perform(self, form):
        return mission_update(mission=self.mission, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, saved):
        return reverse("mission-workspace", args=[saved.acronym])


class SetupFormView(MissionFormView):
    """A setup page of a mission: the records of one kind, for anyone who sees the mission, and
    the form adding one for who may (`add` on the mission)."""

    action = "view"
    post_action = "add"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_add"] = may(self.request, "add", self.mission)
        return context

    def get_success_url(self, saved):
        return self.request.path


class CountryTeamView(SetupFormView):
    template_name = "missions/country_team.html"
    form_class = CountryTeamForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "mission": self.mission}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = setup_rows(
            self.request.user, CountryTeamMember.objects.filter(mission=self.mission).select_related("entity")
        )
        return context

    def perform(self, form):
        return country_team_add(mission=self.mission, actor=self.request.user, **form.cleaned_data)

    def get_success_message(self, saved):
        return _("%(entity)s is in the country team.") % {"entity": saved.entity}


class CountryTeamRemoveView(ServiceActionView):
    model = CountryTeamMember
    post_action = "delete"

    def perform(self):
        country_team_remove(countryteammember=self.object, actor=self.request.user)

    def get_success_message(self, result):
        return _("%(entity)s is no longer in the country team.") % {"entity": self.object.entity}

    def get_success_url(self, result):
        return reverse("missions:country-team", args=[self.mission.acronym])


class LeadershipView(SetupFormView):
    template_name = "missions/leadership.html"
    form_class = LeadershipPostForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["posts"] = setup_rows(self.request.user, LeadershipPost.objects.filter(mission=self.mission))
        return context

    def perform(self, form):
        return leadership_post_create(mission=self.mission, actor=self.request.user, **form.cleaned_data)

    def get_success_message(self, saved):
        return _("Post %(title)s added.") % {"title": saved.title}


class LeadershipEditView(ServiceFormView):
    model = LeadershipPost
    template_name = "missions/leadership_form.html"
    context_object_name = "post"
    action = "change"
    form_class = LeadershipPostForm
    success_message = _("Post saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": copy.copy(self.object)}

    def perform(self, form):
        return leadership_post_update(leadershippost=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, saved):
        return reverse("missions:leadership", args=[self.mission.acronym])


class LeadershipRemoveView(ServiceActionView):
    model = LeadershipPost
    post_action = "delete"

    def perform(self):
        leadership_post_delete(leadershippost=self.object, actor=self.request.user)

    def get_success_message(self, result):
        return _("Post %(title)s removed.") % {"title": self.object.title}

    def get_success_url(self, result):
        return reverse("missions:leadership", args=[self.mission.acronym])


class LifecycleView(SetupFormView):
    template_name = "missions/lifecycle.html"
    form_class = PhaseChangeForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["changes"] = PhaseChange.objects.restrict(self.request.user, "view").filter(mission=self.mission)
        return context

    def perform(self, form):
        return phase_change_record(mission=self.mission, actor=self.request.user, **form.cleaned_data)

    def get_success_message(self, saved):
        return _("%(mission)s is in the phase %(phase)s from %(date)s.") % {
            "mission": self.mission,
            "phase": saved.get_phase_display(),
            "date": date_format(saved.started_on),
        }


class MandateListView(MissionPage):
    """The mission's mandates and their tasks."""

    template_name = "missions/mandate_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tasks = MandateTask.objects.select_related("lead_entity", "handover_to").order_by(
            "pk"
        )  # as read from the resolution: "10" after "9"
        mandates = (
            Mandate.objects.restrict(self.request.user, "view")
            .filter(mission=self.mission)
            .prefetch_related(Prefetch("tasks", queryset=tasks))
        )
        context["mandates"] = setup_rows(self.request.user, mandates)
        context["may_add"] = may(self.request, "add", self.mission)
        return context


class MandateCreateView(MissionFormView):
    """Record a mandate: step 1 the resolution and its operative paragraphs pasted, step 2 the
    tasks read from them to correct or leave out; only the confirmation stores anything."""

    action = "add"
    form_class = MandatePasteForm
    template_name = "missions/mandate_paste.html"
    preview_template_name = "missions/mandate_preview.html"
    previewing = False

    def confirming(self) -> bool:
        return self.request.method == "POST" and self.request.POST.get("step") == "confirm"

    def get_form(self):
        if self.confirming():
            return MandateConfirmForm(data=self.request.POST)
        return super().get_form()

    def get_template_names(self):
        return [self.preview_template_name if self.previewing or self.confirming() else self.template_name]

    def post(self, request, *args, **kwargs):
        if self.confirming():
            return super().post(request, *args, **kwargs)
        paste = self.get_form()
        if not paste.is_valid():
            return self.form_refused(paste)
        self.previewing = True
        return self.render_to_response(self.get_context_data(form=MandateConfirmForm.from_paste(paste)))

    def perform(self, form):
        return mandate_create(
            mission=self.mission, actor=self.request.user, **form.mandate_data(), tasks=form.kept_tasks()
        )

    def get_success_message(self, saved):
        count = saved.tasks.count()
        return ngettext(
            "%(mandate)s is recorded with %(count)s task.", "%(mandate)s is recorded with %(count)s tasks.", count
        ) % {"mandate": saved, "count": count}

    def get_success_url(self, saved):
        return reverse("missions:mandate-list", args=[self.mission.acronym])


class MandateEditView(ServiceFormView):
    model = Mandate
    template_name = "missions/mandate_form.html"
    context_object_name = "mandate"
    action = "change"
    form_class = MandateFieldsForm
    success_message = _("Mandate saved.")

    def get_initial(self):
        mandate = self.object
        return {
            "resolution": f"S/RES/{mandate.resolution}",
            "adopted_on": mandate.adopted_on,
            "expires_on": mandate.expires_on,
            "chapter": mandate.chapter,
            "summary": mandate.summary,
        }

    def perform(self, form):
        return mandate_update(mandate=self.object, actor=self.request.user, **form.mandate_data())

    def get_success_url(self, saved):
        return reverse("missions:mandate-list", args=[self.mission.acronym])


class MandateTaskEditView(ServiceFormView):
    model = MandateTask
    template_name = "missions/mandate_task_form.html"
    context_object_name = "task"
    action = "change"
    form_class = MandateTaskEditForm
    success_message = _("Task saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("mandate__mission")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": copy.copy(self.object)}

    def perform(self, form):
        return mandate_task_update(mandatetask=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, saved):
        return reverse("missions:mandate-list", args=[self.mission.acronym])


class MandateTaskRemoveView(ServiceActionView):
    model = MandateTask
    post_action = "delete"

    def perform(self):
        mandate_task_delete(mandatetask=self.object, actor=self.request.user)

    def get_success_message(self, result):
        return _("Task %(paragraph)s removed.") % {"paragraph": self.object.paragraph}

    def get_success_url(self, result):
        return reverse("missions:mandate-list", args=[self.mission.acronym])


class SignInView(auth_views.LoginView):
    """The sign-in page: a local password (throttled by axes) and, when configured, the way to the
    organisation's identity provider."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if oidc.enabled():
            context["oidc_provider_name"] = oidc.provider_name()
        return context


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an e-mail address; whether or not a local account has it, the answer is the same
    page ("if an account has this address…"), so the form tells no one who has an account. The
    link in the e-mail starts from WORKBENCH_SITE_URL, not from the Host the request named."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    form_class = PasswordResetForm

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.WORKBENCH["SITE_URL"].rstrip("/")}
        return super().form_valid(form)
