"""Reads for joint analysis and integrated mechanisms, shared by pages and the API.

Each list costs a fixed number of queries whatever the number of rows, participants, members or
meetings: related rows come by prefetch, the latest meeting by annotation.

Sides of an integrated presence (what IAP minimum requirements 1 and 3 ask for): an entity is on
the *country team* side when it is in the mission's country team or is an agency, fund or
programme; it is on the *mission* side when it is the mission itself or a Secretariat department
(DPKO, DPA, ...) that is not a member of the country team.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frameworks.models import IntegratedMechanism, MechanismMeeting, StrategicAssessment
from missions.choices import EntityKind
from missions.models import CountryTeamMember, Entity, Mission

MISSION_SIDE = "mission"
COUNTRY_TEAM_SIDE = "unct"
OTHER_SIDE = "other"
SIDE_LABELS = {
    MISSION_SIDE: _("Mission and Secretariat"),
    COUNTRY_TEAM_SIDE: _("UN country team"),
    OTHER_SIDE: _("Other entities"),
}


@dataclass(frozen=True)
class Sides:
    """Which entities count as mission side and country-team side for one mission."""

    mission_entity_id: int | None
    country_team_ids: frozenset[int]

    def side_of(self, entity: Entity) -> str:
        if entity.pk in self.country_team_ids or entity.kind == EntityKind.AFP:
            return COUNTRY_TEAM_SIDE
        if entity.pk == self.mission_entity_id or entity.kind in (EntityKind.MISSION, EntityKind.SECRETARIAT):
            return MISSION_SIDE
        return OTHER_SIDE

    def coverage(self, entities) -> dict[str, bool]:
        found = {self.side_of(entity) for entity in entities}
        return {"mission": MISSION_SIDE in found, "unct": COUNTRY_TEAM_SIDE in found}


def sides_for_mission(mission: Mission) -> Sides:
    """One query: the mission's country-team entities."""
    ids = CountryTeamMember.objects.filter(mission=mission).order_by().values_list("entity_id", flat=True)
    return Sides(mission_entity_id=mission.entity_id, country_team_ids=frozenset(ids))


def sides_for_missions(missions) -> dict[int, Sides]:
    """Sides of several missions in one query (for lists that span missions)."""
    missions = list(missions)
    team: dict[int, set[int]] = {mission.pk: set() for mission in missions}
    rows = (
        CountryTeamMember.objects.filter(mission__in=[m.pk for m in missions])
        .order_by()
        .values_list("mission_id", "entity_id")
    )
    for mission_id, entity_id in rows:
        team[mission_id].add(entity_id)
    return {m.pk: Sides(mission_entity_id=m.entity_id, country_team_ids=frozenset(team[m.pk])) for m in missions}


def entities_by_side(sides: Sides) -> list[tuple[str, list[Entity]]]:
    """Every entity, grouped (mission side, country team, others) for pickers; one query."""
    groups: dict[str, list[Entity]] = {MISSION_SIDE: [], COUNTRY_TEAM_SIDE: [], OTHER_SIDE: []}
    for entity in Entity.objects.order_by("code"):
        groups[sides.side_of(entity)].append(entity)
    return [(side, entities) for side, entities in groups.items() if entities]


def assessment_details() -> QuerySet[StrategicAssessment]:
    """Assessments with what their pages show (mission, lead, participants); not restricted."""
    return StrategicAssessment.objects.select_related("mission", "lead_entity").prefetch_related(
        Prefetch("participants", queryset=Entity.objects.order_by("code"))
    )


def assessments_for(user, *, mission: Mission | None = None) -> QuerySet[StrategicAssessment]:
    qs = assessment_details().restrict(user, "view")
    return qs.filter(mission=mission) if mission is not None else qs


def mechanism_details() -> QuerySet[IntegratedMechanism]:
    """Mechanisms with what their pages show (mission, chair, members, last meeting); not restricted."""
    return (
        IntegratedMechanism.objects.select_related("mission", "chair")
        .prefetch_related(Prefetch("members", queryset=Entity.objects.order_by("code")))
        .annotate(last_met_on=Max("meetings__held_on"), meeting_count=Count("meetings", distinct=True))
        # Meta.ordering does not apply to grouped queries; pagination needs a stable order.
        .order_by("mission__acronym", "level", "name")
    )


def mechanisms_for(user, *, mission: Mission | None = None) -> QuerySet[IntegratedMechanism]:
    qs = mechanism_details().restrict(user, "view")
    return qs.filter(mission=mission) if mission is not None else qs


def meetings_for(user, *, mechanism: IntegratedMechanism | None = None) -> QuerySet[MechanismMeeting]:
    qs = MechanismMeeting.objects.restrict(user, "view").select_related("mechanism__mission")
    return qs.filter(mechanism=mechanism) if mechanism is not None else qs


def entities_grouped(entities, sides: Sides) -> list[tuple[str, list[Entity]]]:
    """Entities as [(side label, [entities])], sides in a fixed order, empty sides left out."""
    grouped: dict[str, list[Entity]] = {side: [] for side in SIDE_LABELS}
    for entity in entities:
        grouped[sides.side_of(entity)].append(entity)
    return [(str(SIDE_LABELS[side]), items) for side, items in grouped.items() if items]


@dataclass(frozen=True)
class AssessmentParticipation:
    """IAP requirement 1 as one assessment shows it: did both sides take part?"""

    mission_side: bool
    country_team: bool

    @property
    def joint(self) -> bool:
        return self.mission_side and self.country_team


def assessment_participation(assessment: StrategicAssessment, sides: Sides) -> AssessmentParticipation:
    """Uses prefetched participants; the lead entity takes part too."""
    coverage = sides.coverage([assessment.lead_entity, *assessment.participants.all()])
    return AssessmentParticipation(mission_side=coverage["mission"], country_team=coverage["unct"])


@dataclass(frozen=True)
class MechanismStatus:
    """IAP requirement 3 as one mechanism shows it."""

    is_active: bool
    mission_members: bool
    country_team_members: bool
    last_met_on: dt.date | None
    due_by: dt.date | None
    within_cadence: bool

    @property
    def meets_requirement(self) -> bool:
        return self.is_active and self.mission_members and self.country_team_members and self.within_cadence


def mechanism_status(mechanism: IntegratedMechanism, sides: Sides, *, today: dt.date | None = None) -> MechanismStatus:
    """Uses the `last_met_on` annotation and prefetched members; the chair counts as a member."""
    today = today or timezone.localdate()
    coverage = sides.coverage([mechanism.chair, *mechanism.members.all()])
    last = mechanism.last_met_on
    due_by = last + dt.timedelta(days=mechanism.cadence_days) if last else None
    return MechanismStatus(
        is_active=mechanism.is_active,
        mission_members=coverage["mission"],
        country_team_members=coverage["unct"],
        last_met_on=last,
        due_by=due_by,
        within_cadence=bool(due_by and due_by >= today),
    )
