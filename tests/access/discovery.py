"""Find every restricted API endpoint and page from the URL resolver, so endpoints and pages added
later are covered by the generated access tests without anyone listing them."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from missions.generic.api import METHOD_ACTIONS, RestrictedViewSetMixin
from missions.restricted import RestrictedMixin


@dataclass(frozen=True)
class Route:
    name: str  # the URL name, with its namespace
    regex: str
    callback: object

    @property
    def view_class(self):
        return getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)


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
        if "format" in route.regex or route.name in seen:
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


def page_routes() -> list[Route]:
    """Pages built on RestrictedMixin that name one object by pk or a mission by acronym, and
    mission pages (by acronym) that declare the `mission_action` they need."""
    routes = []
    for route in all_routes():
        view = route.view_class
        if not isinstance(view, type) or route.regex.startswith("api/"):
            continue
        restricted = issubclass(view, RestrictedMixin)
        names_object = "<int:pk>" in route.regex or "<pk>" in route.regex or "acronym>" in route.regex
        mission_page = "acronym>" in route.regex and hasattr(view, "mission_action")
        if (restricted and names_object) or mission_page:
            routes.append(route)
    return routes
