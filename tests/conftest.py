"""Shared fixtures and the service rules of the suite.

Tests marked `postgres`, `redis`, `worker` or `browser` need the real thing. When it is missing
they are skipped with the reason, and the summary says so loudly; with
WORKBENCH_REQUIRE_SERVICES=1 (CI) a missing service fails the test instead.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.db import connection

# The browser fixtures (one Chromium for every browser test, wherever it lives).
pytest_plugins = ["tests.browser_fixtures"]

# The model tests' shared checks live outside test modules: rewrite their asserts too, so a failure
# shows the values compared.
pytest.register_assert_rewrite("tests.model_meta")

REQUIRE = os.environ.get("WORKBENCH_REQUIRE_SERVICES") == "1"
_skipped_for_service: list[str] = []


def _missing(marker: str) -> str | None:
    if marker in ("postgres", "worker") and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "PostgreSQL is not configured (DATABASE_URL)"
    if marker in ("redis", "worker") and not os.environ.get("REDIS_URL"):
        return "Redis is not configured (REDIS_URL)"
    if marker == "browser" and not (shutil.which("chromium") or os.path.exists("/usr/bin/chromium")):
        return "chromium is not installed"
    return None


def pytest_collection_modifyitems(config, items):
    del config
    for item in items:
        for marker in ("postgres", "redis", "worker", "browser"):
            if item.get_closest_marker(marker) and (reason := _missing(marker)):
                if REQUIRE:
                    item.add_marker(pytest.mark.usefixtures("_fail_missing_service"))
                    item.user_properties.append(("missing_service", reason))
                else:
                    item.add_marker(pytest.mark.skip(reason=f"service missing: {reason}"))
                    _skipped_for_service.append(f"{item.nodeid}: {reason}")
                break


@pytest.fixture
def _fail_missing_service(request):
    reasons = [value for key, value in request.node.user_properties if key == "missing_service"]
    pytest.fail(f"required service missing: {'; '.join(reasons)} (WORKBENCH_REQUIRE_SERVICES=1)")


def pytest_terminal_summary(terminalreporter):
    if _skipped_for_service:
        terminalreporter.section("SKIPPED BECAUSE A SERVICE IS MISSING", sep="!", red=True, bold=True)
        for line in _skipped_for_service:
            terminalreporter.write_line(line, red=True)
    engine = connection.vendor if settings.configured else "?"
    terminalreporter.write_line(
        f"database: {engine}; broker: {'redis' if os.environ.get('REDIS_URL') else 'in-process (eager)'}"
    )


@pytest.fixture
def eager_celery():
    """Celery tasks run in this process (as on the embedded default), even when REDIS_URL names a broker."""
    from planning.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _default_language():
    """A request in French leaves French active in the thread: start every test in English."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with nothing cached: no entry of an earlier test, whose rows may have had
    the same ids, can answer for this one."""
    from tests.caches import empty_cache

    empty_cache()
    yield


@pytest.fixture(autouse=True)
def _broker_and_cache_tried_afresh():
    """A test that found the broker or the cache Redis away leaves this process waiting before it
    tries again (missions.outbox, planning.redis_cache): every test starts by trying at once."""
    from missions import outbox
    from planning import redis_cache

    outbox.forget_failures()
    for outage in redis_cache._OUTAGES.values():
        outage.__init__()
