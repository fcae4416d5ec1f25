"""Fixtures of the IAP tests: a mission with a four-month reporting cycle and one agency of its
country team."""

import pytest

from missions.choices import EntityKind
from tests.factories import CountryTeamMemberFactory, EntityFactory, MissionFactory


@pytest.fixture
def agency():
    return EntityFactory(code="UNDP", kind=EntityKind.AFP)


@pytest.fixture
def mission(agency):
    mission = MissionFactory(reporting_cycle_months=4)
    CountryTeamMemberFactory(mission=mission, entity=agency)
    return mission
