"""API for strategic assessments, integrated mechanisms and their meetings.

Reads go through the analysis selectors (restricted to what the user may see); writes go through
`frameworks.analysis.services`, so the API refuses exactly what the pages refuse. Related objects a
user names (missions, mechanisms) are looked up among those they can see: an invisible one is "does
not exist" (400), a visible one they may not add to is 403.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters import rest_framework as filters
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
from frameworks.models import IntegratedMechanism, MechanismMeeting, StrategicAssessment
from missions.api.base import RestrictedModelViewSet, as_api_error
from missions.models import Entity, Mission


class VisibleRelatedMixin:
    """Limits the choices of related fields to rows the requesting user may see."""

    visible_related: dict[str, callable] = {}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for name, queryset_for in self.visible_related.items():
            if name in fields and user is not None:
                fields[name].queryset = queryset_for(user)
        return fields


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

    visible_related = {"mission": lambda user: Mission.objects.restrict(user, "view")}

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

    visible_related = {"mission": lambda user: Mission.objects.restrict(user, "view")}

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

    visible_related = {"mechanism": lambda user: IntegratedMechanism.objects.restrict(user, "view")}

    class Meta:
        model = MechanismMeeting
        fields = ["id", "mechanism", "held_on", "decisions"]
        # "One meeting per day" is checked by the service, which names the date field.
        validators: list = []


class MissionFilter(filters.FilterSet):
    mission = filters.CharFilter(field_name="mission__acronym", label="Mission acronym")


class AssessmentFilter(MissionFilter):
    class Meta:
        model = StrategicAssessment
        fields = ["mission", "is_internal"]


class MechanismFilter(MissionFilter):
    class Meta:
        model = IntegratedMechanism
        fields = ["mission", "level", "kind", "is_active"]


class MeetingFilter(filters.FilterSet):
    mission = filters.CharFilter(field_name="mechanism__mission__acronym", label="Mission acronym")
    held_after = filters.DateFilter(field_name="held_on", lookup_expr="gte")
    held_before = filters.DateFilter(field_name="held_on", lookup_expr="lte")

    class Meta:
        model = MechanismMeeting
        fields = ["mission", "mechanism"]


class ServiceWritesMixin:
    """Create and update through the services; a model rule they refuse is a 400 on its field."""

    def create_with_service(self, serializer):
        raise NotImplementedError

    def update_with_service(self, serializer):
        raise NotImplementedError

    def perform_create(self, serializer):
        try:
            serializer.instance = self.create_with_service(serializer)
        except DjangoValidationError as error:
            raise as_api_error(error) from None

    def perform_update(self, serializer):
        try:
            serializer.instance = self.update_with_service(serializer)
        except DjangoValidationError as error:
            raise as_api_error(error) from None

    def reloaded(self, obj):
        return self.get_queryset().get(pk=obj.pk)


class MissionObjectViewSet(ServiceWritesMixin, RestrictedModelViewSet):
    """An object of a mission, created for a mission and edited through its services; the mission
    it belongs to never changes. Subclasses name the services and the keyword the update service
    takes the object by."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    create_service = None
    update_service = None
    instance_kwarg = ""

    def parent_for_create(self, serializer):
        return serializer.validated_data["mission"]

    def create_with_service(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("mission")
        return self.reloaded(
            self.create_service(actor=self.request.user, mission=self.parent_for_create(serializer), **data)
        )

    def update_with_service(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("mission", None)
        data[self.instance_kwarg] = serializer.instance
        return self.reloaded(self.update_service(actor=self.request.user, **data))


@extend_schema_view(
    list=extend_schema(summary="Strategic assessments the user may see"),
    create=extend_schema(summary="Record a strategic assessment (needs planning rights on the mission)"),
)
class AssessmentViewSet(MissionObjectViewSet):
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    create_service = staticmethod(assessment_create)
    update_service = staticmethod(assessment_update)
    instance_kwarg = "assessment"

    def get_queryset(self):
        return assessments_for(self.request.user)


@extend_schema_view(
    list=extend_schema(summary="Integrated mechanisms the user may see, with their IAP status"),
    create=extend_schema(summary="Set up an integrated mechanism (needs planning rights on the mission)"),
)
class MechanismViewSet(MissionObjectViewSet):
    serializer_class = MechanismSerializer
    filterset_class = MechanismFilter
    create_service = staticmethod(mechanism_create)
    update_service = staticmethod(mechanism_update)
    instance_kwarg = "mechanism"

    def get_queryset(self):
        return mechanisms_for(self.request.user)


@extend_schema_view(
    list=extend_schema(summary="Meetings of integrated mechanisms the user may see"),
    create=extend_schema(summary="Record a meeting (one per mechanism and day)"),
)
class MeetingViewSet(ServiceWritesMixin, RestrictedModelViewSet):
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    # A meeting is a record of what happened: it is added, not edited through the API.
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return meetings_for(self.request.user)

    def parent_for_create(self, serializer):
        return serializer.validated_data["mechanism"]

    def create_with_service(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("mechanism")
        return meeting_record(actor=self.request.user, mechanism=self.parent_for_create(serializer), **data)
