"""Filters of the planning app's lists."""

from __future__ import annotations

from django_filters import rest_framework as filters

from missions.models import Mission


class IAPFilterSet(filters.FilterSet):
    """The IAP list: `?mission=ACRONYM` narrows it to one mission."""

    mission = filters.CharFilter(field_name="acronym", label="A mission acronym.")

    class Meta:
        model = Mission
        fields = ["mission"]
