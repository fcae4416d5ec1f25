"""Base viewsets that apply the access layer to every API endpoint.

GET/HEAD/OPTIONS need `view`, POST `add`, PUT/PATCH `change`, DELETE `delete`; a named @action
declares its own with `permission_action` in the action's kwargs. Lists and details only ever
hold the user's visible rows, so an invisible object answers 404, not 403 (and the refusal is
logged like a 403, see `missions.restricted.hide`). Creation checks `add`
on the parent object the new row belongs to (`parent_for_create`).
"""

from __future__ import annotations

from django.http import Http404
from rest_framework import viewsets

from missions.restricted import check_allowed, hide

METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class RestrictedViewSetMixin:
    queryset = None
    # Set per named action with @action(..., permission_action="endorse"); DRF passes the action's
    # kwargs to the view as attributes, which it allows only for attributes the class declares.
    permission_action: str | None = None

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, "view")

    def required_action(self) -> str:
        extra = getattr(self, self.action, None) if self.action else None
        declared = getattr(extra, "kwargs", {}).get("permission_action") if extra else None
        return declared or self.permission_action or METHOD_ACTIONS.get(self.request.method, "change")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Routes that name one object are checked before the handler reads any payload, so named
        # actions answer 404/403 exactly like retrieve/update/destroy, whatever their input.
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            return  # the handler answers 405
        if (self.lookup_url_kwarg or self.lookup_field) in self.kwargs:
            self.get_object()

    def get_object(self):
        # Checked once per request: initial() and the handler share the object.
        cached = getattr(self, "_restricted_object", None)
        if cached is not None:
            return cached
        self._restricted_object = self._get_checked_object()
        return self._restricted_object

    def _get_checked_object(self):
        try:
            obj = super().get_object()
        except Http404:
            lookup_kwarg = self.lookup_url_kwarg or self.lookup_field
            lookup = {self.lookup_field: self.kwargs.get(lookup_kwarg)}
            raise hide(self.request.user, self.required_action(), self.get_queryset().model, lookup) from None
        action = self.required_action()
        if action != "view":
            check_allowed(self.request.user, action, obj)
        return obj

    def parent_for_create(self, serializer):
        """The object whose `add` permission creation needs; subclasses return it from validated_data."""
        raise NotImplementedError

    def perform_create(self, serializer):
        check_allowed(self.request.user, "add", self.parent_for_create(serializer))
        super().perform_create(serializer)


class RestrictedReadOnlyViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class RestrictedModelViewSet(RestrictedViewSetMixin, viewsets.ModelViewSet):
    pass
