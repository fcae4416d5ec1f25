"""Filters of the frameworks app's lists: frameworks and what is in them, assessments,
mechanisms and meetings."""

from __future__ import annotations

from django_filters import rest_framework as filters

from frameworks.choices import FrameworkStatus
from frameworks.models import (
    Comment,
    FundingLine,
    IntegratedMechanism,
    IntegratedStrategicFramework,
    IntegrationArea,
    MechanismMeeting,
    Priority,
    Responsibility,
    Result,
    Signature,
    StrategicAssessment,
)
from missions.filtersets import by_mission


class FrameworkFilterSet(filters.FilterSet):
    mission = by_mission()
    status = filters.MultipleChoiceFilter(choices=FrameworkStatus.choices)

    class Meta:
        model = IntegratedStrategicFramework
        fields = ["mission", "status", "version"]


def in_framework(model, framework_path: str) -> type[filters.FilterSet]:
    """The filters of rows inside a framework (reached by `framework_path`): by framework id, by
    its mission and by its status."""

    class InFrameworkFilterSet(filters.FilterSet):
        framework = filters.NumberFilter(field_name=framework_path)
        mission = by_mission(f"{framework_path}__mission")
        status = filters.MultipleChoiceFilter(
            field_name=f"{framework_path}__status", choices=FrameworkStatus.choices, label="Framework status"
        )

        class Meta:
            fields = ["framework", "mission", "status"]

    InFrameworkFilterSet.Meta.model = model
    InFrameworkFilterSet.__name__ = InFrameworkFilterSet.__qualname__ = f"{model.__name__}FilterSet"
    return InFrameworkFilterSet


PriorityFilterSet = in_framework(Priority, "framework")
ResultFilterSet = in_framework(Result, "priority__framework")
ResponsibilityFilterSet = in_framework(Responsibility, "result__priority__framework")
IntegrationAreaFilterSet = in_framework(IntegrationArea, "framework")
FundingLineFilterSet = in_framework(FundingLine, "priority__framework")
CommentFilterSet = in_framework(Comment, "framework")
SignatureFilterSet = in_framework(Signature, "framework")


class AssessmentFilterSet(filters.FilterSet):
    mission = by_mission()

    class Meta:
        model = StrategicAssessment
        fields = ["mission", "is_internal"]


class MechanismFilterSet(filters.FilterSet):
    mission = by_mission()

    class Meta:
        model = IntegratedMechanism
        fields = ["mission", "level", "kind", "is_active"]


class MeetingFilterSet(filters.FilterSet):
    mission = by_mission("mechanism__mission")
    held_after = filters.DateFilter(field_name="held_on", lookup_expr="gte")
    held_before = filters.DateFilter(field_name="held_on", lookup_expr="lte")

    class Meta:
        model = MechanismMeeting
        fields = ["mission", "mechanism"]
