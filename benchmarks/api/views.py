"""Viewsets of the benchmarks API on the restricted base viewsets: lists hold only visible rows,
writes and workflow actions check their action on the object."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from benchmarks.api.serializers import (
    BenchmarkSerializer,
    CapacityGapSerializer,
    IndicatorSerializer,
    ManySerializer,
    NoBodySerializer,
    ProgressUpdateSerializer,
    ReturnSerializer,
    UpdateSubmitSerializer,
)
from benchmarks.models import Benchmark, CapacityGap, CapacityGapReview, Indicator, ProgressUpdate
from benchmarks.selectors import (
    benchmarks_with_status,
    dashboard_for_mission,
    indicator_latest_values,
    portfolio_rows,
    with_standings,
)
from benchmarks.services import (
    benchmark_create,
    benchmark_update,
    indicator_create,
    indicator_update,
    update_approve,
    update_return,
    update_submit,
    updates_approve_many,
    updates_return_many,
)
from missions.api.base import RestrictedModelViewSet, RestrictedReadOnlyViewSet, as_api_error, step_responses
from missions.models import Mission


def _as_of(request) -> dt.date:
    try:
        return min(dt.date.fromisoformat(request.query_params.get("period", "")), timezone.localdate())
    except ValueError:
        return timezone.localdate()


class BenchmarkViewSet(RestrictedModelViewSet):
    queryset = Benchmark.objects.all()
    serializer_class = BenchmarkSerializer
    filterset_fields = ["is_transition"]

    def get_queryset(self):
        qs = super().get_queryset().select_related("mission").prefetch_related("results", "mandate_tasks")
        if mission := self.request.query_params.get("mission"):
            qs = qs.filter(mission__acronym=mission)
        return benchmarks_with_status(qs, as_of=timezone.localdate()).order_by("mission__acronym", "order", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = benchmark_create(actor=self.request.user, **data)
        except DjangoValidationError as error:
            raise as_api_error(error)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("mission", None)
        try:
            serializer.instance = benchmark_update(benchmark=serializer.instance, actor=self.request.user, **data)
        except DjangoValidationError as error:
            raise as_api_error(error)


class IndicatorViewSet(RestrictedModelViewSet):
    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    filterset_fields = ["benchmark", "frequency"]

    def get_queryset(self):
        qs = super().get_queryset()
        if mission := self.request.query_params.get("mission"):
            qs = qs.filter(benchmark__mission__acronym=mission)
        return indicator_latest_values(qs, as_of=_as_of(self.request))

    # The figures by the monitoring rules are given to the rows a response holds (one query).
    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return with_standings(list(page), as_of=_as_of(self.request)) if page is not None else None

    def get_object(self):
        return with_standings([super().get_object()], as_of=_as_of(self.request))[0]

    def _fresh(self, pk: int) -> Indicator:
        as_of = _as_of(self.request)
        return with_standings(
            [indicator_latest_values(Indicator.objects.filter(pk=pk), as_of=as_of).get()], as_of=as_of
        )[0]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        benchmark = data.pop("benchmark")
        if not Benchmark.objects.restrict(self.request.user, "view").filter(pk=benchmark.pk).exists():
            raise serializers.ValidationError({"benchmark": ["Benchmark not found."]})
        try:
            indicator = indicator_create(benchmark=benchmark, actor=self.request.user, **data)
        except DjangoValidationError as error:
            raise as_api_error(error)
        serializer.instance = self._fresh(indicator.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("benchmark", None)
        try:
            indicator_update(indicator=serializer.instance, actor=self.request.user, **data)
        except DjangoValidationError as error:
            raise as_api_error(error)
        serializer.instance = self._fresh(serializer.instance.pk)


class NewestFirst(CursorPagination):
    """Pages by a cursor on the primary key: with a million updates, a page costs an index walk,
    where page numbers would count and sort every visible row."""

    ordering = "-id"
    page_size = 50


class ProgressUpdateFilter(django_filters.FilterSet):
    """`indicator` by id: a choice filter over every indicator would be copied with its
    queryset on every request."""

    indicator = django_filters.NumberFilter(field_name="indicator_id")

    class Meta:
        model = ProgressUpdate
        fields = ["state", "status", "indicator", "period_start"]


class ProgressUpdateViewSet(RestrictedReadOnlyViewSet):
    """Progress updates, newest first; submit, approve and return (one or many) are actions."""

    pagination_class = NewestFirst

    queryset = ProgressUpdate.objects.all()
    serializer_class = ProgressUpdateSerializer
    # DRF passes an @action's extra keywords to as_view(), which accepts only class attributes.
    permission_action = None
    filterset_class = ProgressUpdateFilter

    def get_queryset(self):
        qs = (
            super()
            .get_queryset()
            .annotate(
                mission_acronym=F("indicator__benchmark__mission__acronym"),
                submitted_by_name=F("submitted_by__username"),
                approved_by_name=F("approved_by__username"),
            )
            .order_by("-id")
        )
        if mission := self.request.query_params.get("mission"):
            qs = qs.filter(indicator__benchmark__mission__acronym=mission)
        return qs

    def _respond(self, update, code=status.HTTP_200_OK):
        return self.answer_visible(update, code, serializer_class=ProgressUpdateSerializer)

    @extend_schema(
        request=UpdateSubmitSerializer, responses=step_responses(ProgressUpdateSerializer, status.HTTP_201_CREATED)
    )
    @action(detail=False, methods=["post"], permission_action="submit_update", serializer_class=UpdateSubmitSerializer)
    def submit(self, request):
        serializer = UpdateSubmitSerializer(data=request.data, user=request.user)
        serializer.is_valid(raise_exception=True)
        try:
            update = update_submit(actor=request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise as_api_error(error)
        return self._respond(update, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=step_responses(ProgressUpdateSerializer))
    @action(detail=True, methods=["post"], permission_action="approve_update", serializer_class=NoBodySerializer)
    def approve(self, request, pk=None):
        try:
            update = update_approve(update=self.get_object(), actor=request.user)
        except DjangoValidationError as error:
            raise as_api_error(error)
        return self._respond(update)

    @extend_schema(request=ReturnSerializer, responses=step_responses(ProgressUpdateSerializer))
    @action(
        detail=True,
        methods=["post"],
        url_path="return",
        permission_action="approve_update",
        serializer_class=ReturnSerializer,
    )
    def return_(self, request, pk=None):
        update = self.get_object()
        serializer = ReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            update = update_return(update=update, actor=request.user, reason=serializer.validated_data["reason"])
        except DjangoValidationError as error:
            raise as_api_error(error)
        return self._respond(update)

    @action(
        detail=False,
        methods=["post"],
        url_path="approve-many",
        permission_action="approve_update",
        serializer_class=ManySerializer,
    )
    def approve_many(self, request):
        serializer = ManySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            done = updates_approve_many(update_ids=serializer.validated_data["updates"], actor=request.user)
        except ProgressUpdate.DoesNotExist:
            raise NotFound
        except DjangoValidationError as error:
            raise as_api_error(error)
        return Response({"approved": [update.pk for update in done]})

    @action(
        detail=False,
        methods=["post"],
        url_path="return-many",
        permission_action="approve_update",
        serializer_class=ManySerializer,
    )
    def return_many(self, request):
        serializer = ManySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            done = updates_return_many(
                update_ids=serializer.validated_data["updates"],
                actor=request.user,
                reason=serializer.validated_data["reason"],
            )
        except ProgressUpdate.DoesNotExist:
            raise NotFound
        except DjangoValidationError as error:
            raise as_api_error(error)
        return Response({"returned": [update.pk for update in done]})


class CapacityGapViewSet(RestrictedReadOnlyViewSet):
    queryset = CapacityGap.objects.all()
    serializer_class = CapacityGapSerializer
    filterset_fields = ["status", "category"]

    def get_queryset(self):
        reviews = CapacityGapReview.objects.select_related("mandate").order_by("mandate__adopted_on")
        qs = super().get_queryset().select_related("mission").prefetch_related(Prefetch("reviews", queryset=reviews))
        if mission := self.request.query_params.get("mission"):
            qs = qs.filter(mission__acronym=mission)
        return qs


class DashboardViewSet(RestrictedReadOnlyViewSet):
    """The portfolio (list) and a mission's dashboard (detail, by acronym) as data; ?period=
    gives the date the status is computed for."""

    queryset = Mission.objects.all()
    lookup_field = "acronym"
    pagination_class = None
    serializer_class = NoBodySerializer

    def list(self, request):
        rows = portfolio_rows(self.get_queryset(), as_of=_as_of(request))
        return Response(
            [
                {
                    "mission": row["mission"].acronym,
                    "name": row["mission"].name,
                    "phase": row["mission"].phase,
                    "benchmarks": row["benchmarks"],
                    "status_counts": {str(key): value for key, value in row["counts"].items()},
                    "overdue": row["overdue"],
                    "transition_benchmarks": row["transition"],
                    "transition_readiness": row["readiness"],
                    "extra": row["extra"],
                }
                for row in rows
            ]
        )

    def retrieve(self, request, acronym=None):
        mission = self.get_object()
        as_of = _as_of(request)
        dashboard = dashboard_for_mission(mission, as_of, user=request.user)
        return Response(
            {
                "mission": mission.acronym,
                "as_of": as_of,
                "status_counts": {str(status): count for status, count in dashboard.status_counts},
                "benchmarks": [
                    {
                        "id": row.benchmark.pk,
                        "title": row.benchmark.title,
                        "is_transition": row.benchmark.is_transition,
                        "status": row.status.value,
                        "priorities": [
                            priority["priority"].pk
                            for priority, linked in zip(dashboard.matrix, row.priority_cells, strict=True)
                            if linked
                        ],
                        "indicators": [
                            {
                                "id": indicator.pk,
                                "name": indicator.name,
                                "unit": indicator.unit,
                                "baseline": indicator.baseline_value,
                                "target": indicator.target_value,
                                "latest_value": indicator.latest_value,
                                "current_value": indicator.current_value,
                                "status": indicator.latest_status,
                                "is_overdue": indicator.is_overdue,
                                "trend": [
                                    {
                                        "period_end": point["period_end"],
                                        "value": point["value"],
                                        "status": point["status"],
                                    }
                                    for point in indicator.trend
                                ],
                            }
                            for indicator in row.indicators
                        ],
                    }
                    for row in dashboard.benchmarks
                ],
                "priorities": [{"id": p["priority"].pk, "title": p["priority"].title} for p in dashboard.matrix],
                "overdue": [
                    {
                        "indicator": indicator.pk,
                        "period_start": indicator.due_start,
                        "period_end": indicator.due_end,
                        "owed_by": "approval"
                        if indicator.due_state == "submitted"
                        else indicator.responsible_entity.code,
                    }
                    for indicator in dashboard.overdue
                ],
                "transition_readiness": [
                    {"date": point.date, "ready": point.ready, "total": point.total, "percent": point.percent}
                    for point in dashboard.readiness
                ],
                "capacity_gaps": [
                    {
                        "id": row["gap"].pk,
                        "description": row["gap"].description,
                        "status": row["gap"].status,
                        "reviews": [
                            {"mandate": mandate.resolution, "status": review.status if review else None}
                            for mandate, review in zip(dashboard.mandates, row["reviews"], strict=True)
                        ],
                    }
                    for row in dashboard.gaps
                ],
            }
        )
