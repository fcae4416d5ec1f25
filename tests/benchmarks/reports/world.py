"""A mission with an endorsed framework, benchmarks linked to its priorities, approved and pending
progress updates, a capacity gap, and people in every role, for the report tests (unit and worker)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from benchmarks.choices import Aggregation, Frequency, ProgressStatus, UpdateState
from frameworks.choices import FrameworkStatus
from missions.access import sync_user_permissions
from missions.choices import EntityKind, Role
from tests.factories import (
    BenchmarkFactory,
    CapacityGapFactory,
    DepartmentFactory,
    EntityFactory,
    FrameworkFactory,
    IndicatorFactory,
    MembershipFactory,
    MissionFactory,
    PriorityFactory,
    ProgressUpdateFactory,
    ResultFactory,
)

PERIOD = (dt.date(2025, 1, 1), dt.date(2025, 4, 30))
PRIORITIES = ["Security and police capacity", "Rule of law and justice", "Economic recovery of rural areas"]


def build_world(acronym: str = "UNMIL") -> SimpleNamespace:
    w = SimpleNamespace()
    w.mission = MissionFactory(acronym=acronym, name="United Nations Mission in Liberia", reporting_cycle_months=4)
    w.other_mission = MissionFactory(acronym=f"{acronym}X")
    w.agency = EntityFactory(code=f"{acronym}-UNDP", kind=EntityKind.AFP)
    w.planner = _member("planner", w.mission.entity, Role.MISSION_PLANNER, [w.mission], first="Pat", last="Planner")
    w.srsg = _member("srsg", w.mission.entity, Role.SRSG_OFFICE, [w.mission])
    w.agency_planner = _member("agency", w.agency, Role.AGENCY_PLANNER, [w.mission])
    w.observer = _member("observer", w.agency, Role.OBSERVER, [w.mission])
    w.outsider = _member("outsider", DepartmentFactory(), Role.HQ_PLANNER, [w.other_mission])
    for user in (w.planner, w.srsg, w.agency_planner, w.observer, w.outsider):
        sync_user_permissions(user)

    w.framework = FrameworkFactory(
        mission=w.mission, status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2024, 2, 1), version=1
    )
    w.priorities = [PriorityFactory(framework=w.framework, order=i + 1, title=t) for i, t in enumerate(PRIORITIES)]
    results = [ResultFactory(priority=p) for p in w.priorities]
    w.police = BenchmarkFactory(mission=w.mission, title="National police take over security", is_transition=True)
    w.police.results.add(results[0])
    w.courts = BenchmarkFactory(mission=w.mission, title="Courts sit in every county")
    w.courts.results.add(results[1])
    w.jobs = BenchmarkFactory(mission=w.mission, title="Youth employment grows")
    w.jobs.results.add(results[2])

    w.counties = IndicatorFactory(
        benchmark=w.police,
        name="Counties where police lead security",
        responsible_entity=w.agency,
        frequency=Frequency.QUARTERLY,
        baseline_value=Decimal("2"),
        baseline_date=dt.date(2024, 1, 1),
        target_value=Decimal("15"),
    )
    w.courts_ind = IndicatorFactory(
        benchmark=w.courts,
        name="Circuit courts sitting",
        responsible_entity=w.agency,
        frequency=Frequency.QUARTERLY,
        baseline_date=dt.date(2024, 1, 1),
    )
    w.jobs_ind = IndicatorFactory(
        benchmark=w.jobs,
        name="Young people in work programmes",
        unit="people",
        responsible_entity=w.agency,
        frequency=Frequency.QUARTERLY,
        aggregation=Aggregation.SUM,
        baseline_value=Decimal("0"),
        baseline_date=dt.date(2024, 1, 1),
        target_value=Decimal("5000"),
    )
    approved_at = timezone.make_aware(dt.datetime(2025, 4, 20, 10, 0))
    approve = {"state": UpdateState.APPROVED, "approved_by": w.planner, "approved_at": approved_at}
    for start, end, value in [
        (dt.date(2024, 10, 1), dt.date(2024, 12, 31), "6"),
        (dt.date(2025, 1, 1), dt.date(2025, 3, 31), "9"),
    ]:
        ProgressUpdateFactory(
            indicator=w.counties,
            period_start=start,
            period_end=end,
            value=Decimal(value),
            status=ProgressStatus.ON_TRACK,
            narrative=f"Police lead in {value} counties after the handover in Lofa." if value == "9" else "",
            submitted_by=w.agency_planner,
            **approve,
        )
    ProgressUpdateFactory(
        indicator=w.jobs_ind,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 3, 31),
        value=Decimal("1234"),
        status=ProgressStatus.AT_RISK,
        narrative="Funding for the second cohort is late.",
        submitted_by=None,  # loaded from a spreadsheet: nobody signed in submitted it
        **approve,
    )
    # Submitted but not approved: never in a report.
    ProgressUpdateFactory(
        indicator=w.courts_ind,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 3, 31),
        value=Decimal("77"),
        state=UpdateState.SUBMITTED,
        narrative="Not yet approved text.",
    )
    w.gap = CapacityGapFactory(mission=w.mission, description="Too few police advisers for county coverage.")
    w.period_start, w.period_end = PERIOD
    return w


def _member(username, entity, role, missions, first="", last=""):
    membership = MembershipFactory(user__username=username, entity=entity, role=role, missions=missions)
    user = membership.user
    if first:
        user.first_name, user.last_name = first, last
        user.save()
    return user


def pdf_text(data: bytes, tmp_path) -> str:
    """The text of a PDF, as pdftotext reads it."""
    if not shutil.which("pdftotext"):
        pytest.skip("service missing: pdftotext (apt-get install poppler-utils)")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
