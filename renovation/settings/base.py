"""Settings shared by every environment; each environment module imports this one."""

from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file beside manage.py is read when present; the real environment wins.
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "phonenumber_field",
    "rules",
    "axes",
    "csp",
    "common",
    "compounds",
    "progress",
    "oversight",
    "renovation",  # for its management command: python manage.py bench (renovation/bench/)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads a form: its input without invisible characters (common.text).
    "common.middleware.CleanInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Content security policy (django-csp), in every environment so that development and the tests
# meet what production sends: scripts, styles, images and fonts from the portal itself only,
# never inline script; style attributes stay allowed (the progress bars' widths), but no
# <style> elements; no plugins, no framing, forms post only to the portal.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The base map of the compounds' map (/map/): a tile URL in Leaflet's form ({z}/{x}/{y}, {s} for
# the subdomains). Production uses 天地图 (the national map service; a key from
# console.tianditu.gov.cn), e.g.
#   MAP_TILE_URL=https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY
#   MAP_LABEL_URL=(the same with cva_w and LAYER=cva: the names, a layer of their own)
#   MAP_TILE_SUBDOMAINS=01234567
# or any self-hosted tile server in WGS-84 Web Mercator. Empty (the default, the demo, the tests):
# the points on a plain background with a scale. docs/operations.md, "The map".
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_LABEL_URL = env.str("MAP_LABEL_URL", default="")
MAP_TILE_SUBDOMAINS = env.str("MAP_TILE_SUBDOMAINS", default="abc")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")
MAP_MAX_ZOOM = env.int("MAP_MAX_ZOOM", default=18)
# Where a map with no points opens: 文化路街道, 郑州.
MAP_CENTER = env.list("MAP_CENTER", cast=float, default=[34.7812, 113.6608])
MAP_ZOOM = env.int("MAP_ZOOM", default=14)


def _tile_source(url: str) -> str | None:
    """The CSP source of a tile URL: its scheme and host, a {s} subdomain as a wildcard."""
    scheme, _sep, rest = url.partition("://")
    host = rest.split("/", 1)[0]
    if not host:
        return None
    if "{" in host:
        host = "*." + host.split(".", 1)[1] if "." in host else None
    return f"{scheme}://{host}" if host else None


CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += [
    source for source in {_tile_source(u) for u in (MAP_TILE_URL, MAP_LABEL_URL) if u} if source
]

ROOT_URLCONF = "renovation.urls"
# The benchmark's ceiling views (renovation/bench/views.py), mounted at /bench/ only when true;
# `manage.py bench` sets BENCH_VIEWS=1 for the gunicorn it starts. Never on in production.
BENCH_VIEWS = env.bool("BENCH_VIEWS", default=False)
WSGI_APPLICATION = "renovation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "progress.context_processors.notices",
                "common.context_processors.portal_day",
            ],
        },
    },
]
FORM_RENDERER = "common.forms.BootstrapFormRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Persistent connections (seconds; 0 closes each request's connection), checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, so a locked-out login stops here
    "rules.permissions.ObjectPermissionBackend",
    # ModelBackend, with each user's role permissions cached until a role changes.
    "common.permission_cache.CachedModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes: after 5 failed logins for one user name from one address, lock for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The number of reverse proxies in front of the portal that append X-Forwarded-For (a load
