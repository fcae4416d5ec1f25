"""Serializers of the benchmarks API: plain shapes; writes go through benchmarks.services."""

from __future__ import annotations

from rest_framework import serializers

from benchmarks.choices import ProgressStatus
from benchmarks.models import Benchmark, CapacityGap, CapacityGapReview, Indicator, ProgressUpdate
from benchmarks.selectors import status_of_rank
from frameworks.models import Result
from missions.generic.api import VisibleRelatedMixin
from missions.models import Entity, MandateTask, Mission
from missions.texts import LONG_TEXT_MAX, REASON_MAX


class AsOfSerializer(serializers.Serializer):
    """The date a response's figures are computed for."""

    period = serializers.DateField(
        required=False, help_text="The date the figures are computed for (at most today; today if not given)."
    )


class BenchmarkSerializer(VisibleRelatedMixin, serializers.ModelSerializer):
    visible_related = {"mission": Mission}
    mission = serializers.SlugRelatedField(slug_field="acronym", queryset=Mission.objects.all())
    results = serializers.PrimaryKeyRelatedField(many=True, queryset=Result.objects.all(), required=False)
    mandate_tasks = serializers.PrimaryKeyRelatedField(many=True, queryset=MandateTask.objects.all(), required=False)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Benchmark
        fields = [
            "id",
            "mission",
            "title",
            "description",
            "order",
            "is_transition",
            "results",
            "mandate_tasks",
            "status",
        ]

    def get_status(self, benchmark) -> str | None:
        rank = getattr(benchmark, "status_rank", None)
        return status_of_rank(rank).value if rank is not None else None

    def update(self, instance, validated_data):  # pragma: no cover - the viewset calls the service
        raise NotImplementedError


class StandingSerializer(serializers.Serializer):
    """Where an indicator stands by the monitoring rules (docs/MONITORING.md), as of today (or the
    `?period=` date asked for): the same figures as the dashboards and reports."""

    value = serializers.DecimalField(
        source="current_value",
        max_digits=20,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text="The figure by the indicator's aggregation rule.",
    )
    progress = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        min_value=0,
        max_value=100,
        help_text="Share of the way from baseline to target.",
    )
    status = serializers.ChoiceField(
        source="latest_status", choices=ProgressStatus.choices, read_only=True, help_text="The status last reported."
    )
    period_end = serializers.DateField(
        source="latest_period_end", read_only=True, allow_null=True, help_text="End of the last approved period."
    )
    stale = serializers.BooleanField(read_only=True, help_text="No approved update for the last two due periods.")


class IndicatorSerializer(VisibleRelatedMixin, serializers.ModelSerializer):
    visible_related = {"benchmark": Benchmark}
    benchmark = serializers.PrimaryKeyRelatedField(
        queryset=Benchmark.objects.all(), error_messages={"does_not_exist": "Benchmark not found."}
    )
    responsible_entity = serializers.SlugRelatedField(slug_field="code", queryset=Entity.objects.all())
    latest_value = serializers.DecimalField(max_digits=20, decimal_places=2, read_only=True, allow_null=True)
    current_value = serializers.DecimalField(max_digits=20, decimal_places=2, read_only=True, allow_null=True)
    latest_status = serializers.ChoiceField(choices=ProgressStatus.choices, read_only=True)
    latest_period_end = serializers.DateField(read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)
    standing = StandingSerializer(source="*", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "benchmark",
            "name",
            "unit",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "direction",
            "frequency",
            "aggregation",
            "data_source",
            "responsible_entity",
            "latest_value",
            "current_value",
            "latest_status",
            "latest_period_end",
            "is_overdue",
            "standing",
        ]


class OptionalURLField(serializers.URLField):
    """A link that may be missing: answered as null, never as an empty string, which is no URL."""

    def to_representation(self, value):
        return value or None


class ProgressUpdateSerializer(serializers.ModelSerializer):
    """Reads updates annotated by ProgressUpdateViewSet.get_queryset (the mission's acronym and
    the user names come with the row; no related rows are loaded)."""

    mission = serializers.CharField(source="mission_acronym", read_only=True)
    submitted_by = serializers.CharField(source="submitted_by_name", read_only=True, allow_null=True)
    approved_by = serializers.CharField(source="approved_by_name", read_only=True, allow_null=True)
    evidence_url = OptionalURLField(read_only=True, allow_null=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "mission",
            "indicator",
            "period_start",
            "period_end",
            "value",
            "status",
            "narrative",
            "evidence_url",
            "state",
            "submitted_by",
            "submitted_at",
            "approved_by",
            "approved_at",
            "return_reason",
        ]
        read_only_fields = fields


class UpdateSubmitSerializer(VisibleRelatedMixin, serializers.Serializer):
    visible_related = {"indicator": Indicator}
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all())
    period_start = serializers.DateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, required=False, default=None)
    status = serializers.ChoiceField(choices=ProgressStatus.choices)
    narrative = serializers.CharField(allow_blank=True, required=False, default="", max_length=LONG_TEXT_MAX)
    evidence_url = serializers.URLField(allow_blank=True, required=False, default="", max_length=500)


class NoBodySerializer(serializers.Serializer):
    """An action that takes no request body, or a response built by hand."""


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=REASON_MAX)


class ManySerializer(serializers.Serializer):
    updates = serializers.ListField(child=serializers.IntegerField(), allow_empty=False, max_length=500)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=REASON_MAX)


class CapacityGapReviewSerializer(serializers.ModelSerializer):
    mandate = serializers.CharField(source="mandate.resolution", read_only=True)
    adopted_on = serializers.DateField(source="mandate.adopted_on", read_only=True)

    class Meta:
        model = CapacityGapReview
        fields = ["mandate", "adopted_on", "status", "note"]


class CapacityGapSerializer(VisibleRelatedMixin, serializers.ModelSerializer):
    visible_related = {"mission": Mission}
    mission = serializers.SlugRelatedField(slug_field="acronym", queryset=Mission.objects.all())
    reviews = CapacityGapReviewSerializer(many=True, read_only=True)

    class Meta:
        model = CapacityGap
        fields = [
            "id",
            "mission",
            "category",
            "requirement",
            "description",
            "effect",
            "status",
            "identified_on",
            "reviews",
        ]
