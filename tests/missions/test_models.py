"""Rules of the missions model: refused by full_clean() on the right field with a readable message,
and refused by the database (PostgreSQL or SQLite) when clean() is bypassed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from missions.choices import EntityKind, PostKind, Role
from missions.models import (
    LeadershipPost,
    Mandate,
    MandateTask,
    Membership,
    Mission,
    MissionGroupObjectPermission,
    MissionUserObjectPermission,
)
from tests.factories import (
    CountryTeamMemberFactory,
    EntityFactory,
    MandateFactory,
    MandateTaskFactory,
    MembershipFactory,
    MissionFactory,
    UserFactory,
)
from tests.model_meta import db_refuses, model_meta_tests, refused

pytestmark = pytest.mark.django_db


# Mission: ISO country code


@pytest.mark.parametrize("bad", ["lr", "L1", "Lr", "1R", "L"])
def test_mission_country_must_be_an_iso_code(bad):
    mission = MissionFactory()
    mission.country = bad
    assert "ISO" in refused(mission, "country")


def test_mission_country_iso_code_passes():
    mission = MissionFactory()
    mission.country = "SS"
    mission.full_clean()


@pytest.mark.parametrize("bad", ["lr", "L1", "1R"])
def test_database_refuses_a_country_that_is_not_an_iso_code(bad):
    mission = MissionFactory()
    db_refuses(lambda: Mission.objects.filter(pk=mission.pk).update(country=bad), "mission_country_iso_code")
    mission.refresh_from_db()
    assert mission.country == "LR"


# Mission: reporting cycle range


@pytest.mark.parametrize("bad", [0, 25])
def test_mission_reporting_cycle_outside_range_is_refused(bad):
    mission = MissionFactory()
    mission.reporting_cycle_months = bad
    message = refused(mission, "reporting_cycle_months")
    assert ("1" in message and bad == 0) or ("24" in message and bad == 25)


@pytest.mark.parametrize("good", [1, 4, 24])
def test_mission_reporting_cycle_inside_range_passes(good):
    mission = MissionFactory()
    mission.reporting_cycle_months = good
    mission.full_clean()


@pytest.mark.parametrize("bad", [0, 25])
def test_database_refuses_reporting_cycle_outside_range(bad):
    mission = MissionFactory()
    db_refuses(
        lambda: Mission.objects.filter(pk=mission.pk).update(reporting_cycle_months=bad),
        "mission_reporting_cycle_range",
    )


# Mission: closing date


def test_mission_closed_before_established_is_refused():
    mission = MissionFactory()
    mission.closed_on = mission.established_on - dt.timedelta(days=1)
    assert "after" in refused(mission, "closed_on")


def test_database_refuses_mission_closed_before_established():
    mission = MissionFactory()
    db_refuses(
        lambda: Mission.objects.filter(pk=mission.pk).update(closed_on=dt.date(2000, 1, 1)),
        "mission_closed_after_established",
    )


def test_leadership_post_ending_before_it_starts_is_refused_by_clean_and_database():
    mission = MissionFactory()
    post = LeadershipPost(
        mission=mission, kind=PostKind.HEAD, title="SRSG", start_on=dt.date(2020, 5, 1), end_on=dt.date(2020, 4, 1)
    )
    assert "after" in refused(post, "end_on")
    post.end_on = dt.date(2021, 4, 1)
    post.full_clean()
    post.end_on = dt.date(2020, 4, 1)
    db_refuses(post.save, "leadership_end_after_start")


# Mandate: expiry after adoption


@pytest.mark.parametrize("days", [0, -30])
def test_mandate_expiring_on_or_before_adoption_is_refused(days):
    mandate = MandateFactory()
    mandate.expires_on = mandate.adopted_on + dt.timedelta(days=days)
    message = refused(mandate, "expires_on")
    assert "Expires on" in message and "adopted on" in message


def test_mandate_expiring_after_adoption_or_open_ended_passes():
    mandate = MandateFactory()
    mandate.full_clean()
    mandate.expires_on = None
    mandate.full_clean()


def test_database_refuses_mandate_expiring_before_adoption():
    mission = MissionFactory()
    db_refuses(
        lambda: Mandate.objects.create(
            mission=mission, resolution="2066", adopted_on=dt.date(2012, 9, 17), expires_on=dt.date(2012, 9, 17)
        ),
        "mandate_expires_after_adopted",
    )
    mandate = MandateFactory(mission=mission)
    db_refuses(
        lambda: Mandate.objects.filter(pk=mandate.pk).update(expires_on=dt.date(2000, 1, 1)),
        "mandate_expires_after_adopted",
    )


# Mandate task: handover target needs the handover flag


def test_handover_target_without_handover_flag_is_refused():
    task = MandateTaskFactory(to_hand_over=False)
    task.handover_to = EntityFactory()
    assert "handed over" in refused(task, "handover_to")


def test_handover_target_with_flag_passes():
    task = MandateTaskFactory(to_hand_over=True)
    task.handover_to = EntityFactory()
    task.full_clean()


def test_database_refuses_handover_target_without_flag():
    mandate, undp = MandateFactory(), EntityFactory(code="UNDP")
    db_refuses(
        lambda: MandateTask.objects.bulk_create(
            [MandateTask(mandate=mandate, paragraph="4(a)", text="Security sector reform", handover_to=undp)]
        ),
        "mandate_task_handover_flag",
    )


# Membership: role against the kind of entity


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        (Role.HQ_PLANNER, EntityKind.AFP),
        (Role.HQ_PLANNER, EntityKind.MISSION),
        (Role.MISSION_PLANNER, EntityKind.AFP),
        (Role.MISSION_PLANNER, EntityKind.SECRETARIAT),
        (Role.SRSG_OFFICE, EntityKind.SECRETARIAT),
        (Role.AGENCY_PLANNER, EntityKind.PARTNER),
        (Role.AGENCY_PLANNER, EntityKind.MISSION),
    ],
)
def test_membership_role_that_does_not_fit_the_entity_kind_is_refused(role, kind):
    membership = Membership(user=UserFactory(), entity=EntityFactory(kind=kind), role=role)
    assert refused(membership, "entity")


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        (Role.HQ_PLANNER, EntityKind.SECRETARIAT),
        (Role.MISSION_PLANNER, EntityKind.MISSION),
        (Role.SRSG_OFFICE, EntityKind.MISSION),
        (Role.AGENCY_PLANNER, EntityKind.AFP),
        (Role.OBSERVER, EntityKind.PARTNER),
        (Role.ADMINISTRATOR, EntityKind.SECRETARIAT),
    ],
)
def test_membership_role_that_fits_the_entity_kind_passes(role, kind):
    Membership(user=UserFactory(), entity=EntityFactory(kind=kind), role=role).full_clean()


def test_membership_same_role_twice_is_refused():
    first = MembershipFactory()
    again = Membership(user=first.user, entity=first.entity, role=first.role)
    with pytest.raises(ValidationError, match="already has this role"):
        again.full_clean()
    db_refuses(again.save, "membership_once_per_role")


# Every model: a name, an order and a human name

# Guardian's own permission rows: a default ordering would add columns to its DISTINCT queries.
NOT_DOMAIN = {MissionUserObjectPermission, MissionGroupObjectPermission}
test_model_has_str_ordering_and_verbose_names, test_str_reads_as_the_domain_object = model_meta_tests(
    "missions",
    factories=[
        EntityFactory,
        MissionFactory,
        CountryTeamMemberFactory,
        MandateFactory,
        MandateTaskFactory,
        MembershipFactory,
    ],
    exclude=NOT_DOMAIN,
)
