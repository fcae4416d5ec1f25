"""Query parameters every API list and detail shares."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import filters, serializers


class PlainQueryParameters(filters.BaseFilterBackend):
    """Refuse a query parameter holding a NUL character (400) before any view reads it: PostgreSQL
    cannot compare a text with one, so `?mission=%00` would otherwise fail as a server error in
    every view that filters by it."""

    def filter_queryset(self, request, queryset, view):
        for name, values in request.query_params.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                raise serializers.ValidationError({name.replace("\x00", ""): [_("Null characters are not allowed.")]})
        return queryset
