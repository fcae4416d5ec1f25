"""Serializers of the missions API: flat, with related objects by their codes. Writes go through
the services (missions.services); the serializers only parse and check the body."""

from rest_framework import serializers

from missions.choices import EntityKind
from missions.generic.api import VisibleRelatedMixin
from missions.models import (
    CountryTeamMember,
    Entity,
    LeadershipPost,
    Mandate,
    MandateTask,
    Membership,
    Mission,
    PhaseChange,
)
from missions.resolutions import MAX_TASKS, read_symbol
from missions.texts import LONG_TEXT_MAX, REASON_MAX


class EntitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Entity
        fields = ["id", "code", "name", "kind"]


class MissionSerializer(serializers.ModelSerializer):
    """A mission; its acronym, lead department and phase are set when it is created (the phase
    changes through phase changes)."""

    lead_department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    entity = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Mission
        fields = [
            "id",
            "acronym",
            "name",
            "country",
            "mission_type",
            "lead_department",
            "entity",
            "reporting_cycle_months",
            "phase",
            "structurally_integrated",
            "established_on",
            "closed_on",
            "illustrative",
        ]
        read_only_fields = ["acronym", "phase", "closed_on", "illustrative"]


class MissionCreateSerializer(MissionSerializer):
    """A new mission, led by a department the caller plans for at headquarters."""

    acronym = serializers.CharField(max_length=20)
    lead_department = serializers.SlugRelatedField(
        slug_field="code", queryset=Entity.objects.filter(kind=EntityKind.SECRETARIAT)
    )

    class Meta(MissionSerializer.Meta):
        read_only_fields = ["closed_on", "illustrative"]
        extra_kwargs = {"acronym": {"validators": []}}  # the service says which acronym is taken


class ResolutionField(serializers.CharField):
    """A resolution's symbol, "S/RES/2406 (2018)" (or "2406 (2018)"), stored as "2406 (2018)"."""

    def to_internal_value(self, data):
        symbol = read_symbol(super().to_internal_value(data))
        if symbol is None:
            raise serializers.ValidationError("Write the resolution's symbol like S/RES/2406 (2018).")
        return symbol.stored


class MandateTaskBodySerializer(serializers.Serializer):
    paragraph = serializers.CharField(max_length=20)
    text = serializers.CharField(max_length=LONG_TEXT_MAX)


class MandateSerializer(VisibleRelatedMixin, serializers.ModelSerializer):
    visible_related = {"mission": Mission}
    mission = serializers.SlugRelatedField(slug_field="acronym", queryset=Mission.objects.all())
    resolution = ResolutionField(max_length=30)
    summary = serializers.CharField(max_length=LONG_TEXT_MAX, required=False, allow_blank=True)
    tasks = MandateTaskBodySerializer(many=True, required=False, write_only=True, max_length=MAX_TASKS)

    class Meta:
        model = Mandate
        fields = ["id", "mission", "resolution", "adopted_on", "expires_on", "chapter", "summary", "tasks"]
        validators = []  # the service says which resolution is recorded already


class MandateTaskSerializer(VisibleRelatedMixin, serializers.ModelSerializer):
    visible_related = {"mandate": Mandate}
    mandate = serializers.PrimaryKeyRelatedField(queryset=Mandate.objects.all())
    mission = serializers.CharField(source="mandate.mission.acronym", read_only=True)
    resolution = serializers.CharField(source="mandate.resolution", read_only=True)
    text = serializers.CharField(max_length=LONG_TEXT_MAX)
    lead_entity = serializers.SlugRelatedField(
        slug_field="code", queryset=Entity.objects.all(), required=False, allow_null=True
    )
    handover_to = serializers.SlugRelatedField(
        slug_field="code", queryset=Entity.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = MandateTask
        fields = [
            "id",
            "mandate",
            "mission",
            "resolution",
            "paragraph",
            "text",
            "lead_entity",
            "to_hand_over",
            "handover_to",
        ]
        validators = []  # the service says which paragraph is recorded already


class CountryTeamMemberSerializer(VisibleRelatedMixin, serializers.ModelSerializer):
    visible_related = {"mission": Mission}
    mission = serializers.SlugRelatedField(slug_field="acronym", queryset=Mission.objects.all())
    entity = serializers.SlugRelatedField(slug_field="code", queryset=Entity.objects.all())

    class Meta:
        model = CountryTeamMember
        fields = ["id", "mission", "entity", "head"]
        validators = []  # the service refuses an entity already in the team, naming the field


class LeadershipPostSerializer(VisibleRelatedMixin, serializers.ModelSerializer):
    visible_related = {"mission": Mission}
    mission = serializers.SlugRelatedField(slug_field="acronym", queryset=Mission.objects.all())
    triple_hatted = serializers.BooleanField(read_only=True)

    class Meta:
        model = LeadershipPost
        fields = [
            "id",
            "mission",
            "kind",
            "title",
            "holder",
            "is_resident_coordinator",
            "is_humanitarian_coordinator",
            "is_resident_representative",
            "triple_hatted",
            "start_on",
            "end_on",
        ]


class PhaseChangeSerializer(VisibleRelatedMixin, serializers.ModelSerializer):
    visible_related = {"mission": Mission}
    mission = serializers.SlugRelatedField(slug_field="acronym", queryset=Mission.objects.all())
    note = serializers.CharField(max_length=REASON_MAX, required=False, allow_blank=True)

    class Meta:
        model = PhaseChange
        fields = ["id", "mission", "phase", "started_on", "note"]
        validators = []  # the service says which dates are taken


class MembershipSerializer(serializers.ModelSerializer):
    entity = serializers.SlugRelatedField(slug_field="code", read_only=True)
    missions = serializers.SlugRelatedField(slug_field="acronym", many=True, read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "entity", "role", "missions", "is_active"]
