"""Version tokens in the Django cache, for entries that must go stale the moment what they were
computed from changes.

A version is a random token under a key ("wb:rights:version:<user id>", say). A writer replaces it
with `bump`, at once (so the writer's own transaction reads fresh data) and again once the
transaction commits, so an entry a concurrent reader stored from the rows as they were before the
commit is never served. An entry stores the versions it was computed at and is used only while
they are still current. Tokens, not counters: a version key evicted and recreated never brings
back an older entry.

The user's rights version is bumped by `missions.access.sync_user_permissions`, through which
every membership change goes; entries that depend on what a user may see (the navigation, a
user's rights on a mission) are keyed by it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence

from django.core.cache import cache
from django.db import transaction

PREFIX = "wb"
# An entry's lifetime bounds how long it could outlive a change made without a bump (a data
# migration, a raw SQL fix).
ENTRY_TIMEOUT = 300


def new_version() -> str:
    return uuid.uuid4().hex[:12]


def bump(keys: Iterable[str]) -> None:
    """Replace these version keys now and again when the current transaction commits."""
    keys = sorted(set(keys))
    if not keys:
        return

    def replace():
        cache.set_many({key: new_version() for key in keys}, None)

    replace()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(replace)


def current(keys: Sequence[str], found: dict | None = None) -> tuple[str, ...]:
    """The current token of each version key, creating those missing. `found` is the result of a
    get_many that already asked for them."""
    if found is None:
        found = cache.get_many(list(keys))
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            cache.add(key, new_version(), None)
            token = cache.get(key)
        tokens.append(token)
    return tuple(tokens)


def user_rights_key(user_id: int) -> str:
    return f"{PREFIX}:rights:version:{user_id}"


def missions_set_key() -> str:
    """Bumped when a mission is created or deleted: counts of visible missions change."""
    return f"{PREFIX}:missions:version"


def remembered(entry_key: str, version_keys: Sequence[str], compute: Callable[[], object]):
    """(value, versions): the entry stored under `entry_key` if it was computed at the current
    versions of `version_keys`, else `compute()`, stored. One cache round trip on a hit."""
    found = cache.get_many([*version_keys, entry_key])
    versions = current(version_keys, found)
    entry = found.get(entry_key)
    if entry is not None and entry[0] == versions:
        return entry[1], versions
    value = compute()
    cache.set(entry_key, (versions, value), ENTRY_TIMEOUT)
    return value, versions


def remembered_for_user(user, part: str, compute: Callable[[], object], version_keys: Sequence[str] = ()):
    """`compute()`, remembered for this user until their rights (or one of `version_keys`) change.
    Superuser status is part of the key: the user row itself is read on every request."""
    entry_key = f"{PREFIX}:rights:{part}:{user.pk}:{int(user.is_superuser)}:{int(user.is_active)}"
    return remembered(entry_key, [user_rights_key(user.pk), *version_keys], compute)
