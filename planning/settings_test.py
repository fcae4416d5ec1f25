"""Settings for the test suite: the real settings, minus HTTPS redirects, with a fast hasher."""

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
