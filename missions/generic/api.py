"""The generic API every app stands on: viewsets that apply the access layer, write through the
services, and one exception handler that turns every refusal into its answer.

An endpoint names its queryset, serializer and services; the base classes do the rest:

- `RestrictedReadOnlyViewSet`, `RestrictedModelViewSet`: lists and details hold only the user's
  visible rows. GET/HEAD/OPTIONS need `view`, POST `add`, PUT/PATCH `change`, DELETE `delete`; a
  named @action declares its own with `permission_action`. A route naming an object checks it
  before the handler reads any payload: an invisible object answers 404 exactly as a missing one
  (logged, see `missions.access.hide`), a visible one the request may not act on 403 with a
  sentence.
- Writes go through the services (`create_service`, `update_service`, `destroy_service`), called
  with `actor=` and the keywords `create_kwargs` / `update_kwargs` / `destroy_kwargs` build from
  the validated body (by default the body as it is, and the object as `service_object`). A
  viewset offers only the writes its `http_method_names` allow, and each needs its service.
  Named actions on one object call `step(service, body=Serializer)`.
- A write answers the object as the user may still see it, or 204 with no body when the write hid
  it from them (`answer_visible`).
- `exception_handler` (REST_FRAMEWORK's EXCEPTION_HANDLER) answers for every viewset: a service's
  Django ValidationError is a 400 naming the fields (or `non_field_errors`), PermissionDenied a 403
  with its sentence, Http404 and DoesNotExist a 404, StaleEditError a 409 with the current version
  and what changed. No viewset catches these itself.

Ids in paths are plain digits: `Router` gives every numeric lookup the pattern `[0-9]+`, so a
malformed id ("abc", "1e-05", "-1", "١٢") matches no route and answers the JSON 404 of
`not_found`; the object lookup checks the value again (`valid_lookup`) before any query.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, routers, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from missions.access import check_allowed, hide, valid_lookup
from missions.stale import StaleEditError

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


# Errors -------------------------------------------------------------------------------------------


class StaleUpdate(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"


def stale_answer(error: StaleEditError) -> StaleUpdate:
    """A stale edit as the API's 409: the sentence, the version saved since and, per field the other
    person changed, their value and yours."""
    return StaleUpdate(
        {
            "detail": str(error),
            "updated_at": error.current.updated_at.isoformat(),
            "changed": {
                name: {"theirs": str(theirs), "yours": str(yours)} for name, (theirs, yours) in error.changed.items()
            },
        }
    )


def validation_answer(error: DjangoValidationError) -> exceptions.ValidationError:
    """A service's refusal as the API's 400: messages per field, or `non_field_errors`; always an
    object, as the schema says."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError({"non_field_errors": error.messages})


def exception_handler(exc, context):
    """The one place an error becomes an answer (REST_FRAMEWORK's EXCEPTION_HANDLER). Messages are
    kept: the services' sentences say why."""
    if isinstance(exc, StaleEditError):
        exc = stale_answer(exc)
    elif isinstance(exc, DjangoValidationError):
        exc = validation_answer(exc)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    elif isinstance(exc, Http404 | ObjectDoesNotExist):
        # A service looking up ids the request named (a batch of updates) says "does not exist".
        exc = exceptions.NotFound(*exc.args)
    return drf_exception_handler(exc, context)


# Schema -------------------------------------------------------------------------------------------

NO_LONGER_VISIBLE = OpenApiResponse(
    description="Done, and the object is no longer visible to you (for example an agency planner's objection "
    "returns the framework to draft): no body."
)


def step_responses(serializer, code: int = 200) -> dict:
    """The answers of a write that may hide its object from the user: the object, or 204."""
    return {code: serializer, 204: NO_LONGER_VISIBLE}


# Serializers --------------------------------------------------------------------------------------


class VisibleRelatedMixin:
    """A serializer whose links to other rows accept only rows the requesting user may see: an
    invisible one is "does not exist" (400), never a hint that it exists. `visible_related` maps a
    field to its model."""

    visible_related: dict[str, type] = {}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None:  # the schema generator: the fields' shapes, no rows
            return fields
        for name, model in self.visible_related.items():
            fields[name].queryset = model.objects.restrict(request.user, "view")
        return fields


