"""Filters of the benchmarks app's lists."""

from __future__ import annotations

from django_filters import rest_framework as filters

from benchmarks.models import Benchmark, CapacityGap, Indicator, ProgressUpdate
from missions.filtersets import by_mission


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
