"""Find every restricted API endpoint and page from the URL resolver, so endpoints and pages added
later are covered by the generated access tests without anyone listing them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from missions.generic.api import METHOD_ACTIONS, RestrictedViewSetMixin
from missions.generic.views import ObjectPage


@dataclass(frozen=True)
class Route:
    name: str  # the URL name, with its namespace
    regex: str
    callback: object

    @property
    def view_class(self):
        return getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)


DRF_FORMAT_SUFFIX = re.compile(r"\(\?P<format>|<drf_format_suffix:format>")
ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")
# The arguments by which a path names an object: an id, a primary key, a mission's acronym.
OBJECT_ARGUMENTS = re.compile(r"^(pk|id|\w+_id|acronym)$")


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Route(name, prefix + str(entry.pattern), entry.callback)


def all_routes() -> list[Route]:
    seen, routes = set(), []
    for route in _walk(get_resolver().url_patterns):
        # DRF's format-suffix twins (".json") answer the same as the plain route.
        if DRF_FORMAT_SUFFIX.search(route.regex) or route.name in seen:
            continue
        seen.add(route.name)
        routes.append(route)
    return routes


def api_routes() -> list[Route]:
    """Routes of viewsets built on the restricted base classes (RestrictedModelViewSet & co)."""
    return [
        route
        for route in all_routes()
        if route.regex.startswith("api/")
        and isinstance(route.view_class, type)
        and issubclass(route.view_class, RestrictedViewSetMixin)
        and getattr(route.callback, "actions", None)
    ]


def viewset_model(viewset):
    if viewset.queryset is not None:
        return viewset.queryset.model
    return viewset.serializer_class.Meta.model


def lookup_kwarg(viewset) -> str:
    return viewset.lookup_url_kwarg or viewset.lookup_field


def declared_action(viewset, action_name: str, method: str) -> str:
    """The access action a viewset action needs (named actions declare `permission_action`)."""
    extra = getattr(viewset, action_name, None)
    declared = getattr(extra, "kwargs", {}).get("permission_action") if extra else None
    return declared or METHOD_ACTIONS[method.upper()]


def path_arguments(route: Route) -> list[str]:
    return [a or b for a, b in ARGUMENT.findall(route.regex)]


def names_object(route: Route) -> bool:
    """Whether the path names an object (`<pk>`, `<int:pk>`, `<code:acronym>`, `<…_id>`, `<id>`)."""
    return any(OBJECT_ARGUMENTS.match(name) for name in path_arguments(route))


def site_routes() -> list[Route]:
    """The routes of pages: neither the API nor the admin."""
    return [route for route in all_routes() if not route.regex.startswith(("api/", "admin/"))]


@dataclass(frozen=True)
class Page:
    """A page under the access layer that names one object (an ObjectPage)."""

    route: Route
    model: type | None  # None: the page finds its model from the path (the history page)
    lookup_field: str
    lookup_url_kwarg: str

    @property
    def view(self) -> type:
        return self.route.view_class

    @property
    def extra_arguments(self) -> list[str]:
        """The path arguments besides the object's (a workflow step, a format, a model name)."""
        return [name for name in path_arguments(self.route) if name != self.lookup_url_kwarg]

    @property
    def methods(self) -> list[str]:
        allowed = self.view.http_method_names
        return [method for method in ("get", "post") if method in allowed and hasattr(self.view, method)]

    def _instance(self, user, method: str, kwargs: dict):
        view = self.view(**getattr(self.route.callback, "view_initkwargs", {}))
        request = getattr(RequestFactory(), method)("/")
        request.user = user
        view.setup(request, **kwargs)
        return view

    def required_action(self, user, method: str, kwargs: dict) -> str:
        """The action the page says the request needs (it may depend on the path, as a workflow step)."""
        view = self._instance(user, method, kwargs)
        return view.required_action()

    def names(self, user, obj, kwargs: dict) -> bool:
        """Whether the path `kwargs` (built for `obj`) names `obj` on this page."""
        if self.model is not None:
            return type(obj) is self.model
        try:
            return self._instance(user, "get", kwargs).get_queryset().model is type(obj)
        except (Http404, LookupError, ImproperlyConfigured):
            return False


def page_routes() -> list[Page]:
    """Pages on ObjectPage (and its subclasses): every page that names an object, as the guard
    (test_generic_pages) makes sure."""
    pages = []
    for route in site_routes():
        view = route.view_class
        if not isinstance(view, type):
            continue
        if issubclass(view, ObjectPage):
            pages.append(Page(route, view.model, view.lookup_field, view.lookup_url_kwarg))
    return pages
