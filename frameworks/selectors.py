"""Reads of frameworks shared by the pages, the API and the exports. Each returns what a page needs
in a fixed number of queries, however many priorities, results or comments there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from frameworks.choices import (
    IN_PROGRESS_STATUSES,
    CommentStatus,
    FrameworkStatus,
    FundingSource,
    ResponsibilityRole,
)
from frameworks.models import (
    Comment,
    FundingLine,
    IntegratedStrategicFramework,
    Priority,
    Responsibility,
    Result,
    Signature,
)
from missions.access_matrix import roles_granting
from missions.choices import EntityKind, Role
from missions.models import Entity, MandateTask, Membership, Mission
from planning.l10n import format_date


def frameworks_visible(user) -> QuerySet:
    return IntegratedStrategicFramework.objects.restrict(user, "view").select_related("mission", "mission__entity")


def _open_comments(prefix: str = "") -> Count:
    return Count(
        f"{prefix}comments",
        filter=Q(**{f"{prefix}comments__parent__isnull": True, f"{prefix}comments__status": CommentStatus.OPEN}),
        distinct=True,
    )


def framework_tree(framework: IntegratedStrategicFramework) -> list[Priority]:
    """Priorities with their results, responsibilities, mandate tasks, funding lines and open-thread counts."""
    results = (
        Result.objects.annotate(open_comments=_open_comments())
        .prefetch_related(
            Prefetch("responsibilities", queryset=Responsibility.objects.select_related("entity")),
            Prefetch("mandate_tasks", queryset=MandateTask.objects.select_related("mandate")),
        )
        .order_by("order", "id")
    )
    return list(
        Priority.objects.filter(framework=framework)
        .annotate(open_comments=_open_comments())
        .prefetch_related(
            Prefetch("results", queryset=results),
            Prefetch("funding_lines", queryset=FundingLine.objects.order_by("source")),
        )
        .order_by("order", "id")
    )


def entities_for(mission: Mission) -> list[Entity]:
    """The mission itself, its country team and the host-government bodies of its country: who can
    lead or contribute to a result."""
    entities = list(
        Entity.objects.filter(
            Q(country_teams__mission=mission) | Q(kind=EntityKind.HOST_GOVERNMENT, country=mission.country)
        )
        .distinct()
        .order_by("code")
    )
    if mission.entity_id:
        entities.insert(0, mission.entity)
    return entities


def mandate_tasks_for(mission: Mission) -> list[MandateTask]:
    return list(
        MandateTask.objects.filter(mandate__mission=mission)
        .select_related("mandate")
        .order_by("-mandate__adopted_on", "paragraph")
    )


@dataclass
class MatrixRow:
    result: Result
    cells: list[tuple[Entity, str]]


@dataclass
class FundingRow:
    priority: Priority
    by_source: dict[str, FundingLine | None]
    amount: Decimal = Decimal("0")
    gap: Decimal = Decimal("0")

    @property
    def lines(self) -> list[FundingLine | None]:
        return [self.by_source[source] for source in FundingSource.values]


@dataclass
class Coverage:
    uncovered_tasks: list[MandateTask] = field(default_factory=list)
    results_without_task: list[Result] = field(default_factory=list)


def responsibility_matrix(priorities: list[Priority], entities: list[Entity]) -> list[MatrixRow]:
    rows = []
    for priority in priorities:
        for result in priority.results.all():
            roles = {r.entity_id: r.role for r in result.responsibilities.all()}
            rows.append(MatrixRow(result=result, cells=[(entity, roles.get(entity.pk, "")) for entity in entities]))
    return rows


def coverage(priorities: list[Priority], tasks: list[MandateTask]) -> Coverage:
    covered = set()
    report = Coverage()
    for priority in priorities:
        for result in priority.results.all():
            linked = [task.pk for task in result.mandate_tasks.all()]
            covered.update(linked)
            if not linked:
                report.results_without_task.append(result)
    report.uncovered_tasks = [task for task in tasks if task.pk not in covered]
    return report


def funding_rows(priorities: list[Priority]) -> tuple[list[FundingRow], Decimal, Decimal]:
    rows = []
    for priority in priorities:
        lines = {line.source: line for line in priority.funding_lines.all()}
        row = FundingRow(priority=priority, by_source={s: lines.get(s) for s in FundingSource.values})
        row.amount = sum((line.amount for line in lines.values()), Decimal("0"))
        row.gap = sum((line.gap for line in lines.values()), Decimal("0"))
        rows.append(row)
    return rows, sum((r.amount for r in rows), Decimal("0")), sum((r.gap for r in rows), Decimal("0"))


def signature_status(framework: IntegratedStrategicFramework, priorities: list[Priority]) -> list[dict]:
    """Who must sign and what each decided: the mission (SRSG office) first, then the lead entities."""
    leads: dict[int, Entity] = {}
    for priority in priorities:
        for result in priority.results.all():
            for responsibility in result.responsibilities.all():
                if responsibility.role == ResponsibilityRole.LEAD:
                    leads[responsibility.entity_id] = responsibility.entity
    mission_entity = framework.mission.entity
    signatures = {
        s.entity_id: s for s in Signature.objects.filter(framework=framework).select_related("entity", "signed_by")
    }
    rows = []
    if mission_entity:
        rows.append(
            {"entity": mission_entity, "for_mission": True, "signature": signatures.pop(mission_entity.pk, None)}
        )
    for entity in sorted(leads.values(), key=lambda e: e.code):
        if mission_entity and entity.pk == mission_entity.pk:
            continue
        rows.append({"entity": entity, "for_mission": False, "signature": signatures.pop(entity.pk, None)})
    # Decisions by entities that no longer lead anything still show (e.g. an objection in a draft).
    rows.extend({"entity": s.entity, "for_mission": False, "signature": s} for s in signatures.values())
    return rows


def comment_threads(framework: IntegratedStrategicFramework) -> list[Comment]:
    """Threads of a framework version with their replies and mentions, in a fixed number of queries."""
    mentions = ("mentioned_entities", "mentioned_users")
    replies = (
        Comment.objects.select_related("author", "author_entity")
        .prefetch_related(*mentions)
        .order_by("created_at", "id")
    )
    return list(
        Comment.objects.filter(framework=framework, parent__isnull=True)
        .select_related("author", "author_entity", "priority", "result", "result__priority")
        .prefetch_related(Prefetch("replies", queryset=replies), *mentions)
        .order_by("created_at", "id")
    )


def mission_frameworks(mission: Mission, user) -> QuerySet:
    return IntegratedStrategicFramework.objects.restrict(user, "view").filter(mission=mission).order_by("-version")


def current_endorsed(mission: Mission) -> IntegratedStrategicFramework | None:
    return IntegratedStrategicFramework.objects.filter(mission=mission, status=FrameworkStatus.ENDORSED).first()


def mentioned_recipients(comment: Comment) -> set[int]:
    """People the comment mentions: by name, or as planners of an entity it mentions on this
    mission; never the author."""
    ids = set(comment.mentioned_users.values_list("pk", flat=True))
    ids |= set(
        Membership.objects.filter(
            entity__in=comment.mentioned_entities.all(),
            is_active=True,
            missions=comment.framework.mission_id,
            role__in=(Role.AGENCY_PLANNER, Role.MISSION_PLANNER, Role.HQ_PLANNER),
        ).values_list("user_id", flat=True)
    )
    ids.discard(comment.author_id)
    return ids


def notification_recipients(comment: Comment) -> set[int]:
    """Thread participants and the people mentioned (`mentioned_recipients`); never the author."""
    root = comment.parent or comment
    ids = set(Comment.objects.filter(Q(pk=root.pk) | Q(parent=root)).values_list("author_id", flat=True))
    ids |= mentioned_recipients(comment)
    ids.discard(comment.author_id)
    return ids


MENTION_SUGGESTIONS = 8


def mention_suggestions(mission: Mission, query: str) -> list[dict]:
    """Who a comment on `mission` can @-mention, for the text typed after "@": the mission and its
    country team (by code) and the people with an active membership on the mission (by user
    name), matched at the start of the code, the user name or a word of the name. Two queries."""
    query = query.strip().lower()
    if not query:
        return []

    def matches(*texts: str) -> bool:
        return any(word.startswith(query) for text in texts for word in [text.lower(), *text.lower().split()])

    found = [
        {"value": entity.code, "label": f"{entity.code} · {entity.name}", "kind": "entity"}
        for entity in entities_for(mission)
        if matches(entity.code, entity.name)
    ]
    people = (
        get_user_model()
        .objects.filter(memberships__missions=mission, memberships__is_active=True, is_active=True)
        .select_related(None)
        .distinct()
        .order_by("username")
    )
    for user in people:
        name = user.get_full_name()
        if matches(user.username, name):
            found.append(
                {
                    "value": user.username,
                    "label": f"{name} (@{user.username})" if name else f"@{user.username}",
                    "kind": "person",
                }
            )
    return found[:MENTION_SUGGESTIONS]


# ---------- versions and the workflow ----------


def framework_in_progress(mission: Mission, user=None) -> IntegratedStrategicFramework | None:
    """The version on its way to endorsement (draft, consultation or submitted), if any: while it
    is, no other version starts. With `user`, only if they may see it."""
    frameworks = IntegratedStrategicFramework.objects.all() if user is None else frameworks_visible(user)
    return (
        frameworks.filter(mission=mission, status__in=IN_PROGRESS_STATUSES)
        .select_related("mission")
        .order_by("-version")
        .first()
    )


def next_version_number(mission: Mission) -> int:
    last = IntegratedStrategicFramework.objects.filter(mission=mission).aggregate(v=Max("version"))["v"]
    return (last or 0) + 1


@dataclass
class Contents:
    """What a version holds, as counted for the page that offers to copy it."""

    priorities: int
    results: int
    responsibilities: int
    task_links: int
    areas: int
    funding_lines: int


def framework_contents(framework: IntegratedStrategicFramework) -> Contents:
    """The counts of a version's parts (a count each)."""
    results = Result.objects.filter(priority__framework=framework)
    return Contents(
        priorities=Priority.objects.filter(framework=framework).count(),
        results=results.count(),
        responsibilities=Responsibility.objects.filter(result__in=results).count(),
        task_links=Result.mandate_tasks.through.objects.filter(result__in=results).count(),
        areas=framework.integration_areas.count(),
        funding_lines=FundingLine.objects.filter(priority__framework=framework).count(),
    )


