"""Settings for the Integrated Mission Planning Workbench.

Everything comes from the environment. With nothing set the workbench runs on its embedded
default: a SQLite file in the project folder, Celery tasks executed in-process, console e-mail.
With DATABASE_URL and REDIS_URL set it uses PostgreSQL (persistent connections) and Redis.
"""

import ipaddress
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
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
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "simple_history",
    "django_htmx",
    "django_celery_beat",
    "axes",
    "csp",
    "health_check",
    "django_guid",
    "missions",
    "frameworks",
    "benchmarks",
    "planning",
]

MIDDLEWARE = [
    # First: every log line of the request, and the jobs it asks for, carry its request id.
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the policy too.
    "planning.csp.WorkbenchCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "missions.middleware.RightsReadOnceMiddleware",
    # After authentication: a signed-in person's own language when the browser made no choice.
    "planning.languages.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a sign-in refused by the lock into the lockout page.
    "axes.middleware.AxesMiddleware",
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

# Inputs, selects and labels drawn in Python (same markup as Django's widget templates, faster).
FORM_RENDERER = "missions.generic.form_renderer.WorkbenchFormRenderer"

# Database: SQLite file by default, PostgreSQL (or anything dj-database-url knows) from DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'workbench.sqlite3'}")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Axes first: it refuses a locked sign-in before any backend checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
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

# Sign-in throttling (django-axes, missions/signin.py): failures are rows in the database, counted
# per user name and address (AXES_FAILURE_LIMIT), per user name from any address and per address
# for any user name (limits of their own); a lock lasts WORKBENCH_SIGNIN_LOCK_MINUTES after the last
# failure, or until `manage.py axes_reset_username <name>` / `axes_reset_ip <address>`.
AXES_HANDLER = "missions.signin.SignInAttemptHandler"
AXES_VERBOSE = False
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_FAILURE_LIMIT = env.int("WORKBENCH_SIGNIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("WORKBENCH_SIGNIN_LOCK_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "missions.signin.client_address"
AXES_LOCKOUT_CALLABLE = "missions.views.signin_locked_out"
# Failures per user name across addresses and per address across user names before a lock (the
# pair's limit is AXES_FAILURE_LIMIT), and the reverse proxies whose X-Forwarded-For is believed
# (addresses or networks; none: REMOTE_ADDR only).
WORKBENCH_SIGNIN_USERNAME_FAILURE_LIMIT = env.int("WORKBENCH_SIGNIN_USERNAME_FAILURE_LIMIT", default=10)
WORKBENCH_SIGNIN_ADDRESS_FAILURE_LIMIT = env.int("WORKBENCH_SIGNIN_ADDRESS_FAILURE_LIMIT", default=20)
WORKBENCH_TRUSTED_PROXIES = [
    str(ipaddress.ip_network(proxy, strict=False)) for proxy in env.list("WORKBENCH_TRUSTED_PROXIES", default=[])
]

# -------------------------------------------------------------------------------------------------
# Sign-in (docs/ARCHITECTURE.md "Sign-in"): local passwords (above), a second factor, password reset
# by e-mail and, when OIDC_RP_CLIENT_ID is set, corporate sign-in through OpenID Connect.
# -------------------------------------------------------------------------------------------------
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
# After authentication: django-otp says whether the session entered a second factor, then
# missions.twofactor holds back every page of a session that owes one.
MIDDLEWARE[MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1 : 0] = [
    "django_otp.middleware.OTPMiddleware",
    "missions.twofactor.SecondFactorMiddleware",
]
# Second factor (TOTP, backup codes): always for staff and superusers; for everyone when set.
WORKBENCH_REQUIRE_2FA = env.bool("WORKBENCH_REQUIRE_2FA", default=False)
# Corporate sign-ins are not asked (the identity provider asks its own) unless this is set.
WORKBENCH_OIDC_REQUIRE_2FA = env.bool("WORKBENCH_OIDC_REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = env.str("WORKBENCH_2FA_ISSUER", default="Mission Planning Workbench")
# After n wrong codes in a row the next try waits FACTOR * 2^(n-1) seconds (1, 2, 4, 8… by default).
OTP_TOTP_THROTTLE_FACTOR = OTP_STATIC_THROTTLE_FACTOR = env.int("WORKBENCH_2FA_THROTTLE_SECONDS", default=1)
# Password reset links are valid this long (seconds).
PASSWORD_RESET_TIMEOUT = env.int("WORKBENCH_PASSWORD_RESET_SECONDS", default=3 * 3600)

# OpenID Connect (mozilla-django-oidc, missions/oidc.py). The provider's endpoints: its discovery
# document (OIDC_OP_DISCOVERY, …/.well-known/openid-configuration), or each endpoint variable.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
if OIDC_RP_CLIENT_ID:
    OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_DISCOVERY = env.str("OIDC_OP_DISCOVERY", default="")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
    OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
    OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
    OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
    # The ID token's expected issuer (from discovery when unset there too; unchecked otherwise).
    OIDC_OP_ISSUER = env.str("OIDC_OP_ISSUER", default="")
    OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
    OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
    OIDC_USE_PKCE = env.bool("OIDC_USE_PKCE", default=True)
    OIDC_TIMEOUT = env.float("OIDC_TIMEOUT", default=10)
    # Shown on the sign-in page: "Sign in with <name>".
    OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="")
    # The entity of a person: the claim holding an entity code, else the e-mail domain's entity
    # ("undp.org=UNDP,unicef.org=UNICEF"). Recorded for administrators; it grants no right.
    OIDC_ENTITY_CLAIM = env.str("OIDC_ENTITY_CLAIM", default="")
    OIDC_ENTITY_DOMAINS = env.dict("OIDC_ENTITY_DOMAINS", default={})
    OIDC_AUTHENTICATION_CALLBACK_URL = "oidc-callback"
    AUTHENTICATION_BACKENDS.insert(
        AUTHENTICATION_BACKENDS.index("django.contrib.auth.backends.ModelBackend") + 1,
        "missions.oidc.WorkbenchOIDCBackend",
    )

LANGUAGE_CODE = "en"
# The six official languages of the United Nations (docs/ARCHITECTURE.md "Languages"); the header
# offers each in its own name. A person's choice is kept on their preferences (planning.languages).
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Simplified Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Formats where Django's are missing or not those of the house (planning/formats/<language>/);
# pages, charts and documents format through planning.l10n.
FORMAT_MODULE_PATH = ["planning.formats"]
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
# The backend answers as a miss when Redis is away (planning.redis_cache): pages and sign-in go on
# from the database, and no request waits more than about CACHE_SOCKET_TIMEOUT on a dead or frozen
# Redis.
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "planning.redis_cache.RedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {
                "SOCKET_TIMEOUT": env.float("CACHE_SOCKET_TIMEOUT", default=0.25),
                "RETRY_AFTER": env.float("CACHE_RETRY_AFTER", default=5),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions are read from the shared cache when there is one (written through to the database,
# so an evicted session is read from there).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if CACHE_URL else "django.contrib.sessions.backends.db"

# Celery: a Redis broker when REDIS_URL is set, in-process (eager) execution otherwise.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A job whose worker died (kill -9, a lost machine) goes back to the queue once unacknowledged for
# the visibility timeout; the restore sweep runs every 5 s, so a restarted or other worker picks it
# up within about a minute. Jobs running longer than the timeout are delivered twice: every task
# is safe to run twice (reports hold a lock while compiling).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=50),
    "unacked_restore_interval": 5,
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
}
# Web processes hand jobs to the broker on a connection with this timeout (seconds), and not at all
# for WORKBENCH_BROKER_RETRY_AFTER seconds after a failure; what is not sent is sent by the sweeps.
WORKBENCH_BROKER_PUBLISH_TIMEOUT = env.float("WORKBENCH_BROKER_PUBLISH_TIMEOUT", default=0.5)
WORKBENCH_BROKER_RETRY_AFTER = env.float("WORKBENCH_BROKER_RETRY_AFTER", default=5)
# How long /health/ready/ waits for the broker and for a worker's answer to its ping.
WORKBENCH_READY_WORKER_SECONDS = env.float("WORKBENCH_READY_WORKER_SECONDS", default=2)
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
# Jobs asked for while the broker was away (missions.outbox), sent once it is back.
# Indicator standings follow the date (what is due, overdue, stale): recomputed nightly.
CELERY_BEAT_SCHEDULE["standings-daily"] = {
    "task": "benchmarks.rebuild_standings",
    "schedule": crontab(hour=0, minute=5),
}
# The kept IAP standings follow the date too (ages, due periods): evaluated for the new day.
CELERY_BEAT_SCHEDULE["iap-daily"] = {"task": "planning.refresh_iap", "schedule": crontab(hour=0, minute=10)}
CELERY_BEAT_SCHEDULE["outbox-sweep"] = {"task": "missions.outbox_sweep", "schedule": 60}

# E-mail: console by default, SMTP from EMAIL_URL.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="workbench@localhost")

# The history's change reason holds whole reasons (a return to draft, an objection: up to
# missions.texts.REASON_MAX characters with their sentence), not django-simple-history's 100.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# How many days a new API token lasts unless its owner picks another lifetime (at most 365).
WORKBENCH_API_TOKEN_DAYS = env.int("WORKBENCH_API_TOKEN_DAYS", default=90)

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
    "EXCEPTION_HANDLER": "missions.generic.api.exception_handler",
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
        "CommitmentStatusEnum": "benchmarks.choices.CommitmentStatus",
    },
}

