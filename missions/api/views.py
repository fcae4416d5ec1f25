"""Read-only API of the missions app. Missions, mandates and mandate tasks go through the access
layer (RestrictedReadOnlyViewSet); entities are public reference data for any signed-in user; the
memberships endpoint shows the caller's own."""

from rest_framework import viewsets

from missions.api.serializers import (
    EntitySerializer,
    MandateSerializer,
    MandateTaskSerializer,
    MembershipSerializer,
    MissionSerializer,
)
from missions.filtersets import EntityFilterSet, MandateFilterSet, MandateTaskFilterSet, MissionFilterSet
from missions.generic.api import RestrictedReadOnlyViewSet
from missions.models import Entity, Mandate, MandateTask, Mission
from missions.selectors import memberships_of


class MissionViewSet(RestrictedReadOnlyViewSet):
    """Missions the caller may see, by acronym."""

    queryset = Mission.objects.select_related("lead_department", "entity").order_by("acronym")
    serializer_class = MissionSerializer
    lookup_field = "acronym"
    filterset_class = MissionFilterSet


class MandateViewSet(RestrictedReadOnlyViewSet):
    queryset = Mandate.objects.select_related("mission").order_by("mission__acronym", "-adopted_on")
    serializer_class = MandateSerializer
    filterset_class = MandateFilterSet


class MandateTaskViewSet(RestrictedReadOnlyViewSet):
    queryset = MandateTask.objects.select_related("mandate__mission", "lead_entity", "handover_to").order_by(
        "mandate__mission__acronym", "mandate", "paragraph"
    )
    serializer_class = MandateTaskSerializer
    filterset_class = MandateTaskFilterSet


class EntityViewSet(viewsets.ReadOnlyModelViewSet):
    """UN and partner entities: reference data every signed-in user may read."""

    queryset = Entity.objects.order_by("code")
    serializer_class = EntitySerializer
    lookup_field = "code"
    filterset_class = EntityFilterSet


class MembershipViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own memberships (entity, role, missions)."""

    serializer_class = MembershipSerializer

    def get_queryset(self):
        return memberships_of(self.request.user)
