from .entities import Entity
from .memberships import (
    Membership,
    MissionGroupObjectPermission,
    MissionUserObjectPermission,
    Notification,
)
from .missions import (
    CountryTeamMember,
    LeadershipPost,
    Mandate,
    MandateTask,
    Mission,
    PhaseChange,
)

__all__ = [
    "CountryTeamMember",
    "Entity",
    "LeadershipPost",
    "Mandate",
    "MandateTask",
    "Membership",
    "Mission",
    "MissionGroupObjectPermission",
    "MissionUserObjectPermission",
    "Notification",
    "PhaseChange",
]
