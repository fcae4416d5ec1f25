"""Base pieces that make every page go through the access layer.

Pages subclass `RestrictedMixin` with Django's generic views: the queryset is always the user's
visible rows (a missing or invisible object is a 404), and the action a request asks for
(`action` for reads, `post_action` for POST) is checked on the object (a refusal is a 403 with
a sentence saying why, and is logged).
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404

from missions.access import check_allowed, get_allowed_object, hide, refuse, valid_lookup  # noqa: F401


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
