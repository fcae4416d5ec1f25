"""A small world for the access tests: two missions in two countries, every object kind, frameworks
in every status, and a user for every role on the first mission.

`build_world()` returns a World whose `objects` lists every object with its matrix kind, status
(the framework's for framework parts; for progress updates and reports their own state, one object
in every state), mission ("home" = the users' mission, "away" = the other) and whether the agency planner's
entity is the responsible one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone

from benchmarks.choices import ImportState, ReportState, UpdateState
from benchmarks.models import CapacityGapReview, Commitment, CommitmentUpdate, Compact, MandateReview
from frameworks.choices import FrameworkStatus, SignatureDecision
from frameworks.models import Lesson, NationalAlignment, Signature
from missions import access_matrix
from missions.access import sync_user_permissions
from missions.choices import EntityKind, MissionType, PostKind, Role
from missions.models import Handover, LeadershipPost, PhaseChange
from tests.factories import BenchmarkFactory as BenchmarkF
from tests.factories import (
    CapacityGapFactory,
    CommentFactory,
    CountryTeamMemberFactory,
    EntityFactory,
    ExcelImportFactory,
    FrameworkFactory,
    FundingLineFactory,
    IndicatorFactory,
    IntegrationAreaFactory,
    MandateFactory,
    MandateTaskFactory,
    MechanismFactory,
    MeetingFactory,
    MembershipFactory,
    MissionFactory,
    PriorityFactory,
    ProgressReportFactory,
    ProgressUpdateFactory,
    ResponsibilityFactory,
    ResultFactory,
    StrategicAssessmentFactory,
    UserFactory,
)

REPORT_FILES = ("html", "pdf", "xlsx", "docx")


@dataclass
class Placed:
    obj: object
    kind: access_matrix.Kind
    status: str
    home: bool
    responsible: object = None  # the entity responsible (indicators and their updates)


@dataclass
class World:
    missions: dict
    users: dict  # role -> user; plus "superuser"
    entities: dict  # role -> the entity the role's user works for
    objects: list[Placed] = field(default_factory=list)

    def of_kind(self, key: str) -> list[Placed]:
        return [p for p in self.objects if p.kind.key == key]


def _kind(model) -> access_matrix.Kind:
    kinds = access_matrix.kinds_of_model(model._meta.label)
    if len(kinds) == 1:
        return kinds[0]
    return next(k for k in kinds if k.internal == model.is_internal)


def _mission_objects(world: World, mission, *, home: bool, undp, unicef, author) -> None:
    place = world.objects.append

    def add(obj, status=access_matrix.NO_STATUS, responsible=None):
        place(Placed(obj, _kind(obj), status, home, responsible))
        return obj

    add(mission)
    mandate = add(MandateFactory(mission=mission))
    task = add(MandateTaskFactory(mandate=mandate))
    add(PhaseChange.objects.create(mission=mission, phase="consolidation", started_on=dt.date(2020, 1, 1)))
    add(LeadershipPost.objects.create(mission=mission, kind=PostKind.HEAD, title="SRSG"))
    add(CountryTeamMemberFactory(mission=mission, entity=undp))
    add(StrategicAssessmentFactory(mission=mission, is_internal=True, title="Internal assessment"))
    add(StrategicAssessmentFactory(mission=mission, is_internal=False, title="Shared assessment"))
    mechanism = add(MechanismFactory(mission=mission))
    add(MeetingFactory(mechanism=mechanism))
    for status in FrameworkStatus.values:
        framework = add(
            FrameworkFactory(
                mission=mission,
                status=status,
                endorsed_on=dt.date(2024, 2, 1) if status == FrameworkStatus.ENDORSED else None,
            ),
            status,
        )
        priority = add(PriorityFactory(framework=framework), status)
        result = add(ResultFactory(priority=priority), status)
        result.mandate_tasks.add(task)
        add(ResponsibilityFactory(result=result, entity=undp), status)
        add(IntegrationAreaFactory(framework=framework), status)
        add(FundingLineFactory(priority=priority), status)
        add(NationalAlignment.objects.create(framework=framework, kind="ndp", title="National plan"), status)
        add(
            CommentFactory(framework=framework, priority=priority, author=author, author_entity=undp),
            status,
        )
        add(
            Signature.objects.create(
                framework=framework, entity=undp, signed_by=author, decision=SignatureDecision.SIGNED
            ),
            status,
        )
    benchmark = add(BenchmarkF(mission=mission))
    for entity in (undp, unicef):
        indicator = add(IndicatorFactory(benchmark=benchmark, responsible_entity=entity), responsible=entity)
        for quarter, state in enumerate(UpdateState.values):
            add(_update(indicator, quarter, state), state, responsible=entity)
    for entity in (undp, unicef):
        for state in ImportState.values:
            add(ExcelImportFactory(mission=mission, entity=entity, uploaded_by=author, state=state), state, entity)
    add(
        Lesson.objects.create(
            mission=mission,
            title="A lesson",
            text="Learned.",
            phase="consolidation",
            mechanism=mechanism,
            recorded_by=author,
        )
    )
    compact = add(
        Compact.objects.create(mission=mission, title="Compact", starts=dt.date(2025, 1, 1), ends=dt.date(2026, 12, 31))
    )
    government = EntityFactory(
        code=f"{mission.country}-MOJ",
        name="Ministry of Justice",
        kind=EntityKind.HOST_GOVERNMENT,
        country=mission.country,
    )
    for side, owner in (("un", undp), ("government", government)):
        commitment = add(
            Commitment.objects.create(
                compact=compact, side=side, owner=owner, due_on=dt.date(2026, 6, 30), text=f"Commitment of {owner}"
            ),
            responsible=owner,
        )
        for quarter, state in enumerate(UpdateState.values):
            add(_commitment_update(commitment, quarter, state), state, responsible=owner)
    gap = add(CapacityGapFactory(mission=mission))
    add(CapacityGapReview.objects.create(gap=gap, mandate=mandate, status="open"))
    add(Handover.objects.create(task=task, receiver=undp))
    add(MandateReview.objects.create(mission=mission, mandate=mandate, kind="review", held_on=dt.date(2024, 6, 1)))
    for state in ReportState.values:
        done = state == ReportState.DONE
        add(
            ProgressReportFactory(
                mission=mission,
                state=state,
                data_version=f"v-{state}",
                percent=100 if done else 0,
                error="The compiler stopped." if state == ReportState.FAILED else "",
                # A done report has its files, so its downloads answer (the world's fixture keeps
                # them in a temporary MEDIA_ROOT).
                **(_report_files() if done else {}),
            ),
            state,
        )


def _report_files() -> dict:
    return {f"{fmt}_file": ContentFile(b"report", name=f"report.{fmt}") for fmt in REPORT_FILES}


def secret_texts(update) -> list[str]:
    """The texts of an update that only those who may see it may read anywhere: its narrative and
    return reason carry markers unique to the update, which the generated page and API tests look
    for in every answer (see `leaked_update_texts`)."""
    return [text for text in (update.narrative, update.return_reason) if text]


def leaked_update_texts(world: World, role: str, body: str) -> list[str]:
    """Markers of updates (of indicators and of commitments) `role` may not see that appear in `body`."""
    return [
        text
        for placed in world.of_kind("progress_update") + world.of_kind("commitment_update")
        if not expected(world, role, placed, "view")
        for text in secret_texts(placed.obj)
        if text in body
    ]


def _update(indicator, quarter: int, state: str):
    """An update of the indicator for the quarter, in `state` with what that state needs; its
    narrative and return reason are markers unique to it (`secret_texts`)."""
    marker = f"{indicator.benchmark.mission.acronym}-{indicator.responsible_entity.code}-{state}"
    now = timezone.now()
    start = dt.date(2025, 1 + 3 * quarter, 1)
    end = dt.date(2025, 3 + 3 * quarter, 28)
    return ProgressUpdateFactory(
        indicator=indicator,
        period_start=start,
        period_end=end,
        state=state,
        submitted_at=None if state == UpdateState.DRAFT else now,
        approved_at=now if state == UpdateState.APPROVED else None,
        narrative=f"Narrative-marker-{marker}",
        return_reason=f"Reason-marker-{marker}" if state == UpdateState.RETURNED else "",
    )


def _commitment_update(commitment, quarter: int, state: str):
    """An update of the commitment in `state`, its narrative and return reason markers unique to it."""
    marker = f"{commitment.compact.mission.acronym}-{commitment.owner.code}-{state}"
    now = timezone.now()
    return CommitmentUpdate.objects.create(
        commitment=commitment,
        as_of=dt.date(2025, 2 + 3 * quarter, 15),
        status="on_track",
        state=state,
        submitted_at=None if state == UpdateState.DRAFT else now,
        approved_at=now if state == UpdateState.APPROVED else None,
        narrative=f"Commitment-marker-{marker}",
        return_reason=f"Commitment-reason-{marker}" if state == UpdateState.RETURNED else "",
    )


def build_world() -> World:
    dpko = EntityFactory(code="DPKO", name="Department of Peacekeeping Operations", kind=EntityKind.SECRETARIAT)
    dpa = EntityFactory(code="DPA", name="Department of Political Affairs", kind=EntityKind.SECRETARIAT)
    pbso = EntityFactory(code="PBSO", name="Peacebuilding Support Office", kind=EntityKind.SECRETARIAT)
    undp = EntityFactory(code="UNDP", name="UN Development Programme", kind=EntityKind.AFP)
    unicef = EntityFactory(code="UNICEF", name="UN Children's Fund", kind=EntityKind.AFP)
    home = MissionFactory(acronym="UNMIL", country="LR", lead_department=dpko)
    away = MissionFactory(acronym="UNSMIL", country="LY", lead_department=dpa, mission_type=MissionType.POLITICAL)
    entities = {
        Role.HQ_PLANNER: dpko,
        Role.MISSION_PLANNER: home.entity,
        Role.SRSG_OFFICE: home.entity,
        Role.AGENCY_PLANNER: undp,
        Role.OBSERVER: pbso,
        Role.ADMINISTRATOR: dpa,
    }
    users = {}
    for role, entity in entities.items():
        membership = MembershipFactory(
            user=UserFactory(username=f"as-{role}"), entity=entity, role=role, missions=[home]
        )
        users[role] = membership.user
    users["superuser"] = UserFactory(username="as-superuser", is_superuser=True, is_staff=True)
    for user in users.values():
        sync_user_permissions(user)
    world = World(missions={"home": home, "away": away}, users=users, entities=entities)
    author = UserFactory(username="comment-author")
    _mission_objects(world, home, home=True, undp=undp, unicef=unicef, author=author)
    _mission_objects(world, away, home=False, undp=undp, unicef=unicef, author=author)
    return world


def expected(world: World, role: str, placed: Placed, action: str) -> bool:
    """What the matrix says `role` may do with this object; action "create" = create one like it."""
    if role == "superuser":
        return action in placed.kind.actions or action == "create"
    if not placed.home and not (placed.kind.across_missions and action == "view"):
        return False
    if action == "create":
        value = access_matrix.creation_cell(role, placed.kind, placed.status)
    else:
        value = access_matrix.cell(role, placed.kind, action, placed.status)
    if value == access_matrix.OWN_ENTITY:
        return placed.responsible is not None and placed.responsible == world.entities[role]
    return bool(value)
