"""Gongkai settings: one module, configured entirely from the environment.

Every variable is listed in .env.example. The defaults give a development setup on
SQLite with DEBUG on; production takes everything from the environment.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name}={raw!r} is not a boolean (use true/false)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not an integer") from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DATA_DIR = Path(env_str("GONGKAI_DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise ValueError("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The absolute address of feeds, the sitemap, e-mails and letters. Unset, it is derived from
# HOST and PORT (`make run` exports them), so `PORT=9000 make run` links to port 9000.
SITE_URL = env_str(
    "SITE_URL", f"http://{env_str('HOST', '127.0.0.1')}:{env_int('PORT', 8000)}"
).rstrip("/")
SITE_NAME = env_str("SITE_NAME", "示范区人民政府")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "ninja",
    "axes",
    "gongkai.core",
    "gongkai.accounts",
    "gongkai.organizations",
    "gongkai.calendars",
    "gongkai.documents",
    "gongkai.search",
    "gongkai.inforequests",
    "gongkai.interpretations",
    "gongkai.concerns",
    "gongkai.decisions",
    "gongkai.staff",
    "gongkai.portal",
    "gongkai.publishing",
    "gongkai.api",
    "gongkai.reports",
    "gongkai.demo",
    "gongkai.meetings",
    "gongkai.mailbox",
]

MIDDLEWARE = [
    # First: answers under /api/ keep the API's JSON error body, whoever produced them.
    "gongkai.api.middleware.ApiErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The site's content security policy on every response that does not set its own.
    "gongkai.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Serves statically published portal pages when present (no nginx needed).
    "gongkai.publishing.middleware.PublishedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gongkai.core.middleware.LanguageCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A locked database: the site's 503 page in Chinese (the API answers its own JSON 503).
    "gongkai.core.middleware.DatabaseBusyMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gongkai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "gongkai.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}"),
        # Persistent connections in production (a new PostgreSQL connection per request
        # costs more than most of our pages); runserver's thread per request would pile
        # them up, so DEBUG closes them.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout keep the embedded default usable under concurrent requests.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "staff:inbox"
LOGOUT_REDIRECT_URL = "portal:home"

# Staff login throttling (django-axes): failed logins are counted per account and, separately,
# per address; at GONGKAI_LOGIN_FAILURE_LIMIT either is locked for GONGKAI_LOGIN_LOCKOUT_MINUTES,
# even with the right password. Covers every login that calls authenticate() with the request:
# the staff login (accounts:login) and the admin login. Administrators unlock with
# `gongkai axes_reset_username NAME` (or axes_reset_ip ADDRESS).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("GONGKAI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("GONGKAI_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "gongkai.accounts.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "gongkai.accounts.throttle.lockout_response"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Legal dates are local dates in China (domain.md §9.2); a system check enforces this.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "gongkai" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Private uploads (original attachments before metadata stripping) are never served.
PRIVATE_MEDIA_ROOT = DATA_DIR / "private"
# Static publishing output (portal pages rendered to files).
PUBLISH_ROOT = Path(env_str("GONGKAI_PUBLISH_ROOT", str(DATA_DIR / "public")))

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

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
# Production is HTTPS only by default: redirect, HSTS for a year (docs/deployment.md).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
# No page may be framed. The one frame of the site, a PDF attachment in the <object> of its
# online-reading page, is let through by that file's view alone (xframe_options_sameorigin).
X_FRAME_OPTIONS = "DENY"
# The site's own page for a failed CSRF check (expired form, cookies off), in Chinese.
CSRF_FAILURE_VIEW = "gongkai.core.views.csrf_failure"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "gongkai@localhost")

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}
        if env_str("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- Gongkai domain configuration ([M] rules of domain.md are configurable) ---
# 索引号 pattern (domain.md §7.1); placeholders: org_code, yyyy, serial.
GONGKAI_INDEX_PATTERN = env_str("GONGKAI_INDEX_PATTERN", "{org_code}/{yyyy}-{serial:05d}")
# 80号细则 一(一): "拟不公开" reasons; practice applies it to 依申请公开 too (domain.md §1.1.2).
GONGKAI_REASON_REQUIRED_FOR_ON_REQUEST = env_bool("GONGKAI_REASON_REQUIRED_FOR_ON_REQUEST", True)
# 条例第二十六条: proactive information is published within 20 working days.
GONGKAI_PUBLICATION_WORKDAYS = env_int("GONGKAI_PUBLICATION_WORKDAYS", 20)
# Working days before a deadline at which an item counts as "due soon" in inboxes.
GONGKAI_DUE_SOON_WORKDAYS = env_int("GONGKAI_DUE_SOON_WORKDAYS", 3)
# Plausible dates (gongkai.core.dates): forms and the API refuse a date outside these years.
GONGKAI_DATE_MIN_YEAR = env_int("GONGKAI_DATE_MIN_YEAR", 1949)
GONGKAI_DATE_MAX_YEAR = env_int("GONGKAI_DATE_MAX_YEAR", 2100)
# Seconds a client is told to wait (Retry-After) when the database is locked.
GONGKAI_BUSY_RETRY_SECONDS = env_int("GONGKAI_BUSY_RETRY_SECONDS", 5)
GONGKAI_MAX_UPLOAD_BYTES = env_int("GONGKAI_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# Bounds on everything derived from an attachment (decompression bombs; gongkai.lib.filetext
# Limits): text kept for search (the cut is recorded and shown to staff), uncompressed size of
# one DOCX member and of all of them, PDF pages, online-reading HTML, and the time and memory
# of the child process that parses the file (gongkai.lib.filework).
GONGKAI_ATTACHMENT_MAX_TEXT_CHARS = env_int("GONGKAI_ATTACHMENT_MAX_TEXT_CHARS", 2_000_000)
GONGKAI_ATTACHMENT_MAX_MEMBER_BYTES = env_int(
    "GONGKAI_ATTACHMENT_MAX_MEMBER_BYTES", 32 * 1024 * 1024
)
GONGKAI_ATTACHMENT_MAX_UNCOMPRESSED_BYTES = env_int(
    "GONGKAI_ATTACHMENT_MAX_UNCOMPRESSED_BYTES", 64 * 1024 * 1024
)
GONGKAI_ATTACHMENT_MAX_PAGES = env_int("GONGKAI_ATTACHMENT_MAX_PAGES", 2000)
GONGKAI_ATTACHMENT_MAX_HTML_CHARS = env_int("GONGKAI_ATTACHMENT_MAX_HTML_CHARS", 8_000_000)
GONGKAI_ATTACHMENT_MAX_SECONDS = env_float("GONGKAI_ATTACHMENT_MAX_SECONDS", 20.0)
GONGKAI_ATTACHMENT_MAX_MEMORY_BYTES = env_int(
    "GONGKAI_ATTACHMENT_MAX_MEMORY_BYTES", 1536 * 1024 * 1024
)
GONGKAI_PAGE_SIZE = env_int("GONGKAI_PAGE_SIZE", 20)
# Policy interpretation (政策解读, 80号细则 二): warn when most of the text is copied from
# the document (避免简单摘抄); publication delay allowed, in working days (0 = same day).
GONGKAI_INTERPRETATION_COPY_WARN = env_float("GONGKAI_INTERPRETATION_COPY_WARN", 0.5)
GONGKAI_INTERPRETATION_MAX_DELAY_WORKDAYS = env_int("GONGKAI_INTERPRETATION_MAX_DELAY_WORKDAYS", 0)
GONGKAI_INTERPRETATION_MAX_IMAGE_BYTES = env_int(
    "GONGKAI_INTERPRETATION_MAX_IMAGE_BYTES", 10 * 1024 * 1024
)
GONGKAI_INTERPRETATION_MAX_VIDEO_BYTES = env_int(
    "GONGKAI_INTERPRETATION_MAX_VIDEO_BYTES", 500 * 1024 * 1024
)
# 依申请公开 (inforequests): case numbers, frequent-request grouping, tracking throttle.
GONGKAI_INFOREQUEST_CASE_PREFIX = env_str("GONGKAI_INFOREQUEST_CASE_PREFIX", "YSQ")
GONGKAI_INFOREQUEST_FREQUENT_MIN_APPLICANTS = env_int(
    "GONGKAI_INFOREQUEST_FREQUENT_MIN_APPLICANTS", 2
)
GONGKAI_INFOREQUEST_SIMILARITY_THRESHOLD = env_float(
    "GONGKAI_INFOREQUEST_SIMILARITY_THRESHOLD", 0.5
)
GONGKAI_INFOREQUEST_TRACK_MAX_FAILURES = env_int("GONGKAI_INFOREQUEST_TRACK_MAX_FAILURES", 10)
GONGKAI_INFOREQUEST_TRACK_WINDOW_SECONDS = env_int("GONGKAI_INFOREQUEST_TRACK_WINDOW_SECONDS", 600)
GONGKAI_INFOREQUEST_MAX_CORRECTION_DAYS = env_int("GONGKAI_INFOREQUEST_MAX_CORRECTION_DAYS", 60)
GONGKAI_INFOREQUEST_SUBMIT_MAX = env_int("GONGKAI_INFOREQUEST_SUBMIT_MAX", 20)
GONGKAI_INFOREQUEST_SUBMIT_WINDOW_SECONDS = env_int(
    "GONGKAI_INFOREQUEST_SUBMIT_WINDOW_SECONDS", 3600
)
GONGKAI_INFOREQUEST_TRACK_SESSION_SECONDS = env_int(
    "GONGKAI_INFOREQUEST_TRACK_SESSION_SECONDS", 1800
)
GONGKAI_INFOREQUEST_LETTER_REFERENCE = env_str(
    "GONGKAI_INFOREQUEST_LETTER_REFERENCE", "{organ_short}依申请公开〔{year}〕第{serial}号"
)
# Remedies statement of letters (条例第五十一条): the generic names printed where neither the
# organ's record nor the hierarchy names the body (see gongkai/inforequests/conf.py).
GONGKAI_INFOREQUEST_RECONSIDERATION_ORGAN = env_str(
    "GONGKAI_INFOREQUEST_RECONSIDERATION_ORGAN", "上一级人民政府"
)
GONGKAI_INFOREQUEST_VERTICAL_RECONSIDERATION_ORGAN = env_str(
    "GONGKAI_INFOREQUEST_VERTICAL_RECONSIDERATION_ORGAN", "上一级主管部门"
)
GONGKAI_INFOREQUEST_INTERMEDIATE_COURT = env_str(
    "GONGKAI_INFOREQUEST_INTERMEDIATE_COURT", "有管辖权的中级人民法院"
)
GONGKAI_INFOREQUEST_COURT = env_str("GONGKAI_INFOREQUEST_COURT", "有管辖权的人民法院")
# Deadline reminders: e-mail, plus an SMS gateway (log backend by default).
GONGKAI_SMS_BACKEND = env_str(
    "GONGKAI_SMS_BACKEND", "gongkai.inforequests.notifications.LogSmsBackend"
)
GONGKAI_SMS_URL = env_str("GONGKAI_SMS_URL", "")
GONGKAI_SMS_TOKEN = env_str("GONGKAI_SMS_TOKEN", "")
GONGKAI_SMS_TIMEOUT_SECONDS = env_int("GONGKAI_SMS_TIMEOUT_SECONDS", 10)
# Static publishing of portal pages (gongkai.publishing).
GONGKAI_SERVE_PUBLISHED = env_bool("GONGKAI_SERVE_PUBLISHED", not DEBUG)
GONGKAI_PUBLISH_IN_PROCESS = env_bool("GONGKAI_PUBLISH_IN_PROCESS", True)
GONGKAI_PUBLISH_SECONDS = env_float("GONGKAI_PUBLISH_SECONDS", 10.0)
GONGKAI_PUBLISH_LIST_PAGES = env_int("GONGKAI_PUBLISH_LIST_PAGES", 10)
GONGKAI_FEED_ITEMS = env_int("GONGKAI_FEED_ITEMS", 20)
