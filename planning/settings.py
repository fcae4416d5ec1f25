"""Settings for the Integrated Mission Planning Workbench.

Everything comes from the environment. With nothing set the workbench runs on its embedded
default: a SQLite file in the project folder, Celery tasks executed in-process, console e-mail.
With DATABASE_URL and REDIS_URL set it uses PostgreSQL (persistent connections) and Redis.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=False)


def _local_secret_key() -> str:
    """With no SECRET_KEY set, a random key kept in a git-ignored file beside the project."""
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        from django.utils.crypto import get_random_string

        path.write_text(get_random_string(64, "abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)"))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "guardian",
    "simple_history",
    "django_htmx",
    "django_celery_beat",
    "missions",
    "frameworks",
    "benchmarks",
    "planning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "planning.urls"
WSGI_APPLICATION = "planning.wsgi.application"
ASGI_APPLICATION = "planning.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "planning.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite file by default, PostgreSQL (or anything dj-database-url knows) from DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'workbench.sqlite3'}")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Cache: Redis when configured (CACHE_URL, else REDIS_URL), local memory otherwise. A Redis of its
# own for the cache can evict (maxmemory with an LRU policy) without touching the broker's queues.
REDIS_URL = env.str("REDIS_URL", default="")
CACHE_URL = env.str("CACHE_URL", default="") or REDIS_URL
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "planning.redis_cache.RedisCache",
            "LOCATION": CACHE_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions are read from the shared cache when there is one (written through to the database,
# so an evicted session is read from there).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if CACHE_URL else "django.contrib.sessions.backends.db"
# Whether every web process sees the same cache. Only then are a user's rights, the navigation
# and whole pages remembered (missions.versions): a membership revoked in one process must end
# them in all. Without Redis they are computed on every request.
WORKBENCH_SHARED_CACHE = env.bool("WORKBENCH_SHARED_CACHE", default=bool(CACHE_URL))

# Celery: a Redis broker when REDIS_URL is set, in-process (eager) execution otherwise.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Installed into django-celery-beat's tables by the scheduler at start-up; edit times in the admin.
CELERY_BEAT_SCHEDULE = {
    "benchmarks-overdue-reminders": {
        "task": "benchmarks.tasks.send_overdue_reminders",
        "schedule": 24 * 60 * 60,
    },
}
# Progress reports (benchmarks/reports): the tasks module, every active mission's report once its
# period is REPORT_DELAY_DAYS old (checked hourly, compiled once), and the sweep that sends runs
# queued while the broker was unreachable.
CELERY_IMPORTS = ("benchmarks.reports.tasks",)
CELERY_BEAT_SCHEDULE["reports-scheduled"] = {"task": "benchmarks.reports.compile_scheduled_reports", "schedule": 3600}
CELERY_BEAT_SCHEDULE["reports-sweep"] = {"task": "benchmarks.reports.reports_sweep", "schedule": 60}

# E-mail: console by default, SMTP from EMAIL_URL.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="workbench@localhost")

# The history's change reason holds whole reasons (a return to draft, an objection: up to
# missions.texts.REASON_MAX characters with their sentence), not django-simple-history's 100.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "missions.api.authentication.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "missions.api.filters.PlainQueryParameters",
        "django_filters.rest_framework.DjangoFilterBackend",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "missions.api.schema.WorkbenchSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Integrated Mission Planning Workbench API",
    "DESCRIPTION": "Missions, Integrated Strategic Frameworks, benchmarks and progress.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Several models have a `status` field with different choices: name each set once.
    "ENUM_NAME_OVERRIDES": {
        "FrameworkStatusEnum": "frameworks.choices.FrameworkStatus",
        "ProgressStatusEnum": "benchmarks.choices.ProgressStatus",
        "CommentStatusEnum": "frameworks.choices.CommentStatus",
        "GapStatusEnum": "benchmarks.choices.GapStatus",
        "UpdateStateEnum": "benchmarks.choices.UpdateState",
        "ReportStateEnum": "benchmarks.choices.ReportState",
    },
}

# Workbench defaults from the IAP policy and planning practice; each can be overridden.
WORKBENCH = {
    "UPDATE_GRACE_DAYS": env.int("WORKBENCH_UPDATE_GRACE_DAYS", default=30),
    "JOINT_ANALYSIS_MAX_AGE_MONTHS": env.int("WORKBENCH_JOINT_ANALYSIS_MAX_AGE_MONTHS", default=24),
    "FRAMEWORK_REVIEW_MONTHS": env.int("WORKBENCH_FRAMEWORK_REVIEW_MONTHS", default=12),
    "REPORT_DELAY_DAYS": env.int("WORKBENCH_REPORT_DELAY_DAYS", default=15),
    # IAP joint analysis: an assessment completed since the last mandate also counts when older.
    "JOINT_ANALYSIS_SINCE_MANDATE": env.bool("WORKBENCH_JOINT_ANALYSIS_SINCE_MANDATE", default=True),
    # IAP integrated mechanisms: the kinds every mission needs (frameworks.choices.MechanismKind).
    "IAP_REQUIRED_MECHANISMS": env.list("WORKBENCH_IAP_REQUIRED_MECHANISMS", default=["itf", "leadership", "planning"]),
}

# Extra columns of the benchmarks portfolio lent by higher layers (benchmarks must not import
# planning): (key, label, dotted path of callable(missions, today) -> {mission id: value}).
WORKBENCH_PORTFOLIO_COLUMNS = [("iap", _("IAP minimum requirements"), "planning.iap.iap_status_for_missions")]

# Progress reports: the link in e-mails, when a queued run counts as lost and is sent again, a pause
# between compile steps (tests only: lets a test kill a worker mid-job), and the IAP evaluation lent
# by planning (callable(mission)).
WORKBENCH["SITE_URL"] = env.str("WORKBENCH_SITE_URL", default="http://127.0.0.1:8000")
WORKBENCH["REPORT_RESEND_AFTER_SECONDS"] = env.int("WORKBENCH_REPORT_RESEND_AFTER_SECONDS", default=3 * 3600)
WORKBENCH["REPORT_STEP_DELAY_SECONDS"] = env.float("WORKBENCH_REPORT_STEP_DELAY_SECONDS", default=0)
# A queue of their own for report jobs (workers started with -Q that name); empty: the default queue.
WORKBENCH["REPORT_QUEUE"] = env.str("WORKBENCH_REPORT_QUEUE", default="")
WORKBENCH_REPORT_IAP_EVALUATOR = "planning.iap.iap_status_for_mission"
# Report files use the default storage: MEDIA_ROOT, never served publicly; or an S3-compatible bucket
# when S3_BUCKET is set (install django-storages[s3]; credentials from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY; S3_ENDPOINT_URL for MinIO and the like). Files stay private either way.
if env.str("S3_BUCKET", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Outside DEBUG the workbench assumes HTTPS behind a reverse proxy.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
