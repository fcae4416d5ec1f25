"""The generic pages every app stands on.

A page names what it shows and what the request needs; the base class does the rest before any
handler runs:

- `SignedInPage`: a page of the signed-in workbench that names no object (the mission list, the
  portfolio, the user's notices).
- `ObjectPage`: a page about one object named in its path (`model`, looked up by `lookup_field`
  from the path's `lookup_url_kwarg`). The object is read from the user's visible rows; a missing
  or invisible object is a logged 404, a visible one the request may not act on a logged 403 with
  a sentence. `action` is what GET needs, `post_action` what POST needs.
- `MissionPage`: an `ObjectPage` of a mission, by acronym.
- `ServiceFormView` (`MissionFormView` on a mission, `SignedInFormView` for a form that names no
  object): GET shows the
  form, POST validates it and calls `perform` (the service); the service's ValidationError lands on
  the form, field by field, and a stale edit (missions.stale) on the form with both texts.
- `ServiceActionView`: POST calls `perform` (the service) and answers with a message and a
  redirect; a ValidationError is the message.

The htmx rules are in one place (`htmx_status`): htmx 2 swaps only 2xx answers, so a refused form
sent by htmx answers 200 with the form and its errors; the same form posted without JavaScript
answers 422 (409 for a stale edit), with the whole page.

The answers of the access layer a page asked for (the object's action, `may` in views and the
`{% allowed %}` template tag) are kept on the request, so a template asking again costs nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import HttpResponseRedirect
from django.views.generic import TemplateView

from missions.access import (
    ACTION_PERMISSION,
    MISSION_WIDE,
    allowed,
    get_allowed_object,
    mission_of,
    refused_on_closed_mission,
)
from missions.choices import Phase
from missions.models import Mission
from missions.stale import StaleEditError

# Access answers ----------------------------------------------------------------------------------


def _answers(request) -> dict:
    answers = getattr(request, "_access_answers", None)
    if answers is None:
        answers = request._access_answers = {}
    return answers


def _key(action: str, obj) -> tuple:
    return (action, obj._meta.label, obj.pk)


def remember(request, action: str, obj, answer: bool = True) -> None:
    """Record what the access layer answered (or what a query that found `obj` already says)."""
    _answers(request)[_key(action, obj)] = answer


def _same_answer(action: str, other: str, obj) -> bool:
    """Whether `restrict` answers `other` exactly as `action` on `obj`'s model: both actions of the
    model, carried by the same mission permission, with the same own-entity rule (the edit actions
    on a mission: `add` and `change` are both `plan_mission`)."""
    from missions import access_matrix

    label = obj._meta.label
    actions = access_matrix.actions_of_model(label)
    if action not in actions or other not in actions or action in MISSION_WIDE or other in MISSION_WIDE:
        return False
    if ACTION_PERMISSION.get(action) != ACTION_PERMISSION.get(other):
        return False
    # On a closed mission `change` on the mission record stays open while `add` is refused.
    closed_rule_differs = refused_on_closed_mission(type(obj), action) != refused_on_closed_mission(type(obj), other)
    if closed_rule_differs and mission_of(obj).phase == Phase.CLOSED:
        return False
    if not getattr(type(obj), "access_entity_path", None):
        return True
    own = access_matrix.OWN_ENTITY
    return access_matrix.roles_granting(action, own) == access_matrix.roles_granting(other, own)


def may(request, action: str, obj) -> bool:
    """Whether the signed-in user may do `action` on `obj`, asked once per request (an answer for
    an action the access layer answers alike counts too)."""
    if obj is None or not request.user.is_authenticated:
        return False
    answers = _answers(request)
    key = _key(action, obj)
    if key not in answers:
        for (other, label, pk), answer in list(answers.items()):
            if label == key[1] and pk == key[2] and other != action and _same_answer(action, other, obj):
                answers[key] = answer
                break
        else:
            answers[key] = allowed(request.user, action, obj)
    return answers[key]


def htmx_status(request, status: int) -> int:
    """The status of a refused form: `status` for a page load, 200 for htmx (which swaps only 2xx)."""
    return 200 if getattr(request, "htmx", False) else status


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def conflict_rows(form, error: StaleEditError) -> list[dict]:
    """The fields someone else changed: their text and the user's, labelled as on the form."""
    return [
        {"label": form.fields[name].label, "theirs": theirs, "yours": yours}
        for name, (theirs, yours) in error.changed.items()
        if name in form.fields
    ]


# Pages -------------------------------------------------------------------------------------------


class SignedInPage(LoginRequiredMixin, TemplateView):
    """A page of the signed-in workbench that names no object."""


