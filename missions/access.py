"""The one access layer of the workbench.

Rights come from memberships only. `sync_user_permissions` turns a user's active memberships into
django-guardian object permissions on missions (a direct foreign-key table, so restricted queries
are one join). Every other object reaches its mission through a path its model declares
(`access_mission_path`), and `RestrictedQuerySet.restrict(user, action)` filters by it in SQL:
the number of queries a list costs does not depend on who asks.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.models import Permission
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missions import access_matrix, lookups  # noqa: F401 - registers the any_of lookup
from missions.choices import Phase, Role

logger = logging.getLogger("workbench.access")

# Derived from the matrix (missions.access_matrix): the mission permissions each role grants and
# the mission permission each action needs.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = access_matrix.role_permissions()
ACTION_PERMISSION = access_matrix.ACTION_PERMISSION
TIER_CODENAME = {"drafts": "view_mission_drafts", "shared": "view_mission_shared", "published": "view_mission"}


# Within a request (`rights_read_once`, entered by missions.middleware for every request), a
# user's mission permissions are read once, in one query, and restricted querysets name the
# missions instead of repeating a permission subquery in each (cheaper to build and to plan).
# Outside a request (services, jobs, the shell) every restricted query reads them itself.
_request_rights: ContextVar[dict | None] = ContextVar("request_rights", default=None)


@contextmanager
def rights_read_once():
    """Read each user's mission permissions at most once inside this block (one request)."""
    token = _request_rights.set({})
    try:
        yield
    finally:
        _request_rights.reset(token)


def _rights_of(user) -> dict[str, list[int]] | None:
    memo = _request_rights.get()
    if memo is None:
        return None
    if user.pk not in memo:
        from missions.models import MissionUserObjectPermission

        rights: dict[str, list[int]] = defaultdict(list)
        rows = MissionUserObjectPermission.objects.filter(user_id=user.pk).values_list(
            "permission__codename", "content_object_id"
        )
        for codename, mission_id in rows.order_by("content_object_id"):
            rights[codename].append(mission_id)
        memo[user.pk] = rights
    return memo[user.pk]


def forget_rights(user) -> None:
    """After `user`'s permissions changed: the current request reads them again."""
    memo = _request_rights.get()
    if memo is not None:
        memo.pop(user.pk, None)


def mission_ids_with(user, codename: str):
    """The ids of missions on which `user` holds `codename`: a list read once per request, or a
    subquery outside a request."""
    rights = _rights_of(user)
    if rights is not None:
        return rights.get(codename, [])
    from missions.models import MissionUserObjectPermission

    return MissionUserObjectPermission.objects.filter(user_id=user.pk, permission__codename=codename).values(
        "content_object_id"
    )


