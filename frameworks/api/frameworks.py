"""API for Integrated Strategic Frameworks and everything in them: priorities, results,
responsibilities, integration areas, funding lines, comments and signatures.

Reads are the user's visible rows (an invisible object is a 404). Every write calls the same service
the pages call, so the API refuses what the pages refuse: an endorsed version never changes, a
save based on a stale `updated_at` is a 409 with the current values, a workflow step out of order is
a 400 on `status`. Workflow steps are actions with their own `permission_action`.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action

from frameworks import services
from frameworks.choices import CommentStatus, SignatureDecision
from frameworks.filtersets import (
    CommentFilterSet,
    FrameworkFilterSet,
    FundingLineFilterSet,
    IntegrationAreaFilterSet,
    PriorityFilterSet,
    ResponsibilityFilterSet,
    ResultFilterSet,
    SignatureFilterSet,
)
from frameworks.forms import LOCK_MISSING
from frameworks.models import (
    Comment,
    FundingLine,
    IntegratedStrategicFramework,
    IntegrationArea,
    Priority,
    Responsibility,
    Result,
    Signature,
)
from missions.generic.api import (
    RestrictedModelViewSet,
    RestrictedReadOnlyViewSet,
    VisibleRelatedMixin,
    step_responses,
)
from missions.models import Entity, Mission
from missions.texts import REASON_MAX

LOCK_HELP = "The version your change is based on, as last read: required to change the row (else 400)."


class LockedMixin:
    """A row with an optimistic lock: a change must say which version it is based on (`updated_at`),
    which the service compares with the row's (a stale one is a 409)."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is None:
            attrs.pop("updated_at", None)  # a new row is based on no version
        elif attrs.get("updated_at") is None:
            raise serializers.ValidationError({"updated_at": [str(LOCK_MISSING)]})
        return attrs


def changes(instance, data: dict, fields: tuple[str, ...]) -> dict:
    """An edit service's keywords: the fields the request sends, the others as they are, and the
    version the change is based on."""
    return {"based_on": data.get("updated_at"), **{name: data.get(name, getattr(instance, name)) for name in fields}}


# ---------- serializers ----------


class FrameworkSerializer(LockedMixin, VisibleRelatedMixin, serializers.ModelSerializer):
    visible_related = {"mission": Mission}
    mission = serializers.SlugRelatedField(
        slug_field="acronym", queryset=Mission.objects.all(), error_messages={"does_not_exist": "No such mission."}
    )
    from_current = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text="Start as a copy of the endorsed version."
    )
    updated_at = serializers.DateTimeField(required=False, help_text=LOCK_HELP)

    class Meta:
        model = IntegratedStrategicFramework
        fields = [
            "id",
            "mission",
            "label",
            "period_start",
            "period_end",
            "vision",
            "status",
            "version",
            "parent",
            "endorsed_on",
            "reviewed_on",
            "consultation_deadline",
            "illustrative",
            "created_at",
            "updated_at",
            "from_current",
        ]
        read_only_fields = [
            "status",
            "version",
            "parent",
            "endorsed_on",
            "reviewed_on",
            "consultation_deadline",
            "illustrative",
            "created_at",
        ]
        validators = []  # the version number is the service's to give, not a uniqueness check on input
        extra_kwargs = {"period_start": {"required": False}, "period_end": {"required": False}}


class PrioritySerializer(LockedMixin, VisibleRelatedMixin, serializers.ModelSerializer):
    visible_related = {"framework": IntegratedStrategicFramework}
    updated_at = serializers.DateTimeField(required=False, help_text=LOCK_HELP)

    class Meta:
        model = Priority
        fields = ["id", "framework", "order", "title", "description", "created_at", "updated_at"]
        read_only_fields = ["order", "created_at"]


