import pytest
from django.db import transaction

from frameworks.choices import FrameworkStatus
from frameworks.models import IntegratedStrategicFramework
from missions.access import can, sync_user_permissions
from missions.choices import EntityKind, Role
from missions.models import Mission
from tests.factories import EntityFactory, FrameworkFactory, MembershipFactory, MissionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_membership_grants_and_revocation_takes_rights_away():
    mission, other = MissionFactory(), MissionFactory()
    agency = EntityFactory(kind=EntityKind.AFP)
    membership = MembershipFactory(entity=agency, role=Role.AGENCY_PLANNER, missions=[mission])
    user = membership.user
    assert list(Mission.objects.restrict(user, "view")) == [mission]
    assert other not in Mission.objects.restrict(user, "view")
    with transaction.atomic():
        membership.delete()
    assert not Mission.objects.restrict(user, "view").exists()


def test_agency_planner_sees_framework_only_from_consultation_on():
    mission = MissionFactory()
    membership = MembershipFactory(role=Role.AGENCY_PLANNER, missions=[mission])
    draft = FrameworkFactory(mission=mission, status=FrameworkStatus.DRAFT)
    shared = FrameworkFactory(mission=mission, status=FrameworkStatus.CONSULTATION)
    visible = set(IntegratedStrategicFramework.objects.restrict(membership.user, "view"))
    assert visible == {shared}
    assert not can(membership.user, "change", draft)


def test_sync_is_idempotent():
    mission = MissionFactory()
    membership = MembershipFactory(role=Role.OBSERVER, missions=[mission])
    assert sync_user_permissions(membership.user) == (0, 0)