def _sees_some_mission(user):
    """Whether `user` holds a viewing tier on any mission: a bool read once per request, or an
    Exists outside a request."""
    rights = _rights_of(user)
    if rights is not None:
        return bool(rights.get("view_mission"))
    from missions.models import MissionUserObjectPermission

    return Exists(MissionUserObjectPermission.objects.filter(user_id=user.pk, permission__codename="view_mission"))


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
        path = self.model.access_mission_path
        if user.is_superuser:
            # Read like anyone's, so a request costs the same queries whoever asks.
            _rights_of(user)
            closed = _closed_for(self.model, action, path)
            return self if closed is None else self.exclude(closed)
        if access_matrix.read_across_missions(self.model._meta.label):
            # Seen on every mission by whoever sees some mission (any viewing tier).
            sees = _sees_some_mission(user)
            visible = (Q() if sees else Q(pk__in=[])) if isinstance(sees, bool) else Q(sees)
        else:
            visible = self._visible(user, path)
        if action == "view":
            return self.filter(visible)
        condition = visible & _on_missions(path, mission_ids_with(user, ACTION_PERMISSION[action]))
        closed = _closed_for(self.model, action, path)
        if closed is not None:
            condition &= ~closed
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
            return _on_missions(path, mission_ids_with(user, "view_mission"))
        dimension = access_matrix.status_dimension_of_model(self.model._meta.label) if status_path else None
        entity_path = getattr(self.model, "access_entity_path", None)
        condition = Q(pk__in=[])
        covered: set[int] = set()
        for tier in TIERS:
            sees = access_matrix.VIEW_TIERS[tier]
            ids = mission_ids_with(user, TIER_CODENAME[tier])
            if isinstance(ids, list):
                # Tiers nest (TIERS, widest first): a mission a wider tier already shows needs no
                # narrower clause; an HQ planner's query keeps one condition instead of three.
                ids = [mission_id for mission_id in ids if mission_id not in covered]
                if not ids:
                    continue
                covered.update(ids)
            tier_q = _on_missions(path, ids)
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

    rights = _rights_of(user)
    if rights is not None:
        return missions.annotate(
            **{
                f"tier_{tier}": ExpressionWrapper(Q(pk__any_of=ids), output_field=BooleanField())
                if (ids := rights.get(TIER_CODENAME[tier]))
                else Value(False)
                for tier in TIERS
            }
        )
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


def refused_on_closed_mission(model, action: str) -> bool:
    """Whether `action` on a `model` row is refused when its mission is closed (the matrix's
    OPEN_ON_CLOSED_MISSIONS and CLOSED_MISSION_RECORD_ACTIONS)."""
    from missions.models import Mission

    if action in access_matrix.OPEN_ON_CLOSED_MISSIONS:
        return False
    return not (model is Mission and action in access_matrix.CLOSED_MISSION_RECORD_ACTIONS)


# Inside `after_closing()` the closed-mission rule is off: what a closed mission keeps doing
# (recording the lessons it learned) asks for the same rights as on an open mission.
_after_closing: ContextVar[bool] = ContextVar("after_closing", default=False)


@contextmanager
def after_closing():
    """Check rights inside this block as if the mission were open (recording a closed mission's
    lessons); nothing else is done inside it."""
    token = _after_closing.set(True)
    try:
        yield
    finally:
        _after_closing.reset(token)


def _closed_for(model, action: str, path: str) -> Q | None:
    """Rows whose mission is closed, when that refuses `action` (else None)."""
    if _after_closing.get() or not refused_on_closed_mission(model, action):
        return None
    return Q(**{f"{path}__phase" if path else "phase": Phase.CLOSED})


def closed_mission_reason(mission) -> str:
    """The sentence a refusal on a closed mission gives."""
    from django.utils.formats import date_format
    from django.utils.translation import pgettext

    return _("%(mission)s closed on %(date)s: its planning is read-only.") % {
        "mission": mission.acronym,
        # A date format of the language: "30 Jun 2018", "30 juin 2018".
        "date": date_format(mission.closed_on, pgettext("date in a sentence", "j M Y")) if mission.closed_on else "-",
    }


def _on_missions(path: str, ids) -> Q:
    """Rows whose mission (through `path`) is among `ids`: a list read for the request (one array
    parameter, missions.lookups) or a subquery."""
    field = path or "pk"
    return Q(**{f"{field}__any_of": ids}) if isinstance(ids, list) else Q(**{f"{field}__in": ids})


def _tiers_nest() -> bool:
    """Each tier sees at least what the next narrower one sees (what `_visible` relies on)."""
    for wider, narrower in zip(TIERS, TIERS[1:], strict=False):
        wide, narrow = access_matrix.VIEW_TIERS[wider], access_matrix.VIEW_TIERS[narrower]
        if narrow["internal"] and not wide["internal"]:
            return False
        for dimension, states in narrow["states"].items():
            seen_wide = set(wide["states"][dimension])
            if not set(states) <= seen_wide:
                return False
            own_narrow = set(narrow["own_entity_states"].get(dimension, ()))
            if not own_narrow <= seen_wide | set(wide["own_entity_states"].get(dimension, ())):
                return False
    return True


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
    forget_rights(user)
    return len(to_grant), len(to_revoke)


