"""The one access layer of the workbench.

Rights come from memberships only. `sync_user_permissions` turns a user's active memberships into
django-guardian object permissions on missions (a direct foreign-key table, so restricted queries
are one join). Every other object reaches its mission through a path its model declares
(`access_mission_path`), and `RestrictedQuerySet.restrict(user, action)` filters by it in SQL:
the number of queries a list costs does not depend on who asks.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import Permission
from django.db import models, transaction
from django.db.models import Q

from missions.choices import Role

logger = logging.getLogger("workbench.access")

# Mission-level permissions each role grants on the missions its membership covers.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.HQ_PLANNER: frozenset(
        {
            "view_mission",
            "view_mission_shared",
            "view_mission_drafts",
            "plan_mission",
            "comment_mission",
            "run_report_mission",
        }
    ),
    Role.MISSION_PLANNER: frozenset(
        {
            "view_mission",
            "view_mission_shared",
            "view_mission_drafts",
            "plan_mission",
            "comment_mission",
            "approve_update_mission",
            "run_report_mission",
        }
    ),
    Role.SRSG_OFFICE: frozenset(
        {
            "view_mission",
            "view_mission_shared",
            "view_mission_drafts",
            "endorse_mission",
            "sign_mission",
            "run_report_mission",
        }
    ),
    Role.AGENCY_PLANNER: frozenset(
        {
            "view_mission",
            "view_mission_shared",
            "comment_mission",
            "submit_update_mission",
            "sign_mission",
        }
    ),
    Role.OBSERVER: frozenset({"view_mission"}),
    Role.ADMINISTRATOR: frozenset(),
}

# What an action on any object needs on its mission.
ACTION_PERMISSION = {
    "view": "view_mission",
    "add": "plan_mission",
    "change": "plan_mission",
    "delete": "plan_mission",
    "comment": "comment_mission",
    "submit_update": "submit_update_mission",
    "approve_update": "approve_update_mission",
    "endorse": "endorse_mission",
    "sign": "sign_mission",
    "run_report": "run_report_mission",
}


def mission_ids_with(user, codename: str):
    """A subquery of the ids of missions on which `user` holds `codename`."""
    from missions.models import MissionUserObjectPermission

    return MissionUserObjectPermission.objects.filter(user_id=user.pk, permission__codename=codename).values(
        "content_object_id"
    )


def entity_ids_of(user, role: str | None = None):
    """A subquery of the entities `user` works for (in `role`, if given) through active memberships."""
    from missions.models import Membership

    qs = Membership.objects.filter(user_id=user.pk, is_active=True)
    if role:
        qs = qs.filter(role=role)
    return qs.values("entity_id")


class RestrictedQuerySet(models.QuerySet):
    """Querysets that know who may do what. Models set:

    - `access_mission_path`: the lookup from the model to its mission ("" for Mission itself);
    - `access_status_path`: the lookup to the framework status that limits what is seen, with
      `access_status_visibility` = {"unshared": statuses only draft-viewers see,
      "published": statuses every viewer sees} (None where no framework governs visibility);
    - `access_internal_field`: a boolean field that hides the row from people not working on
      the mission's drafts (None where not applicable);
    - `access_entity_path`: for `submit_update`, the lookup to the entity responsible.
    """

    def restrict(self, user, action: str = "view"):
        if user is None or not user.is_active or not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        codename = ACTION_PERMISSION[action]
        path = self.model.access_mission_path
        mission_lookup = f"{path}__in" if path else "pk__in"
        condition = Q(**{mission_lookup: mission_ids_with(user, codename)})
        if action == "view":
            condition = self._visible(user, path)
        elif action == "submit_update":
            entity_path = getattr(self.model, "access_entity_path", None)
            if entity_path:
                condition &= Q(**{f"{entity_path}__in": entity_ids_of(user, Role.AGENCY_PLANNER)})
        return self.filter(condition)

    def _visible(self, user, path: str) -> Q:
        lookup = f"{path}__in" if path else "pk__in"
        drafts = Q(**{lookup: mission_ids_with(user, "view_mission_drafts")})
        shared = Q(**{lookup: mission_ids_with(user, "view_mission_shared")})
        published = Q(**{lookup: mission_ids_with(user, "view_mission")})
        status_path = getattr(self.model, "access_status_path", None)
        internal_field = getattr(self.model, "access_internal_field", None)
        if status_path:
            visibility = self.model.access_status_visibility
            shared &= ~Q(**{f"{status_path}__in": visibility["unshared"]})
            published &= Q(**{f"{status_path}__in": visibility["published"]})
            return drafts | shared | published
        if internal_field:
            return drafts | ((shared | published) & Q(**{internal_field: False}))
        return published


def can(user, action: str, obj) -> bool:
    """Whether `user` may do `action` on `obj` (one query)."""
    return type(obj)._default_manager.restrict(user, action).filter(pk=obj.pk).exists()


@transaction.atomic
def sync_user_permissions(user) -> tuple[int, int]:
    """Make the user's mission permissions equal to what their active memberships grant.
    Returns (granted, revoked). Called whenever a membership changes."""
    from missions.models import Membership, MissionUserObjectPermission

    wanted: set[tuple[int, str]] = set()
    memberships = Membership.objects.filter(user=user, is_active=True).prefetch_related("missions")
    for membership in memberships:
        for mission in membership.missions.all():
            wanted.update((mission.pk, codename) for codename in ROLE_PERMISSIONS[membership.role])
    codenames = {codename for permissions in ROLE_PERMISSIONS.values() for codename in permissions}
    permission_ids = dict(
        Permission.objects.filter(content_type__app_label="missions", codename__in=codenames).values_list(
            "codename", "pk"
        )
    )
    existing = {
        (row["content_object_id"], row["permission__codename"]): row["pk"]
        for row in MissionUserObjectPermission.objects.filter(user=user).values(
            "pk", "content_object_id", "permission__codename"
        )
    }
    to_revoke = [pk for key, pk in existing.items() if key not in wanted]
    to_grant = [
        MissionUserObjectPermission(
            user=user,
            content_object_id=mission_id,
            permission_id=permission_ids[codename],
        )
        for mission_id, codename in wanted - existing.keys()
    ]
    MissionUserObjectPermission.objects.filter(pk__in=to_revoke).delete()
    MissionUserObjectPermission.objects.bulk_create(to_grant)
    return len(to_grant), len(to_revoke)
