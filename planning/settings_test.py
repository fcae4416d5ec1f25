"""Settings for the test suite: the real settings, minus HTTPS redirects, with a fast hasher."""

import os

from planning.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = BASE_DIR / "media-test"  # noqa: F405
# Serve static files from the app folders in tests (no collectstatic run before the suite).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Query counts are pinned with sessions in the database; the cached sessions used with Redis
# have their own test (tests/planning/test_sessions.py).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Each test process keeps its cache keys apart (parallel runs share a Redis database; a Celery
# worker started by a test inherits the prefix), and tests/conftest.py empties them per test.
CACHES["default"]["KEY_PREFIX"] = f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"  # noqa: F405