class ObjectPage(LoginRequiredMixin, TemplateView):
    """A page about one object named in its path; see the module docstring."""

    model = None
    action = "view"
    post_action = "change"
    lookup_field = "pk"
    lookup_url_kwarg = "pk"
    context_object_name: str | None = None

    def get_queryset(self):
        """The rows the object is read from (restricted to the user's visible rows by the base);
        the object's mission comes with it. Subclasses add their select_related."""
        if self.model is None:
            raise ImproperlyConfigured(f"{type(self).__name__} names no model.")
        queryset = self.model._default_manager.all()
        path = self.model.access_mission_path
        return queryset.select_related(path) if path else queryset

    def required_action(self) -> str:
        return self.post_action if self.request.method == "POST" else self.action

    def object_lookup(self) -> dict:
        return {self.lookup_field: self.kwargs[self.lookup_url_kwarg]}

    def get_object(self):
        action = self.required_action()
        obj = get_allowed_object(self.get_queryset(), self.request.user, action, **self.object_lookup())
        remember(self.request, "view", obj)
        remember(self.request, action, obj)
        return obj

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        self.mission = mission_of(self.object)
        remember(request, "view", self.mission)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.model is not Mission:  # a mission's page has `mission`; `object` would be ambiguous in its forms
            context.setdefault("object", self.object)
        if self.context_object_name:
            context.setdefault(self.context_object_name, self.object)
        context.setdefault("mission", self.mission)
        return context


class MissionPage(ObjectPage):
    """A page of one mission, by acronym."""

    model = Mission
    lookup_field = "acronym"
    lookup_url_kwarg = "acronym"
    post_action = "add"


# Forms and actions -------------------------------------------------------------------------------


class ServiceFormMixin:
    """GET shows `form_class`; POST validates it and calls `perform(form)`, the service call, which
    returns what was saved. Success: `success_message` and a redirect to `get_success_url(saved)`.
    Refusal: the page again with the form bound to what the user sent and its errors."""

    form_class = None
    prefix: str | None = None
    success_message = ""
    invalid_status = 422
    stale_status = 409

    def get_form_kwargs(self) -> dict:
        kwargs = {"prefix": self.prefix, "initial": self.get_initial()}
        if self.request.method == "POST":
            kwargs.update(data=self.request.POST, files=self.request.FILES)
        return kwargs

    def get_initial(self) -> dict:
        return {}

    def get_form(self):
        return self.form_class(**self.get_form_kwargs())

    def perform(self, form):
        raise NotImplementedError(f"{type(self).__name__} must call its service in perform().")

    def get_success_url(self, saved) -> str:
        raise NotImplementedError

    def get_success_message(self, saved) -> str:
        return str(self.success_message)

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            kwargs["form"] = self.get_form()
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                saved = self.perform(form)
            except StaleEditError as error:
                return self.form_stale(form, error)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return self.form_saved(saved)
        return self.form_refused(form)

    def form_saved(self, saved):
        message = self.get_success_message(saved)
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url(saved))

    def form_refused(self, form, status: int | None = None):
        return self.render_to_response(
            self.get_context_data(form=form), status=htmx_status(self.request, status or self.invalid_status)
        )

    def form_stale(self, form, error: StaleEditError):
        """Someone else saved first: the form keeps the user's text, says what changed, and is
        based on the current version, so saving again overwrites knowingly."""
        form.conflict = {"rows": conflict_rows(form, error), "current": error.current}
        if hasattr(form, "rebase"):
            form.rebase(error.current)
        return self.form_refused(form, self.stale_status)


class ServiceFormView(ServiceFormMixin, ObjectPage):
    """A form about one object (edit it, or add to it: set `post_action`)."""


class MissionFormView(ServiceFormMixin, MissionPage):
    """A form that adds to a mission (`post_action` "add" by default)."""


class SignedInFormView(ServiceFormMixin, SignedInPage):
    """A form of the signed-in user that names no object (their API tokens)."""


class ServiceActionView(ObjectPage):
    """POST runs `perform()` (the service) on the object and answers with a message and a
    redirect; a refusal of the service is the message, on the page it redirects to."""

    http_method_names = ["post", "options"]
    success_message = ""

    def perform(self):
        raise NotImplementedError(f"{type(self).__name__} must call its service in perform().")

    def get_success_url(self, result) -> str:
        raise NotImplementedError

    def get_failure_url(self) -> str:
        return self.get_success_url(None)

    def get_success_message(self, result) -> str:
        return str(self.success_message)

    def post(self, request, *args, **kwargs):
        try:
            result = self.perform()
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(self.get_failure_url())
        message = self.get_success_message(result)
        if message:
            messages.success(request, message)
        return HttpResponseRedirect(self.get_success_url(result))
