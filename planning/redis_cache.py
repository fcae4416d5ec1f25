"""Django's Redis cache backend, made to degrade instead of break when Redis is away.

- **Errors are misses.** A cache call that cannot reach Redis answers as a miss (`get` returns the
  default, `add` False, writes do nothing), so pages and sign-in keep working from the database:
  sessions are `cached_db` (written to the database first), and everything else cached is derived.
- **Short waits, once.** Connections time out after `SOCKET_TIMEOUT` seconds (default 0.25). After
  a failure the backend stops trying for `RETRY_AFTER` seconds (default 5): a request makes many
  cache calls, and a dead or frozen Redis costs it one timeout at most, not one per call. The
  pause is this process's own knowledge; every process finds out for itself.
- **Nothing stale when Redis returns.** Keys this process failed to write or delete while Redis
  was away (a session ended, a version token replaced) are deleted first, once Redis answers
  again, so no entry written before the outage outlives a change made during it.
- One client per connection pool: Django's backend builds a new `redis.Redis` for every call,
  and building one fills its table of response callbacks (about 0.3 ms).

django-redis's IGNORE_EXCEPTIONS turns errors into misses too, but waits the socket timeout on
every call of a request and forgets the writes it could not make, hence this small backend.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends import redis as django_redis
from redis.exceptions import RedisError

logger = logging.getLogger("workbench.cache")

# Keys whose failed writes are remembered for deletion once Redis returns; beyond this many, the
# rest are bounded by their own timeouts (sessions: their expiry; other entries: minutes).
MAX_PENDING_DELETES = 10_000


class _Outage:
    """Per Redis location: until when not to try, and the keys to delete once it answers."""

    def __init__(self):
        self.lock = threading.Lock()
        self.until = 0.0
        self.down_since: float | None = None
        self.pending: set[str] = set()
        self.failures = 0  # calls that waited for Redis and failed (tests and /health/ read it)


_OUTAGES: dict[str, _Outage] = {}
_OUTAGES_LOCK = threading.Lock()


def outage_of(location: str) -> _Outage:
    with _OUTAGES_LOCK:
        return _OUTAGES.setdefault(location, _Outage())


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, servers, retry_after: float = 5.0, **options):
        options.setdefault("socket_timeout", 0.25)
        options.setdefault("socket_connect_timeout", 0.25)
        super().__init__(servers, **options)
        self._clients = {}
        self.retry_after = retry_after
        self.outage = outage_of(",".join(servers))

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    # ------------------------------------------------------------------ the outage rules

    def is_available(self) -> bool:
        """Whether Redis answers now (a PING), within the same rules as every other call."""
        return self._call(lambda: bool(self.get_client().ping()), False)

    def _call(self, work, failed, keys=()):
        outage = self.outage
        if outage.until:
            if time.monotonic() < outage.until:
                self._remember(keys)
                return failed
            if not self._recover():
                self._remember(keys)
                return failed
        try:
            return work()
        except RedisError as error:
            self._fail(error)
            self._remember(keys)
            return failed

    def _fail(self, error) -> None:
        outage = self.outage
        with outage.lock:
            outage.failures += 1
            outage.until = time.monotonic() + self.retry_after
            if outage.down_since is None:
                outage.down_since = time.time()
                logger.warning("cache unavailable, answering from the database: %r", error)

    def _remember(self, keys) -> None:
        if keys:
            with self.outage.lock:
                room = MAX_PENDING_DELETES - len(self.outage.pending)
                self.outage.pending.update(list(keys)[: max(room, 0)])

    def _recover(self) -> bool:
        """Try Redis again: delete what could not be written while it was away, then resume."""
        outage = self.outage
        with outage.lock:
            pending = list(outage.pending)
        try:
            client = self.get_client(write=True)
            client.ping()
            for start in range(0, len(pending), 500):
                client.delete(*pending[start : start + 500])
        except RedisError as error:
            self._fail(error)
            return False
        with outage.lock:
            outage.pending.difference_update(pending)
            outage.until = 0.0
            if outage.down_since is not None:
                logger.warning("cache available again after %.0f s", time.time() - outage.down_since)
            outage.down_since = None
        return True

    # ------------------------------------------------------------------ Django's client calls

    def add(self, key, value, timeout):
        return self._call(lambda: super(RedisCacheClient, self).add(key, value, timeout), False, [key])

    def get(self, key, default):
        return self._call(lambda: super(RedisCacheClient, self).get(key, default), default)

    def set(self, key, value, timeout):
        return self._call(lambda: super(RedisCacheClient, self).set(key, value, timeout), None, [key])

    def touch(self, key, timeout):
        return self._call(lambda: super(RedisCacheClient, self).touch(key, timeout), False)

    def delete(self, key):
        return self._call(lambda: super(RedisCacheClient, self).delete(key), False, [key])

    def get_many(self, keys):
        return self._call(lambda: super(RedisCacheClient, self).get_many(keys), {})

    def has_key(self, key):
        return self._call(lambda: super(RedisCacheClient, self).has_key(key), False)

    def incr(self, key, delta):
        missing = object()
        value = self._call(lambda: super(RedisCacheClient, self).incr(key, delta), missing, [key])
        if value is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return value

    def set_many(self, data, timeout):
        return self._call(lambda: super(RedisCacheClient, self).set_many(data, timeout), None, list(data))

    def delete_many(self, keys):
        return self._call(lambda: super(RedisCacheClient, self).delete_many(keys), None, list(keys))

    def clear(self):
        return self._call(lambda: super(RedisCacheClient, self).clear(), False)


class RedisCache(django_redis.RedisCache):
    """OPTIONS: `SOCKET_TIMEOUT` (seconds, default 0.25) and `RETRY_AFTER` (seconds, default 5);
    other options go to redis-py's connection pool as with Django's backend."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        options = dict(self._options)
        timeout = options.pop("SOCKET_TIMEOUT", None)
        if timeout is not None:
            options["socket_timeout"] = options["socket_connect_timeout"] = float(timeout)
        if "RETRY_AFTER" in options:
            options["retry_after"] = float(options.pop("RETRY_AFTER"))
        self._options = options

    def is_available(self) -> bool:
        return self._cache.is_available()

    @property
    def outage(self) -> _Outage:
        return self._cache.outage
