"""A mission with an agency that reports, a mission planning unit that approves, an SRSG office
and a headquarters planner, each signed in through a real membership."""

import datetime as dt
import os
import uuid
from decimal import Decimal

import pytest
from django.db import transaction

from benchmarks.choices import Frequency
from missions.choices import EntityKind, Role
from planning.celery import app as celery_app
from tests.celery_worker import WorkerProcess, point_app_at, route_tasks
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
    return make_world()


def make_world() -> World:
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


def build_progress(mission, *, benchmarks: int, indicators: int, periods: int, agency, approver):
    """A framework with priorities and results, benchmarks linked to them, indicators with
    `periods` approved quarterly updates each, capacity gaps reviewed at two mandates."""
    from benchmarks.choices import GapStatus, ProgressStatus, UpdateState
    from benchmarks.models import CapacityGapReview, ProgressUpdate
    from benchmarks.periods import previous_period
    from frameworks.choices import FrameworkStatus
    from tests.factories import (
        CapacityGapFactory,
        FrameworkFactory,
        MandateFactory,
        PriorityFactory,
        ResultFactory,
    )

    framework = FrameworkFactory(mission=mission, status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2024, 2, 1))
    results = [ResultFactory(priority=PriorityFactory(framework=framework)) for _ in range(3)]
    mandates = [
        MandateFactory(mission=mission, adopted_on=dt.date(2023 + i, 3, 1), expires_on=dt.date(2024 + i, 3, 1))
        for i in range(2)
    ]
    for _ in range(max(1, benchmarks // 2)):
        gap = CapacityGapFactory(mission=mission)
        for mandate in mandates:
            CapacityGapReview.objects.create(gap=gap, mandate=mandate, status=GapStatus.OPEN)
    statuses = [ProgressStatus.ON_TRACK, ProgressStatus.AT_RISK, ProgressStatus.ACHIEVED, ProgressStatus.OFF_TRACK]
    updates = []
    for b in range(benchmarks):
        benchmark = BenchmarkFactory(mission=mission, is_transition=b % 2 == 0, order=b)
        benchmark.results.set([results[b % len(results)]])
        for i in range(indicators):
            indicator = IndicatorFactory(
                benchmark=benchmark,
                responsible_entity=agency,
                baseline_date=dt.date(2020, 1, 1),
                aggregation=["latest", "sum", "max", "average"][i % 4],
            )
            period = (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
            for p in range(periods):
                updates.append(
                    ProgressUpdate(
                        indicator=indicator,
                        period_start=period[0],
                        period_end=period[1],
                        value=Decimal(p + i),
                        status=statuses[(b + i + p) % 4],
                        state=UpdateState.APPROVED,
                        approved_by=approver,
                        approved_at=dt.datetime(2025, 7, 1, tzinfo=dt.UTC),
                    )
                )
                period = previous_period(period, Frequency.QUARTERLY)
    ProgressUpdate.objects.bulk_create(updates)
    # Loaded in bulk, past the services: the standings are rebuilt, as seed_demo does.
    from benchmarks.standing import standings_rebuild

    standings_rebuild()
    return framework


@pytest.fixture
def start_excel_worker(tmp_path):
    """Start real workers of this test only, taking the imports this process sends, on a queue no
    one else publishes to; `start(env)` returns a running tests.celery_worker.WorkerProcess."""
    import redis

    queue = f"excel-import-test-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    broker = os.environ["REDIS_URL"]
    before = (celery_app.conf.broker_url, celery_app.conf.task_always_eager, celery_app.conf.task_routes)
    point_app_at(broker)
    celery_app.conf.task_always_eager = False
    route_tasks({"benchmarks.tasks.import_excel_updates": {"queue": queue}})
    workers: list[WorkerProcess] = []

    def start(env: dict[str, str] | None = None) -> WorkerProcess:
        workers.append(
            WorkerProcess(
                broker,
                tmp_path / f"worker-{len(workers)}.log",
                queue=queue,
                name=f"{queue}-{len(workers)}",
                pool="solo",
                env={
                    "DJANGO_SETTINGS_MODULE": "planning.settings_test",
                    "SECRET_KEY": "excel-worker-test-" + "x" * 40,
                    **(env or {}),
                },
            )
        )
        return workers[-1]

    try:
        yield start
    finally:
        for worker in workers:
            worker.stop()
        redis.Redis.from_url(broker).delete(queue)
        point_app_at(before[0])
        celery_app.conf.task_always_eager = before[1]
        route_tasks(before[2])


@pytest.fixture
def excel_worker(start_excel_worker):
    return start_excel_worker()
