"""API for Integrated Strategic Frameworks and everything in them: priorities, results,
responsibilities, integration areas, funding lines, comments and signatures.

Reads are the user's visible rows (an invisible object is a 404). Every write calls the same service
the pages call, so the API refuses what the pages refuse: an endorsed version never changes, a
save based on a stale `updated_at` is a 409 with the current values, a workflow step out of order is
a 400 on `status`. Workflow steps are actions with their own `permission_action`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException

from frameworks import services
from frameworks.choices import CommentStatus, FrameworkStatus, SignatureDecision
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
from missions.api.base import RestrictedViewSetMixin, as_api_error, step_responses
from missions.models import Entity, Mission
from missions.stale import StaleEditError
from missions.texts import REASON_MAX


class StaleUpdate(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"


def call(service, **kwargs):
    """Run a service, turning its refusals into API errors."""
    try:
        return service(**kwargs)
    except StaleEditError as error:
        raise StaleUpdate(
            {
                "detail": str(error),
                "updated_at": error.current.updated_at.isoformat(),
                "changed": {
                    name: {"theirs": str(theirs), "yours": str(yours)}
                    for name, (theirs, yours) in error.changed.items()
                },
            }
        ) from None
    except DjangoValidationError as error:
        raise as_api_error(error) from None


LOCK_HELP = "The version your change is based on, as last read: required to change the row (else 400)."


def visible(model, user):
    return model.objects.restrict(user, "view")


class VisiblePrimaryKey(serializers.PrimaryKeyRelatedField):
    """A related object among the rows the requesting user may see."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        return visible(self.model, self.context["request"].user)


class VisibleParentsMixin:
    """A serializer whose links to other rows accept only rows the requesting user may see:
    `visible_parents` maps a field to its model and, for an optional link, True."""

    visible_parents: dict[str, tuple[type, bool]] = {}

    def get_fields(self):
        fields = super().get_fields()
        for name, (model, optional) in self.visible_parents.items():
            options = {"required": False, "allow_null": True} if optional else {}
            fields[name] = VisiblePrimaryKey(model, **options)
        return fields


# ---------- serializers ----------


class FrameworkSerializer(serializers.ModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="acronym", queryset=Mission.objects.all())
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
            "illustrative",
            "created_at",
            "updated_at",
            "from_current",
        ]
        read_only_fields = ["status", "version", "parent", "endorsed_on", "reviewed_on", "illustrative", "created_at"]
        validators = []  # the version number is the service's to give, not a uniqueness check on input
        extra_kwargs = {"period_start": {"required": False}, "period_end": {"required": False}}


class PrioritySerializer(VisibleParentsMixin, serializers.ModelSerializer):
    visible_parents = {"framework": (IntegratedStrategicFramework, False)}
    updated_at = serializers.DateTimeField(required=False, help_text=LOCK_HELP)

    class Meta:
        model = Priority
        fields = ["id", "framework", "order", "title", "description", "created_at", "updated_at"]
        read_only_fields = ["order", "created_at"]


class ResultSerializer(VisibleParentsMixin, serializers.ModelSerializer):
    visible_parents = {"priority": (Priority, False)}
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


class ResponsibilitySerializer(VisibleParentsMixin, serializers.ModelSerializer):
    visible_parents = {"result": (Result, False)}
    entity = serializers.SlugRelatedField(slug_field="code", queryset=Entity.objects.all())

    class Meta:
        model = Responsibility
        fields = ["id", "result", "entity", "role"]
        validators = []  # setting a row replaces it: the service decides, not a uniqueness check


class IntegrationAreaSerializer(VisibleParentsMixin, serializers.ModelSerializer):
    visible_parents = {"framework": (IntegratedStrategicFramework, False)}

    class Meta:
        model = IntegrationArea
        fields = ["id", "framework", "area", "depth", "rationale", "review_on"]
        validators = []  # setting a row replaces it: the service decides, not a uniqueness check


class FundingLineSerializer(VisibleParentsMixin, serializers.ModelSerializer):
    visible_parents = {"priority": (Priority, False)}

    class Meta:
        model = FundingLine
        fields = ["id", "priority", "source", "amount", "gap", "note"]
        validators = []  # setting a row replaces it: the service decides, not a uniqueness check