class ResultSerializer(LockedMixin, VisibleRelatedMixin, serializers.ModelSerializer):
    visible_related = {"priority": Priority}
    updated_at = serializers.DateTimeField(required=False, help_text=LOCK_HELP)
    mandate_tasks = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Result
        fields = [
            "id",
            "priority",
            "order",
            "statement",
            "timeline_start",
            "timeline_end",
            "mandate_tasks",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["order", "created_at"]


class ResponsibilitySerializer(VisibleRelatedMixin, serializers.ModelSerializer):
    visible_related = {"result": Result}
    entity = serializers.SlugRelatedField(slug_field="code", queryset=Entity.objects.all())

    class Meta:
        model = Responsibility
        fields = ["id", "result", "entity", "role"]
        validators = []  # setting a row replaces it: the service decides, not a uniqueness check


class IntegrationAreaSerializer(VisibleRelatedMixin, serializers.ModelSerializer):
    visible_related = {"framework": IntegratedStrategicFramework}

    class Meta:
        model = IntegrationArea
        fields = ["id", "framework", "area", "depth", "rationale", "review_on"]
        validators = []  # setting a row replaces it: the service decides, not a uniqueness check


class FundingLineSerializer(VisibleRelatedMixin, serializers.ModelSerializer):
    visible_related = {"priority": Priority}

    class Meta:
        model = FundingLine
        fields = ["id", "priority", "source", "amount", "gap", "note"]
        validators = []  # setting a row replaces it: the service decides, not a uniqueness check


class CommentSerializer(VisibleRelatedMixin, serializers.ModelSerializer):
    visible_related = {
        "framework": IntegratedStrategicFramework,
        "priority": Priority,
        "result": Result,
        "parent": Comment,
    }
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    author_entity = serializers.SlugRelatedField(slug_field="code", read_only=True)
    mentioned_entities = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    mentioned_users = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    text_changed_since = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "framework",
            "priority",
            "result",
            "parent",
            "author",
            "author_entity",
            "body",
            "status",
            "framework_version",
            "quoted_text",
            "text_changed_since",
            "mentioned_entities",
            "mentioned_users",
            "created_at",
        ]
        read_only_fields = ["status", "framework_version", "quoted_text", "created_at"]

    def get_text_changed_since(self, obj) -> bool:
        current = obj.priority.title if obj.priority_id else obj.result.statement
        return current != obj.quoted_text


class SignatureSerializer(serializers.ModelSerializer):
    entity = serializers.SlugRelatedField(slug_field="code", read_only=True)
    signed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Signature
        fields = ["id", "framework", "entity", "signed_by", "decision", "reason", "open_threads", "decided_at"]
        read_only_fields = fields


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=REASON_MAX)


class ConsultationSerializer(serializers.Serializer):
    deadline = serializers.DateField(
        required=False, help_text="The date comments are due by: today or later (default: two weeks from today)."
    )


class SignSerializer(serializers.Serializer):
    entity = serializers.SlugRelatedField(slug_field="code", queryset=Entity.objects.all())
    decision = serializers.ChoiceField(choices=SignatureDecision.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=REASON_MAX)
    open_threads = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        help_text=(
            "A signature that endorses (the SRSG office's, or the last one missing) while comment threads "
            "are open: the number of open threads the signatory confirms endorsing with."
        ),
    )


class MoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=["up", "down"])


class TaskLinksSerializer(serializers.Serializer):
    mandate_tasks = serializers.ListField(source="task_ids", child=serializers.IntegerField(), allow_empty=True)


class CommentStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CommentStatus.choices)


# ---------- viewsets ----------


PATCH_ONLY = ["get", "post", "patch", "delete", "head", "options"]


@extend_schema_view(
    list=extend_schema(summary="Frameworks the user may see"),
    create=extend_schema(summary="Start a framework: blank, or a copy of the endorsed version (from_current)"),
    partial_update=extend_schema(summary="Edit label, period or vision (send updated_at to detect a stale edit)"),
)
class FrameworkViewSet(RestrictedModelViewSet):
    queryset = IntegratedStrategicFramework.objects.select_related("mission")
    serializer_class = FrameworkSerializer
    filterset_class = FrameworkFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    service_object = "framework"
    create_service = staticmethod(services.framework_create)
    update_service = staticmethod(services.framework_update)

    def create_kwargs(self, data):
        return {**data, "illustrative": data["mission"].illustrative}

    def update(self, request, *args, **kwargs):
        # PUT, like PATCH, changes the fields it sends, as it always has on this endpoint.
        return super().update(request, *args, partial=True)

    def update_kwargs(self, instance, data):
        return {"framework": instance, **changes(instance, data, ("label", "period_start", "period_end", "vision"))}

    @extend_schema(
        request=ConsultationSerializer,
        responses=step_responses(FrameworkSerializer),
        summary="Send a draft to the country team for consultation, with the date comments are due by",
    )
    @action(detail=True, methods=["post"], permission_action="change")
    def consultation(self, request, pk=None):
        return self.step(services.framework_to_consultation, body=ConsultationSerializer)

    @extend_schema(request=None, responses=step_responses(FrameworkSerializer), summary="Submit for endorsement")
    @action(detail=True, methods=["post"], permission_action="change")
    def submit(self, request, pk=None):
        return self.step(services.framework_submit)

    @extend_schema(
        request=ReasonSerializer,
        responses=step_responses(FrameworkSerializer),
        summary="Return to draft, with a reason",
    )
    @action(detail=True, methods=["post"], url_path="return-to-draft", permission_action="change")
    def return_to_draft(self, request, pk=None):
        return self.step(services.framework_return_to_draft, body=ReasonSerializer)

    @extend_schema(
        request=SignSerializer,
        responses=step_responses(FrameworkSerializer),
        summary="Sign or object for an entity (SRSG office or a lead entity)",
    )
    @action(detail=True, methods=["post"], permission_action="sign")
    def sign(self, request, pk=None):
        return self.step(services.framework_sign, body=SignSerializer)


