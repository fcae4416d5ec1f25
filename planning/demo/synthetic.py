"""Synthetic missions for volume: `seed_demo --scale N` adds SYN001 ... SYNnnn.

Each synthetic mission has a full endorsed framework (priorities, results, responsibilities,
integration areas, funding, alignments), integrated mechanisms with meetings, a mandate with tasks,
capacity gaps, 10 benchmarks with 20 indicators each (200) and monthly progress updates from
January 2018 to the end of last month (`facts.anchor`), about 20,700 updates per mission: `--scale 50` gives 10,000
indicators and more than a million updates.

Each mission is drawn from its own `random.Random` seeded with its acronym, so SYN007 is the same
whatever N is and however often the command runs; a mission that exists is skipped. Each mission
is written in one transaction with bulk inserts (which bypass simple-history: fine for synthetic
data); progress updates go through PostgreSQL's COPY when the database is PostgreSQL, and
plain `executemany` INSERTs otherwise. Every synthetic mission is marked illustrative.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import Counter
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from benchmarks.choices import GapCategory, GapStatus, ProgressStatus
from benchmarks.models import Benchmark, CapacityGap, CapacityGapReview, Indicator, ProgressUpdate
from benchmarks.periods import due_period
from frameworks.choices import (
    FrameworkStatus,
    FundingSource,
    IntegrationAreaKind,
    IntegrationDepth,
    MechanismKind,
    MechanismLevel,
    ResponsibilityRole,
)
from frameworks.models import (
    FundingLine,
    IntegratedMechanism,
    IntegratedStrategicFramework,
    IntegrationArea,
    MechanismMeeting,
    NationalAlignment,
    Priority,
    Responsibility,
    Result,
    StrategicAssessment,
)
from missions.access import sync_user_permissions
from missions.choices import EntityKind, MissionType, Phase, PostKind, Role
from missions.models import (
    CountryTeamMember,
    Entity,
    LeadershipPost,
    Mandate,
    MandateTask,
    Membership,
    Mission,
    PhaseChange,
)
from planning.demo import facts
from planning.demo.loader import STATUS_WORDS, add_missions
from planning.demo.series import AT_RISK_SLACK, ON_TRACK_SLACK, periods

BENCHMARKS_PER_MISSION = 10
INDICATORS_PER_BENCHMARK = 20
FIRST_PERIOD_AFTER = dt.date(2017, 12, 31)  # monthly updates from January 2018
TARGET_DATE = dt.date(2026, 12, 31)
ESTABLISHED_ON = dt.date(2017, 7, 1)

# The pace of a benchmark's indicators (1.0 keeps to the straight line from baseline to target).
PACES = [0.75, 0.91, 1.03, 1.03, 1.12]

COUNTRIES = ["CF", "ML", "CD", "SO", "HT", "SD", "AF", "IQ", "LB", "CY", "YE", "MM", "CO", "GW", "TD", "NE"]
AGENCIES = ["UNDP", "UNICEF", "WFP", "UNHCR", "UN Women", "WHO", "FAO", "UNFPA", "IOM", "UNODC", "ILO", "OCHA"]

THEMES = [
    ("Civilians protected from physical violence", "protection", "incidents", "down", "latest"),
    ("Police able to maintain public order", "ssr", "officers", "up", "latest"),
    ("State authority extended across the country", "other", "districts", "up", "latest"),
    ("Credible elections held", "elections", "% of milestones", "up", "latest"),
    ("Human rights monitored and reported", "human_rights", "reports", "up", "sum"),
    ("Humanitarian access secured", "protection", "access incidents", "down", "latest"),
    ("Justice institutions functioning", "rule_of_law", "courts", "up", "latest"),
    ("Former combatants reintegrated", "ddr", "people", "up", "sum"),
    ("Basic services restored", "recovery", "% of population", "up", "latest"),
    ("Public information reaches all communities", "public_information", "% of population", "up", "latest"),
]
PRIORITY_TITLES = [
    "Security and protection",
    "Political process and governance",
    "Human rights and justice",
    "Recovery and basic services",
]

NARRATIVE = {
    ProgressStatus.ACHIEVED: "Target reached (synthetic figure, illustrative).",
    ProgressStatus.ON_TRACK: "On track (synthetic figure, illustrative).",
    ProgressStatus.AT_RISK: "Behind plan (synthetic figure, illustrative).",
    ProgressStatus.OFF_TRACK: "Well behind plan (synthetic figure, illustrative).",
}
RETURN_REASON = "Value differs from the source report; please check and resubmit (synthetic, illustrative)."

UPDATE_COLUMNS = [
    "indicator_id",
    "period_start",
    "period_end",
    "value",
    "narrative",
    "status",
    "evidence_url",
    "state",
    "submitted_by_id",
    "submitted_at",
    "approved_by_id",
    "approved_at",
    "return_reason",
    "created_at",
    "updated_at",
]


def acronym_for(index: int) -> str:
    return f"SYN{index:03d}"


class SyntheticLoader:
    """Adds synthetic missions SYN001..SYNnnn that do not exist yet."""

    def __init__(self, *, today: dt.date, use_copy: bool | None = None):
        self.today, self.anchor = today, facts.anchor(today)
        self.use_copy = connection.vendor == "postgresql" if use_copy is None else use_copy
        self.created: Counter = Counter()
        self.entities = {e.code: e for e in Entity.objects.all()}
        User = get_user_model()
        self.users = {u.username: u for u in User.objects.filter(username__in=[u[0] for u in facts.DEMO_USERS])}
        self.months = periods(FIRST_PERIOD_AFTER, self.anchor, 1)

    def load(self, scale: int) -> Counter:
        wanted = [acronym_for(i) for i in range(1, scale + 1)]
        existing = set(Mission.objects.filter(acronym__in=wanted).values_list("acronym", flat=True))
        for index, acronym in enumerate(wanted, start=1):
            if acronym not in existing:
                with transaction.atomic():
                    self.create_mission(index, acronym)
        if len(existing) < len(wanted):
            self.cover_with_hq_planners(wanted)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    for model in (ProgressUpdate, Indicator, Benchmark, Mission):
                        cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        return self.created

    def cover_with_hq_planners(self, acronyms: list[str]) -> None:
        """The demo headquarters planners work on the synthetic missions their department leads, so
        the volume is visible through the access layer (for benchmarks of the real paths)."""
        missions = list(Mission.objects.filter(acronym__in=acronyms).select_related("lead_department"))
        for username, _first, _last, role, entity, _acronyms, _superuser in facts.DEMO_USERS:
            if role != Role.HQ_PLANNER or username not in self.users:
                continue
            membership = Membership.objects.filter(user=self.users[username], role=role, entity__code=entity).first()
            if membership is None:
                continue
            if add_missions(membership, [m for m in missions if m.lead_department.code == entity]):
                sync_user_permissions(membership.user)

    def bulk(self, objects: list) -> list:
        if objects:
            type(objects[0]).objects.bulk_create(objects, batch_size=1000)
            self.created[type(objects[0])] += len(objects)
        return objects

    def through(self, field, rows: list[dict]) -> None:
        if rows:
            model = field.through
            model.objects.bulk_create([model(**row) for row in rows], batch_size=1000)
            self.created[model] += len(rows)

    # One synthetic mission --------------------------------------------------------------------

    def create_mission(self, index: int, acronym: str) -> Mission:
        rng = random.Random(f"synthetic:{acronym}")
        peacekeeping = index % 2 == 1
        lead = self.entities["DPKO" if peacekeeping else "DPA"]
        name = f"Synthetic Mission {index:03d} (illustrative)"
        entity = self.entities.get(acronym)
        if entity is None:
            entity = self.bulk([Entity(code=acronym, name=name, kind=EntityKind.MISSION)])[0]
            self.entities[acronym] = entity
        mission = self.bulk(
            [
                Mission(
                    acronym=acronym,
                    name=name,
                    country=COUNTRIES[(index - 1) % len(COUNTRIES)],
                    mission_type=MissionType.PEACEKEEPING if peacekeeping else MissionType.POLITICAL,
                    lead_department=lead,
                    entity=entity,
                    reporting_cycle_months=rng.choice([3, 4, 6]),
                    phase=Phase.CONSOLIDATION,
                    structurally_integrated=rng.random() < 0.7,
                    established_on=ESTABLISHED_ON,
                    illustrative=True,
                )
            ]
        )[0]
        self.bulk(
            [
                PhaseChange(mission=mission, phase=Phase.START_UP, started_on=ESTABLISHED_ON, note="Synthetic."),
                PhaseChange(
                    mission=mission, phase=Phase.CONSOLIDATION, started_on=dt.date(2018, 7, 1), note="Synthetic."
                ),
            ]
        )
        self.bulk(
            [
                LeadershipPost(mission=mission, kind=PostKind.HEAD, title="Special Representative (synthetic)"),
                LeadershipPost(
                    mission=mission,
                    kind=PostKind.DEPUTY,
                    title="Deputy, Resident and Humanitarian Coordinator (synthetic)",
                    is_resident_coordinator=True,
                    is_humanitarian_coordinator=True,
                ),
            ]
        )
        team = [self.entities[code] for code in rng.sample(AGENCIES, 7)]
        self.bulk([CountryTeamMember(mission=mission, entity=e, head=facts.HEAD_TITLES[e.code]) for e in team])
        mandate = self.bulk(
            [
                Mandate(
                    mission=mission,
                    resolution=f"{9000 + index} (2017)",
                    adopted_on=dt.date(2017, 6, 15),
                    expires_on=dt.date(2018, 6, 30),
                    chapter="VII" if peacekeeping else "VI",
                    summary="Synthetic mandate (illustrative; not a real resolution).",
                )
            ]
        )[0]
        tasks = self.bulk(
            [
                MandateTask(
                    mandate=mandate,
                    paragraph=f"3({letter})",
                    text=f"{theme[0]} (synthetic task, illustrative).",
                    lead_entity=entity,
                    to_hand_over=rng.random() < 0.3,
                )
                for letter, theme in zip("abcdef", THEMES, strict=False)
            ]
        )
        self.create_assessment_and_mechanisms(rng, mission, entity, lead, team)
        results = self.create_framework(rng, mission, entity, team, tasks)
        self.create_benchmarks(rng, mission, entity, team, tasks, results)
        gaps = self.bulk(
            [
                CapacityGap(
                    mission=mission,
                    category=category,
                    description=f"Synthetic {category} gap (illustrative).",
                    effect="Slower delivery of some results (synthetic).",
                    status=GapStatus.PARTLY_ADDRESSED,
                    identified_on=dt.date(2017, 6, 15),
                )
                for category in (GapCategory.STAFF, GapCategory.ASSETS)
            ]
        )
        self.bulk([CapacityGapReview(gap=g, mandate=mandate, status=GapStatus.OPEN) for g in gaps])
        return mission

    def create_assessment_and_mechanisms(self, rng, mission, entity, lead, team) -> None:
        assessment = self.bulk(
            [
                StrategicAssessment(
                    mission=mission,
                    title="Strategic assessment (synthetic)",
                    started_on=dt.date(2025, 2, 1),
                    completed_on=dt.date(2025, 4, 30),
                    lead_entity=lead,
                    conflict_drivers="Synthetic drivers of conflict (illustrative).",
                    recommendations="Synthetic recommendations (illustrative).",
                    is_internal=False,
                    illustrative=True,
                )
            ]
        )[0]
        self.through(
            StrategicAssessment.participants,
            [{"strategicassessment_id": assessment.pk, "entity_id": e.pk} for e in [lead, entity, *team[:3]]],
        )
        specs = [
            ("Integrated Task Force (synthetic)", MechanismLevel.HEADQUARTERS, MechanismKind.TASK_FORCE, lead, 60),
            ("Senior Leadership Team (synthetic)", MechanismLevel.FIELD, MechanismKind.LEADERSHIP_FORUM, entity, 14),
            ("Joint Planning Unit (synthetic)", MechanismLevel.FIELD, MechanismKind.PLANNING_CAPACITY, entity, 30),
        ]
        mechanisms = self.bulk(
            [
                IntegratedMechanism(mission=mission, name=name, level=level, kind=kind, chair=chair, cadence_days=days)
                for name, level, kind, chair, days in specs
            ]
        )
        members = []
        meetings = []
        for mechanism, (_name, _level, _kind, chair, days) in zip(mechanisms, specs, strict=True):
            for e in {chair.pk: chair, entity.pk: entity, **{t.pk: t for t in team[:4]}}.values():
                members.append({"integratedmechanism_id": mechanism.pk, "entity_id": e.pk})
            last = self.anchor - dt.timedelta(days=rng.randint(1, days))
            meetings += [
                MechanismMeeting(
                    mechanism=mechanism,
                    held_on=last - dt.timedelta(days=k * days),
                    decisions="Synthetic meeting (illustrative).",
                )
                for k in range(6)
            ]
        self.through(IntegratedMechanism.members, members)
        self.bulk(meetings)

    def create_framework(self, rng, mission, entity, team, tasks) -> list[Result]:
        framework = self.bulk(
            [
                IntegratedStrategicFramework(
                    mission=mission,
                    label="Integrated Strategic Framework (synthetic)",
                    period_start=dt.date(2018, 1, 1),
                    period_end=TARGET_DATE,
                    vision="Synthetic shared vision (illustrative).",
                    status=FrameworkStatus.ENDORSED,
                    version=1,
                    endorsed_on=dt.date(2018, 3, 31),
                    reviewed_on=dt.date(2026, 3, 31),
                    illustrative=True,
                )
            ]
        )[0]
        priorities = self.bulk(
            [
                Priority(framework=framework, order=order, title=f"{title} (synthetic)")
                for order, title in enumerate(PRIORITY_TITLES, start=1)
            ]
        )
        self.bulk(
            [
                FundingLine(
                    priority=p,
                    source=source,
                    amount=Decimal(rng.randrange(2, 60) * 1_000_000),
                    gap=Decimal(rng.randrange(0, 20) * 500_000),
                    note="Synthetic amounts (illustrative).",
                )
                for p in priorities
                for source in (FundingSource.ASSESSED, rng.choice([FundingSource.VOLUNTARY, FundingSource.PBF]))
            ]
        )
        results = self.bulk(
            [
                Result(
                    priority=p,
                    order=order,
                    statement=f"Result {p.order}.{order} (synthetic, illustrative).",
                    timeline_start=dt.date(2018 + rng.randint(0, 3), 1, 1),
                    timeline_end=dt.date(2024 + rng.randint(0, 2), 12, 31),
                )
                for p in priorities
                for order in (1, 2, 3)
            ]
        )
        self.through(
            Result.mandate_tasks,
            [{"result_id": r.pk, "mandatetask_id": rng.choice(tasks).pk} for r in results],
        )
        responsibilities = []
        for r in results:
            leader, *contributors = rng.sample([entity, *team], 3)
            responsibilities.append(Responsibility(result=r, entity=leader, role=ResponsibilityRole.LEAD))
            responsibilities += [
                Responsibility(result=r, entity=e, role=ResponsibilityRole.CONTRIBUTING) for e in contributors
            ]
        self.bulk(responsibilities)
        areas = rng.sample([a for a in IntegrationAreaKind.values if a != IntegrationAreaKind.OTHER], 4)
        self.bulk(
            [
                IntegrationArea(
                    framework=framework,
                    area=area,
                    depth=rng.choice(IntegrationDepth.values),
                    rationale="Synthetic rationale (illustrative).",
                )
                for area in areas
            ]
        )
        self.bulk(
            [
                NationalAlignment(framework=framework, kind="ndp", title="National development plan (synthetic)"),
                NationalAlignment(framework=framework, kind="undaf", title="Cooperation framework (synthetic)"),
            ]
        )
        return results

    def create_benchmarks(self, rng, mission, entity, team, tasks, results) -> None:
        benchmarks = self.bulk(
            [
                Benchmark(
                    mission=mission,
                    title=f"{theme[0]} (synthetic)",
                    description="Synthetic benchmark (illustrative).",
                    order=order,
                    is_transition=order in (2, 4, 7),
                )
                for order, theme in enumerate(THEMES[:BENCHMARKS_PER_MISSION], start=1)
            ]
        )
        self.through(
            Benchmark.results,
            [{"benchmark_id": b.pk, "result_id": r.pk} for b in benchmarks for r in rng.sample(results, 2)],
        )
        self.through(
            Benchmark.mandate_tasks,
            [{"benchmark_id": b.pk, "mandatetask_id": rng.choice(tasks).pk} for b in benchmarks],
        )
        indicators = []
        plans = []
        reporters = [entity, *team]
        for benchmark, (theme, _area, unit, direction, aggregation) in zip(benchmarks, THEMES, strict=False):
            # A benchmark stands where its worst indicator stands: its indicators keep one pace,
            # behind (off track, at risk), on track or ahead, each a little off it.
            pace = rng.choice(PACES)
            for number in range(1, INDICATORS_PER_BENCHMARK + 1):
                level = rng.choice([10, 50, 100, 500, 2000])
                if unit.startswith("%"):
                    baseline, target = rng.randint(10, 50), rng.randint(60, 95)
                else:
                    baseline, target = level, level * rng.choice([2, 3, 4])
                if direction == "down":
                    baseline, target = target, baseline
                indicators.append(
                    Indicator(
                        benchmark=benchmark,
                        name=f"{theme}: measure {number:02d} (synthetic)",
                        unit=unit,
                        baseline_value=Decimal(baseline),
                        baseline_date=FIRST_PERIOD_AFTER,
                        target_value=Decimal(target),
                        target_date=TARGET_DATE,
                        direction=direction,
                        frequency="monthly",
                        aggregation=aggregation,
                        data_source="Synthetic data source (illustrative)",
                        responsible_entity=rng.choice(reporters),
                    )
                )
                plans.append((baseline, target, pace + rng.uniform(-0.02, 0.02), 100 if unit.startswith("%") else None))
        self.bulk(indicators)
        self.write_updates(rng, mission, indicators, plans)

    # Monthly progress updates ----------------------------------------------------------------

    def write_updates(self, rng, mission, indicators, plans) -> None:
        """Monthly updates to the end of last month. The month due today is mostly approved (one in
        ten submitted or missing: overdue; the first indicator's returned), a later month partly
        submitted or in draft. A `latest` indicator reports its level, a `sum` indicator each
        month's increment (the line's growth with noise) and the total it brings; the status
        compares the figure the rules will compute with the straight line to the target."""
        lead_hq = "dpko.planner" if mission.lead_department.code == "DPKO" else "dpa.planner"
        approver = self.users[lead_hq].pk if lead_hq in self.users else None
        ops = connection.ops
        months = self.months
        start_ord = FIRST_PERIOD_AFTER.toordinal()
        length = TARGET_DATE.toordinal() - start_ord
        due_end = due_period("monthly", self.today)[1]
        # Per month, adapted once for the database: the dates, the fraction of the way to the
        # target, whether it is due, and the submission and approval times.
        calendar = []
        for start, end in months:
            submitted = dt.datetime.combine(min(end + dt.timedelta(days=7), self.anchor), dt.time(9), tzinfo=dt.UTC)
            approved = min(submitted + dt.timedelta(days=8), dt.datetime.combine(self.anchor, dt.time(17), dt.UTC))
            calendar.append(
                (
                    ops.adapt_datefield_value(start),
                    ops.adapt_datefield_value(end),
                    min(1.0, (end.toordinal() - start_ord) / length),
                    end <= due_end,
                    ops.adapt_datetimefield_value(submitted),
                    ops.adapt_datetimefield_value(approved),
                )
            )
        latest_due = max((n for n, (_s, end) in enumerate(months) if end <= due_end), default=None)
        now = ops.adapt_datetimefield_value(timezone.now())
        gauss, random_ = rng.gauss, rng.random
        rows = []
        for number, (indicator, (baseline, target, performance, ceiling)) in enumerate(
            zip(indicators, plans, strict=True)
        ):
            span = target - baseline
            cumulative = indicator.aggregation == "sum"
            noise = abs(span) * 0.015
            counted = drawn = reported = line = 0.0  # a sum's approved total, noisy and rounded growth
            ind = indicator.pk
            for index, (start, end, fraction, due, submitted_at, approved_at) in enumerate(calendar):
                state = "approved"
                roll = random_()
                if not due:
                    state = "submitted" if roll < 0.4 else "draft" if roll < 0.65 else None
                elif index == latest_due:
                    state = "approved" if roll < 0.9 else "submitted" if roll < 0.97 else None
                    if number == 0:
                        state = "returned"
                if cumulative:
                    growth = span * fraction * performance - line
                    line += growth
                    drawn += max(0.0, growth * (1 + gauss(0, 0.3)))
                    value = max(0.0, float(round(drawn - reported)))
                    reported += value
                    figure = baseline + counted + value
                else:
                    value = baseline + span * min(1.0, fraction * performance) + gauss(0, 1) * noise
                    value = max(0.0, value if ceiling is None else min(ceiling, value))
                    value = figure = round(value, 1)
                if state == "approved":
                    counted += value
                if state is None:
                    continue
                if (figure - target) / span >= 0:
                    status = ProgressStatus.ACHIEVED
                else:
                    lag = (figure - baseline) / span - fraction
                    status = (
                        ProgressStatus.ON_TRACK
                        if lag >= -ON_TRACK_SLACK
                        else ProgressStatus.AT_RISK
                        if lag >= -AT_RISK_SLACK
                        else ProgressStatus.OFF_TRACK
                    )
                narrative = NARRATIVE[status]
                if cumulative:
                    narrative = (
                        f"{STATUS_WORDS[status]}: {value:,.0f} {indicator.unit} this month, {figure:,.0f} in total "
                        f"against a target of {target:,} (synthetic figures, illustrative)."
                    )
                rows.append(
                    (
                        ind,
                        start,
                        end,
                        f"{value:.1f}",
                        narrative,
                        status.value,
                        "",
                        state,
                        None,
                        submitted_at if state != "draft" else None,
                        approver if state == "approved" else None,
                        approved_at if state == "approved" else None,
                        RETURN_REASON if state == "returned" else "",
                        now,
                        now,
                    )
                )
        (copy_rows if self.use_copy else insert_rows)(ProgressUpdate, UPDATE_COLUMNS, rows)
        self.created[ProgressUpdate] += len(rows)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    """A value in COPY's text format: NULL as \\N, backslash and separators escaped in strings."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    return str(value)


def _columns(model, columns: list[str]) -> tuple[str, str]:
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(c.removesuffix("_id")).column) for c in columns)
    return quote(model._meta.db_table), names


def insert_rows(model, columns: list[str], rows: list[tuple], batch: int = 5000) -> None:
    """Plain INSERTs with executemany, for databases without COPY: values are already adapted for
    the database, which skips bulk_create's per-field preparation (most of its cost here)."""
    table, names = _columns(model, columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for first in range(0, len(rows), batch):
            cursor.executemany(sql, rows[first : first + batch])


def copy_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """Write rows with PostgreSQL's COPY ... FROM STDIN (text format), through Django's connection so
    it joins the current transaction."""
    buffer = io.StringIO()
    buffer.writelines("\t".join(_copy_text(v) for v in row) + "\n" for row in rows)
    buffer.seek(0)
    table, names = _columns(model, columns)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)