class CommentSerializer(VisibleParentsMixin, serializers.ModelSerializer):
    visible_parents = {
        "framework": (IntegratedStrategicFramework, False),
        "priority": (Priority, True),
        "result": (Result, True),
        "parent": (Comment, True),
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
        fields = ["id", "framework", "entity", "signed_by", "decision", "reason", "decided_at"]
        read_only_fields = fields


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=REASON_MAX)


class SignSerializer(serializers.Serializer):
    entity = serializers.SlugRelatedField(slug_field="code", queryset=Entity.objects.all())
    decision = serializers.ChoiceField(choices=SignatureDecision.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=REASON_MAX)


class MoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=["up", "down"])


class TaskLinksSerializer(serializers.Serializer):
    mandate_tasks = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)


class CommentStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CommentStatus.choices)


# ---------- filters ----------


class FrameworkFilter(filters.FilterSet):
    mission = filters.CharFilter(field_name="mission__acronym", label="Mission acronym")
    status = filters.MultipleChoiceFilter(choices=FrameworkStatus.choices)

    class Meta:
        model = IntegratedStrategicFramework
        fields = ["mission", "status", "version"]


def in_framework_filter(model, framework_path: str):
    class Filter(filters.FilterSet):
        framework = filters.NumberFilter(field_name=framework_path)
        mission = filters.CharFilter(field_name=f"{framework_path}__mission__acronym", label="Mission acronym")
        status = filters.MultipleChoiceFilter(
            field_name=f"{framework_path}__status", choices=FrameworkStatus.choices, label="Framework status"
        )

        class Meta:
            fields = ["framework", "mission", "status"]

    Filter.Meta.model = model
    Filter.__name__ = f"{model.__name__}Filter"
    return Filter


# ---------- viewsets ----------


class ServiceViewSet(RestrictedViewSetMixin, viewsets.GenericViewSet):
    """Lists and details of visible rows; subclasses write through services."""

    permission_action = None  # set per @action; read by RestrictedViewSetMixin.required_action

    def validated(self, instance=None) -> dict:
        """The request body as the serializer accepts it (partial when changing `instance`), else a 400.
        A change to a row with an optimistic lock must say which version it is based on."""
        serializer = self.get_serializer(instance, data=self.request.data, partial=instance is not None)
        serializer.is_valid(raise_exception=True)
        if (
            instance is not None
            and "updated_at" in serializer.fields
            and serializer.validated_data.get("updated_at") is None
        ):
            raise serializers.ValidationError({"updated_at": [str(LOCK_MISSING)]})
        return serializer.validated_data

    def reload(self, obj, code=status.HTTP_200_OK):
        return self.answer_visible(obj, code)


