"""Missions, users and lessons for the lessons and search tests."""

import datetime as dt

import pytest

from frameworks.lessons.services import lesson_record
from missions.choices import MissionType, Phase, Role
from tests.factories import DepartmentFactory, EntityFactory, MissionFactory, StrategicAssessmentFactory
from tests.frameworks.test_analysis_services import user_with


@pytest.fixture
def unmil():
    dpko = DepartmentFactory(code="DPKO")
    return MissionFactory(
        acronym="UNMIL",
        country="LR",
        lead_department=dpko,
        phase=Phase.CLOSED,
        established_on=dt.date(2003, 9, 19),
        closed_on=dt.date(2018, 3, 30),
    )


@pytest.fixture
def unmiss():
    return MissionFactory(acronym="UNMISS", country="SS", phase=Phase.CONSOLIDATION)


@pytest.fixture
def binub():
    return MissionFactory(
        acronym="BINUB",
        country="BI",
        mission_type=MissionType.PEACEBUILDING,
        phase=Phase.CLOSED,
        established_on=dt.date(2007, 1, 1),
        closed_on=dt.date(2010, 12, 31),
    )


@pytest.fixture
def planner(unmil):
    return user_with(Role.MISSION_PLANNER, unmil)


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def record():
    def make(mission, actor=None, **fields):
        actor = actor or user_with(Role.MISSION_PLANNER, mission)
        values = {"title": "A lesson", "text": "Learned.", "phase": Phase.CONSOLIDATION, **fields}
        return lesson_record(actor=actor, mission=mission, **values)

    return make


@pytest.fixture
def assessment(unmil):
    return StrategicAssessmentFactory(
        mission=unmil,
        title="Transition assessment",
        is_internal=True,
        recommendations="Hand over policing early.",
        lead_entity=EntityFactory(code="DPKO-X"),
    )
