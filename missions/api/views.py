"""API of the missions app. Missions and what their setup records (mandates and tasks, country
team, leadership posts, phase changes) go through the access layer and write through the
services; entities are public reference data for any signed-in user; the memberships endpoint
shows the caller's own."""

from rest_framework import viewsets

from missions.api.serializers import (
    CountryTeamMemberSerializer,
    EntitySerializer,
    LeadershipPostSerializer,
    MandateSerializer,
    MandateTaskSerializer,
    MembershipSerializer,
    MissionCreateSerializer,
    MissionSerializer,
    PhaseChangeSerializer,
)
from missions.filtersets import (
    CountryTeamFilterSet,
    EntityFilterSet,
    LeadershipPostFilterSet,
    MandateFilterSet,
    MandateTaskFilterSet,
    MissionFilterSet,
    PhaseChangeFilterSet,
)
from missions.generic.api import RestrictedModelViewSet
from missions.models import CountryTeamMember, Entity, LeadershipPost, Mandate, MandateTask, Mission, PhaseChange
from missions.selectors import memberships_of
from missions.services import (
    country_team_add,
    country_team_remove,
    country_team_update,
    leadership_post_create,
    leadership_post_delete,
    leadership_post_update,
    mandate_create,
    mandate_task_create,
    mandate_task_delete,
    mandate_task_update,
    mandate_update,
    mission_create,
    mission_update,
    phase_change_record,
)

READ_CREATE_CHANGE = ["get", "post", "patch", "head", "options"]
READ_CREATE_CHANGE_DELETE = [*READ_CREATE_CHANGE, "delete"]


class StaysInItsMission:
    """A row stays in the mission (or mandate) it was created in: an update ignores the parent."""

    parent_field = "mission"

    def update_kwargs(self, instance, data):
        data.pop(self.parent_field, None)
        return super().update_kwargs(instance, data)


class MissionViewSet(RestrictedModelViewSet):
    """Missions the caller may see, by acronym. Headquarters planners create missions their
    department leads; planners of a mission edit it."""

    queryset = Mission.objects.select_related("lead_department", "entity").order_by("acronym")
    serializer_class = MissionSerializer
    lookup_field = "acronym"
    filterset_class = MissionFilterSet
    http_method_names = READ_CREATE_CHANGE
    create_service = staticmethod(mission_create)
    update_service = staticmethod(mission_update)

    def get_serializer_class(self):
        return MissionCreateSerializer if self.action == "create" else MissionSerializer


class MandateViewSet(RestrictedModelViewSet):
    """Mandates; one is created with its tasks (`tasks`: paragraph and text each) in one write."""

    queryset = Mandate.objects.select_related("mission").order_by("mission__acronym", "-adopted_on")
    serializer_class = MandateSerializer
    filterset_class = MandateFilterSet
    http_method_names = READ_CREATE_CHANGE
    create_parent = "mission"
    create_service = staticmethod(mandate_create)
    update_service = staticmethod(mandate_update)

    def update_kwargs(self, instance, data):
        data.pop("mission", None)
        data.pop("tasks", None)  # tasks change through the mandate-tasks endpoint
        return super().update_kwargs(instance, data)


class MandateTaskViewSet(StaysInItsMission, RestrictedModelViewSet):
    queryset = MandateTask.objects.select_related("mandate__mission", "lead_entity", "handover_to").order_by(
        "mandate__mission__acronym", "mandate", "paragraph"
    )
    serializer_class = MandateTaskSerializer
    filterset_class = MandateTaskFilterSet
    http_method_names = READ_CREATE_CHANGE_DELETE
    parent_field = "mandate"
    create_parent = "mandate"
    create_service = staticmethod(mandate_task_create)
    update_service = staticmethod(mandate_task_update)
    destroy_service = staticmethod(mandate_task_delete)


class CountryTeamViewSet(StaysInItsMission, RestrictedModelViewSet):
    """The entities of missions' country teams with their heads; an entity is in a team once."""

    queryset = CountryTeamMember.objects.select_related("mission", "entity").order_by(
        "mission__acronym", "entity__code"
    )
    serializer_class = CountryTeamMemberSerializer
    filterset_class = CountryTeamFilterSet
    http_method_names = READ_CREATE_CHANGE_DELETE
    create_parent = "mission"
    create_service = staticmethod(country_team_add)
    update_service = staticmethod(country_team_update)
    destroy_service = staticmethod(country_team_remove)

    def update_kwargs(self, instance, data):
        data.pop("entity", None)  # another entity is another member: remove this one and add it
        return super().update_kwargs(instance, data)


class LeadershipPostViewSet(StaysInItsMission, RestrictedModelViewSet):
    """Posts of missions' leadership, with the hats their holders wear."""

    queryset = LeadershipPost.objects.select_related("mission").order_by("mission__acronym", "kind", "title")
    serializer_class = LeadershipPostSerializer
    filterset_class = LeadershipPostFilterSet
    http_method_names = READ_CREATE_CHANGE_DELETE
    create_parent = "mission"
    create_service = staticmethod(leadership_post_create)
    update_service = staticmethod(leadership_post_update)
    destroy_service = staticmethod(leadership_post_delete)


class PhaseChangeViewSet(RestrictedModelViewSet):
    """Missions' lifecycle: each phase change is dated after the last and moves the mission's phase."""

    queryset = PhaseChange.objects.select_related("mission").order_by("mission__acronym", "started_on")
    serializer_class = PhaseChangeSerializer
    filterset_class = PhaseChangeFilterSet
    http_method_names = ["get", "post", "head", "options"]
    create_parent = "mission"
    create_service = staticmethod(phase_change_record)


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