# balancer: 1). With 0 the client's address is REMOTE_ADDR and the header, which any client
# can write, is ignored: the login lock and the public rate limits both count addresses so.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
# The login lock takes the address as the rate limits do (common.client_ip: the one the
# nearest of PROXY_COUNT proxies saw), not through ipware, which counts proxies differently.
AXES_CLIENT_IP_CALLABLE = "common.client_ip.client_ip"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Simplified Chinese is the portal's language; English is offered by the header switcher.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Chinese amounts grouped by thousands like English ones (renovation/formats/zh_Hans).
FORMAT_MODULE_PATH = ["renovation.formats"]
# django-filter's words, which its catalogue has no zh_Hans for: a drop-down's empty choice
# says "All" (not "---------"), and a lookup common.filters.FilterSet does not label itself
# reads "<field> <lookup>" with the lookup in these words.
FILTERS_EMPTY_CHOICE_LABEL = _("All")
FILTERS_VERBOSE_LOOKUPS = {
    "date": pgettext_lazy("filter lookup", "date"),
    "year": pgettext_lazy("filter lookup", "year"),
    "month": pgettext_lazy("filter lookup", "month"),
    "day": pgettext_lazy("filter lookup", "day"),
    "week_day": pgettext_lazy("filter lookup", "day of the week"),
    "hour": pgettext_lazy("filter lookup", "hour"),
    "minute": pgettext_lazy("filter lookup", "minute"),
    "second": pgettext_lazy("filter lookup", "second"),
    "exact": "",
    "iexact": "",
    "contains": pgettext_lazy("filter lookup", "contains"),
    "icontains": pgettext_lazy("filter lookup", "contains"),
    "in": pgettext_lazy("filter lookup", "is one of"),
    "gt": pgettext_lazy("filter lookup", "above"),
    "gte": pgettext_lazy("filter lookup", "from"),
    "lt": pgettext_lazy("filter lookup", "below"),
    "lte": pgettext_lazy("filter lookup", "until"),
    "startswith": pgettext_lazy("filter lookup", "starts with"),
    "istartswith": pgettext_lazy("filter lookup", "starts with"),
    "endswith": pgettext_lazy("filter lookup", "ends with"),
    "iendswith": pgettext_lazy("filter lookup", "ends with"),
    "range": pgettext_lazy("filter lookup", "between"),
    "isnull": pgettext_lazy("filter lookup", "is empty"),
    "regex": pgettext_lazy("filter lookup", "matches"),
    "iregex": pgettext_lazy("filter lookup", "matches"),
    "search": pgettext_lazy("filter lookup", "search"),
}
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# What decoding the images of one form may cost (common.images.DecodeBudget), read from each
# file's header before it is decoded: pixels in all (a JPEG counts at the reduced scale it is
# decoded at), pixels of one file, and CPU seconds (0.8: with the rest of the request, the worst
# accepted public post stays under a second). A public form's photos past it are not taken.
UPLOAD_DECODE_PIXELS = env.int("UPLOAD_DECODE_PIXELS", default=36_000_000)
UPLOAD_DECODE_FILE_PIXELS = env.int("UPLOAD_DECODE_FILE_PIXELS", default=12_000_000)
UPLOAD_DECODE_SECONDS = env.float("UPLOAD_DECODE_SECONDS", default=0.8)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "common.cache.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions read from Redis, written through to the database: no query per request.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://localhost/")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# A web request that queues a task while the broker is down must not hang: two quick retries,
# then the caller decides (residents' opinions are stored anyway and a beat sweep notifies).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["common.api.permissions.ModelPermissions"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exceptions.exception_handler",
    # Bodies without invisible characters (common.text), as the pages' forms; JSON nested
    # deeper than any request needs is a 400 (common.api.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "common.api.parsers.CleanJSONParser",
        "common.api.parsers.CleanFormParser",
        "common.api.parsers.CleanMultiPartParser",
    ],
    # Per client address; the benchmark raises OPINION_SUBMIT_RATE and OPINION_ATTEMPT_RATE
    # for its load run. opinion_submit counts accepted opinions only, opinion_attempt every
    # post of the form or the API (against floods), opinion_track code look-ups.
    "DEFAULT_THROTTLE_RATES": {
        "opinion_submit": env("OPINION_SUBMIT_RATE", default="5/min"),
        "opinion_attempt": env("OPINION_ATTEMPT_RATE", default="60/min"),
        "opinion_track": env("OPINION_TRACK_RATE", default="30/min"),
        # A resident's request about their data (/privacy/): look-ups of a receipt code and a
        # phone per address, texts sent per receipt code, confirmation codes tried per address.
        "privacy_lookup": env("PRIVACY_LOOKUP_RATE", default="10/hour"),
        "privacy_code": env("PRIVACY_CODE_RATE", default="3/hour"),
        "privacy_verify": env("PRIVACY_VERIFY_RATE", default="20/hour"),
    },
    # See PROXY_COUNT. Never None: DRF would then key the limit on the whole X-Forwarded-For
    # header, which any client can change.
    "NUM_PROXIES": PROXY_COUNT,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Renovation portal API",
    "DESCRIPTION": "The register of the old-compound renovation programme (老旧小区改造).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The public form's topics are the plain values (oversight.opinions.api.TOPICS).
    "ENUM_NAME_OVERRIDES": {
        "TopicEnum": "oversight.opinions.choices.TOPIC_CHOICES",
        "PublicTopicEnum": "oversight.opinions.api.TOPICS",
    },
}

PHONENUMBER_DEFAULT_REGION = "CN"
PHONENUMBER_DEFAULT_FORMAT = "NATIONAL"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Log lines on stderr: plain text, or with LOG_FORMAT=json one JSON object a line (time, level,
# logger, message, and the exception or request where there is one) for a log collector;
# production's default.
LOG_FORMAT = env("LOG_FORMAT", default="line")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes logs every successful login at INFO; lockouts come at WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Brand shown in the header and page titles.
PORTAL_NAME = _("Old compound renovation portal")

# Celery beat (time zone Asia/Shanghai, see CELERY_TIMEZONE): the street's daily rhythm.
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    "remind-missing-logs": {
        "task": "progress.tasks.remind_missing_logs",
        "schedule": crontab(hour=18, minute=0),
    },
    "remind-overdue-rectifications": {
        "task": "progress.tasks.remind_overdue_rectifications",
        "schedule": crontab(hour=8, minute=0),
    },
    "scan-overdue-milestones": {
        "task": "progress.tasks.scan_overdue_milestones",
        "schedule": crontab(hour=7, minute=30),
    },
    "weekly-report": {
        "task": "progress.tasks.build_periodic_reports",
        "schedule": crontab(hour=8, minute=0, day_of_week="monday"),
        "kwargs": {"kind": "weekly"},
    },
    "monthly-report": {
        "task": "progress.tasks.build_periodic_reports",
        "schedule": crontab(hour=8, minute=0, day_of_month="1"),
        "kwargs": {"kind": "monthly"},
    },
}
CELERY_BEAT_SCHEDULE |= {
    # Residents' submissions whose registration task was lost (the broker was down).
    "register-pending-opinions": {
        "task": "oversight.tasks.register_pending_opinions",
        "schedule": crontab(minute="*"),
    },
    "notify-pending-opinions": {
        "task": "oversight.tasks.notify_pending_opinions",
        "schedule": crontab(minute="*"),
    },
    # Personal data whose period has run out, of every kind (common.retention).
    "erase-expired-personal-data": {
        "task": "common.tasks.erase_expired_personal_data",
        "schedule": crontab(hour=2, minute=30),
    },
    # The dashboard's summary rows, of the new day (what is late or overdue moves at midnight).
    "refresh-dashboard-rows": {
        "task": "renovation.tasks.refresh_dashboard_rows",
        "schedule": crontab(hour=0, minute=0),
    },
}

