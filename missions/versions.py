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

import contextlib
import hashlib
import uuid
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

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


# The versions read while a page is computed (see `remembered_page`): {key: token}.
_read: ContextVar[dict | None] = ContextVar("versions_read", default=None)


def current(keys: Sequence[str], found: dict | None = None) -> tuple[str, ...]:
    """The current token of each version key, creating those missing. `found` is the result of a
    get_many that already asked for them."""
    if found is None:
        found = cache.get_many(list(keys))
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            token = new_version()
            if not cache.add(key, token, None):
                # Set meanwhile by another process; if it is gone again, a fresh token of our
                # own matches nothing stored (never None, which a missing key would match).
                token = cache.get(key) or new_version()
        tokens.append(token)
    read = _read.get()
    if read is not None:
        for key, token in zip(keys, tokens, strict=True):
            read.setdefault(key, token)
    return tuple(tokens)


def user_rights_key(user_id: int) -> str:
    return f"{PREFIX}:rights:version:{user_id}"


def notices_key(user_id: int) -> str:
    """Bumped by every write to the user's notifications (missions.models.NotificationQuerySet)."""
    return f"{PREFIX}:notices:version:{user_id}"


def all_missions_data_key() -> str:
    """Bumped with every mission's data version (benchmarks.cache.bump_mission_data): what a page
    that must not read one version per mission depends on."""
    return f"{PREFIX}:version:all-missions"


def viewer_keys(user_id) -> list[str]:
    """The versions a remembered page of missions depends on: the viewer's user row, rights and
    notices, the set of missions and the data of all missions. Read with the page in one round
    trip."""
    return [
        user_row_key(user_id),
        user_rights_key(user_id),
        notices_key(user_id),
        missions_set_key(),
        all_missions_data_key(),
    ]


def user_row_key(user_id) -> str:
    """Bumped by every save or deletion of the user (missions.signals): name, activity, superuser
    status and password as a remembered page was served with."""
    return f"{PREFIX}:user:version:{user_id}"


def missions_set_key() -> str:
    """Bumped when a mission is created or deleted: counts of visible missions change."""
    return f"{PREFIX}:missions:version"


def shared() -> bool:
    """Whether every process sees this cache (Redis): only then is what depends on a user's rights
    remembered, since a change made in one process must end it in all."""
    return bool(getattr(settings, "WORKBENCH_SHARED_CACHE", False))


def remembered(entry_key: str, version_keys: Sequence[str], compute: Callable[[], object]):
    """(value, versions): the entry stored under `entry_key` if it was computed at the current
    versions of `version_keys`, else `compute()`, stored. One cache round trip on a hit. Without
    a shared cache, `compute()` every time."""
    if not shared():
        return compute(), current(version_keys)
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


@contextlib.contextmanager
def reading():
    """Collect the versions read inside the block: {key: token}."""
    read: dict = {}
    reset = _read.set(read)
    try:
        yield read
    finally:
        _read.reset(reset)


@contextlib.contextmanager
def not_collected():
    """Versions read inside the block are not collected for the page: the caller has read a
    version that covers them (a page of every mission reads the version of all missions' data)."""
    reset = _read.set(None)
    try:
        yield
    finally:
        _read.reset(reset)


def _page_key(request) -> str | None:
    """The key of the page remembered for this signed-in session and request, or None when the
    page must not be remembered: anything but a plain GET, no signed-in session, an htmx
    fragment, a flash message waiting to be shown, or no CSRF cookie yet (the page's forms carry
    a token derived from it). Read from the session alone: the user row is not loaded."""
    user_id = request.session.get(SESSION_KEY)
    auth_hash = request.session.get(HASH_SESSION_KEY)
    csrf = request.META.get("CSRF_COOKIE")
    if (
        request.method != "GET"
        or not shared()
        or not user_id
        or not auth_hash
        or not csrf
        # A CSRF cookie missing or unreadable gets a new secret on every answer: nothing to find.
        or settings.CSRF_COOKIE_NAME not in request.COOKIES
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or request.headers.get("HX-Request")
        or CookieStorage.cookie_name in request.COOKIES
        or request.session.get("_messages")
    ):
        return None
    viewer = [str(user_id), auth_hash, csrf]
    page = [get_language() or "", request.get_full_path(), timezone.localdate().isoformat()]
    digest = hashlib.sha256("\x1f".join(viewer + page).encode()).hexdigest()
    return f"{PREFIX}:page:{user_id}:{digest}"


def remembered_page(
    request, render: Callable[[], HttpResponse], *, query: Callable[[dict], bool] = lambda params: not params
) -> HttpResponse:
    """The whole page as this session's user last got it, while every version it was computed
    from is still current; else `render()` (which signs the user in from the session, or sends
    them to the sign-in page), remembered with the versions read while computing it.

    The page must read through `current`/`remembered` every version its content depends on,
    including the viewer's rights: the access check that let the viewer see it is then part of
    what must still hold. Pages of missions read `viewer_keys` and compute their per-mission
    parts under `not_collected`, so one round trip fetches the page and all its versions.

    A page is stored only once the session's user was loaded and its session hash verified
    (Django's `get_user`); it is served again to a session of the same user with the same hash
    (a password change alters it) while the user's row is unchanged (`user_row_key`: any save,
    such as deactivation, replaces it). Keyed also by CSRF cookie, which the page's forms are
    signed with, language, full path and date.

    `query(params)` says whether a query string is one the page is remembered for (by default
    none): only pages a viewer can reach by the page's own links, so that made-up parameters
    cannot fill the cache. A view may also set `request.remember_page = False` while rendering."""
    key = _page_key(request) if query(request.GET) else None
    if key is None:
        return render()
    likely = viewer_keys(request.session[SESSION_KEY])
    found = cache.get_many([key, *likely])
    entry = found.pop(key, None)
    if entry is not None:
        tokens, content, content_type = entry
        missing = [name for name in tokens if name not in found]
        if missing:
            found.update(cache.get_many(missing))
        if all(found.get(name) == token for name, token in tokens.items()):
            return HttpResponse(content, content_type=content_type)
    with reading() as read:
        current(likely, found)
        response = render()
        if hasattr(response, "render"):
            response.render()
    user = request.user
    if (
        response.status_code == 200
        and getattr(request, "remember_page", True)
        and not getattr(response, "streaming", False)
        and user.is_authenticated
        and str(user.pk) == str(request.session.get(SESSION_KEY))
    ):
        cache.set(key, (read, response.content, response["Content-Type"]), ENTRY_TIMEOUT)
    return response
