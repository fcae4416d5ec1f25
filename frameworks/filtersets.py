"""Filters of the frameworks app's lists: frameworks and what is in them, assessments,
mechanisms and meetings, lessons."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from frameworks.choices import FrameworkStatus, IntegrationAreaKind
from frameworks.models import (
    Comment,
    FundingLine,
    IntegratedMechanism,
    IntegratedStrategicFramework,
    IntegrationArea,
    Lesson,
    MechanismMeeting,
    Priority,
    Responsibility,
    Result,
    Signature,
    StrategicAssessment,
)
from missions.choices import MissionType, Phase
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


def _missions_with_lessons():
    from frameworks.models import Lesson

    acronyms = Lesson.objects.order_by("mission__acronym").values_list("mission__acronym", flat=True).distinct()
    return [(acronym, acronym) for acronym in acronyms]


class LessonFilterSet(django_filters.FilterSet):
    """The lessons page's filters: integration area, phase, mission type and mission. Lessons are
    read across missions, so the missions offered are those that recorded one."""

    area = django_filters.ChoiceFilter(
        label=_("Integration area"), choices=IntegrationAreaKind.choices, empty_label=_("All areas")
    )
    phase = django_filters.ChoiceFilter(label=_("Phase"), choices=Phase.choices, empty_label=_("All phases"))
    type = django_filters.ChoiceFilter(
        label=_("Mission type"),
        field_name="mission__mission_type",
        choices=MissionType.choices,
        empty_label=_("All types"),
    )
    mission = django_filters.ChoiceFilter(
        label=_("Mission"), field_name="mission__acronym", choices=_missions_with_lessons, empty_label=_("All missions")
    )

    class Meta:
        model = Lesson
        fields: list[str] = []

    @property
    def filtered(self) -> bool:
        """Whether an accepted filter narrows the list."""
        if not self.is_bound:
            return False
        self.form.is_valid()
        return any(self.form.cleaned_data.get(name) for name in self.filters)