# Workbench defaults from the IAP policy and planning practice; each can be overridden.
WORKBENCH = {
    "UPDATE_GRACE_DAYS": env.int("WORKBENCH_UPDATE_GRACE_DAYS", default=30),
    "JOINT_ANALYSIS_MAX_AGE_MONTHS": env.int("WORKBENCH_JOINT_ANALYSIS_MAX_AGE_MONTHS", default=24),
    "FRAMEWORK_REVIEW_MONTHS": env.int("WORKBENCH_FRAMEWORK_REVIEW_MONTHS", default=12),
    "REPORT_DELAY_DAYS": env.int("WORKBENCH_REPORT_DELAY_DAYS", default=15),
    # ISF consultation: the comment deadline a planner is offered, in days from today.
    "CONSULTATION_DAYS": env.int("WORKBENCH_CONSULTATION_DAYS", default=14),
    # IAP joint analysis: an assessment completed since the last mandate also counts when older.
    "JOINT_ANALYSIS_SINCE_MANDATE": env.bool("WORKBENCH_JOINT_ANALYSIS_SINCE_MANDATE", default=True),
    # IAP integrated mechanisms: the kinds every mission needs (frameworks.choices.MechanismKind).
    "IAP_REQUIRED_MECHANISMS": env.list("WORKBENCH_IAP_REQUIRED_MECHANISMS", default=["itf", "leadership", "planning"]),
}

