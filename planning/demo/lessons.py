"""Demo lessons learned: twelve lessons of five missions, closed ones included, each drawn from
one of the mission's demo objects (an assessment, a mechanism or one of its meetings, a
transition, a mandate). Illustrative wording, grounded in the missions' public record. Loaded
after the missions (idempotent: a lesson is found again by its mission and title)."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth import get_user_model

from frameworks.models import IntegratedMechanism, Lesson, MechanismMeeting, StrategicAssessment
from missions.models import Mandate, Mission, PhaseChange

# (mission, recorded by, source kind, phase, area, language, title, text)
LESSONS = [
    (
        "UNMIL",
        "unmil.planner",
        "phase_change",
        "drawdown",
        "rule_of_law",
        "en",
        "Hand over policing two years ahead of drawdown",
        "The security transition went best where the national police had led joint patrols well before the "
        "mission's police left. Plan the handover of policing with the budget for it, not after the drawdown.",
    ),
    (
        "UNMIL",
        "unmil.planner",
        "mechanism",
        "drawdown",
        "",
        "en",
        "Keep one joint transition forum until the last day",
        "A single forum of mission, country team and government kept the transition plan in one place. "
        "Agencies took over tasks they had planned and funded in that forum.",
    ),
    (
        "UNMIL",
        "unmil.planner",
        "assessment",
        "consolidation",
        "ssr",
        "en",
        "Assess the army's and police's capacity separately",
        "A joint capacity assessment that treated security institutions as one hid the police's gaps. "
        "Benchmarks per institution made the handover measurable.",
    ),
    (
        "UNIPSIL",
        "dpa.planner",
        "mandate",
        "drawdown",
        "elections",
        "en",
        "Support elections through national institutions",
        "Electoral support channelled through the national electoral commission left lasting capacity; "
        "the peaceful 2012 elections made a smooth close of the mission possible.",
    ),
    (
        "UNIPSIL",
        "dpa.planner",
        "mechanism",
        "consolidation",
        "",
        "en",
        "One UN family joint vision made the handover simple",
        "A joint vision shared by the mission and the agencies meant that closing the mission changed the "
        "leadership of programmes, not the programmes.",
    ),
    (
        "BINUB",
        "dpa.planner",
        "assessment",
        "consolidation",
        "ssr",
        "fr",
        "Lier la réforme du secteur de la sécurité au désarmement",
        "La réforme du secteur de la sécurité a mieux avancé lorsqu'elle était planifiée avec le désarmement, "
        "la démobilisation et la réintégration des anciens combattants.",
    ),
    (
        "BINUB",
        "dpa.planner",
        "phase_change",
        "drawdown",
        "",
        "fr",
        "Préparer la transition vers l'équipe de pays dès le départ",
        "Le bureau intégré a transféré ses tâches à l'équipe de pays parce que les programmes communs "
        "avaient été conçus ensemble, avec des financements du Fonds pour la consolidation de la paix.",
    ),
    (
        "BINUB",
        "dpa.planner",
        "mandate",
        "consolidation",
        "human_rights",
        "fr",
        "Les droits de l'homme dans chaque pilier",
        "Intégrer les droits de l'homme à chaque pilier du cadre stratégique a évité un programme isolé.",
    ),
    (
        "UNMISS",
        "dpko.planner",
        "mechanism",
        "consolidation",
        "protection",
        "en",
        "Protection sites need an exit plan from the first week",
        "Sites for the protection of civilians opened in an emergency stayed for years. Plan with agencies "
        "from the start how people will return or settle, and who will provide services.",
    ),
    (
        "UNMISS",
        "dpko.planner",
        "assessment",
        "start_up",
        "recovery",
        "en",
        "Recovery planning cannot wait for the end of fighting",
        "Where agencies planned recovery with the mission during the crisis, returns were supported "
        "sooner; a joint analysis of local conflict drivers helped choose where.",
    ),
    (
        "UNSMIL",
        "dpa.planner",
        "assessment",
        "start_up",
        "public_information",
        "en",
        "Explain a light footprint to the public",
        "A small political mission was expected to deliver like a large one; public information about what "
        "the mission does and does not do avoided disappointment.",
    ),
    (
        "UNSMIL",
        "dpa.planner",
        "mechanism",
        "consolidation",
        "elections",
        "en",
        "Remote coordination needs fixed meeting days",
        "With staff outside the country, a fixed rhythm of integrated meetings kept agencies and the mission "
        "planning together; decisions were recorded the same day.",
    ),
]

SOURCES = {
    "assessment": (StrategicAssessment, "mission"),
    "mechanism": (IntegratedMechanism, "mission"),
    "meeting": (MechanismMeeting, "mechanism__mission"),
    "phase_change": (PhaseChange, "mission"),
    "mandate": (Mandate, "mission"),
}


def load() -> Counter:
    """Create the demo lessons that are missing; returns rows created per model."""
    created: Counter = Counter()
    users = {user.username: user for user in get_user_model().objects.all()}
    missions = {mission.acronym: mission for mission in Mission.objects.all()}
    for acronym, username, kind, phase, area, language, title, text in LESSONS:
        mission, user = missions.get(acronym), users.get(username)
        if mission is None or user is None or Lesson.objects.filter(mission=mission, title=title).exists():
            continue
        model, path = SOURCES[kind]
        source = model.objects.filter(**{path: mission}).order_by("pk").first()
        fields = {kind: source} if source is not None else {}
        lesson = Lesson(
            mission=mission,
            title=title,
            text=text,
            phase=phase,
            area=area,
            language=language,
            recorded_by=user,
            **fields,
        )
        lesson.full_clean()
        lesson.save()
        created["frameworks.Lesson"] += 1
    return created
