"""Every write endpoint on the generic test classes (tests/api/endpoints.py): access, the
services, and the pinned list query counts."""

import pytest

from benchmarks.models import Benchmark, CapacityGap, Indicator
from frameworks.choices import FrameworkStatus
from frameworks.models import IntegratedMechanism, IntegratedStrategicFramework, Priority, Result, StrategicAssessment
from missions.models import Mandate
from tests.api.endpoints import EndpointTests
from tests.factories import (
    BenchmarkFactory,
    CapacityGapFactory,
    FrameworkFactory,
    IndicatorFactory,
    MandateFactory,
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
    offers = ()

    def make(self, mission):
        return MandateFactory(mission=mission)


class TestCapacityGaps(EndpointTests):
    basename = "capacity-gap"
    model = CapacityGap
    list_queries = 3  # count, rows with their mission, reviews with their mandate
    offers = ()

    def make(self, mission):
        return CapacityGapFactory(mission=mission)