def open_threads(framework: IntegratedStrategicFramework) -> list[Comment]:
    """The open comment threads of a version (their first comments), oldest first, with what each is on."""
    return list(
        Comment.objects.filter(framework=framework, parent__isnull=True, status=CommentStatus.OPEN)
        .select_related("author", "author_entity", "priority", "result", "result__priority")
        .order_by("created_at", "id")
    )


def open_thread_count(framework: IntegratedStrategicFramework) -> int:
    return Comment.objects.filter(framework=framework, parent__isnull=True, status=CommentStatus.OPEN).count()


# The roles whose members are asked to comment: those the access matrix lets comment.
COMMENTING_ROLES = tuple(roles_granting("comment", True))


@dataclass
class Invitee:
    """An entity asked to comment on a version in consultation, its part in the version and the
    people of it who are notified."""

    entity: Entity
    in_country_team: bool = False
    leads: int = 0
    contributes: int = 0
    people: list[Membership] = field(default_factory=list)


def consultation_invitees(framework: IntegratedStrategicFramework) -> list[Invitee]:
    """Who a consultation asks: the entities of the mission's country team and any other entity
    that leads or contributes to a result (not the mission itself, whose planners drafted it),
    each with its active members on this mission in a role that may comment (three queries)."""
    mission = framework.mission
    team = set(Entity.objects.filter(country_teams__mission=mission).values_list("pk", flat=True))
    parts: dict[int, dict[str, int]] = {}
    for row in (
        Responsibility.objects.filter(result__priority__framework=framework)
        .values("entity_id", "role")
        .annotate(n=Count("id"))
    ):
        parts.setdefault(row["entity_id"], {})[row["role"]] = row["n"]
    ids = (team | set(parts)) - {mission.entity_id}
    invitees = {
        entity.pk: Invitee(
            entity=entity,
            in_country_team=entity.pk in team,
            leads=parts.get(entity.pk, {}).get(ResponsibilityRole.LEAD, 0),
            contributes=parts.get(entity.pk, {}).get(ResponsibilityRole.CONTRIBUTING, 0),
        )
        for entity in Entity.objects.filter(pk__in=ids).order_by("code")
    }
    for membership in (
        Membership.objects.filter(
            entity__in=ids, is_active=True, user__is_active=True, missions=mission, role__in=COMMENTING_ROLES
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
        .distinct()
    ):
        invitees[membership.entity_id].people.append(membership)
    return list(invitees.values())


def consultation_recipient_ids(framework: IntegratedStrategicFramework) -> set[int]:
    """The people a consultation notifies: every person listed by `consultation_invitees`."""
    return {membership.user_id for invitee in consultation_invitees(framework) for membership in invitee.people}


def consultation_days() -> int:
    """How long the country team has to comment by default (settings.WORKBENCH["CONSULTATION_DAYS"])."""
    return getattr(settings, "WORKBENCH", {}).get("CONSULTATION_DAYS", 14)


def default_consultation_deadline(today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()) + dt.timedelta(days=consultation_days())


@dataclass
class SubmissionCheck:
    """What stands before a submission: what refuses it (no result, results without a lead, no
    mission entity to sign) and what the planner should know (open threads, results without a
    complete timeline)."""

    results: int
    without_lead: list[Result]
    without_timeline: list[Result]
    threads: list[Comment]
    mission_has_entity: bool

    @property
    def blocking(self) -> bool:
        return not self.results or bool(self.without_lead) or not self.mission_has_entity


def submission_check(framework: IntegratedStrategicFramework) -> SubmissionCheck:
    """The results that lack a lead entity or a timeline, and the open threads (two queries)."""
    results = list(
        Result.objects.filter(priority__framework=framework)
        .select_related("priority")
        .annotate(lead_count=Count("responsibilities", filter=Q(responsibilities__role=ResponsibilityRole.LEAD)))
        .order_by("priority__order", "priority_id", "order", "id")
    )
    return SubmissionCheck(
        results=len(results),
        without_lead=[r for r in results if not r.lead_count],
        without_timeline=[r for r in results if not (r.timeline_start and r.timeline_end)],
        threads=open_threads(framework),
        mission_has_entity=framework.mission.entity_id is not None,
    )


@dataclass
class NextStep:
    """What happens next to a version and who acts, in a sentence or two."""

    text: str


def next_step(
    framework: IntegratedStrategicFramework,
    *,
    priorities: int,
    open_threads: int,
    signatures: list[dict],
    successor: IntegratedStrategicFramework | None = None,
    today: dt.date | None = None,
) -> NextStep:
    """The next step of `framework` from its status and the data given (no query): how many
    priorities and open threads it has, its signature rows (`signature_status`) and the version
    being prepared after it (`successor`)."""
    today = today or timezone.localdate()
    status = framework.status
    threads = (
        ngettext("%(count)s comment thread is still open.", "%(count)s comment threads are still open.", open_threads)
        % {"count": open_threads}
        if open_threads
        else ""
    )
    pending = [row["entity"].code for row in signatures if row["signature"] is None]
    if status == FrameworkStatus.DRAFT:
        if not priorities:
            text = _(
                "The mission planning unit adds the priorities and results, then sends the draft to the "
                "country team for consultation."
            )
        else:
            text = _("The mission planning unit completes the draft and sends it to the country team for consultation.")
        return NextStep(text)
    if status == FrameworkStatus.CONSULTATION:
        deadline = framework.consultation_deadline
        if deadline is None:
            text = _("Country-team entities comment; then the mission planning unit submits it for endorsement.")
        elif deadline >= today:
            text = _(
                "Country-team entities comment until %(date)s; then the mission planning unit submits it "
                "for endorsement."
            ) % {"date": format_date(deadline)}
        else:
            text = _(
                "The comment deadline (%(date)s) has passed: the mission planning unit answers the comments "
                "and submits it for endorsement."
            ) % {"date": format_date(deadline)}
        return NextStep(f"{text} {threads}".strip())
    if status == FrameworkStatus.SUBMITTED:
        text = _("The SRSG office endorses it; each entity that leads a result signs for itself.")
        if pending:
            still = _("Still to decide: %(entities)s.") % {"entities": ", ".join(pending)}
            text = f"{text} {still}"
        return NextStep(text)
    if status == FrameworkStatus.ENDORSED:
        if successor is not None:
            return NextStep(
                _(
                    "Version %(version)s is being prepared (%(status)s); this version stays in force until "
                    "it is endorsed."
                )
                % {"version": successor.version, "status": successor.get_status_display().lower()},
            )
        # Some signatures recorded, others not (a version endorsed before all were recorded here);
        # none recorded: endorsed outside the workbench.
        if pending and len(pending) < len(signatures):
            return NextStep(
                _("Endorsed; signatures still to record: %(entities)s.") % {"entities": ", ".join(pending)},
            )
        return NextStep(
            _(
                "In force. At least every %(months)s months, or after a major change (a new mandate, a phase "
                "change), the mission planning unit starts the next version from this one."
            )
            % {"months": getattr(settings, "WORKBENCH", {}).get("FRAMEWORK_REVIEW_MONTHS", 12)},
        )
    if status == FrameworkStatus.SUPERSEDED:
        return NextStep(_("A later version replaced this one; it is kept as the record of what was agreed."))
    return NextStep(_("This version is closed and kept as a record."))