# Asking and refusing -------------------------------------------------------------------------

ACTION_WORDS = {
    "view": gettext_lazy("see"),
    "add": gettext_lazy("add to"),
    "change": gettext_lazy("change"),
    "delete": gettext_lazy("delete"),
    "comment": gettext_lazy("comment on"),
    "submit_update": gettext_lazy("submit progress updates for"),
    "approve_update": gettext_lazy("approve progress updates for"),
    "endorse": gettext_lazy("endorse"),
    "sign": gettext_lazy("sign"),
    "run_report": gettext_lazy("run reports for"),
}

# Actions the matrix grants on a mission's indicators and updates, asked of a whole mission by its
# pages (the update queue, the Excel round trip): allowed on the mission when allowed on any of its
# indicators, refused with the sentence here.
MISSION_WIDE = {
    "approve_update": gettext_lazy(
        "Only the mission planning unit approves or returns progress updates for this mission."
    ),
    "submit_update": gettext_lazy("Your entity is not responsible for any indicator of this mission."),
}


def refuse(user, action: str, obj, reason: str | None = None) -> PermissionDenied:
    """Log a refusal and return the PermissionDenied to raise, with a sentence for the user."""
    logger.warning(
        "refused user=%s action=%s object=%s:%s",
        getattr(user, "pk", None),
        action,
        type(obj).__name__,
        getattr(obj, "pk", None),
    )
    if (
        not _after_closing.get()
        and refused_on_closed_mission(type(obj), action)
        and hasattr(type(obj), "access_mission_path")
    ):
        mission = mission_of(obj)
        if mission.phase == Phase.CLOSED:
            reason = closed_mission_reason(mission)
    if reason is None:
        reason = _("Your role does not allow you to %(action)s this %(kind)s.") % {
            "action": ACTION_WORDS.get(action, action),
            "kind": type(obj)._meta.verbose_name,
        }
    return PermissionDenied(reason)


# An id in a path is plain ASCII digits: Python's int() also reads "١٢" or " 12", which must not
# name object 12, and anything else ("abc", "1e-05", "-1") names nothing.
ID_PATTERN = re.compile(r"[0-9]+")
ID_MAX = 2**63 - 1


def _lookup_field(model, key: str):
    """The model field an exact lookup such as `pk` or `mission__acronym` compares with; None for a
    name that is no field, ... for another lookup (`pk__in`), which the query itself checks."""
    field = None
    for part in key.split("__"):
        try:
            field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        except FieldDoesNotExist:
            return None if field is None else (field if part == "exact" else ...)
        if field.is_relation and field.related_model is not None:
            model = field.related_model
            field = model._meta.pk
    return field


def valid_lookup(model, lookup: dict) -> bool:
    """Whether every value in `lookup` could name a row of `model`: a malformed id from a path
    ("abc", "1e-05", 30 digits) is "not found" without a query, never a database error."""
    for key, value in lookup.items():
        field = _lookup_field(model, key)
        if field is ...:
            continue
        if field is None:
            return False
        if isinstance(field, models.IntegerField):
            if isinstance(value, bool):
                return False
            text = str(value)
            if not ID_PATTERN.fullmatch(text) or int(text) > ID_MAX:
                return False
        elif value is None or (isinstance(value, str) and "\x00" in value):
            return False  # PostgreSQL cannot even compare a text with a NUL character
        else:
            try:
                field.to_python(value)
            except (ValidationError, TypeError, ValueError):
                return False
    return True


