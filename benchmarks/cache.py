"""Computed dashboard data in the Django cache (Redis in deployment, local memory by default).

Entries are keyed by mission, date shown, the viewer's visibility tier and the mission's data
version. Every write service that changes what a dashboard shows calls `bump_mission_data`, which
replaces the version once the transaction commits, so the next read misses and recomputes: a
submitted or approved update shows at once. A version is a random token, not a counter, so a
version key evicted and recreated never brings back an older entry.

The cache never decides who sees what: callers look an entry up only after the access layer has
found the mission for the user (404 otherwise), with the tier that same query returned.
`ENTRY_TIMEOUT` bounds how long an entry lives should a writer outside the services (the admin, a
data migration) change data without bumping.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef, QuerySet

from missions import versions
from missions.access import TIER_CODENAME
from missions.models import MissionUserObjectPermission

ENTRY_TIMEOUT = versions.ENTRY_TIMEOUT
PREFIX = "wb:dash"
SUPERUSER_TIER = "all"
# Most seeing first: a user holding several tier permissions on a mission sees by the widest.
TIERS = ("drafts", "shared", "published")


def _version_key(mission_id: int) -> str:
    return f"{PREFIX}:version:{mission_id}"


def bump_mission_data(*mission_ids: int | None) -> None:
    """Make the cached dashboard data of these missions stale: at once (so the writer's own
    transaction reads fresh data) and again once the transaction commits, so that an entry a
    concurrent reader stored from the rows as they were before the commit is never served."""
    keys = [_version_key(pk) for pk in mission_ids if pk is not None]
    if keys:
        versions.bump([*keys, versions.all_missions_data_key()])


def data_versions(mission_ids: Iterable[int], *, found: dict | None = None) -> dict[int, str]:
    """{mission id: current version}, creating versions missing from the cache. `found` is the
    result of a get_many that already asked for the version keys."""
    ids = list(mission_ids)
    return dict(zip(ids, versions.current([_version_key(pk) for pk in ids], found), strict=True))


def with_view_tier(missions: QuerySet, user) -> QuerySet:
    """Missions annotated with the viewing tiers the user holds on each (no extra query: the
    access check that finds the mission returns them)."""
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


def dashboard_viewer(mission, user) -> str:
    """Whose entries a mission dashboard's are: the tier's, except in the shared tier, which also
    sees every state of the updates its own entity is responsible for (who owes an overdue
    update), so that its entries are the viewer's own."""
    tier = view_tier(mission, user)
    return f"{tier}-{user.pk}" if tier == "shared" else tier


def dashboard_key(mission_id: int, as_of, tier: str, version: str, part: str) -> str:
    return f"{PREFIX}:{part}:{mission_id}:{as_of.isoformat()}:{tier}:{version}"


def mission_rights(user, mission_id: int, compute) -> tuple[dict | None, str]:
    """(facts, data version): what the access layer's query `compute()` returns for this user on
    this mission (None when the mission is not visible to them), remembered until the user's
    rights change (`sync_user_permissions`) or the mission's data does (the indicators and
    memberships an answer depends on bump one or the other); and the mission's current data
    version. One cache round trip when remembered."""
    facts, (_rights, data) = versions.remembered_for_user(
        user, f"mission:{mission_id}", compute, [_version_key(mission_id)]
    )
    return facts, data


def cached_dashboard(mission, user, as_of, part: str, compute, *, version: str | None = None):
    """The entry `part` of the mission's dashboard for the user's tier, computed by `compute()`
    on a miss. The mission must come from an access-checked `with_view_tier` query (or carry its
    answers, see `mission_rights`); `version` is its data version when already known."""
    version = version or data_versions([mission.pk])[mission.pk]
    key = dashboard_key(mission.pk, as_of, dashboard_viewer(mission, user), version, part)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, ENTRY_TIMEOUT)
    return value


def cached_rows(missions: list, user, as_of, part: str, compute) -> dict:
    """{mission id: row} for missions found through `with_view_tier`: versions and rows in one
    get_many (a row carries the version it was computed at), `compute(missing missions)` ->
    {mission id: row} for the rest, stored with one set_many."""
    if not missions:
        return {}
    row_keys = {m.pk: f"{PREFIX}:{part}:{m.pk}:{as_of.isoformat()}:{view_tier(m, user)}" for m in missions}
    found = cache.get_many([_version_key(m.pk) for m in missions] + list(row_keys.values()))
    versions = data_versions([m.pk for m in missions], found=found)
    rows, missing = {}, []
    for mission in missions:
        entry = found.get(row_keys[mission.pk])
        if entry is not None and entry[0] == versions[mission.pk]:
            rows[mission.pk] = entry[1]
        else:
            missing.append(mission)
    if missing:
        computed = compute(missing)
        cache.set_many(
            {row_keys[m.pk]: (versions[m.pk], computed[m.pk]) for m in missing if m.pk in computed}, ENTRY_TIMEOUT
        )
        rows.update(computed)
    return rows


# Writes outside this app's services (frameworks, assessments, mechanisms, mandates, reports,
# the admin) change what dashboards show too: the IAP column reads frameworks, assessments,
# mechanisms, mandates and reports; the matrix reads priorities. Lower layers may not import this
# module, so it listens to their saves and deletions and bumps the mission the row belongs to.
WATCHED_APPS = ("missions", "frameworks", "benchmarks")


def _mission_id_of(instance) -> int | None:
    """The mission a row belongs to, along its `access_mission_path`. The services load the
    parents with the rows they write (select_related), so the walk costs no query there."""
    path = getattr(type(instance), "access_mission_path", None)
    if path is None:
        return None
    if path == "":
        return instance.pk
    *through, last = path.split("__")
    obj = instance
    try:
        for part in through:
            obj = getattr(obj, part)
            if obj is None:
                return None
        return getattr(obj, f"{last}_id", None)
    except ObjectDoesNotExist:  # a row deleted after its parent (a cascade) bumps nothing more
        return None


def _on_write(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    bump_mission_data(_mission_id_of(instance))


def _on_delete(sender, instance, origin=None, **kwargs) -> None:
    """A row deleted with its parent (a mission, a benchmark...) belongs to the parent's mission:
    bump that once for the whole cascade instead of walking up from every row."""
    if origin is None or origin is instance or not hasattr(type(origin), "access_mission_path"):
        bump_mission_data(_mission_id_of(instance))
        return
    if not getattr(origin, "_dashboard_bumped", False):
        origin._dashboard_bumped = True
        bump_mission_data(_mission_id_of(origin))


def connect_signals() -> None:
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for app_label in WATCHED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if hasattr(model, "access_mission_path"):
                post_save.connect(_on_write, sender=model, dispatch_uid=f"dashboard-version-{model._meta.label}")
                post_delete.connect(_on_delete, sender=model, dispatch_uid=f"dashboard-version-del-{model._meta.label}")
