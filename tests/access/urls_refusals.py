"""A writable restricted endpoint over mandates, for the refusal tests."""

from rest_framework import serializers
from rest_framework.routers import DefaultRouter

from missions.api.base import RestrictedModelViewSet
from missions.models import Mandate


class MandateWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mandate
        fields = ["id", "mission", "resolution", "adopted_on", "summary"]


class MandateWriteViewSet(RestrictedModelViewSet):
    queryset = Mandate.objects.all()
    serializer_class = MandateWriteSerializer

    def parent_for_create(self, serializer):
        return serializer.validated_data["mission"]


router = DefaultRouter()
router.register("mandates", MandateWriteViewSet, basename="mandate-write")
urlpatterns = router.urls
