"""Filters of the benchmarks lists, as data, for the pages and the API alike: the page passes its
query string and the selector applies the FilterSet (a value the form refuses is ignored, as a
mistyped bookmark should be); the API names it as `filterset_class`."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from benchmarks.models import Benchmark, CapacityGap, Commitment, CommitmentUpdate, Compact, Indicator, ProgressUpdate
from missions.choices import MissionType, Phase
from missions.filtersets import by_mission
from missions.models import Mission


def portfolio_sorts() -> list[tuple[str, str]]:
    """The columns a portfolio row can be sorted by, "-" first for descending."""
    from benchmarks.selectors import PORTFOLIO_SORTS  # the selectors apply this FilterSet

    return [(key, key) for key in PORTFOLIO_SORTS] + [(f"-{key}", f"-{key}") for key in PORTFOLIO_SORTS]


class PortfolioFilterSet(django_filters.FilterSet):
    """The portfolio's filters: name or acronym, phase, type, only missions with overdue updates,
    and the column the rows are sorted by. Overdue counts and sorting apply to the computed rows
    (benchmarks.selectors.portfolio), so those two filters leave the queryset as it is."""

    q = django_filters.CharFilter(label=_("Mission"), method="filter_name")
    phase = django_filters.ChoiceFilter(label=_("Phase"), choices=Phase.choices)
    type = django_filters.ChoiceFilter(label=_("Type"), field_name="mission_type", choices=MissionType.choices)
    # The page's checkbox sends overdue=1, as bookmarks have it.
    overdue = django_filters.ChoiceFilter(
        label=_("Only missions with overdue updates"), choices=[("1", _("Yes"))], method="on_rows"
    )
    sort = django_filters.ChoiceFilter(choices=portfolio_sorts, method="on_rows")

    class Meta:
        model = Mission
        fields: list[str] = []

    def filter_name(self, queryset, name, value):
        return queryset.filter(Q(acronym__icontains=value) | Q(name__icontains=value))

    def on_rows(self, queryset, name, value):
        return queryset

    def value(self, name: str, default=None):
        """The accepted value of a filter, `default` when absent or refused."""
        if not self.is_bound:
            return default
        self.form.is_valid()  # fills cleaned_data with the fields it accepts
        value = self.form.cleaned_data.get(name)
        return default if value in (None, "") else value


class BenchmarkFilterSet(filters.FilterSet):
    mission = by_mission()

    class Meta:
        model = Benchmark
        fields = ["mission", "is_transition"]


class IndicatorFilterSet(filters.FilterSet):
    mission = by_mission("benchmark__mission")

    class Meta:
        model = Indicator
        fields = ["mission", "benchmark", "frequency"]


class ProgressUpdateFilterSet(filters.FilterSet):
    """`indicator` by id: a choice filter over every indicator would be copied with its
    queryset on every request."""

    mission = by_mission("indicator__benchmark__mission")
    indicator = filters.NumberFilter(field_name="indicator_id")

    class Meta:
        model = ProgressUpdate
        fields = ["mission", "state", "status", "indicator", "period_start"]


class CapacityGapFilterSet(filters.FilterSet):
    mission = by_mission()

    class Meta:
        model = CapacityGap
        fields = ["mission", "status", "category"]


class CompactFilterSet(filters.FilterSet):
    mission = by_mission()

    class Meta:
        model = Compact
        fields = ["mission"]


class CommitmentFilterSet(filters.FilterSet):
    """`compact` and `owner` by id or code: a choice filter would be copied with its queryset."""

    mission = by_mission("compact__mission")
    compact = filters.NumberFilter(field_name="compact_id")
    owner = filters.CharFilter(field_name="owner__code", label="Owner entity code")

    class Meta:
        model = Commitment
        fields = ["mission", "compact", "side", "owner"]


class CommitmentUpdateFilterSet(filters.FilterSet):
    mission = by_mission("commitment__compact__mission")
    commitment = filters.NumberFilter(field_name="commitment_id")

    class Meta:
        model = CommitmentUpdate
        fields = ["mission", "commitment", "state", "status"]