# Viewsets -----------------------------------------------------------------------------------------

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
    """The access layer on a viewset, the answers after a write, and named actions (`step`)."""

    queryset = None
    # Set per named action with @action(..., permission_action="endorse"); DRF passes the action's
    # kwargs to the view as attributes, which it allows only for attributes the class declares.
    permission_action: str | None = None
    # The keyword the services take the object by; the model's name unless set.
    service_object: str = ""

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

    def object_keyword(self) -> str:
        return self.service_object or self.get_queryset().model._meta.model_name

    def visible_again(self, obj):
        """`obj` read again as the user may see it now, None when they no longer may."""
        return self.get_queryset().filter(pk=obj.pk).first()

    def answer_visible(self, obj, code: int = status.HTTP_200_OK, serializer_class=None) -> Response:
        """The object as the user may see it after a write, or 204 with no body when the write has
        hidden or removed it (the change went through; there is just nothing left to show)."""
        current = self.visible_again(obj) if obj is not None else None
        if current is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer_class = serializer_class or self.get_serializer_class()
        return Response(serializer_class(current, context=self.get_serializer_context()).data, status=code)

    def step(self, service: Callable, body: type[serializers.Serializer] | None = None, **kwargs) -> Response:
        """A named action on the path's object: `service(<object>=..., actor=..., **kwargs)` and the
        request body as `body` accepts it; answers the object as the user may still see it."""
        data = {}
        if body is not None:
            serializer = body(data=self.request.data, context=self.get_serializer_context())
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        obj = self.get_object()
        service(**{self.object_keyword(): obj}, actor=self.request.user, **data, **kwargs)
        # The viewset's own serializer: an action's `serializer_class` describes its body.
        return self.answer_visible(obj, serializer_class=type(self).serializer_class)


SERVICE_OF = {
    "create": "create_service",
    "update": "update_service",
    "partial_update": "update_service",
    "destroy": "destroy_service",
}


class ServiceWritesMixin:
    """Create, update and destroy through the services. The service's refusals (ValidationError,
    PermissionDenied, StaleEditError) are answered by `exception_handler`."""

    create_service: Callable | None = None
    update_service: Callable | None = None
    destroy_service: Callable | None = None
    # The validated field naming the object a new row belongs to: creation needs `add` on it,
    # checked (and a refusal logged) before the service runs. None: the service checks.
    create_parent: str | None = None

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        # A write the class offers without its service fails when the URLs load, not on a request.
        for method, name in (actions or {}).items():
            service = SERVICE_OF.get(name)
            if service and method in cls.http_method_names and getattr(cls, service) is None:
                raise ImproperlyConfigured(f"{cls.__name__} answers {method.upper()} but names no {service}.")
        return super().as_view(actions, **initkwargs)

    def create_kwargs(self, data: dict) -> dict:
        """The create service's keywords (besides `actor`) from the validated body."""
        return data

    def update_kwargs(self, instance, data: dict) -> dict:
        """The update service's keywords (besides `actor`): the object and the validated body."""
        return {self.object_keyword(): instance, **data}

    def destroy_kwargs(self, instance) -> dict:
        return {self.object_keyword(): instance}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        if self.create_parent:
            check_allowed(self.request.user, "add", data[self.create_parent])
        serializer.instance = self.create_service(actor=self.request.user, **self.create_kwargs(data))

    def perform_update(self, serializer):
        kwargs = self.update_kwargs(serializer.instance, dict(serializer.validated_data))
        serializer.instance = self.update_service(actor=self.request.user, **kwargs)

    def perform_destroy(self, instance):
        self.destroy_service(actor=self.request.user, **self.destroy_kwargs(instance))

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return self.answer_visible(serializer.instance, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return self.answer_visible(serializer.instance)


class RestrictedReadOnlyViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class RestrictedModelViewSet(ServiceWritesMixin, RestrictedViewSetMixin, viewsets.ModelViewSet):
    """Reads of visible rows and writes through the services; `http_method_names` says which
    writes the endpoint offers (without "put" PATCH is the only change, without "delete" no
    destroy)."""
