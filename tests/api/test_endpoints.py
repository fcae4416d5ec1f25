"""Every write endpoint on the generic test classes (tests/api/endpoints.py): access, the
services, and the pinned list query counts."""

import datetime as dt

import pytest

from benchmarks.models import Benchmark, CapacityGap, Indicator
from frameworks.choices import FrameworkStatus
from frameworks.models import IntegratedMechanism, IntegratedStrategicFramework, Priority, Result, StrategicAssessment
from missions.choices import EntityKind, PostKind
from missions.models import CountryTeamMember, LeadershipPost, Mandate, MandateTask, PhaseChange
from tests.api.endpoints import EndpointTests
from tests.factories import (
    BenchmarkFactory,
    CapacityGapFactory,
    CountryTeamMemberFactory,
    EntityFactory,
    FrameworkFactory,
    IndicatorFactory,
    MandateFactory,
    MandateTaskFactory,
    MechanismFactory,
    PriorityFactory,
    ResultFactory,
    StrategicAssessmentFactory,
)

pytestmark = pytest.mark.django_db


def shared_framework(mission):
    """A framework in consultation: the country team's agencies see it and may not change it."""
    return FrameworkFactory(mission=mission, status=FrameworkStatus.CONSULTATION)


class TestBenchmarks(EndpointTests):
    basename = "benchmark"
    model = Benchmark
    list_queries = 4  # count, rows with their status, linked results, linked mandate tasks

    def make(self, mission):
        return BenchmarkFactory(mission=mission)

    def create_payload(self, mission):
        return {"mission": mission.acronym, "title": "Courts functioning", "is_transition": True}

    def update_payload(self, obj):
        return {"title": "Courts functioning in every county"}


class TestIndicators(EndpointTests):
    basename = "indicator"
    model = Indicator
    list_queries = 3  # count, rows with their latest values, the standings of the page

    def make(self, mission):
        return IndicatorFactory(benchmark__mission=mission)

    def create_payload(self, mission):
        return {
            "benchmark": BenchmarkFactory(mission=mission).pk,
            "name": "Courts open",
            "unit": "courts",
            "baseline_value": "1.00",
            "baseline_date": "2024-01-01",
            "target_value": "10.00",
            "target_date": "2026-12-31",
            "responsible_entity": mission.entity.code,
        }

    def update_payload(self, obj):
        return {"name": "Courts open and staffed", "target_value": "12.00"}


class TestFrameworks(EndpointTests):
    basename = "framework"
    model = IntegratedStrategicFramework
    list_queries = 2  # count, rows with their mission
    offers = ("create", "update")

    def make(self, mission):
        return shared_framework(mission)

    def create_payload(self, mission):
        return {
            "mission": mission.acronym,
            "label": "Joint Vision",
            "period_start": "2025-01-01",
            "period_end": "2027-12-31",
        }

    def update_payload(self, obj):
        return {"label": "Joint Vision 2030", "updated_at": obj.updated_at.isoformat()}


class TestPriorities(EndpointTests):
    basename = "priority"
    model = Priority
    list_queries = 2  # count, rows

    def make(self, mission):
        return PriorityFactory(framework=shared_framework(mission))

    def create_payload(self, mission):
        return {"framework": shared_framework(mission).pk, "title": "Youth employment"}

    def update_payload(self, obj):
        return {"title": "Jobs for young people", "updated_at": obj.updated_at.isoformat()}


class TestResults(EndpointTests):
    basename = "result"
    model = Result
    list_queries = 3  # count, rows with their priority, linked mandate tasks

    def make(self, mission):
        return ResultFactory(priority__framework=shared_framework(mission))

    def create_payload(self, mission):
        return {"priority": PriorityFactory(framework=shared_framework(mission)).pk, "statement": "Jobs for 10,000"}

    def update_payload(self, obj):
        return {"statement": "Jobs for 12,000", "timeline_end": "2026-06-30", "updated_at": obj.updated_at.isoformat()}


class TestAssessments(EndpointTests):
    basename = "assessment"
    model = StrategicAssessment
    list_queries = 4  # count, rows, participants, the country teams of the page's missions
    offers = ("create", "update")

    def make(self, mission):
        return StrategicAssessmentFactory(mission=mission, is_internal=False)

    def create_payload(self, mission):
        return {
            "mission": mission.acronym,
            "title": "Strategic assessment 2016",
            "started_on": "2016-02-01",
            "completed_on": "2016-04-30",
            "lead_entity": mission.lead_department.code,
            "participants": [mission.entity.code, "UNDP"],
        }

    def update_payload(self, obj):
        return {"title": "Strategic assessment 2017", "participants": ["UNDP"]}


