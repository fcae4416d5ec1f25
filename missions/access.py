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
from django.db.models import Exists, OuterRef, Q

from missions import access_matrix
from missions.choices import Role

logger = logging.getLogger("workbench.access")

# Derived from the matrix (missions.access_matrix): the mission permissions each role grants and
# the mission permission each action needs.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = access_matrix.role_permissions()
ACTION_PERMISSION = access_matrix.ACTION_PERMISSION
TIER_CODENAME = {"drafts": "view_mission_drafts", "shared": "view_mission_shared", "published": "view_mission"}


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
    - `access_status_path`: the lookup to the status that limits what is seen: the framework's
      status for framework parts, the object's own state for progress updates and reports (which
      status dimension is the matrix kind's; what each role sees in which status is in
      `missions.access_matrix.VIEW_TIERS`);
    - `access_internal_field`: a boolean field that hides the row from people not working on
      the mission's drafts (None where not applicable);
    - `access_entity_path`: the lookup to the entity responsible, for `submit_update` and for the
      states a tier sees only where the user's own entity is responsible.

    Which actions a model has at all, and which roles grant them, come from the matrix.
    """

    def restrict(self, user, action: str = "view"):
        if action not in ACTION_PERMISSION:
            raise ValueError(f"Unknown action {action!r}; the actions are {', '.join(ACTION_PERMISSION)}.")
        if user is None or not user.is_active or not user.is_authenticated:
            return self.none()
        if action not in access_matrix.actions_of_model(self.model._meta.label):
            return self.none()
        if user.is_superuser:
            return self
        path = self.model.access_mission_path
        visible = self._visible(user, path)
        if action == "view":
            return self.filter(visible)
        condition = visible & Q(**{_mission_lookup(path): mission_ids_with(user, ACTION_PERMISSION[action])})
        own_entity_roles = access_matrix.roles_granting(action, access_matrix.OWN_ENTITY)
        entity_path = getattr(self.model, "access_entity_path", None)
        if own_entity_roles and entity_path:
            condition &= _works_for_responsible_entity(user, own_entity_roles, entity_path, path)
        return self.filter(condition)

    def _visible(self, user, path: str) -> Q:
        """What the user sees: per viewing tier (matrix), the missions where the user holds the
        tier's permission, limited to the statuses and assessments the tier sees (and the
        statuses it sees where the user's own entity is the responsible one)."""
        status_path = getattr(self.model, "access_status_path", None)
        internal_field = getattr(self.model, "access_internal_field", None)
        if not status_path and not internal_field:
            return Q(**{_mission_lookup(path): mission_ids_with(user, "view_mission")})
        dimension = access_matrix.status_dimension_of_model(self.model._meta.label) if status_path else None
        entity_path = getattr(self.model, "access_entity_path", None)
        condition = Q(pk__in=[])
        for tier, sees in access_matrix.VIEW_TIERS.items():
            tier_q = Q(**{_mission_lookup(path): mission_ids_with(user, TIER_CODENAME[tier])})
            if dimension:
                every = set(access_matrix.STATUS_DIMENSIONS[dimension])
                seen = set(sees["states"][dimension])
                own = set(sees["own_entity_states"].get(dimension, ())) - seen
                if seen != every:
                    status_q = Q(**{f"{status_path}__in": sorted(seen)})
                    if own and entity_path:
                        own_q = _works_for_responsible_entity(user, access_matrix.roles_seeing(tier), entity_path, path)
                        if own | seen != every:
                            own_q = Q(**{f"{status_path}__in": sorted(own)}) & own_q
                        status_q |= own_q
                    tier_q &= status_q
            if internal_field and not sees["internal"]:
                tier_q &= Q(**{internal_field: False})
            condition |= tier_q
        return condition


SUPERUSER_TIER = "all"
# Most seeing first: a user holding several tier permissions on a mission sees by the widest.
TIERS = ("drafts", "shared", "published")


def with_view_tier(missions, user):
    """Missions annotated with the viewing tiers the user holds on each (`tier_drafts`,
    `tier_shared`, `tier_published`), inside the query that finds them."""
    from missions.models import MissionUserObjectPermission

    return missions.annotate(
        **{
            f"tier_{tier}": Exists(
                MissionUserObjectPermission.objects.filter(
                    user_id=user.pk, content_object_id=OuterRef("pk"), permission__codename=TIER_CODENAME[tier]
                )
            )
            for tier in TIERS
        }
    )


def view_tier(mission, user) -> str:
    """The tier a mission found through `with_view_tier` is seen with by `user`."""
    if user.is_superuser:
        return SUPERUSER_TIER
    for tier in TIERS:
        if getattr(mission, f"tier_{tier}", False):
            return tier
    return "none"


def _mission_lookup(path: str) -> str:
    return f"{path}__in" if path else "pk__in"


def _works_for_responsible_entity(user, roles: list[str], entity_path: str, mission_path: str) -> Exists:
    """The user has an active membership, in one of `roles`, for the row's responsible entity on
    the row's mission."""
    from missions.models import Membership

    return Exists(
        Membership.objects.filter(
            user_id=user.pk,
            is_active=True,
            role__in=roles,
            entity_id=OuterRef(entity_path),
            missions=OuterRef(mission_path or "pk"),
        )
    )


def can(user, action: str, obj) -> bool:
    """Whether `user` may do `action` on `obj` (one query)."""
    return type(obj)._default_manager.restrict(user, action).filter(pk=obj.pk).exists()


def covers(membership, mission) -> bool:
    """Whether a membership's rights reach a mission it lists: a headquarters planner works on the
    missions their department leads (DPKO's on DPKO-led missions, DPA's on DPA-led ones)."""
    if membership.role == Role.HQ_PLANNER:
        return mission.lead_department_id == membership.entity_id
    return True


@transaction.atomic
def sync_user_permissions(user) -> tuple[int, int]:
    """Make the user's mission permissions equal to what their active memberships grant.
    Returns (granted, revoked). Called whenever a membership changes."""
    from missions.models import Membership, MissionUserObjectPermission

    wanted: set[tuple[int, str]] = set()
    memberships = Membership.objects.filter(user=user, is_active=True).prefetch_related("missions")
    for membership in memberships:
        for mission in membership.missions.all():
            if not covers(membership, mission):
                continue
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
