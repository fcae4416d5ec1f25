"""Reads behind the mission list, the mission workspace and the IAP overview.

Every list goes through the access layer (`restrict(user, "view")`), and each page costs a fixed
number of queries: related rows come by select_related/prefetch, counts by annotation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from benchmarks.models import Benchmark, Indicator
from benchmarks.selectors import reviews_waiting, updates_owed
from frameworks.choices import IN_PROGRESS_STATUSES, CommentStatus, FrameworkStatus
from frameworks.models import (
    Comment,
    IntegratedMechanism,
    IntegratedStrategicFramework,
    Priority,
    Responsibility,
    StrategicAssessment,
)
from frameworks.selectors import COMMENTING_ROLES
from missions.access_matrix import FOR_OWN_ENTITY, ROLE_RULES
from missions.audit import KIND_LABELS
from missions.models import (
    CountryTeamMember,
    LeadershipPost,
    Mandate,
    MandateTask,
    Membership,
    Mission,
    PhaseChange,
)
from missions.notices import reason_label
from planning.filtersets import MissionListFilterSet
from planning.iap import REQUIREMENTS, MissionIAP, iap_standings

MISSION_SORTS = {
    "acronym": "acronym",
    "name": "name",
    "country": "country",
    "type": "mission_type",
    "lead": "lead_department__code",
    "phase": "phase",
    "framework": "latest_framework_status",
}
IN_PROGRESS = IN_PROGRESS_STATUSES


def visible_missions(user) -> QuerySet[Mission]:
    return Mission.objects.restrict(user, "view").select_related("lead_department")


def mission_list(user, *, filters=None, sort: str = "acronym") -> tuple[MissionListFilterSet, QuerySet[Mission]]:
    """The missions `user` may see, with the status of their endorsed and latest framework
    versions (only versions the user may see), filtered by `filters` (the page's query string:
    planning.filtersets.MissionListFilterSet) and sorted by a column of the list. Returns the
    FilterSet, with the values it accepted, and the missions."""
    frameworks = IntegratedStrategicFramework.objects.restrict(user, "view").filter(mission=OuterRef("pk"))
    latest = frameworks.order_by("-version")
    missions = visible_missions(user).annotate(
        endorsed_version=Subquery(frameworks.filter(status=FrameworkStatus.ENDORSED).values("version")[:1]),
        latest_framework_version=Subquery(latest.values("version")[:1]),
        latest_framework_status=Subquery(latest.values("status")[:1]),
    )
    filterset = MissionListFilterSet(filters, queryset=missions)
    field = MISSION_SORTS.get(sort.lstrip("-"), "acronym")
    return filterset, filterset.qs.order_by(f"-{field}" if sort.startswith("-") else field, "acronym")


@dataclass
class MissionRow:
    mission: Mission
    iap: MissionIAP


def mission_rows(
    missions: QuerySet[Mission], *, sort: str = "", today: dt.date | None = None, reasons: bool = True
) -> list[MissionRow]:
    """Missions with their kept IAP status (planning.iap.iap_standings: evaluated again only for
    missions whose data changed); sorting by "iap" (or an IAP requirement key) happens here."""
    missions = list(missions)
    statuses = iap_standings(missions, today, reasons=reasons)
    rows = [MissionRow(mission, statuses[mission.pk]) for mission in missions]
    key = sort.lstrip("-")
    reverse = sort.startswith("-")
    if key == "iap":
        rows.sort(key=lambda row: (row.iap.score, row.mission.acronym), reverse=reverse)
    elif key in REQUIREMENTS:
        rows.sort(key=lambda row: (row.iap.by_key[key].score, row.mission.acronym), reverse=reverse)
    return rows


OVERVIEW_SORTS = {"acronym": "acronym", "name": "name", "lead": "lead_department__code"}


def iap_overview_rows(user, *, sort: str = "acronym", today: dt.date | None = None) -> list[MissionRow]:
    """Every mission `user` may see with its four IAP requirements, for headquarters."""
    field = OVERVIEW_SORTS.get(sort.lstrip("-"))
    order = (f"-{field}" if sort.startswith("-") else field) if field else "acronym"
    return mission_rows(visible_missions(user).order_by(order, "acronym"), sort=sort, today=today)


@dataclass
class MechanismView:
    mechanism: IntegratedMechanism
    next_due: dt.date | None
    overdue: bool


@dataclass
class Workspace:
    mission: Mission
    mandates: list[Mandate]
    country_team: list[CountryTeamMember]
    leadership: list[LeadershipPost]
    phase_changes: list[PhaseChange]
    assessments: list[StrategicAssessment]
    mechanisms: list[MechanismView]
    current_framework: IntegratedStrategicFramework | None
    frameworks_in_progress: list[IntegratedStrategicFramework]
    earlier_frameworks: list[IntegratedStrategicFramework]
    iap: MissionIAP

    @property
    def framework_in_progress(self) -> IntegratedStrategicFramework | None:
        """The version on its way to endorsement, which the workspace leads to first."""
        return self.frameworks_in_progress[0] if self.frameworks_in_progress else None

    @property
    def next_version(self) -> int:
        """The number the next version of the framework takes (of the versions the user sees:
        all of them for who may start one)."""
        versions = [
            f.version for f in (self.current_framework, *self.frameworks_in_progress, *self.earlier_frameworks) if f
        ]
        return max(versions, default=0) + 1

    def visible_objects(self):
        """The objects the workspace links to, each read through restrict(user, "view")."""
        yield from self.assessments
        yield from (row.mechanism for row in self.mechanisms)
        if self.current_framework:
            yield self.current_framework
        yield from self.frameworks_in_progress
        yield from self.earlier_frameworks


def workspace_for_mission(*, user, mission: Mission, today: dt.date | None = None) -> Workspace:
    """Everything the workspace shows of `mission`, each list restricted for `user`, in a fixed
    number of queries."""
    today = today or timezone.localdate()
    tasks = MandateTask.objects.restrict(user, "view").select_related("lead_entity", "handover_to")
    mandates = list(
        Mandate.objects.restrict(user, "view")
        .filter(mission=mission)
        .prefetch_related(Prefetch("tasks", queryset=tasks))
        .order_by("-adopted_on")
    )
    country_team = list(
        CountryTeamMember.objects.restrict(user, "view").filter(mission=mission).select_related("entity")
    )
    leadership = list(LeadershipPost.objects.restrict(user, "view").filter(mission=mission))
    phase_changes = list(PhaseChange.objects.restrict(user, "view").filter(mission=mission).order_by("-started_on"))
    assessments = list(
        StrategicAssessment.objects.restrict(user, "view")
        .filter(mission=mission)
        .select_related("lead_entity")
        .prefetch_related("participants")
    )
    mechanisms = []
    for mechanism in (
        IntegratedMechanism.objects.restrict(user, "view")
        .filter(mission=mission)
        .select_related("chair")
        .prefetch_related("members")
        .annotate(last_met=Max("meetings__held_on"))
    ):
        next_due = mechanism.last_met + dt.timedelta(days=mechanism.cadence_days) if mechanism.last_met else None
        overdue = mechanism.is_active and (next_due is None or next_due < today)
        mechanisms.append(MechanismView(mechanism, next_due, overdue))
    priorities = Priority.objects.restrict(user, "view").annotate(result_count=Count("results")).order_by("order", "id")
    frameworks = list(
        IntegratedStrategicFramework.objects.restrict(user, "view")
        .filter(mission=mission)
        .annotate(
            result_count=Count("priorities__results", distinct=True),
            open_comments=Count("comments", filter=Q(comments__status=CommentStatus.OPEN), distinct=True),
            # Whether the user may edit it (the workspace links a version in progress to its
            # editor), inside the query that finds it.
            right_change=Exists(
                IntegratedStrategicFramework.objects.restrict(user, "change").filter(pk=OuterRef("pk"))
            ),
        )
        .prefetch_related(Prefetch("priorities", queryset=priorities))
        .order_by("-version")
    )
    current = next((f for f in frameworks if f.status == FrameworkStatus.ENDORSED), None)
    return Workspace(
        mission=mission,
        mandates=mandates,
        country_team=country_team,
        leadership=leadership,
        phase_changes=phase_changes,
        assessments=assessments,
        mechanisms=mechanisms,
        current_framework=current,
        frameworks_in_progress=[f for f in frameworks if f.status in IN_PROGRESS],
        earlier_frameworks=[f for f in frameworks if f is not current and f.status not in IN_PROGRESS],
        iap=iap_standings([mission], today)[mission.pk],
    )


# The "my work" home -------------------------------------------------------------------------------

RECENT_CHANGES = 8
MY_WORK_LIST = 12  # items shown per list; the count says how many there are


@dataclass
class Change:
    """One history record of a mission's planning objects, for the home's recent changes."""

    when: dt.datetime
    who: object
    kind: str  # "+", "~", "-"
    reason: str
    label: str  # what changed: the object's name
    kind_of: str  # the object kind, in words
    mission: str
    obj: object  # the object (rebuilt from the record, no query): what the link asks about
    page: str  # the URL name of its page
    key: tuple = ()  # the changed object: (kind, id)


@dataclass
class MyWork:
    owed: list  # benchmarks.selectors.OwedUpdate
    mentions: list  # frameworks.Comment
    signatures: list  # frameworks.IntegratedStrategicFramework to sign (with `sign_for`: entities)
    consultations: list  # frameworks.IntegratedStrategicFramework in consultation asking the user
    reviews: list  # [{"mission": Mission, "count": n, "oldest": date}]
    changes: list[Change]

    @property
    def owed_count(self) -> int:
        return len(self.owed)

    @property
    def review_count(self) -> int:
        return sum(row["count"] for row in self.reviews)

    @property
    def nothing_owed(self) -> bool:
        return not (self.owed or self.mentions or self.signatures or self.consultations)


def my_work(user, *, today: dt.date | None = None) -> MyWork:
    """What `user` owes (updates due and overdue, comments mentioning them in open threads,
    signatures asked of them, consultations asking them), what waits for them (updates to review)
    and the latest changes on the missions they cover: every list through the access layer, in a
    fixed number of queries whatever the data size."""
    today = today or timezone.localdate()
    memberships = list(
        Membership.objects.filter(user=user, is_active=True).values_list("entity_id", "role", "missions").order_by()
    )
    entity_ids = {entity for entity, _role, _mission in memberships}

    mentions = list(
        Comment.objects.restrict(user, "view")
        .filter(Q(mentioned_users=user) | Q(mentioned_entities__in=entity_ids))
        .filter(Q(parent__isnull=True, status=CommentStatus.OPEN) | Q(parent__status=CommentStatus.OPEN))
        .exclude(author=user)
        .select_related("framework__mission", "author", "author_entity")
        .order_by("-created_at")
        .distinct()[:MY_WORK_LIST]
    )

    signing = {
        (entity, mission)
        for entity, role, mission in memberships
        if ROLE_RULES.get(role) and ROLE_RULES[role].grants.get("sign")
    }
    signs_for_mission = {
        mission
        for entity, role, mission in memberships
        if ROLE_RULES.get(role) and ROLE_RULES[role].grants.get("sign") not in (None, False, FOR_OWN_ENTITY)
    }
    signatures = []
    if signing:
        submitted = (
            IntegratedStrategicFramework.objects.restrict(user, "sign")
            .filter(status=FrameworkStatus.SUBMITTED)
            .select_related("mission")
            .prefetch_related(
                Prefetch("signatures", to_attr="decided"),
                Prefetch(
                    "priorities__results__responsibilities",
                    queryset=Responsibility.objects.filter(role="lead").only("entity_id", "result_id", "role"),
                ),
            )
            .order_by("mission__acronym")
        )
        for framework in submitted:
            decided = {s.entity_id for s in framework.decided}
            leads = {
                r.entity_id
                for p in framework.priorities.all()
                for result in p.results.all()
                for r in result.responsibilities.all()
            }
            sign_for = {e for e, m in signing if m == framework.mission_id and e in leads}
            if framework.mission_id in signs_for_mission and framework.mission.entity_id:
                sign_for.add(framework.mission.entity_id)
            if sign_for - decided:
                signatures.append(framework)

    commenting = [e for e, role, _m in memberships if role in COMMENTING_ROLES]
    consultations = []
    if commenting:
        consultations = list(
            IntegratedStrategicFramework.objects.restrict(user, "comment")
            .filter(status=FrameworkStatus.CONSULTATION)
            .exclude(mission__entity_id__in=commenting)
            .filter(
                Exists(CountryTeamMember.objects.filter(mission=OuterRef("mission"), entity_id__in=commenting))
                | Exists(
                    Responsibility.objects.filter(result__priority__framework=OuterRef("pk"), entity_id__in=commenting)
                )
            )
            .select_related("mission")
            .order_by("consultation_deadline", "mission__acronym")
        )

    reviews = reviews_waiting(user)
    missions = Mission.objects.in_bulk([row["mission"] for row in reviews], field_name="acronym") if reviews else {}
    for row in reviews:
        row["mission"] = missions[row["mission"]]

    return MyWork(
        # A superuser sees every indicator but reports for none: nothing is owed by a membership.
        owed=[] if user.is_superuser else updates_owed(user, today=today),
        mentions=mentions,
        signatures=signatures,
        consultations=consultations,
        reviews=reviews,
        changes=recent_changes(user),
    )


def recent_changes(user, *, limit: int = RECENT_CHANGES) -> list[Change]:
    """The latest changes of frameworks, benchmarks and indicators the user may see, one per
    object, newest first: their history records (one query each, `limit` rows at most each)."""
    frameworks = IntegratedStrategicFramework.objects.restrict(user, "view")
    benchmarks = Benchmark.objects.restrict(user, "view")
    sources = (
        (
            IntegratedStrategicFramework.history.filter(id__in=frameworks.values("pk")).select_related(
                "history_user", "mission"
            ),
            _("Framework"),
            lambda r: f"{r.label} v{r.version}",
            lambda r: r.mission.acronym,
            lambda r: r.instance,
            "frameworks:framework-detail",
        ),
        (
            Benchmark.history.filter(id__in=benchmarks.values("pk")).select_related("history_user", "mission"),
            _("Benchmark"),
            lambda r: r.title,
            lambda r: r.mission.acronym,
            lambda r: r.instance,
            "benchmarks:benchmark-detail",
        ),
        (
            Indicator.history.filter(id__in=Indicator.objects.restrict(user, "view").values("pk")).select_related(
                "history_user", "benchmark__mission"
            ),
            _("Indicator"),
            lambda r: r.name,
            lambda r: r.benchmark.mission.acronym,
            lambda r: r.benchmark,
            "benchmarks:benchmark-detail",
        ),
    )
    changes = []
    for records, kind_of, label, mission, obj, page in sources:
        for record in records.order_by("-history_date")[:limit]:
            changes.append(
                Change(
                    when=record.history_date,
                    who=record.history_user,
                    kind=record.history_type,
                    reason=reason_label(record.history_change_reason) or str(KIND_LABELS.get(record.history_type, "")),
                    label=label(record),
                    kind_of=kind_of,
                    mission=mission(record),
                    obj=obj(record),
                    page=page,
                    key=(kind_of, record.id),
                )
            )
    changes.sort(key=lambda c: c.when, reverse=True)
    latest: dict[tuple, Change] = {}
    for change in changes:  # one line per object: a save and its links are several records
        latest.setdefault(change.key, change)
    return list(latest.values())[:limit]