class TestMechanisms(EndpointTests):
    basename = "mechanism"
    model = IntegratedMechanism
    list_queries = 4  # count, rows with their last meeting, members, the country teams of the page's missions
    offers = ("create", "update")

    def make(self, mission):
        return MechanismFactory(mission=mission)

    def create_payload(self, mission):
        return {
            "mission": mission.acronym,
            "name": "Integrated Task Force",
            "level": "hq",
            "kind": "itf",
            "chair": mission.lead_department.code,
            "members": ["UNDP"],
            "cadence_days": 30,
        }

    def update_payload(self, obj):
        return {"name": "Senior Management Team", "cadence_days": 14}


class TestMandates(EndpointTests):
    basename = "api-mandate"
    model = Mandate
    list_queries = 2  # count, rows with their mission
    offers = ("create", "update")

    def make(self, mission):
        return MandateFactory(mission=mission)

    def create_payload(self, mission):
        return {
            "mission": mission.acronym,
            "resolution": "S/RES/2406 (2018)",
            "adopted_on": "2018-03-15",
            "expires_on": "2019-03-15",
            "chapter": "VII",
            "tasks": [
                {"paragraph": "1", "text": "Protect civilians."},
                {"paragraph": "2(a)", "text": "Deter violence."},
            ],
        }

    def update_payload(self, obj):
        return {"chapter": "VII", "summary": "Renewed with a narrower mandate."}


class NoHistory:
    """Rows kept without a history: what shows the service wrote them is that they pass its checks."""

    def assert_through_service(self, obj):
        obj.full_clean()


class TestMandateTasks(NoHistory, EndpointTests):
    basename = "api-mandate-task"
    model = MandateTask
    list_queries = 2  # count, rows with their mandate, mission and entities

    def make(self, mission):
        return MandateTaskFactory(mandate=MandateFactory(mission=mission))

    def create_payload(self, mission):
        return {"mandate": MandateFactory(mission=mission).pk, "paragraph": "4", "text": "Support the elections."}

    def update_payload(self, obj):
        return {"text": "Support the 2017 elections.", "to_hand_over": True}


class TestCountryTeam(NoHistory, EndpointTests):
    basename = "api-country-team"
    model = CountryTeamMember
    list_queries = 2  # count, rows with their mission and entity

    def make(self, mission):
        return CountryTeamMemberFactory(mission=mission, entity=EntityFactory(kind=EntityKind.AFP))

    def create_payload(self, mission):
        entity = EntityFactory(code="UNICEF", kind=EntityKind.AFP)
        return {"mission": mission.acronym, "entity": entity.code, "head": "Representative"}

    def update_payload(self, obj):
        return {"head": "Resident Representative"}


class TestLeadershipPosts(NoHistory, EndpointTests):
    basename = "api-leadership-post"
    model = LeadershipPost
    list_queries = 2  # count, rows with their mission

    def make(self, mission):
        return LeadershipPost.objects.create(mission=mission, kind=PostKind.HEAD, title="SRSG")

    def create_payload(self, mission):
        return {
            "mission": mission.acronym,
            "kind": "deputy",
            "title": "DSRSG",
            "is_resident_coordinator": True,
            "is_humanitarian_coordinator": True,
        }

    def update_payload(self, obj):
        return {"title": "ERSG", "holder": "A. Representative", "is_resident_representative": True}


class TestPhaseChanges(NoHistory, EndpointTests):
    basename = "api-phase-change"
    model = PhaseChange
    list_queries = 2  # count, rows with their mission
    offers = ("create",)

    def make(self, mission):
        day = dt.date(2012, 1, 1) + dt.timedelta(days=PhaseChange.objects.filter(mission=mission).count())
        return PhaseChange.objects.create(mission=mission, phase="consolidation", started_on=day)

    def create_payload(self, mission):
        return {"mission": mission.acronym, "phase": "drawdown", "started_on": "2016-06-30", "note": "Resolution 2239."}


class TestCapacityGaps(EndpointTests):
    basename = "capacity-gap"
    model = CapacityGap
    list_queries = 3  # count, rows with their mission, reviews with their mandate
    offers = ("create", "update")

    def make(self, mission):
        return CapacityGapFactory(mission=mission)

    def create_payload(self, mission):
        return {
            "mission": mission.acronym,
            "category": "staff",
            "requirement": "Police advisers in all counties.",
            "description": "Police advisers cover 9 of 15 counties.",
            "effect": "Six counties without mentoring.",
            "identified_on": "2016-03-01",
        }

    def update_payload(self, obj):
        return {"status": "partly", "effect": "Three counties without mentoring."}
