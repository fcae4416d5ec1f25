"""Filters of the missions app's lists, and the mission filter every app's lists share."""

from __future__ import annotations

from django_filters import rest_framework as filters

from missions.models import CountryTeamMember, Entity, LeadershipPost, Mandate, MandateTask, Mission, PhaseChange


def by_mission(path: str = "mission") -> filters.CharFilter:
    """`?mission=ACRONYM` on a list whose rows reach their mission by `path`."""
    return filters.CharFilter(field_name=f"{path}__acronym", label="Mission acronym")


class MissionFilterSet(filters.FilterSet):
    class Meta:
        model = Mission
        fields = ["country", "mission_type", "phase"]


class MandateFilterSet(filters.FilterSet):
    class Meta:
        model = Mandate
        fields = ["mission"]


class MandateTaskFilterSet(filters.FilterSet):
    class Meta:
        model = MandateTask
        fields = ["mandate", "to_hand_over"]


class EntityFilterSet(filters.FilterSet):
    class Meta:
        model = Entity
        fields = ["kind"]


class CountryTeamFilterSet(filters.FilterSet):
    mission = by_mission()

    class Meta:
        model = CountryTeamMember
        fields = ["mission"]


class LeadershipPostFilterSet(filters.FilterSet):
    mission = by_mission()

    class Meta:
        model = LeadershipPost
        fields = ["mission", "kind"]


class PhaseChangeFilterSet(filters.FilterSet):
    mission = by_mission()

    class Meta:
        model = PhaseChange
        fields = ["mission", "phase"]
