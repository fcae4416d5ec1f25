"""API for strategic assessments, integrated mechanisms and their meetings.

Reads go through the analysis selectors (restricted to what the user may see); writes go through
`frameworks.analysis.services`, so the API refuses exactly what the pages refuse. Related objects a
user names (missions, mechanisms) are looked up among those they can see: an invisible one is "does
not exist" (400), a visible one they may not add to is 403.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from frameworks.analysis.selectors import (
    assessment_participation,
    assessments_for,
    mechanism_status,
    mechanisms_for,
    meetings_for,
    sides_for_missions,
)
from frameworks.analysis.services import (
    assessment_create,
    assessment_update,
    mechanism_create,
    mechanism_update,
    meeting_record,
)
from frameworks.filtersets import AssessmentFilterSet, MechanismFilterSet, MeetingFilterSet
from frameworks.models import IntegratedMechanism, MechanismMeeting, StrategicAssessment
from missions.generic.api import RestrictedModelViewSet, VisibleRelatedMixin
from missions.models import Entity, Mission


class SidesMixin:
    """Country-team sides of the missions in one response, loaded in one query for a whole page."""

    def sides(self, mission):
        cache = self.context.setdefault("_sides", {})
        if mission.pk not in cache:
            page = getattr(self.parent, "instance", None) if self.parent is not None else None
            objects = page if isinstance(page, list) else [self.instance]
            missions = {obj.mission.pk: obj.mission for obj in objects if obj is not None}
            missions[mission.pk] = mission
            cache.update(sides_for_missions(missions.values()))
        return cache[mission.pk]


class AssessmentSerializer(VisibleRelatedMixin, SidesMixin, serializers.ModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="acronym", queryset=Mission.objects.none())
    lead_entity = serializers.SlugRelatedField(slug_field="code", queryset=Entity.objects.all())
    participants = serializers.SlugRelatedField(
        slug_field="code", queryset=Entity.objects.all(), many=True, required=False
    )
    mission_side_took_part = serializers.SerializerMethodField()
    country_team_took_part = serializers.SerializerMethodField()

    visible_related = {"mission": Mission}

    class Meta:
        model = StrategicAssessment
        fields = [
            "id",
            "mission",
            "title",
            "started_on",
            "completed_on",
            "lead_entity",
            "participants",
            "conflict_drivers",
            "actors",
            "risks",
            "options",
            "recommendations",
            "is_internal",
            "mission_side_took_part",
            "country_team_took_part",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators: list = []

    def _participation(self, obj):
        return assessment_participation(obj, self.sides(obj.mission))

    def get_mission_side_took_part(self, obj) -> bool:
        return self._participation(obj).mission_side

    def get_country_team_took_part(self, obj) -> bool:
        return self._participation(obj).country_team

    def validate(self, attrs):
        if self.instance is not None and "mission" in attrs and attrs["mission"] != self.instance.mission:
            raise serializers.ValidationError({"mission": "An assessment cannot move to another mission."})
        return attrs


class MechanismSerializer(VisibleRelatedMixin, SidesMixin, serializers.ModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="acronym", queryset=Mission.objects.none())
    chair = serializers.SlugRelatedField(slug_field="code", queryset=Entity.objects.all())
    members = serializers.SlugRelatedField(slug_field="code", queryset=Entity.objects.all(), many=True, required=False)
    last_met_on = serializers.DateField(read_only=True, allow_null=True)
    has_mission_members = serializers.SerializerMethodField()
    has_country_team_members = serializers.SerializerMethodField()
    met_within_cadence = serializers.SerializerMethodField()

    visible_related = {"mission": Mission}

    class Meta:
        model = IntegratedMechanism
        fields = [
            "id",
            "mission",
            "name",
            "level",
            "kind",
            "chair",
            "members",
            "cadence_days",
            "is_active",
            "terms_of_reference",
            "last_met_on",
            "has_mission_members",
            "has_country_team_members",
            "met_within_cadence",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators: list = []

    def _status(self, obj):
        return mechanism_status(obj, self.sides(obj.mission))

    def get_has_mission_members(self, obj) -> bool:
        return self._status(obj).mission_members

    def get_has_country_team_members(self, obj) -> bool:
        return self._status(obj).country_team_members

    def get_met_within_cadence(self, obj) -> bool:
        return self._status(obj).within_cadence

    def validate(self, attrs):
        if self.instance is not None and "mission" in attrs and attrs["mission"] != self.instance.mission:
            raise serializers.ValidationError({"mission": "A mechanism cannot move to another mission."})
        return attrs


class MeetingSerializer(VisibleRelatedMixin, serializers.ModelSerializer):
    mechanism = serializers.PrimaryKeyRelatedField(queryset=IntegratedMechanism.objects.none())

    visible_related = {"mechanism": IntegratedMechanism}

    class Meta:
        model = MechanismMeeting
        fields = ["id", "mechanism", "held_on", "decisions"]
        # "One meeting per day" is checked by the service, which names the date field.
        validators: list = []


class MissionObjectViewSet(RestrictedModelViewSet):
    """An object of a mission, created for a mission and edited through its services; the mission
    it belongs to never changes."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    create_parent = "mission"

    def update_kwargs(self, instance, data):
        data.pop("mission", None)
        return super().update_kwargs(instance, data)


@extend_schema_view(
    list=extend_schema(summary="Strategic assessments the user may see"),
    create=extend_schema(summary="Record a strategic assessment (needs planning rights on the mission)"),
)
class AssessmentViewSet(MissionObjectViewSet):
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet
    service_object = "assessment"
    create_service = staticmethod(assessment_create)
    update_service = staticmethod(assessment_update)

    def get_queryset(self):
        return assessments_for(self.request.user)


@extend_schema_view(
    list=extend_schema(summary="Integrated mechanisms the user may see, with their IAP status"),
    create=extend_schema(summary="Set up an integrated mechanism (needs planning rights on the mission)"),
)
class MechanismViewSet(MissionObjectViewSet):
    serializer_class = MechanismSerializer
    filterset_class = MechanismFilterSet
    service_object = "mechanism"
    create_service = staticmethod(mechanism_create)
    update_service = staticmethod(mechanism_update)

    def get_queryset(self):
        return mechanisms_for(self.request.user)


@extend_schema_view(
    list=extend_schema(summary="Meetings of integrated mechanisms the user may see"),
    create=extend_schema(summary="Record a meeting (one per mechanism and day)"),
)
class MeetingViewSet(RestrictedModelViewSet):
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    # A meeting is a record of what happened: it is added, not edited through the API.
    http_method_names = ["get", "post", "head", "options"]
    create_parent = "mechanism"
    create_service = staticmethod(meeting_record)

    def get_queryset(self):
        return meetings_for(self.request.user)
