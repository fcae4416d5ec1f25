"""Filters of the planning pages, as data: the page passes its query string, the selector applies
the FilterSet (a value the form refuses is ignored, as a mistyped bookmark should be)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

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
