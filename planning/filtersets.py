"""Filters of the planning lists, as data, for the pages and the API alike: the page passes its
query string and the selector applies the FilterSet (a value the form refuses is ignored); the API
names it as `filterset_class`."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from missions.choices import MissionType, Phase
from missions.models import Mission


class MissionListFilterSet(django_filters.FilterSet):
    """The mission list's filters: mission type and lifecycle phase."""

    type = django_filters.ChoiceFilter(
        label=_("Type"), field_name="mission_type", choices=MissionType.choices, empty_label=_("All types")
    )
    phase = django_filters.ChoiceFilter(label=_("Phase"), choices=Phase.choices, empty_label=_("All phases"))

    class Meta:
        model = Mission
        fields: list[str] = []

    @property
    def filtered(self) -> bool:
        """Whether an accepted filter narrows the list."""
        if not self.is_bound:
            return False
        self.form.is_valid()
        return any(self.form.cleaned_data.get(name) for name in self.filters)


class IAPFilterSet(filters.FilterSet):
    """The IAP list: `?mission=ACRONYM` narrows it to one mission."""

    mission = filters.CharFilter(field_name="acronym", label="A mission acronym.")

    class Meta:
        model = Mission
        fields = ["mission"]
