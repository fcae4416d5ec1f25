"""API of the compact, on the generic API layer: compacts, their commitments (with the owner's
status report as an action) and commitment updates (approve and return as actions)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from benchmarks.api.serializers import NoBodySerializer, OptionalURLField, ReturnSerializer
from benchmarks.choices import CommitmentStatus
from benchmarks.compact import services
from benchmarks.filtersets import CommitmentFilterSet, CommitmentUpdateFilterSet, CompactFilterSet
from benchmarks.models import Commitment, CommitmentUpdate, Compact
from frameworks.models import Priority
from missions.generic.api import RestrictedModelViewSet, RestrictedReadOnlyViewSet, VisibleRelatedMixin, step_responses
from missions.models import Entity, Mission
from missions.texts import LONG_TEXT_MAX


class CompactSerializer(VisibleRelatedMixin, serializers.ModelSerializer):
    visible_related = {"mission": Mission}
    mission = serializers.SlugRelatedField(slug_field="acronym", queryset=Mission.objects.all())

    class Meta:
        model = Compact
        fields = ["id", "mission", "title", "starts", "ends"]


class CommitmentSerializer(VisibleRelatedMixin, serializers.ModelSerializer):
    visible_related = {"compact": Compact, "priority": Priority}
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Entity.objects.all())

    class Meta:
        model = Commitment
        fields = ["id", "compact", "side", "owner", "due_on", "priority", "text"]


class CommitmentUpdateSerializer(serializers.ModelSerializer):
    evidence_url = OptionalURLField(read_only=True, allow_null=True)
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    approved_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = CommitmentUpdate
        fields = [
            "id",
            "commitment",
            "as_of",
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


class CommitmentStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CommitmentStatus.choices)
    as_of = serializers.DateField(required=False, allow_null=True, default=None)
    narrative = serializers.CharField(required=False, allow_blank=True, default="", max_length=LONG_TEXT_MAX)
    evidence_url = serializers.URLField(required=False, allow_blank=True, default="", max_length=500)


class CompactViewSet(RestrictedModelViewSet):
    """Compacts of mutual commitments of missions and their host governments."""

    queryset = Compact.objects.select_related("mission")
    serializer_class = CompactSerializer
    filterset_class = CompactFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_parent = "mission"
    create_service = staticmethod(services.compact_create)
    update_service = staticmethod(services.compact_update)

    def update_kwargs(self, instance, data):
        data.pop("mission", None)  # a compact stays in its mission
        return super().update_kwargs(instance, data)


class CommitmentViewSet(RestrictedModelViewSet):
    """Commitments of a compact; POST `status` reports where one stands (its owner's entity)."""

    queryset = Commitment.objects.select_related("owner")
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilterSet
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    create_parent = "compact"
    create_service = staticmethod(services.commitment_create)
    update_service = staticmethod(services.commitment_update)
    destroy_service = staticmethod(services.commitment_delete)

    @extend_schema(
        request=CommitmentStatusSerializer,
        responses=step_responses(CommitmentUpdateSerializer, status.HTTP_201_CREATED),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="status",
        permission_action="submit_update",
        serializer_class=CommitmentStatusSerializer,
    )
    def report(self, request, pk=None):
        body = CommitmentStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        update = services.commitment_status_submit(
            commitment=self.get_object(), actor=request.user, **body.validated_data
        )
        current = CommitmentUpdate.objects.restrict(request.user, "view").filter(pk=update.pk).first()
        if current is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(CommitmentUpdateSerializer(current).data, status=status.HTTP_201_CREATED)


class CommitmentUpdateViewSet(RestrictedReadOnlyViewSet):
    """Status updates of commitments; the mission planning unit approves or returns them."""

    queryset = CommitmentUpdate.objects.select_related("submitted_by", "approved_by").order_by("-id")
    serializer_class = CommitmentUpdateSerializer
    filterset_class = CommitmentUpdateFilterSet

    @extend_schema(request=None, responses=step_responses(CommitmentUpdateSerializer))
    @action(detail=True, methods=["post"], permission_action="approve_update", serializer_class=NoBodySerializer)
    def approve(self, request, pk=None):
        return self.step(services.commitment_status_approve)

    @extend_schema(request=ReturnSerializer, responses=step_responses(CommitmentUpdateSerializer))
    @action(
        detail=True,
        methods=["post"],
        url_path="return",
        permission_action="approve_update",
        serializer_class=ReturnSerializer,
    )
    def return_(self, request, pk=None):
        return self.step(services.commitment_status_return, body=ReturnSerializer)
