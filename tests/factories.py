"""factory_boy factories for every domain object; related objects share one mission by default."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from benchmarks.choices import ProgressStatus, UpdateState
from benchmarks.models import Benchmark, CapacityGap, ExcelImport, Indicator, ProgressReport, ProgressUpdate
from frameworks.choices import FrameworkStatus, MechanismKind, MechanismLevel, ResponsibilityRole
from frameworks.models import (
    Comment,
    FundingLine,
    IntegratedMechanism,
    IntegratedStrategicFramework,
    IntegrationArea,
    MechanismMeeting,
    Priority,
    Responsibility,
    Result,
    StrategicAssessment,
)
from missions.choices import EntityKind, MissionType, Phase, Role
from missions.models import CountryTeamMember, Entity, Mandate, MandateTask, Membership, Mission


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AFP{n}")
    name = factory.LazyAttribute(lambda e: f"{e.code} agency")
    kind = EntityKind.AFP


class DepartmentFactory(EntityFactory):
    code = "DPKO"
    name = "Department of Peacekeeping Operations"
    kind = EntityKind.SECRETARIAT


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    acronym = factory.Sequence(lambda n: f"UNM{n}")
    name = factory.LazyAttribute(lambda m: f"United Nations Mission {m.acronym}")
    country = "LR"
    mission_type = MissionType.PEACEKEEPING
    lead_department = factory.SubFactory(DepartmentFactory)
    entity = factory.SubFactory(
        EntityFactory,
        code=factory.SelfAttribute("..acronym"),
        kind=EntityKind.MISSION,
        name=factory.SelfAttribute("..name"),
    )
    reporting_cycle_months = 4
    phase = Phase.CONSOLIDATION
    established_on = dt.date(2011, 7, 9)


class CountryTeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CountryTeamMember

    mission = factory.SubFactory(MissionFactory)
    entity = factory.SubFactory(EntityFactory)


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    mission = factory.SubFactory(MissionFactory)
    resolution = factory.Sequence(lambda n: str(1900 + n))
    adopted_on = dt.date(2011, 7, 8)
    expires_on = dt.date(2012, 7, 8)


class MandateTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MandateTask

    mandate = factory.SubFactory(MandateFactory)
    paragraph = factory.Sequence(lambda n: f"3({n})")
    text = "Support the protection of civilians."


class MembershipFactory(factory.django.DjangoModelFactory):
    """A membership; pass `missions=[...]` to cover missions (permissions follow on commit)."""

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    entity = factory.SubFactory(EntityFactory)
    role = Role.AGENCY_PLANNER

    @factory.post_generation
    def missions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.missions.set(extracted)


class StrategicAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicAssessment

    mission = factory.SubFactory(MissionFactory)
    title = "Strategic assessment"
    started_on = dt.date(2024, 1, 10)
    completed_on = dt.date(2024, 3, 1)
    lead_entity = factory.SelfAttribute("mission.lead_department")


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntegratedStrategicFramework

    mission = factory.SubFactory(MissionFactory)
    label = "Integrated Strategic Framework"
    period_start = dt.date(2024, 1, 1)
    period_end = dt.date(2026, 12, 31)
    vision = "A peaceful and stable country."
    status = FrameworkStatus.DRAFT
    version = factory.Sequence(lambda n: n + 1)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    framework = factory.SubFactory(FrameworkFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority {n}")


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    priority = factory.SubFactory(PriorityFactory)
    statement = factory.Sequence(lambda n: f"Result {n} achieved")
    timeline_start = dt.date(2024, 1, 1)
    timeline_end = dt.date(2025, 12, 31)


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    result = factory.SubFactory(ResultFactory)
    entity = factory.SubFactory(EntityFactory)
    role = ResponsibilityRole.LEAD


class IntegrationAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntegrationArea

    framework = factory.SubFactory(FrameworkFactory)
    area = "ddr"
    depth = "joint_programme"


class FundingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingLine

    priority = factory.SubFactory(PriorityFactory)
    source = "pbf"
    amount = Decimal("1000000")
    gap = Decimal("250000")


class MechanismFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntegratedMechanism

    mission = factory.SubFactory(MissionFactory)
    name = "Integrated Task Force"
    level = MechanismLevel.HEADQUARTERS
    kind = MechanismKind.TASK_FORCE
    chair = factory.SelfAttribute("mission.lead_department")
    cadence_days = 30


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MechanismMeeting

    mechanism = factory.SubFactory(MechanismFactory)
    held_on = dt.date(2025, 1, 15)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    priority = factory.SubFactory(PriorityFactory)
    framework = factory.SelfAttribute("priority.framework")
    author = factory.SubFactory(UserFactory)
    author_entity = factory.SubFactory(EntityFactory)
    body = "Please add the youth employment angle."
    framework_version = factory.SelfAttribute("framework.version")


class BenchmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Benchmark

    mission = factory.SubFactory(MissionFactory)
    title = factory.Sequence(lambda n: f"Benchmark {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    benchmark = factory.SubFactory(BenchmarkFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "counties"
    baseline_value = Decimal("2")
    baseline_date = dt.date(2024, 1, 1)
    target_value = Decimal("15")
    target_date = dt.date(2026, 12, 31)
    responsible_entity = factory.SubFactory(EntityFactory)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    indicator = factory.SubFactory(IndicatorFactory)
    period_start = dt.date(2025, 1, 1)
    period_end = dt.date(2025, 3, 31)
    value = Decimal("5")
    status = ProgressStatus.ON_TRACK
    state = UpdateState.DRAFT


class CapacityGapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapacityGap

    mission = factory.SubFactory(MissionFactory)
    category = "staff"
    description = "Too few police advisers for county coverage."
    identified_on = dt.date(2024, 6, 1)


class ExcelImportFactory(factory.django.DjangoModelFactory):
    """A queued upload; its file is not a workbook (tests that import build one)."""

    class Meta:
        model = ExcelImport

    mission = factory.SubFactory(MissionFactory)
    file = factory.django.FileField(filename="upload.xlsx", data=b"not read")
    file_name = "updates.xlsx"
    today = dt.date(2025, 8, 15)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    mission = factory.SubFactory(MissionFactory)
    period_start = dt.date(2025, 1, 1)
    period_end = dt.date(2025, 3, 31)
