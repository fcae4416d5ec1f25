"""Reads of frameworks shared by the pages, the API and the exports. Each returns what a page needs
in a fixed number of queries, however many priorities, results or comments there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet

from frameworks.choices import CommentStatus, FrameworkStatus, FundingSource, ResponsibilityRole
from frameworks.models import (
    Comment,
    FundingLine,
    IntegratedStrategicFramework,
    Priority,
    Responsibility,
    Result,
    Signature,
)
from missions.choices import Role
from missions.models import Entity, MandateTask, Membership, Mission


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
    """The mission itself and its country team: who can lead or contribute to a result."""
    entities = list(Entity.objects.filter(country_teams__mission=mission).order_by("code"))
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
