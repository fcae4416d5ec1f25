"""A mission with an agency that reports, a mission planning unit that approves, an SRSG office
and a headquarters planner, each signed in through a real membership."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from benchmarks.choices import Frequency
from missions.choices import EntityKind, Role
from tests.factories import (
    BenchmarkFactory,
    DepartmentFactory,
    EntityFactory,
    IndicatorFactory,
    MembershipFactory,
    MissionFactory,
)

TODAY = dt.date(2025, 8, 15)


class World:
    pass


@pytest.fixture
def world(db):
    w = World()
    with transaction.atomic():
        w.mission = MissionFactory(acronym="UNMIL")
        w.other_mission = MissionFactory(acronym="UNMISS")
        w.agency = EntityFactory(code="UNDP", kind=EntityKind.AFP)
        w.other_agency = EntityFactory(code="UNICEF", kind=EntityKind.AFP)
        w.agency_planner = MembershipFactory(
            user__username="agency", entity=w.agency, role=Role.AGENCY_PLANNER, missions=[w.mission]
        ).user
        w.other_agency_planner = MembershipFactory(
            user__username="agency2", entity=w.other_agency, role=Role.AGENCY_PLANNER, missions=[w.mission]
        ).user
        w.mission_planner = MembershipFactory(
            user__username="planner", entity=w.mission.entity, role=Role.MISSION_PLANNER, missions=[w.mission]
        ).user
        w.srsg = MembershipFactory(
            user__username="srsg", entity=w.mission.entity, role=Role.SRSG_OFFICE, missions=[w.mission]
        ).user
        w.hq = MembershipFactory(
            user__username="hq",
            entity=DepartmentFactory(),
            role=Role.HQ_PLANNER,
            missions=[w.mission, w.other_mission],
        ).user
        w.outsider = MembershipFactory(
            user__username="outsider", entity=w.agency, role=Role.OBSERVER, missions=[w.other_mission]
        ).user
        w.benchmark = BenchmarkFactory(mission=w.mission, title="National police take over", is_transition=True)
        w.indicator = IndicatorFactory(
            benchmark=w.benchmark,
            name="Counties with police",
            responsible_entity=w.agency,
            frequency=Frequency.QUARTERLY,
            baseline_value=Decimal("2"),
            target_value=Decimal("15"),
        )
    return w
