"""The IAP minimum requirements through the API, for the missions the caller may see."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from missions.access import get_allowed_object
from missions.models import Mission
from planning.api.serializers import MissionIAPSerializer
from planning.filtersets import IAPFilterSet
from planning.iap import iap_standings
from planning.selectors import visible_missions


class MissionIAPView(APIView):
    """The IAP status of one mission; a mission the caller may not see is a 404."""

    serializer_class = MissionIAPSerializer

    @extend_schema(responses=MissionIAPSerializer, operation_id="mission_iap_retrieve")
    def get(self, request, acronym: str):
        mission = get_allowed_object(Mission.objects.select_related("lead_department"), request.user, acronym=acronym)
        status = iap_standings([mission])[mission.pk]
        return Response(MissionIAPSerializer(status).data)


class IAPListView(generics.GenericAPIView):
    """The IAP status of every mission the caller may see, a page at a time; `?mission=ACRONYM`
    narrows it to one."""

    serializer_class = MissionIAPSerializer
    filterset_class = IAPFilterSet

    def get_queryset(self):
        return visible_missions(self.request.user).order_by("acronym")

    @extend_schema(responses=MissionIAPSerializer(many=True))
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        statuses = iap_standings(page)
        data = self.get_serializer([statuses[mission.pk] for mission in page], many=True).data
        return self.get_paginated_response(data)
