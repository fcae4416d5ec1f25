"""Emptying the cache between and within tests."""

from django.conf import settings
from django.core.cache import cache


def empty_cache() -> None:
    """Delete this test process's cache entries (settings_test gives each process a KEY_PREFIX;
    other processes sharing the Redis database keep theirs)."""
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()