@extend_schema_view(
    list=extend_schema(summary="Frameworks the user may see"),
    create=extend_schema(summary="Start a framework: blank, or a copy of the endorsed version (from_current)"),
    partial_update=extend_schema(summary="Edit label, period or vision (send updated_at to detect a stale edit)"),
)
class FrameworkViewSet(
    ServiceViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin
):
    queryset = IntegratedStrategicFramework.objects.select_related("mission")
    serializer_class = FrameworkSerializer
    filterset_class = FrameworkFilter

    def create(self, request, *args, **kwargs):
        data = self.validated()
        mission = data["mission"]
        if not Mission.objects.restrict(request.user, "view").filter(pk=mission.pk).exists():
            raise serializers.ValidationError({"mission": ["No such mission."]})
        framework = call(
            services.framework_create,
            mission=mission,
            actor=request.user,
            from_current=data.get("from_current", False),
            label=data.get("label", ""),
            period_start=data.get("period_start"),
            period_end=data.get("period_end"),
            vision=data.get("vision", ""),
            illustrative=mission.illustrative,
        )
        return self.reload(framework, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        framework = self.get_object()
        data = self.validated(framework)
        framework = call(
            services.framework_update,
            framework=framework,
            actor=request.user,
            based_on=data.get("updated_at"),
            **{f: data.get(f, getattr(framework, f)) for f in ("label", "period_start", "period_end", "vision")},
        )
        return self.reload(framework)

    def _step(self, service, **kwargs):
        framework = self.get_object()
        call(service, framework=framework, actor=self.request.user, **kwargs)
        return self.reload(framework)

    @extend_schema(
        request=None,
        responses=step_responses(FrameworkSerializer),
        summary="Send a draft to the country team for consultation",
    )
    @action(detail=True, methods=["post"], permission_action="change")
    def consultation(self, request, pk=None):
        return self._step(services.framework_to_consultation)

    @extend_schema(request=None, responses=step_responses(FrameworkSerializer), summary="Submit for endorsement")
    @action(detail=True, methods=["post"], permission_action="change")
    def submit(self, request, pk=None):
        return self._step(services.framework_submit)

    @extend_schema(
        request=ReasonSerializer,
        responses=step_responses(FrameworkSerializer),
        summary="Return to draft, with a reason",
    )
    @action(detail=True, methods=["post"], url_path="return-to-draft", permission_action="change")
    def return_to_draft(self, request, pk=None):
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._step(services.framework_return_to_draft, reason=body.validated_data["reason"])

    @extend_schema(
        request=SignSerializer,
        responses=step_responses(FrameworkSerializer),
        summary="Sign or object for an entity (SRSG office or a lead entity)",
    )
    @action(detail=True, methods=["post"], permission_action="sign")
    def sign(self, request, pk=None):
        body = SignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._step(services.framework_sign, **body.validated_data)


class PriorityViewSet(ServiceViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin):
    queryset = Priority.objects.all()
    serializer_class = PrioritySerializer
    filterset_class = in_framework_filter(Priority, "framework")

    def create(self, request, *args, **kwargs):
        data = self.validated()
        priority = call(
            services.priority_add,
            framework=data["framework"],
            actor=request.user,
            title=data["title"],
            description=data.get("description", ""),
        )
        return self.reload(priority, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        priority = self.get_object()
        data = self.validated(priority)
        priority = call(
            services.priority_update,
            priority=priority,
            actor=request.user,
            based_on=data.get("updated_at"),
            title=data.get("title", priority.title),
            description=data.get("description", priority.description),
        )
        return self.reload(priority)

    def perform_destroy(self, instance):
        call(services.priority_delete, priority=instance, actor=self.request.user)

    @extend_schema(
        request=MoveSerializer, responses=step_responses(PrioritySerializer), summary="Move the priority up or down"
    )
    @action(detail=True, methods=["post"], permission_action="change")
    def move(self, request, pk=None):
        body = MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        priority = self.get_object()
        call(services.priority_move, priority=priority, actor=request.user, **body.validated_data)
        return self.reload(priority)


class ResultViewSet(ServiceViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin):
    queryset = Result.objects.select_related("priority").prefetch_related("mandate_tasks")
    serializer_class = ResultSerializer
    filterset_class = in_framework_filter(Result, "priority__framework")

    def create(self, request, *args, **kwargs):
        data = self.validated()
        result = call(
            services.result_add,
            priority=data["priority"],
            actor=request.user,
            statement=data["statement"],
            timeline_start=data.get("timeline_start"),
            timeline_end=data.get("timeline_end"),
        )
        return self.reload(result, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        result = self.get_object()
        data = self.validated(result)
        result = call(
            services.result_update,
            result=result,
            actor=request.user,
            based_on=data.get("updated_at"),
            **{f: data.get(f, getattr(result, f)) for f in ("statement", "timeline_start", "timeline_end")},
        )
        return self.reload(result)

    def perform_destroy(self, instance):
        call(services.result_delete, result=instance, actor=self.request.user)

    @extend_schema(
        request=MoveSerializer,
        responses=step_responses(ResultSerializer),
        summary="Move the result up or down within its priority",
    )
    @action(detail=True, methods=["post"], permission_action="change")
    def move(self, request, pk=None):
        body = MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = self.get_object()
        call(services.result_move, result=result, actor=request.user, **body.validated_data)
        return self.reload(result)

    @extend_schema(
        request=TaskLinksSerializer,
        responses=step_responses(ResultSerializer),
        summary="Set the mandate tasks the result serves",
    )
    @action(detail=True, methods=["post"], url_path="mandate-tasks", permission_action="change")
    def mandate_tasks(self, request, pk=None):
        body = TaskLinksSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = self.get_object()
        call(
            services.result_link_tasks, result=result, actor=request.user, task_ids=body.validated_data["mandate_tasks"]
        )
        return self.reload(result)


class ResponsibilityViewSet(ServiceViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin):
    """POST sets an entity's role for a result (lead or contributing); DELETE clears it."""

    queryset = Responsibility.objects.select_related("entity")
    serializer_class = ResponsibilitySerializer
    filterset_class = in_framework_filter(Responsibility, "result__priority__framework")

    def create(self, request, *args, **kwargs):
        data = self.validated()
        row = call(
            services.responsibility_set,
            result=data["result"],
            entity=data["entity"],
            role=data["role"],
            actor=request.user,
        )
        return self.reload(row, status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        call(
            services.responsibility_set,
            result=instance.result,
            entity=instance.entity,
            role="",
            actor=self.request.user,
        )


class IntegrationAreaViewSet(
    ServiceViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin
):
    queryset = IntegrationArea.objects.all()
    serializer_class = IntegrationAreaSerializer
    filterset_class = in_framework_filter(IntegrationArea, "framework")

    def _set(self, data, area_id=None, code=status.HTTP_200_OK):
        row = call(
            services.integration_area_set,
            framework=data["framework"],
            actor=self.request.user,
            area=data["area"],
            depth=data["depth"],
            rationale=data.get("rationale", ""),
            review_on=data.get("review_on"),
            area_id=area_id,
        )
        return self.reload(row, code)

    def create(self, request, *args, **kwargs):
        return self._set(self.validated(), code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        area = self.get_object()
        data = self.validated(area)
        fields = ("framework", "area", "depth", "rationale", "review_on")
        return self._set({f: data.get(f, getattr(area, f)) for f in fields}, area.pk)

    def perform_destroy(self, instance):
        call(
            services.integration_area_set,
            framework=instance.framework,
            actor=self.request.user,
            area=instance.area,
            depth="",
            area_id=instance.pk,
        )


class FundingLineViewSet(ServiceViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin):
    """POST records the amount and gap from a source for a priority (replacing what was there)."""

    queryset = FundingLine.objects.all()
    serializer_class = FundingLineSerializer
    filterset_class = in_framework_filter(FundingLine, "priority__framework")

    def create(self, request, *args, **kwargs):
        data = self.validated()
        line = call(
            services.funding_line_set,
            priority=data["priority"],
            actor=request.user,
            source=data["source"],
            amount=data.get("amount"),
            gap=data.get("gap"),
            note=data.get("note", ""),
        )
        return self.reload(line, status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        call(
            services.funding_line_set,
            priority=instance.priority,
            actor=self.request.user,
            source=instance.source,
            amount=None,
            gap=None,
        )


class CommentViewSet(ServiceViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """POST starts a thread on a priority or result, or replies (`parent`)."""

    queryset = Comment.objects.select_related("author", "author_entity", "priority", "result").prefetch_related(
        "mentioned_entities", "mentioned_users"
    )
    serializer_class = CommentSerializer
    filterset_class = in_framework_filter(Comment, "framework")

    def create(self, request, *args, **kwargs):
        data = self.validated()
        comment = call(
            services.comment_add,
            framework=data["framework"],
            actor=request.user,
            body=data["body"],
            priority=data.get("priority"),
            result=data.get("result"),
            parent=data.get("parent"),
        )
        return self.reload(comment, status.HTTP_201_CREATED)

    @extend_schema(
        request=CommentStatusSerializer,
        responses=step_responses(CommentSerializer),
        summary="Mark a thread open, addressed or resolved",
    )
    @action(detail=True, methods=["post"], url_path="status", permission_action="comment")
    def set_status(self, request, pk=None):
        body = CommentStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        comment = call(
            services.comment_set_status,
            comment=self.get_object(),
            actor=request.user,
            status=body.validated_data["status"],
        )
        return self.reload(comment)


class SignatureViewSet(ServiceViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Decisions on endorsement; recorded through the framework's `sign` action."""

    queryset = Signature.objects.select_related("entity", "signed_by")
    serializer_class = SignatureSerializer
    filterset_class = in_framework_filter(Signature, "framework")
