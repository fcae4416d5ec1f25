from .entities import Entity
from .identities import SignInIdentity
from .memberships import (
    Membership,
    MissionGroupObjectPermission,
    MissionUserObjectPermission,
    Notification,
)
from .missions import (
    CountryTeamMember,
    Handover,
    LeadershipPost,
    Mandate,
    MandateTask,
    Mission,
    PhaseChange,
)
from .outbox import QueuedTask
from .tokens import ApiToken

__all__ = [
    "ApiToken",
    "CountryTeamMember",
    "Entity",
    "Handover",
    "LeadershipPost",
    "Mandate",
    "MandateTask",
    "Membership",
    "Mission",
    "MissionGroupObjectPermission",
    "MissionUserObjectPermission",
    "Notification",
    "PhaseChange",
    "QueuedTask",
    "SignInIdentity",
]