# Extra columns of the benchmarks portfolio lent by higher layers (benchmarks must not import
# planning): (key, label, dotted path of callable(missions, today) -> {mission id: value}).
WORKBENCH_PORTFOLIO_COLUMNS = [
    ("iap", _("IAP minimum requirements"), "planning.iap.iap_standings"),
    ("compact", _("Compact delivery"), "benchmarks.compact.selectors.portfolio_cells"),
]

# The ISF editor's count of indicators per result, lent by benchmarks (frameworks must not import
# it): dotted path of callable(result ids) -> {result id: count}; empty: no counts shown.
WORKBENCH_RESULT_INDICATOR_COUNTS = "benchmarks.selectors.indicator_counts_for_results"

# Progress reports: the link in e-mails, when a queued run counts as lost and is sent again, a pause
# between compile steps (tests only: lets a test kill a worker mid-job), and the IAP evaluation lent
# by planning (callable(mission)).
WORKBENCH["SITE_URL"] = env.str("WORKBENCH_SITE_URL", default="http://127.0.0.1:8000")
WORKBENCH["REPORT_RESEND_AFTER_SECONDS"] = env.int("WORKBENCH_REPORT_RESEND_AFTER_SECONDS", default=3 * 3600)
# A running report with no progress for this long is marked failed (and can be tried again).
WORKBENCH["REPORT_STALL_SECONDS"] = env.int("WORKBENCH_REPORT_STALL_SECONDS", default=600)
WORKBENCH["REPORT_STEP_DELAY_SECONDS"] = env.float("WORKBENCH_REPORT_STEP_DELAY_SECONDS", default=0)
# A queue of their own for report jobs (workers started with -Q that name); empty: the default queue.
WORKBENCH["REPORT_QUEUE"] = env.str("WORKBENCH_REPORT_QUEUE", default="")
WORKBENCH_REPORT_IAP_EVALUATOR = "planning.iap.iap_status_for_mission"
# Excel uploads of progress updates: refused at once above these limits (bytes, rows below the
# headings); imported by a task on this queue (empty: the default queue).
WORKBENCH["EXCEL_UPLOAD_MAX_BYTES"] = env.int("WORKBENCH_EXCEL_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
WORKBENCH["EXCEL_UPLOAD_MAX_ROWS"] = env.int("WORKBENCH_EXCEL_UPLOAD_MAX_ROWS", default=2000)
WORKBENCH["EXCEL_IMPORT_QUEUE"] = env.str("WORKBENCH_EXCEL_IMPORT_QUEUE", default="")
# Who else has a framework's editor open (frameworks.presence): a report counts this long.
WORKBENCH["PRESENCE_SECONDS"] = env.int("WORKBENCH_PRESENCE_SECONDS", default=60)
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

# Logs: one JSON object per line (LOG_FORMAT=json, the default outside DEBUG) or plain text; each
# line carries the request id (django-guid: the proxy's X-Request-ID when it is a UUID, else a new
# one), which the answer returns and the Celery jobs a request asks for log too.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(correlation_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(correlation_id)s %(message)s",
            "rename_fields": {
                "asctime": "time",
                "levelname": "level",
                "name": "logger",
                "correlation_id": "request_id",
            },
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # axes says INFO on every sign-in ("Deleted 0 failed login attempts"): its warnings are enough.
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "django_guid": {"level": "WARNING"},
    },
}

