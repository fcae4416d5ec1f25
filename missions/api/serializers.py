"""Serializers of the missions API: flat, with related objects by their codes."""

from rest_framework import serializers

from missions.models import Entity, Mandate, MandateTask, Membership, Mission


class EntitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Entity
        fields = ["id", "code", "name", "kind"]


class MissionSerializer(serializers.ModelSerializer):
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


class MandateSerializer(serializers.ModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="acronym", read_only=True)

    class Meta:
        model = Mandate
        fields = ["id", "mission", "resolution", "adopted_on", "expires_on", "chapter", "summary"]


class MandateTaskSerializer(serializers.ModelSerializer):
    mission = serializers.CharField(source="mandate.mission.acronym", read_only=True)
    resolution = serializers.CharField(source="mandate.resolution", read_only=True)
    lead_entity = serializers.SlugRelatedField(slug_field="code", read_only=True)
    handover_to = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

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


class MembershipSerializer(serializers.ModelSerializer):
    entity = serializers.SlugRelatedField(slug_field="code", read_only=True)
    missions = serializers.SlugRelatedField(slug_field="acronym", many=True, read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "entity", "role", "missions", "is_active"]
