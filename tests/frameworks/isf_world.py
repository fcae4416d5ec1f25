"""A small integrated presence for the framework tests: a mission with its own entity, two agencies
in its country team, a mandate with three tasks, and one user per role (rights derived at once)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from frameworks.choices import ResponsibilityRole
from frameworks.models import IntegratedStrategicFramework
from missions.access import sync_user_permissions
from missions.choices import EntityKind, Role
from tests.factories import (
    CountryTeamMemberFactory,
    DepartmentFactory,
    EntityFactory,
    FrameworkFactory,
    MandateFactory,
    MandateTaskFactory,
    MembershipFactory,
    MissionFactory,
    PriorityFactory,
    ResponsibilityFactory,
    ResultFactory,
    UserFactory,
)


def user_with(role: str, mission, entity, username: str | None = None):
    user = UserFactory(**({"username": username} if username else {}))
    MembershipFactory(user=user, role=role, entity=entity, missions=[mission])
    sync_user_permissions(user)
    return user


@dataclass
class World:
    mission: object
    undp: object
    unicef: object
    tasks: list
    planner: object
    srsg: object
    undp_planner: object
    unicef_planner: object
    hq: object
    observer: object
    outsider: object

    def framework(
        self, status="draft", priorities=1, results=1, leads=("undp",), **kwargs
    ) -> IntegratedStrategicFramework:
        """A framework with `priorities` x `results`, each result led by the entities named in `leads`."""
        kwargs.setdefault("version", IntegratedStrategicFramework.objects.filter(mission=self.mission).count() + 1)
        framework = FrameworkFactory(mission=self.mission, status=status, **kwargs)
        for p in range(priorities):
            priority = PriorityFactory(framework=framework, order=p + 1, title=f"Priority {p + 1}")
            for r in range(results):
                result = ResultFactory(priority=priority, order=r + 1, statement=f"Result {p + 1}.{r + 1}")
                result.mandate_tasks.set(self.tasks[:1])
                for name in leads:
                    ResponsibilityFactory(result=result, entity=getattr(self, name), role=ResponsibilityRole.LEAD)
        return framework


def make_world(prefix: str = "") -> World:
    mission = MissionFactory(acronym=f"{prefix}UNMISS")
    undp = EntityFactory(code=f"{prefix}UNDP", kind=EntityKind.AFP)
    unicef = EntityFactory(code=f"{prefix}UNICEF", kind=EntityKind.AFP)
    for entity in (undp, unicef):
        CountryTeamMemberFactory(mission=mission, entity=entity)
    mandate = MandateFactory(mission=mission, resolution="1996 (2011)", adopted_on=dt.date(2011, 7, 8))
    tasks = [MandateTaskFactory(mandate=mandate, paragraph=f"3({c})", text=f"Task {c}") for c in "abc"]
    other = MissionFactory(acronym=f"{prefix}UNSMIL")
    return World(
        mission=mission,
        undp=undp,
        unicef=unicef,
        tasks=tasks,
        planner=user_with(Role.MISSION_PLANNER, mission, mission.entity, f"{prefix}planner"),
        srsg=user_with(Role.SRSG_OFFICE, mission, mission.entity, f"{prefix}srsg"),
        undp_planner=user_with(Role.AGENCY_PLANNER, mission, undp, f"{prefix}undp_planner"),
        unicef_planner=user_with(Role.AGENCY_PLANNER, mission, unicef, f"{prefix}unicef_planner"),
        hq=user_with(Role.HQ_PLANNER, mission, DepartmentFactory(), f"{prefix}hq"),
        observer=user_with(Role.OBSERVER, mission, EntityFactory(code=f"{prefix}PBSO", kind=EntityKind.SECRETARIAT)),
        outsider=user_with(Role.AGENCY_PLANNER, other, EntityFactory(code=f"{prefix}WFP", kind=EntityKind.AFP)),
    )