# Errors of requests and jobs to Sentry (or a compatible service) when SENTRY_DSN is set; no
# personal data is sent (user ids only, no cookies or bodies).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration as SentryCeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration as SentryDjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default="") or None,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
        integrations=[SentryDjangoIntegration(), SentryCeleryIntegration()],
    )

from django_guid.integrations import CeleryIntegration as GuidCeleryIntegration  # noqa: E402
from django_guid.integrations import SentryIntegration as GuidSentryIntegration  # noqa: E402

DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": True,
    "INTEGRATIONS": [
        GuidCeleryIntegration(use_django_logging=True, log_parent=True, sentry_integration=bool(SENTRY_DSN)),
        *([GuidSentryIntegration()] if SENTRY_DSN else []),
    ],
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

# Content-Security-Policy (django-csp) on every response: scripts, styles, images, fonts and
# requests from the site's own origin only; no inline script or style, no eval, no plugins, not
# framed. Pages pass data to scripts in json_script blocks (type application/json, never run).
# The downloaded HTML report sets a stricter policy of its own, which the middleware keeps.
# planning/csp.py allows a few fixed style attributes of the browsable API and the admin by hash.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The API docs (Swagger UI) from the site's own static files (drf-spectacular-sidecar), not a CDN.
SPECTACULAR_SETTINGS["SWAGGER_UI_DIST"] = "SIDECAR"
SPECTACULAR_SETTINGS["SWAGGER_UI_FAVICON_HREF"] = "SIDECAR"
