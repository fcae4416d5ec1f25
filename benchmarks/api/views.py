"""Viewsets of the benchmarks API on the restricted base viewsets: lists hold only visible rows,
writes and workflow actions check their action on the object."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from benchmarks.api.serializers import (
    AsOfSerializer,
    BenchmarkSerializer,
    CapacityGapSerializer,
    IndicatorSerializer,
    ManySerializer,
    NoBodySerializer,
    ProgressUpdateSerializer,
    ReturnSerializer,
    UpdateSubmitSerializer,
)
from benchmarks.filtersets import (
    BenchmarkFilterSet,
    CapacityGapFilterSet,
    IndicatorFilterSet,
    ProgressUpdateFilterSet,
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
    benchmark_delete,
    benchmark_update,
    capacity_gap_create,
    capacity_gap_update,
    indicator_create,
    indicator_delete,
    indicator_update,
    update_approve,
    update_return,
    update_submit,
    updates_approve_many,
    updates_return_many,
)
from missions.generic.api import RestrictedModelViewSet, RestrictedReadOnlyViewSet, step_responses
from missions.models import Mission


class AsOfMixin:
    """`?period=` (a date, at most today; today when not given) is the date figures are computed for."""

    @property
    def as_of(self) -> dt.date:
        if not hasattr(self, "_as_of"):
            period = AsOfSerializer(data=self.request.query_params)
            period.is_valid(raise_exception=True)
            self._as_of = min(period.validated_data.get("period") or timezone.localdate(), timezone.localdate())
        return self._as_of


AS_OF = extend_schema(parameters=[AsOfSerializer])


class BenchmarkViewSet(RestrictedModelViewSet):
    queryset = Benchmark.objects.all()
    serializer_class = BenchmarkSerializer
    filterset_class = BenchmarkFilterSet
    create_service = staticmethod(benchmark_create)
    update_service = staticmethod(benchmark_update)
    destroy_service = staticmethod(benchmark_delete)

    def get_queryset(self):
        qs = super().get_queryset().select_related("mission").prefetch_related("results", "mandate_tasks")
        return benchmarks_with_status(qs, as_of=timezone.localdate()).order_by("mission__acronym", "order", "id")

    def update_kwargs(self, instance, data):
        data.pop("mission", None)  # a benchmark stays in its mission
        return super().update_kwargs(instance, data)


@extend_schema_view(list=AS_OF, retrieve=AS_OF)
class IndicatorViewSet(AsOfMixin, RestrictedModelViewSet):
    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    create_service = staticmethod(indicator_create)
    update_service = staticmethod(indicator_update)
    destroy_service = staticmethod(indicator_delete)

    def get_queryset(self):
        # By benchmark, then indicator: a page is an index walk. The benchmarks' own order (as the
        # dashboard shows them) would join and sort every visible indicator before the first page.
        return indicator_latest_values(super().get_queryset(), as_of=self.as_of).order_by("benchmark_id", "id")

    # The figures by the monitoring rules are given to the rows a response holds (one query).
    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return with_standings(list(page), as_of=self.as_of) if page is not None else None

    def get_object(self):
        return with_standings([super().get_object()], as_of=self.as_of)[0]

    def visible_again(self, obj):
        current = super().visible_again(obj)
        return with_standings([current], as_of=self.as_of)[0] if current is not None else None

    def update_kwargs(self, instance, data):
        data.pop("benchmark", None)  # an indicator stays under its benchmark
        return super().update_kwargs(instance, data)


class NewestFirst(CursorPagination):
    """Pages by a cursor on the primary key: with a million updates, a page costs an index walk,
    where page numbers would count and sort every visible row."""

    ordering = "-id"
    page_size = 50


class ProgressUpdateViewSet(RestrictedReadOnlyViewSet):
    """Progress updates, newest first; submit, approve and return (one or many) are actions."""

    pagination_class = NewestFirst

    queryset = ProgressUpdate.objects.all()
    serializer_class = ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilterSet
    service_object = "update"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(
                mission_acronym=F("indicator__benchmark__mission__acronym"),
                submitted_by_name=F("submitted_by__username"),
                approved_by_name=F("approved_by__username"),
            )
            .order_by("-id")
        )

    @extend_schema(
        request=UpdateSubmitSerializer, responses=step_responses(ProgressUpdateSerializer, status.HTTP_201_CREATED)
    )
    @action(detail=False, methods=["post"], permission_action="submit_update", serializer_class=UpdateSubmitSerializer)
    def submit(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        update = update_submit(actor=request.user, **serializer.validated_data)
        return self.answer_visible(update, status.HTTP_201_CREATED, serializer_class=ProgressUpdateSerializer)

    @extend_schema(request=None, responses=step_responses(ProgressUpdateSerializer))
    @action(detail=True, methods=["post"], permission_action="approve_update", serializer_class=NoBodySerializer)
    def approve(self, request, pk=None):
        return self.step(update_approve)

    @extend_schema(request=ReturnSerializer, responses=step_responses(ProgressUpdateSerializer))
    @action(
        detail=True,
        methods=["post"],
        url_path="return",
        permission_action="approve_update",
        serializer_class=ReturnSerializer,
    )
    def return_(self, request, pk=None):
        return self.step(update_return, body=ReturnSerializer)

    @action(
        detail=False,
        methods=["post"],
        url_path="approve-many",
        permission_action="approve_update",
        serializer_class=ManySerializer,
    )
    def approve_many(self, request):
        return self._batch(updates_approve_many, "approved")

    @action(
        detail=False,
        methods=["post"],
        url_path="return-many",
        permission_action="approve_update",
        serializer_class=ManySerializer,
    )
    def return_many(self, request):
        return self._batch(updates_return_many, "returned", reason=True)

    def _batch(self, service, answer: str, reason: bool = False) -> Response:
        """Approve or return the updates the body lists, all or none; answers their ids."""
        body = ManySerializer(data=self.request.data)
        body.is_valid(raise_exception=True)
        extra = {"reason": body.validated_data["reason"]} if reason else {}
        done = service(update_ids=body.validated_data["updates"], actor=self.request.user, **extra)
        return Response({answer: [update.pk for update in done]})


class CapacityGapViewSet(RestrictedModelViewSet):
    """Capacity gaps of missions: what the mandate asks, what is missing and its effect, with the
    status decided at each mandate review."""

    queryset = CapacityGap.objects.all()
    serializer_class = CapacityGapSerializer
    filterset_class = CapacityGapFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_parent = "mission"
    create_service = staticmethod(capacity_gap_create)
    update_service = staticmethod(capacity_gap_update)

    def update_kwargs(self, instance, data):
        data.pop("mission", None)  # a gap stays in its mission
        return super().update_kwargs(instance, data)

    def get_queryset(self):
        reviews = CapacityGapReview.objects.select_related("mandate").order_by("mandate__adopted_on")
        return super().get_queryset().select_related("mission").prefetch_related(Prefetch("reviews", queryset=reviews))


@extend_schema_view(list=AS_OF, retrieve=AS_OF)
class DashboardViewSet(AsOfMixin, RestrictedReadOnlyViewSet):
    """The portfolio (list) and a mission's dashboard (detail, by acronym) as data; ?period=
    gives the date the status is computed for."""

    queryset = Mission.objects.all()
    lookup_field = "acronym"
    pagination_class = None
    serializer_class = NoBodySerializer

    def list(self, request):
        rows = portfolio_rows(self.get_queryset(), as_of=self.as_of)
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
        as_of = self.as_of
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