# Residents' opinions: the receipt code's prefix (WH for 文化路街道), and how long names and
# phones are kept after an opinion is closed (PIPL: no longer than the purpose needs).
# The day the portal lives on (common.clock), an ISO day; empty: the machine's. Only the demo
# and tests set it; production refuses it (renovation.checks).
PORTAL_TODAY = env("PORTAL_TODAY", default="") or None

OPINION_CODE_PREFIX = env("OPINION_CODE_PREFIX", default="WH")
# How long each kind of personal data is kept (PIPL: no longer than the purpose needs), in
# days; common.retention erases it nightly and the public form's data notice says each period.
# An opinion's name, phone and photos: after it was closed, or after its last change.
OPINION_RETENTION_DAYS = env.int("OPINION_RETENTION_DAYS", default=365)
# A submission that could not be registered: after it was sent.
OPINION_SUBMISSION_RETENTION_DAYS = env.int(
    "OPINION_SUBMISSION_RETENTION_DAYS", default=OPINION_RETENTION_DAYS
)
# Owners' names of the homes, the residents' supervision group's names, the phones of a
# compound's person in charge and contact person: after the compound's acceptance.
HOUSEHOLD_RETENTION_DAYS = env.int("HOUSEHOLD_RETENTION_DAYS", default=730)
SUPERVISION_GROUP_RETENTION_DAYS = env.int("SUPERVISION_GROUP_RETENTION_DAYS", default=730)
COMPOUND_CONTACT_RETENTION_DAYS = env.int("COMPOUND_CONTACT_RETENTION_DAYS", default=730)
# The spreadsheets of a register import (names and phones): after the upload.
REGISTER_IMPORT_RETENTION_DAYS = env.int("REGISTER_IMPORT_RETENTION_DAYS", default=90)
# How long the honeypot's decoy receipt codes answer a look-up as a new opinion would (kept in
# the cache only: oversight/opinions/decoys.py).
OPINION_DECOY_DAYS = env.int("OPINION_DECOY_DAYS", default=90)
# Who processes residents' data and whom to ask, shown above the public form's submit button.
DATA_CONTROLLER = env("DATA_CONTROLLER", default="郑州市金水区文化路街道办事处")
DATA_CONTACT = env("DATA_CONTACT", default="文化路街道党政办公室 0371-6393 0000")  # INVENTED
# A resident's request to see, correct or erase their data (/privacy/): the confirmation code
# texted to the phone they gave is good for this many minutes and this many tries, and the
# confirmed page stays open this many minutes.
PRIVACY_CODE_MINUTES = env.int("PRIVACY_CODE_MINUTES", default=10)
PRIVACY_CODE_ATTEMPTS = env.int("PRIVACY_CODE_ATTEMPTS", default=5)
PRIVACY_SESSION_MINUTES = env.int("PRIVACY_SESSION_MINUTES", default=30)

# Text messages (common/sms.py): the console backend logs them; Tencent Cloud SMS sends them.
SMS_BACKEND = env("SMS_BACKEND", default="common.sms.ConsoleBackend")
TENCENT_SMS_SECRET_ID = env("TENCENT_SMS_SECRET_ID", default="")
TENCENT_SMS_SECRET_KEY = env("TENCENT_SMS_SECRET_KEY", default="")
TENCENT_SMS_APP_ID = env("TENCENT_SMS_APP_ID", default="")  # SmsSdkAppId, 1400...
TENCENT_SMS_SIGN = env("TENCENT_SMS_SIGN", default="")  # the approved signature (签名)
TENCENT_SMS_TEMPLATE_ID = env("TENCENT_SMS_TEMPLATE_ID", default="")  # {1}: code, {2}: minutes
TENCENT_SMS_REGION = env("TENCENT_SMS_REGION", default="ap-guangzhou")
TENCENT_SMS_ENDPOINT = env("TENCENT_SMS_ENDPOINT", default="sms.tencentcloudapi.com")
TENCENT_SMS_PROTOCOL = env("TENCENT_SMS_PROTOCOL", default="https")
TENCENT_SMS_TIMEOUT = env.int("TENCENT_SMS_TIMEOUT", default=10)

EMAIL_HOST = env("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="renovation-portal@localhost")