class PriorityViewSet(RestrictedModelViewSet):
    queryset = Priority.objects.all()
    serializer_class = PrioritySerializer
    filterset_class = PriorityFilterSet
    http_method_names = PATCH_ONLY
    create_service = staticmethod(services.priority_add)
    update_service = staticmethod(services.priority_update)
    destroy_service = staticmethod(services.priority_delete)

    def update_kwargs(self, instance, data):
        return {"priority": instance, **changes(instance, data, ("title", "description"))}

    @extend_schema(
        request=MoveSerializer, responses=step_responses(PrioritySerializer), summary="Move the priority up or down"
    )
    @action(detail=True, methods=["post"], permission_action="change")
    def move(self, request, pk=None):
        return self.step(services.priority_move, body=MoveSerializer)


class ResultViewSet(RestrictedModelViewSet):
    queryset = Result.objects.select_related("priority").prefetch_related("mandate_tasks")
    serializer_class = ResultSerializer
    filterset_class = ResultFilterSet
    http_method_names = PATCH_ONLY
    create_service = staticmethod(services.result_add)
    update_service = staticmethod(services.result_update)
    destroy_service = staticmethod(services.result_delete)

    def update_kwargs(self, instance, data):
        return {"result": instance, **changes(instance, data, ("statement", "timeline_start", "timeline_end"))}

    @extend_schema(
        request=MoveSerializer,
        responses=step_responses(ResultSerializer),
        summary="Move the result up or down within its priority",
    )
    @action(detail=True, methods=["post"], permission_action="change")
    def move(self, request, pk=None):
        return self.step(services.result_move, body=MoveSerializer)

    @extend_schema(
        request=TaskLinksSerializer,
        responses=step_responses(ResultSerializer),
        summary="Set the mandate tasks the result serves",
    )
    @action(detail=True, methods=["post"], url_path="mandate-tasks", permission_action="change")
    def mandate_tasks(self, request, pk=None):
        return self.step(services.result_link_tasks, body=TaskLinksSerializer)


class ResponsibilityViewSet(RestrictedModelViewSet):
    """POST sets an entity's role for a result (lead or contributing); DELETE clears it."""

    queryset = Responsibility.objects.select_related("entity")
    serializer_class = ResponsibilitySerializer
    filterset_class = ResponsibilityFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]
    create_service = destroy_service = staticmethod(services.responsibility_set)

    def destroy_kwargs(self, instance):
        return {"result": instance.result, "entity": instance.entity, "role": ""}


class IntegrationAreaViewSet(RestrictedModelViewSet):
    queryset = IntegrationArea.objects.all()
    serializer_class = IntegrationAreaSerializer
    filterset_class = IntegrationAreaFilterSet
    http_method_names = PATCH_ONLY
    create_service = update_service = destroy_service = staticmethod(services.integration_area_set)

    def update_kwargs(self, instance, data):
        fields = ("framework", "area", "depth", "rationale", "review_on")
        return {**{name: data.get(name, getattr(instance, name)) for name in fields}, "area_id": instance.pk}

    def destroy_kwargs(self, instance):
        return {"framework": instance.framework, "area": instance.area, "depth": "", "area_id": instance.pk}


class FundingLineViewSet(RestrictedModelViewSet):
    """POST records the amount and gap from a source for a priority (replacing what was there)."""

    queryset = FundingLine.objects.all()
    serializer_class = FundingLineSerializer
    filterset_class = FundingLineFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]
    create_service = destroy_service = staticmethod(services.funding_line_set)

    def create_kwargs(self, data):
        return {"amount": None, "gap": None, **data}

    def destroy_kwargs(self, instance):
        return {"priority": instance.priority, "source": instance.source, "amount": None, "gap": None}


class CommentViewSet(RestrictedModelViewSet):
    """POST starts a thread on a priority or result, or replies (`parent`)."""

    queryset = Comment.objects.select_related("author", "author_entity", "priority", "result").prefetch_related(
        "mentioned_entities", "mentioned_users"
    )
    serializer_class = CommentSerializer
    filterset_class = CommentFilterSet
    http_method_names = ["get", "post", "head", "options"]
    create_service = staticmethod(services.comment_add)

    @extend_schema(
        request=CommentStatusSerializer,
        responses=step_responses(CommentSerializer),
        summary="Mark a thread open, addressed or resolved",
    )
    @action(detail=True, methods=["post"], url_path="status", permission_action="comment")
    def set_status(self, request, pk=None):
        return self.step(services.comment_set_status, body=CommentStatusSerializer)


class SignatureViewSet(RestrictedReadOnlyViewSet):
    """Decisions on endorsement; recorded through the framework's `sign` action."""

    queryset = Signature.objects.select_related("entity", "signed_by")
    serializer_class = SignatureSerializer
    filterset_class = SignatureFilterSet
