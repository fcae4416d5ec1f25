"""Within a request a user's mission permissions are read once; a change of them is seen."""

import pytest

from missions.access import rights_read_once, sync_user_permissions
from missions.choices import Role
from missions.models import Mandate, Mission
from tests.factories import MandateFactory, MembershipFactory, MissionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_request_reads_the_permissions_once_and_gives_what_a_subquery_gives(django_assert_num_queries):
    missions = [MissionFactory() for _ in range(3)]
    for mission in missions:
        MandateFactory(mission=mission)
    membership = MembershipFactory(role=Role.OBSERVER, missions=missions[:2])

    sync_user_permissions(membership.user)
    user = membership.user
    outside = (set(Mission.objects.restrict(user)), set(Mandate.objects.restrict(user)))
    with rights_read_once(), django_assert_num_queries(3):  # the permissions, then the two lists
        inside = (set(Mission.objects.restrict(user)), set(Mandate.objects.restrict(user)))
    assert inside == outside
    assert inside[0] == set(missions[:2])


def test_permissions_granted_during_a_request_are_seen_by_its_next_query(django_capture_on_commit_callbacks):
    mission = MissionFactory()
    user = UserFactory()
    with rights_read_once():
        assert not Mission.objects.restrict(user).exists()
        with django_capture_on_commit_callbacks(execute=True):  # the grant syncs on commit
            MembershipFactory(user=user, role=Role.OBSERVER, missions=[mission])
        assert list(Mission.objects.restrict(user)) == [mission]
