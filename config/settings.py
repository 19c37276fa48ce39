"""Settings for every environment, read from environment variables (see README: Configuration).

With nothing set, this is a development machine: DEBUG on, SQLite in the project folder, a throwaway
secret key. Setting SECRET_KEY marks a real deployment: DEBUG then defaults to off, and a deployment
that turns DEBUG off without a secret key of its own refuses to start.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

_DEVELOPMENT_SECRET = "development-only-secret-key-never-used-in-a-deployment"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=_DEVELOPMENT_SECRET)
DEBUG = env.bool("DEBUG", default=SECRET_KEY == _DEVELOPMENT_SECRET)
if not DEBUG and SECRET_KEY == _DEVELOPMENT_SECRET:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value when DEBUG is off "
        '(python -c "import secrets; print(secrets.token_urlsafe(50))")'
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin, as the two-factor admin site of community_trigger.accounts (platform administrators).
    "community_trigger.accounts.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    # Before django_tasks_db, so its `db_worker` (the library's, with a heartbeat) is the one that runs.
    "community_trigger.operations",
    "django_tasks",
    "django_tasks_db",
    "community_trigger.agencies",
    "community_trigger.cases",
    "community_trigger.sharing",
    "community_trigger.audit",
    "community_trigger.notifications",
    "community_trigger.letters",
    "community_trigger.reviews",
    "community_trigger.deadlines",
    "community_trigger.diary",
    "community_trigger.documents",
    "community_trigger.datarequests",
    "community_trigger.related",
    "community_trigger.statistics",
    "community_trigger.consequences",
    "community_trigger.imports",
    "community_trigger.oversight",
    "community_trigger.incidents",
    "community_trigger.retention",
    "community_trigger.earlywarning",
    "community_trigger.demo",
    "community_trigger.applications",
    "community_trigger.accounts",
]

MIDDLEWARE = [
    # First, so every answer, the redirects and refusals of the others too, carries the request's id.
    "community_trigger.common.request_id.request_id",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, which answers for static files itself; before the rest, so that every page,
    # redirect and refusal they make is marked no-store too.
    "community_trigger.common.middleware.no_store",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language a person chose (cookie) or their browser asks for; then the one below narrows it to
    # what the page may speak: English for staff, a language its partnership offers for the public.
    "django.middleware.locale.LocaleMiddleware",
    "community_trigger.agencies.languages.language_for_audience",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "community_trigger.accounts.middleware.staff_session_lifetime",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages and the sign-in: the banner saying what a step on a case did, from its history.
    "community_trigger.cases.middleware.step_banner",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it sees the sign-in view's answer and can replace it with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# A deployment can word its letters its own way: LETTER_TEMPLATES_DIR holds
# letters/<partnership slug>/<kind>.html, found before the product's own (community_trigger.letters).
LETTER_TEMPLATES_DIR = env.str("LETTER_TEMPLATES_DIR", default="")
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [*([LETTER_TEMPLATES_DIR] if LETTER_TEMPLATES_DIR else []), BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "community_trigger.accounts.context_processors.staff_frame",
            ],
            # Template tags that belong to no one app: identifiers in words on any page.
            "libraries": {
                "wording": "community_trigger.common.templatetags.wording",
                "sentences": "community_trigger.common.templatetags.sentences",
            },
        },
    },
]

# SQLite in the project folder unless DATABASE_URL names another database (postgres://...).
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the worker write to one file. WAL lets readers carry on beside a writer; a
    # transaction takes the write lock when it begins, so two cannot both read and then deadlock
    # wanting to write; and a writer waits up to 20 s for its turn instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL",
    } | DATABASES["default"].get("OPTIONS", {})
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The pages ask short, indexed queries; PostgreSQL's JIT compiler spends longer compiling a big
    # one (the CSV download's, a long case list's) than running it, so it is off for our sessions
    # unless DATABASE_URL's own options say otherwise.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    if "jit" not in str(options.get("options", "")):
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff sign in at /staff/ with a password and a second factor (community_trigger.accounts). Axes checks
# each attempt first and refuses a username that failed too often from the same address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign_in"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "community_trigger.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "community_trigger.common.client_address.client_address"
AXES_VERBOSE = False  # no start-up banner; logged failures name only what the lockout counts, masked
# The name authenticator apps show next to the code.
OTP_TOTP_ISSUER = "Community Trigger"
# The admin never shows an authenticator's key, its QR code or backup codes: whoever sees them could
# make the codes themselves. A lost second factor is reset by deleting the devices, not by reading them.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Sessions: the public journey finds a draft through its session. On a shared or watched device that
# session must not outlive the visit: its cookie goes when the browser closes, and lasts at most
# PUBLIC_SESSION_HOURS from the last visit; the emailed link or saved code brings a draft back later.
# A staff session is cut to STAFF_SESSION_IDLE_MINUTES of inactivity when its owner signs in (its own
# expiry replaces these); saving every request makes either run from the last visit, not the first.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env.int("PUBLIC_SESSION_HOURS", default=4) * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_MINUTES", default=30) * 60
# However busy, a staff session ends this long after signing in (accounts/middleware.py).
STAFF_SESSION_MAX_SECONDS = env.int("STAFF_SESSION_MAX_HOURS", default=12) * 60 * 60
if STAFF_SESSION_MAX_SECONDS <= 0:
    raise ImproperlyConfigured("STAFF_SESSION_MAX_HOURS must be 1 or more hours")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# The public pages, emails and letters speak English or Welsh (a partnership's `languages` says which it
# offers); staff pages speak English. Translations live in locale/ (README: Languages).
LANGUAGES = [("en", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates and numbers are written the British way (config/formats/en mirrors Django's en_GB).
FORMAT_MODULE_PATH = ["config.formats"]
# The toggle's choice lasts until the browser closes, like the public session, and is sent only back to
# this site.
LANGUAGE_COOKIE_AGE = None
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_TZ = True

# Static files: our own under static/; the stylesheet that `make` compiles from static/scss/ under
# build/static/; GOV.UK Frontend's JavaScript from npm under /static/govuk/. GOV.UK Frontend's CSS
# asks for images at /assets/..., so WhiteNoise serves its assets folder at the site root.
GOVUK_FRONTEND_DIST = BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MOJ_FRONTEND_DIST = BASE_DIR / "node_modules" / "@ministryofjustice" / "frontend" / "moj"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    BASE_DIR / "build" / "static",
    ("govuk", GOVUK_FRONTEND_DIST),
    ("moj", MOJ_FRONTEND_DIST),
    # The images the stylesheet names (url(../assets/images/…)): GOV.UK Frontend's and MoJ's in one place.
    ("assets", GOVUK_FRONTEND_DIST / "assets"),
    ("assets", MOJ_FRONTEND_DIST / "assets"),
]
WHITENOISE_ROOT = BASE_DIR / "public"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        ),
    },
}
if DEBUG:
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"

# Documents and evidence (community_trigger/documents; README: Documents and virus scanning). Files are
# kept through the default storage: the filesystem under MEDIA_ROOT, outside the static files, and
# never served directly (there is no MEDIA_URL route): each download goes through a view that checks
# who is asking and records it. DOCUMENT_MAX_MB caps one file. Django reads an upload above
# FILE_UPLOAD_MAX_MEMORY_SIZE into a temporary file rather than memory; DATA_UPLOAD_MAX_MEMORY_SIZE
# counts a form's other fields only, so Django's defaults agree with any DOCUMENT_MAX_MB.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_MB", default=20) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's own default, said here beside the limit it serves
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# ClamAV's daemon, "tcp://127.0.0.1:3310" or a unix socket's path: when set, every upload is scanned
# and refused if the daemon cannot be reached; when empty, documents are kept marked "not scanned".
CLAMD_ADDRESS = env.str("CLAMD_ADDRESS", default="")
CLAMD_TIMEOUT_SECONDS = env.float("CLAMD_TIMEOUT_SECONDS", default=30.0)
# Several machines share one S3-compatible bucket through django-storages (README: Running on several
# machines): AWS_STORAGE_BUCKET_NAME, with AWS_S3_ENDPOINT_URL for a store other than Amazon's, and the
# keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the machine's role). Files stay private: no
# public ACL, and downloads still go through the view that checks who is asking.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    if "DOCUMENT_STORAGE_BACKEND" in env:
        raise ImproperlyConfigured("Set AWS_STORAGE_BUCKET_NAME or DOCUMENT_STORAGE_BACKEND, not both")
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="") or None
    AWS_DEFAULT_ACL = None
    AWS_S3_FILE_OVERWRITE = False
    AWS_LOCATION = env.str("AWS_LOCATION", default="")
if "DOCUMENT_STORAGE_BACKEND" in env:
    # Another store, such as an S3-compatible one through django-storages (README): its backend's
    # dotted path, and its options as JSON (bucket, endpoint, keys).
    STORAGES["default"] = {
        "BACKEND": env.str("DOCUMENT_STORAGE_BACKEND"),
        "OPTIONS": env.json("DOCUMENT_STORAGE_OPTIONS", default={}),
    }
# A spreadsheet of past cases waits here between its dry run and the coordinator's confirmation
# (community_trigger/imports): a directory every web process can read, removed once imported.
IMPORTS_PENDING_ROOT = env.str(
    "IMPORTS_PENDING_ROOT", default=str(Path(tempfile.gettempdir()) / "community-trigger-imports")
)

# Secure headers. HTTPS settings follow SECURE_SSL_REDIRECT so a plain-HTTP development server works.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The load balancer asks /health/ over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Preloading binds the whole domain and its subdomains to HTTPS in browsers for months, so it is the
# domain owner's decision, not this service's: off unless asked for.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SECURE_SSL_REDIRECT
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Email: printed to the console in development; SMTP (EMAIL_URL, e.g. smtp+tls://user:pass@host:587)
# in a deployment.
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Community Trigger <no-reply@community-trigger.invalid>"
)
# GOV.UK Notify (NOTIFY_API_KEY) sends emails, texts and posted letters instead; see the README.
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
if NOTIFY_API_KEY and "EMAIL_URL" in env:
    raise ImproperlyConfigured("Set NOTIFY_API_KEY or EMAIL_URL, not both: emails go one way")
if "EMAIL_URL" in env:
    globals().update(env.email_url("EMAIL_URL"))
elif NOTIFY_API_KEY:
    EMAIL_BACKEND = "community_trigger.notifications.notify.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Text messages: printed to the console unless a provider's backend is named (a dotted path).
TEXT_BACKEND = env.str(
    "TEXT_BACKEND",
    default="community_trigger.notifications.notify.TextBackend"
    if NOTIFY_API_KEY
    else "community_trigger.notifications.text.ConsoleBackend",
)
# Letters for post: printed and posted by the coordinator, or by GOV.UK Notify from our PDF.
LETTER_BACKEND = env.str(
    "LETTER_BACKEND",
    default="community_trigger.notifications.notify.LetterBackend"
    if NOTIFY_API_KEY
    else "community_trigger.notifications.providers.CoordinatorPosts",
)
# The local stand-in in the tests is a NOTIFY_BASE_URL on 127.0.0.1.
NOTIFY_BASE_URL = env.str("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
NOTIFY_EMAIL_TEMPLATE_ID = env.str("NOTIFY_EMAIL_TEMPLATE_ID", default="")
NOTIFY_TEXT_TEMPLATE_ID = env.str("NOTIFY_TEXT_TEMPLATE_ID", default="")
NOTIFY_POSTAGE = env.str("NOTIFY_POSTAGE", default="second")
# How long the link to a letter's PDF in an email sent through Notify works (1 to 78 weeks).
NOTIFY_FILE_RETENTION = env.str("NOTIFY_FILE_RETENTION", default="26 weeks")
# The bearer token Notify is given for its callbacks (delivery receipts, returned letters).
NOTIFY_CALLBACK_TOKEN = env.str("NOTIFY_CALLBACK_TOKEN", default="")
if NOTIFY_API_KEY:
    if len(NOTIFY_API_KEY) < 74:
        raise ImproperlyConfigured(
            "NOTIFY_API_KEY is not a whole GOV.UK Notify API key (name-service id-secret)"
        )
    if not (NOTIFY_EMAIL_TEMPLATE_ID and NOTIFY_TEXT_TEMPLATE_ID):
        raise ImproperlyConfigured(
            "With NOTIFY_API_KEY set NOTIFY_EMAIL_TEMPLATE_ID and NOTIFY_TEXT_TEMPLATE_ID"
        )
if NOTIFY_POSTAGE not in ("first", "second", "economy"):
    raise ImproperlyConfigured(f"NOTIFY_POSTAGE must be first, second or economy, not {NOTIFY_POSTAGE!r}")
if NOTIFY_CALLBACK_TOKEN and len(NOTIFY_CALLBACK_TOKEN) < 10:
    raise ImproperlyConfigured("NOTIFY_CALLBACK_TOKEN must be at least 10 characters, as Notify asks")

# The cache holds the rate-limit counters, so every process must share it: by default a table in the
# database (community_trigger/common/cache.py counts in it atomically), or Redis when CACHE_URL names
# it (redis://host:6379/0, through django-redis). A per-process cache would let each process count
# alone, multiplying every limit by the number of processes: a deployment refuses one.
CACHE_URL = env.str("CACHE_URL", default="")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
elif CACHE_URL:
    CACHES = {"default": env.cache_url("CACHE_URL")}
    if CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
        # dbcache://other_table: still counted atomically.
        CACHES["default"]["BACKEND"] = "community_trigger.common.cache.SharedDatabaseCache"
else:
    CACHES = {
        "default": {
            "BACKEND": "community_trigger.common.cache.SharedDatabaseCache",
            "LOCATION": "community_trigger_cache",  # created by community_trigger/operations' migration
            # Django's default of 300 entries would cull live counters once 300 addresses had come.
            "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 10},
        }
    }
# What may be kept inside each process: copies named by a version read from the shared cache (the
# public pages, a partnership and its agencies), which a change of version makes unreachable at once in
# every process. Reading them costs no round trip to the database or Redis.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "community-trigger-local",
    "OPTIONS": {"MAX_ENTRIES": 5_000},
}
if CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache")):
    if not DEBUG:
        raise ImproperlyConfigured(
            f"CACHE_URL={CACHE_URL!r} keeps the rate-limit counters inside each process: leave CACHE_URL "
            "unset (the database cache) or name a shared cache (redis://...)"
        )
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
# The client address the rate limits and the sign-in lockout count by (common/client_address.py):
# REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies that each append to X-Forwarded-For, the address the
# farthest of them saw.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 (no proxy) or the number of proxies in front")
if "RATELIMIT_IP_META_KEY" in env:
    # It once named a header, whose whole list of addresses then broke every submission.
    raise ImproperlyConfigured(
        "RATELIMIT_IP_META_KEY is no longer read: unset it and set TRUSTED_PROXY_COUNT to the number of "
        "proxies in front of the site (1 for one proxy that appends to X-Forwarded-For)"
    )
RATELIMIT_IP_META_KEY = AXES_CLIENT_IP_CALLABLE
# Per client address, per hour: submissions of the online form, and requests for emailed links.
RATE_LIMIT_SUBMISSIONS = env.str("RATE_LIMIT_SUBMISSIONS", default="10/h")
RATE_LIMIT_LINKS = env.str("RATE_LIMIT_LINKS", default="5/h")
# Looking a request up by its reference and status code, and checking its postcode: few, as each try
# is a guess at a secret.
RATE_LIMIT_STATUS = env.str("RATE_LIMIT_STATUS", default="10/h")
# Per agency API token: calls adding incident records (each up to 5,000 records).
RATE_LIMIT_INCIDENTS_API = env.str("RATE_LIMIT_INCIDENTS_API", default="120/h")

# Background tasks (reminder emails) wait in a database table until `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The jobs every day needs, queued once a day by whichever worker gets there first (operations.daily),
# so no cron is needed: the reminders, the retention schedule's sweep, the unsent drafts' sweep, the
# unusual access check (yesterday's looks at cases), the expired incident records' deletion, and early
# warning (the new incident records linked, then detection).
DAILY_TASKS = env.list(
    "DAILY_TASKS",
    default=[
        "community_trigger.deadlines.tasks.queue_reminders",
        "community_trigger.retention.tasks.retention_sweep",
        "community_trigger.applications.tasks.drafts_sweep",
        "community_trigger.oversight.tasks.check_unusual_access",
        "community_trigger.incidents.tasks.delete_expired_incidents",
        "community_trigger.earlywarning.tasks.early_warning_daily",
    ],
)
# Each worker writes a heartbeat as its loop goes round; /health/ fails when none has for this long.
WORKER_HEARTBEAT_MAX_MINUTES = env.int("WORKER_HEARTBEAT_MAX_MINUTES", default=5)
if WORKER_HEARTBEAT_MAX_MINUTES < 1:
    raise ImproperlyConfigured("WORKER_HEARTBEAT_MAX_MINUTES must be 1 or more minutes")

# Reminder emails to staff, sent by a background task, so the site's address cannot come from a
# request: SITE_URL is where staff reach the site, and every link in a reminder starts with it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if SITE_URL and not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"SITE_URL must start with https:// (or http://), not {SITE_URL!r}")
# A reminder goes this many working days before a due date, and another on the day.
REMINDER_WORKING_DAYS_BEFORE = env.int("REMINDER_WORKING_DAYS_BEFORE", default=2)
if REMINDER_WORKING_DAYS_BEFORE < 1:
    raise ImproperlyConfigured("REMINDER_WORKING_DAYS_BEFORE must be 1 or more working days")

# Unusual access to cases, which the daily task (oversight/tasks.py) alerts the data protection officer
# to: a member of staff who opens more than ACCESS_ALERT_CASES_PER_DAY different cases in a day, and
# more than ACCESS_ALERT_TIMES_USUAL times as many as they opened on an average day over the
# ACCESS_ALERT_BASELINE_DAYS before it.
ACCESS_ALERT_CASES_PER_DAY = env.int("ACCESS_ALERT_CASES_PER_DAY", default=20)
ACCESS_ALERT_TIMES_USUAL = env.float("ACCESS_ALERT_TIMES_USUAL", default=3.0)
ACCESS_ALERT_BASELINE_DAYS = env.int("ACCESS_ALERT_BASELINE_DAYS", default=28)
if ACCESS_ALERT_CASES_PER_DAY < 1 or ACCESS_ALERT_TIMES_USUAL < 1 or ACCESS_ALERT_BASELINE_DAYS < 1:
    raise ImproperlyConfigured(
        "ACCESS_ALERT_CASES_PER_DAY and ACCESS_ALERT_BASELINE_DAYS must be 1 or more, "
        "ACCESS_ALERT_TIMES_USUAL 1 or more"
    )

# The threshold policy used when an assessment names none (spec/threshold.md section 5).
COMMUNITY_TRIGGER_DEFAULT_POLICY = env.str("COMMUNITY_TRIGGER_DEFAULT_POLICY", default="test-valley")

# LOG_FORMAT=json writes one JSON object a line (time, level, logger, message, request id), for logs
# collected from several machines; text is for reading at a terminal.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Refusals (403 and the other 4xx) are one line each; only server errors carry a traceback.
    "filters": {
        "refusals_on_one_line": {"()": "community_trigger.common.logs.RefusalsOnOneLine"},
        "request_id": {"()": "community_trigger.common.logs.WithRequestId"},
    },
    "formatters": {
        "text": {"format": "%(message)s"},
        "json": {"()": "community_trigger.common.logs.JsonLines"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["refusals_on_one_line", "request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs each step of every PDF it makes at INFO; only its warnings are worth reading.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
