"""Pages of the missions app: the audit trail of any object, the user's API tokens, sign-in (its
lock, the offer of corporate sign-in, password reset)."""

from __future__ import annotations

from axes.helpers import get_cool_off
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from missions import oidc
from missions.audit import has_history, history_entries
from missions.forms import TokenCreateForm
from missions.generic.views import ObjectPage, SignedInFormView
from missions.selectors import tokens_of
from missions.services import token_create, token_revoke


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

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.WORKBENCH["SITE_URL"].rstrip("/")}
        return super().form_valid(form)
