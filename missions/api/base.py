"""Base viewsets that apply the access layer to every API endpoint.

GET/HEAD/OPTIONS need `view`, POST `add`, PUT/PATCH `change`, DELETE `delete`; a named @action
declares its own with `permission_action` in the action's kwargs. Lists and details only ever
hold the user's visible rows, so an invisible object answers 404, not 403 (and the refusal is
logged like a 403, see `missions.restricted.hide`). Creation checks `add`
on the parent object the new row belongs to (`parent_for_create`).

Ids in paths are plain digits: `Router` gives every numeric lookup the pattern `[0-9]+`, so a
malformed id ("abc", "1e-05", "-1", "١٢") matches no route and answers the JSON 404 of
`not_found`; the object lookup checks the value again (`valid_lookup`) before any query.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from drf_spectacular.utils import OpenApiResponse
from rest_framework import routers, serializers, status, viewsets
from rest_framework.response import Response

from missions.restricted import check_allowed, hide, valid_lookup

API_PREFIX = "/api/"


class Router(routers.DefaultRouter):
    """The routers of every API app: a viewset looked up by id takes only plain digits in its path."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        lookup_field = getattr(viewset, "lookup_field", "pk")
        if lookup_field in ("pk", "id") and not hasattr(viewset, "lookup_value_regex"):
            lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
            return f"(?P<{lookup_prefix}{lookup_url_kwarg}>[0-9]+)"
        return super().get_lookup_regex(viewset, lookup_prefix)


def not_found(request, exception=None):
    """The site's 404 (handler404): JSON like every other API answer for paths under /api/, the
    page otherwise."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


def as_api_error(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's refusal as the API's 400: messages per field, or `non_field_errors`; always an
    object, as the schema says."""
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})


NO_LONGER_VISIBLE = OpenApiResponse(
    description="Done, and the object is no longer visible to you (for example an agency planner's objection "
    "returns the framework to draft): no body."
)


def step_responses(serializer, code: int = 200) -> dict:
    """The answers of a write that may hide its object from the user: the object, or 204."""
    return {code: serializer, 204: NO_LONGER_VISIBLE}


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
        lookup_kwarg = self.lookup_url_kwarg or self.lookup_field
        lookup = {self.lookup_field: self.kwargs.get(lookup_kwarg)}
        model = self.get_queryset().model
        try:
            if not valid_lookup(model, lookup):
                raise Http404
            obj = super().get_object()
        except Http404:
            raise hide(self.request.user, self.required_action(), model, lookup) from None
        action = self.required_action()
        if action != "view":
            check_allowed(self.request.user, action, obj)
        return obj

    def answer_visible(self, obj, code: int = status.HTTP_200_OK, serializer_class=None) -> Response:
        """The object as the user may see it after a write, or 204 with no body when the write has
        hidden it from them (the change went through; there is just nothing left to show)."""
        current = self.get_queryset().filter(pk=obj.pk).first()
        if current is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer_class = serializer_class or self.get_serializer_class()
        return Response(serializer_class(current, context=self.get_serializer_context()).data, status=code)

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
