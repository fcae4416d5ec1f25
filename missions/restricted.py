"""Base pieces that make every page go through the access layer.

Pages subclass `RestrictedMixin` with Django's generic views: the queryset is always the user's
visible rows (a missing or invisible object is a 404), and the action a request asks for
(`action` for reads, `post_action` for POST) is checked on the object (a refusal is a 403 with
a sentence saying why, and is logged).
"""

from __future__ import annotations

import logging
import re

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from missions.access import can

logger = logging.getLogger("workbench.access")

ACTION_WORDS = {
    "view": _("see"),
    "add": _("add to"),
    "change": _("change"),
    "delete": _("delete"),
    "comment": _("comment on"),
    "submit_update": _("submit progress updates for"),
    "approve_update": _("approve progress updates for"),
    "endorse": _("endorse"),
    "sign": _("sign"),
    "run_report": _("run reports for"),
}


def refuse(user, action: str, obj, reason: str | None = None) -> PermissionDenied:
    """Log a refusal and return the PermissionDenied to raise, with a sentence for the user."""
    logger.warning(
        "refused user=%s action=%s object=%s:%s",
        getattr(user, "pk", None),
        action,
        type(obj).__name__,
        getattr(obj, "pk", None),
    )
    if reason is None:
        reason = _("Your role does not allow you to %(action)s this %(kind)s.") % {
            "action": ACTION_WORDS.get(action, action),
            "kind": type(obj)._meta.verbose_name,
        }
    return PermissionDenied(reason)


# An id in a path is plain ASCII digits: Python's int() also reads "١٢" or " 12", which must not
# name object 12, and anything else ("abc", "1e-05", "-1") names nothing.
ID_PATTERN = re.compile(r"[0-9]+")
ID_MAX = 2**63 - 1


def _lookup_field(model, key: str):
    """The model field an exact lookup such as `pk` or `mission__acronym` compares with; None for a
    name that is no field, ... for another lookup (`pk__in`), which the query itself checks."""
    field = None
    for part in key.split("__"):
        try:
            field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        except FieldDoesNotExist:
            return None if field is None else (field if part == "exact" else ...)
        if field.is_relation and field.related_model is not None:
            model = field.related_model
            field = model._meta.pk
    return field


def valid_lookup(model, lookup: dict) -> bool:
    """Whether every value in `lookup` could name a row of `model`: a malformed id from a path
    ("abc", "1e-05", 30 digits) is "not found" without a query, never a database error."""
    for key, value in lookup.items():
        field = _lookup_field(model, key)
        if field is ...:
            continue
        if field is None:
            return False
        if isinstance(field, models.IntegerField):
            if isinstance(value, bool):
                return False
            text = str(value)
            if not ID_PATTERN.fullmatch(text) or int(text) > ID_MAX:
                return False
        elif value is None or (isinstance(value, str) and "\x00" in value):
            return False  # PostgreSQL cannot even compare a text with a NUL character
        else:
            try:
                field.to_python(value)
            except (ValidationError, TypeError, ValueError):
                return False
    return True


def hide(user, action: str, model, lookup: dict) -> Http404:
    """Log a request for an object the user may not see (when it exists) and return the Http404
    to raise: an invisible object answers exactly as a missing one. A lookup no row could match
    (a malformed id) is not looked up."""
    if valid_lookup(model, lookup) and model._default_manager.filter(**lookup).exists():
        logger.warning(
            "refused user=%s action=%s object=%s:%s (not visible)",
            getattr(user, "pk", None),
            action,
            model.__name__,
            ",".join(f"{key}={value}" for key, value in lookup.items()),
        )
    return Http404(_("No %(kind)s found.") % {"kind": model._meta.verbose_name})


def get_allowed_object(model, user, action: str = "view", **lookup):
    """The object matching `lookup` if `user` may see it (else 404) and do `action` on it (else 403)."""
    obj = (
        model._default_manager.restrict(user, "view").filter(**lookup).first() if valid_lookup(model, lookup) else None
    )
    if obj is None:
        raise hide(user, action, model, lookup)
    if action != "view":
        check_allowed(user, action, obj)
    return obj


def check_allowed(user, action: str, obj, reason: str | None = None) -> None:
    """Raise PermissionDenied (403) unless `user` may do `action` on `obj`."""
    if not can(user, action, obj):
        raise refuse(user, action, obj, reason)


class RestrictedMixin(LoginRequiredMixin):
    """For generic views over a model with `objects.restrict`: visibility in get_queryset, the
    action checked in get_object."""

    action = "view"
    post_action = "change"

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user, "view")

    def _object_lookup(self) -> dict:
        if self.pk_url_kwarg in self.kwargs:
            return {"pk": self.kwargs[self.pk_url_kwarg]}
        if self.slug_url_kwarg in self.kwargs:
            return {self.get_slug_field(): self.kwargs[self.slug_url_kwarg]}
        return {}

    def required_action(self) -> str:
        return self.post_action if self.request.method == "POST" else self.action

    def get_object(self, queryset=None):
        try:
            obj = super().get_object(queryset)
        except Http404:
            lookup = self._object_lookup()
            raise hide(self.request.user, self.required_action(), self.model, lookup) from None
        action = self.required_action()
        if action != "view":
            check_allowed(self.request.user, action, obj)
        return obj