def hide(user, action: str, model, lookup: dict) -> Http404:
    """Log a request for an object the user may not see (when it exists) and return the Http404
    to raise: an invisible object answers exactly as a missing one. A lookup no row could match
    (a malformed id) is not looked up."""
    if valid_lookup(model, lookup) and model._default_manager.filter(**lookup).exists():
        logger.warning(
            "refused user=%s action=%s object=%s:%s (not visible)",
            getattr(user, "pk", None),
            action,
            model.__name__,
            ",".join(f"{key}={value}" for key, value in lookup.items()),
        )
    return Http404(_("No %(kind)s found.") % {"kind": model._meta.verbose_name})


def get_allowed_object(model_or_queryset, user, action: str = "view", **lookup):
    """The object matching `lookup` if `user` may see it (else a logged 404) and do `action` on it
    (else a logged 403 with a sentence). Given a queryset (with its `select_related`), the object
    is read from it, restricted to what the user sees: one query for the object."""
    queryset = model_or_queryset if isinstance(model_or_queryset, models.QuerySet) else None
    model = queryset.model if queryset is not None else model_or_queryset
    if queryset is None:
        queryset = model._default_manager.all()
    obj = queryset.restrict(user, "view").filter(**lookup).first() if valid_lookup(model, lookup) else None
    if obj is None:
        raise hide(user, action, model, lookup)
    if action != "view":
        check_allowed(user, action, obj)
    return obj


def allowed(user, action: str, obj) -> bool:
    """Whether `user` may do `action` on `obj`: `can`, and for the mission-wide actions on a
    mission (MISSION_WIDE) whether any indicator of the mission allows it. One query."""
    from missions.models import Mission

    if isinstance(obj, Mission) and action in MISSION_WIDE:
        from django.apps import apps

        indicator = apps.get_model("benchmarks", "Indicator")
        return indicator.objects.restrict(user, action).filter(benchmark__mission=obj).exists()
    return can(user, action, obj)


def check_allowed(user, action: str, obj, reason: str | None = None) -> None:
    """Raise PermissionDenied (403, logged) unless `user` may do `action` on `obj`."""
    if not allowed(user, action, obj):
        from missions.models import Mission

        if reason is None and isinstance(obj, Mission):
            reason = MISSION_WIDE.get(action)
        raise refuse(user, action, obj, reason and str(reason))


def mission_of(obj):
    """The mission an object belongs to, by the path its model declares (`access_mission_path`)."""
    path = type(obj).access_mission_path
    for part in path.split("__") if path else ():
        obj = getattr(obj, part)
    return obj


if not _tiers_nest():
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("missions.access_matrix.VIEW_TIERS must nest: each tier sees what the next one sees.")


# Creating missions -------------------------------------------------------------------------------


def departments_creating_missions(user):
    """The Secretariat departments `user` may create missions for: those they work for in a role
    of `access_matrix.MISSION_CREATORS` (an active membership); every department for a superuser.
    A queryset of entities (one query when read)."""
    from missions.choices import EntityKind
    from missions.models import Entity, Membership

    if user is None or not user.is_active or not user.is_authenticated:
        return Entity.objects.none()
    departments = Entity.objects.filter(kind=EntityKind.SECRETARIAT)
    if user.is_superuser:
        return departments
    memberships = Membership.objects.filter(user_id=user.pk, is_active=True, role__in=access_matrix.MISSION_CREATORS)
    return departments.filter(pk__in=memberships.values("entity_id"))


def check_may_create_mission(user, department=None) -> None:
    """Raise PermissionDenied (403, logged) unless `user` may create a mission (led by
    `department`, when given)."""
    departments = departments_creating_missions(user)
    if department is not None:
        departments = departments.filter(pk=department.pk)
    if not departments.exists():
        logger.warning("refused user=%s action=create object=Mission", getattr(user, "pk", None))
        if department is None:
            raise PermissionDenied(_("Only headquarters planners create missions."))
        raise PermissionDenied(
            _("Only headquarters planners of %(department)s create missions it leads.") % {"department": department}
        )
