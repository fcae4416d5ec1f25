"""A writable restricted endpoint over mandates, for the refusal tests."""

from rest_framework import serializers
from rest_framework.routers import DefaultRouter

from missions.access import check_allowed
from missions.generic.api import RestrictedModelViewSet
from missions.models import Mandate


def mandate_create(*, actor, **fields):
    return Mandate.objects.create(**fields)


def mandate_update(*, actor, mandate, **fields):
    check_allowed(actor, "change", mandate)
    Mandate.objects.filter(pk=mandate.pk).update(**fields)
    return mandate


def mandate_delete(*, actor, mandate):
    check_allowed(actor, "delete", mandate)
    mandate.delete()


class MandateWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mandate
        fields = ["id", "mission", "resolution", "adopted_on", "summary"]


class MandateWriteViewSet(RestrictedModelViewSet):
    queryset = Mandate.objects.all()
    serializer_class = MandateWriteSerializer
    create_parent = "mission"
    create_service = staticmethod(mandate_create)
    update_service = staticmethod(mandate_update)
    destroy_service = staticmethod(mandate_delete)


router = DefaultRouter()
router.register("mandates", MandateWriteViewSet, basename="mandate-write")
urlpatterns = router.urls
