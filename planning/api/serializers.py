from rest_framework import serializers


class FindingSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="What holds, or what is missing.")
    ok = serializers.BooleanField(help_text="True when this check holds.")
    url = serializers.CharField(allow_blank=True, help_text="Where the missing piece is recorded.")
    link_text = serializers.CharField(allow_blank=True)


class RequirementSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    outcome = serializers.ChoiceField(choices=["met", "partly_met", "not_met"])
    label = serializers.CharField(help_text="The outcome in the user's language.")
    findings = FindingSerializer(many=True)


class MissionIAPSerializer(serializers.Serializer):
    """The four IAP minimum requirements of one mission, evaluated now."""

    acronym = serializers.CharField(source="mission.acronym")
    name = serializers.CharField(source="mission.name")
    met_count = serializers.IntegerField()
    requirements = RequirementSerializer(many=True)
