"""Settings for Toerusting, read from environment variables with safe defaults.

Every variable is documented in dotenv.example at the project root and in docs/operations.md.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets admin and queryset classes be subscripted at runtime (ModelAdmin[Model]) for mypy.
django_stubs_ext.monkeypatch()

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("TOERUSTING_BASE_DIR", SRC_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("TOERUSTING_VAR_DIR", BASE_DIR / "var")).resolve()
CONTENT_DIR = Path(os.environ.get("TOERUSTING_CONTENT_DIR", BASE_DIR / "content")).resolve()


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable; anything unrecognised is an error, not a silent False."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value (use true or false).")


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)


# The example value of dotenv.example: copying it unchanged would give every such deployment the same key.
# Common stand-ins and short keys are refused as well: they are placeholders, not secrets.
PLACEHOLDER_SECRET_KEYS = frozenset(
    {"change-me-to-a-long-random-string", "changeme", "change-me", "secret", "secret-key", "xxx", "todo"}
)
MINIMUM_SECRET_KEY_LENGTH = 32
_MAKE_A_KEY = "for example the output of: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"


def _secret_key() -> str:
    """SECRET_KEY from the environment; in development it is generated once into var/."""
    key = os.environ.get("SECRET_KEY", "").strip()
    if key and not DEBUG and (key.lower() in PLACEHOLDER_SECRET_KEYS or key.startswith("django-insecure")):
        raise ImproperlyConfigured(
            f"SECRET_KEY is a placeholder (the example value from dotenv.example or a stand-in). "
            f"Set a long random value, {_MAKE_A_KEY}"
        )
    if key and not DEBUG and len(key) < MINIMUM_SECRET_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"SECRET_KEY is too short to be a secret ({len(key)} characters; at least "
            f"{MINIMUM_SECRET_KEY_LENGTH}). Set a long random value, {_MAKE_A_KEY}"
        )
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is false (production mode). "
            "Set it in the environment, or set DEBUG=true for local development."
        )
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "toerusting.accounts",
    "toerusting.organisations",
    "toerusting.audit",
    "toerusting.notifications",
    "toerusting.privacy",
    "toerusting.portal",
    "toerusting.catalogue",
    "toerusting.learning",
    "toerusting.recommendations",
    "toerusting.embed",
    "toerusting.agenda",
    "toerusting.planner",
    "toerusting.reflections",
    "toerusting.budgets",
    "toerusting.mentoring",
    "toerusting.development",
    "toerusting.citizens",
    "toerusting.reports",
    "toerusting.intervision",
    "toerusting.midterm",
    "toerusting.practices",
    "toerusting.networks",
    "toerusting.providers",
    "toerusting.matching",
    "toerusting.operations",
    "toerusting.twofactor",
    "toerusting.candidates",
    "toerusting.gaps",
    "toerusting.signingkeys",
    "toerusting.linkcheck",
    "toerusting.lti",
    "toerusting.oidc",
    "toerusting.badges",
]

MIDDLEWARE = [
    # Outermost: the request id, the JSON access line and the request metrics cover everything below.
    "toerusting.operations.middleware.RequestObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "toerusting.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "toerusting.portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The second login step: no page opens before the code is given (or the app is set up, where required).
    "toerusting.twofactor.middleware.SecondStepMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Innermost: a view that cannot reach the database answers a clean 503 (toerusting.portal.unavailable).
    "toerusting.portal.unavailable.DatabaseUnavailableMiddleware",
]

if not DEBUG:
    # In development the staticfiles app serves static files itself.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "toerusting.urls"
WSGI_APPLICATION = "toerusting.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "toerusting.portal.context_processors.shell",
            ],
        },
    },
]

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'toerusting.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
# Connections are kept for 60 s and checked before a request reuses one, so that after a database restart
# or failover the first request of each thread opens a new connection instead of failing on the old one.
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a sync or demo load writes; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=5000;"
        ),
    }
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in-memory test database
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins per username and per client address within the window before logins are refused.
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))
# The second login step (docs/security.md): required for the griffie, staff and operators when true; only
# `make demo` may switch it off, never a deployment. The issuer is the name authenticator apps show.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
TWO_FACTOR_ISSUER = os.environ.get("TWO_FACTOR_ISSUER", "Toerusting")
# A session that needed no second step is checked again after this many seconds (a new griffie role).
TWO_FACTOR_RECHECK_SECONDS = int(os.environ.get("TWO_FACTOR_RECHECK_SECONDS", "300"))
# Passkeys (WebAuthn) as the second step: the relying party id (the site's domain name, never an IP
# address) and the origin(s) the browser reports (scheme, host and port). Without them: the first name in
# ALLOWED_HOSTS that is no IP address, and the origin of the request when its host is that name.
WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID", "")
WEBAUTHN_ORIGIN = env_list("WEBAUTHN_ORIGIN", "")
WEBAUTHN_RP_NAME = os.environ.get("WEBAUTHN_RP_NAME", "Toerusting")
# Password reset by e-mail: the link works once and for this long (Django's token generator); at most
# PASSWORD_RESET_MAX_REQUESTS requests per address and per client within PASSWORD_RESET_WINDOW_SECONDS.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", "7200"))
PASSWORD_RESET_MAX_REQUESTS = int(os.environ.get("PASSWORD_RESET_MAX_REQUESTS", "3"))
PASSWORD_RESET_WINDOW_SECONDS = int(os.environ.get("PASSWORD_RESET_WINDOW_SECONDS", "3600"))
# A new e-mail address is confirmed through a link sent to it, valid this long and once.
EMAIL_CHANGE_TIMEOUT = int(os.environ.get("EMAIL_CHANGE_TIMEOUT", "86400"))
# Privacy (toerusting.privacy, docs/privacy.md): days between a deletion request and the deletion, in which
# logging in cancels it; months after a member's last functie in an organisation ends before their learning
# data there is anonymised, unless the griffie sets another period.
DELETION_GRACE_DAYS = int(os.environ.get("DELETION_GRACE_DAYS", "30"))
# Requests to addresses an organisation configured (its identity provider, an LTI platform's key
# set) may go to private and loopback addresses only when this is true (toerusting.outbound): a
# deployment inside a council's own network, and the tests.
OUTBOUND_ALLOW_PRIVATE_ADDRESSES = env_bool("OUTBOUND_ALLOW_PRIVATE_ADDRESSES", False)
# Signing keys (toerusting.signingkeys): how long a replaced key stays published and accepted.
SIGNING_KEY_OVERLAP_DAYS = int(os.environ.get("SIGNING_KEY_OVERLAP_DAYS", "30"))
# Earlier values of SECRET_KEY, comma-separated, still accepted while secrets are re-encrypted
# (toerusting reencrypt_secrets) and signed links made with them run out. Django's own setting.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", "")
# Login through an organisation's own identity provider (toerusting.oidc): how long Toerusting waits for the
# provider, how long a started login may take, and the clock difference accepted on its ID tokens.
OIDC_HTTP_TIMEOUT_SECONDS = int(os.environ.get("OIDC_HTTP_TIMEOUT_SECONDS", "10"))
OIDC_LOGIN_TIMEOUT_SECONDS = int(os.environ.get("OIDC_LOGIN_TIMEOUT_SECONDS", "900"))
OIDC_CLOCK_SKEW_SECONDS = int(os.environ.get("OIDC_CLOCK_SKEW_SECONDS", "60"))
RETENTION_DEFAULT_MONTHS = int(os.environ.get("RETENTION_DEFAULT_MONTHS", "12"))
# Number of reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# HTTP Strict Transport Security: browsers use only HTTPS for this host for that many seconds. Off (0) by
# default, because a deployment must serve HTTPS first; see docs/operations.md.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    # The proxy terminates HTTPS and says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Background work (agenda sync) through the django-tasks backport: run in-process in development and tests,
# through the database queue and `toerusting db_worker` in production. TASKS_BACKEND=immediate|database.
_TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "").strip() or ("immediate" if DEBUG else "database")
if _tasks_backend not in _TASKS_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND={_tasks_backend!r} is not one of: immediate, database.")
TASKS = {"default": {"BACKEND": _TASKS_BACKENDS[_tasks_backend], "QUEUES": ["default", "agenda"]}}
# Periodic work, scheduled by `toerusting worker` itself (toerusting.operations.scheduling): for each job
# its task and its interval in seconds (0 switches a job off). No host cron is needed.
PERIODIC_TASKS: dict[str, tuple[str, int]] = {
    "agenda_sync": (
        "toerusting.agenda.tasks.sync_all_task",
        int(os.environ.get("AGENDA_SYNC_INTERVAL_SECONDS", "3600")),
    ),
    "recompute_recommendations": (
        "toerusting.recommendations.tasks.recompute_all_task",
        int(os.environ.get("RECOMPUTE_INTERVAL_SECONDS", "86400")),
    ),
    "tab_clean_up": (
        "toerusting.embed.tasks.clean_up_task",
        int(os.environ.get("TAB_CLEAN_UP_INTERVAL_SECONDS", "900")),
    ),
    "retention": (
        "toerusting.operations.tasks.retention_task",
        int(os.environ.get("RETENTION_INTERVAL_SECONDS", "86400")),
    ),
    # Deletes the accounts whose grace period ended and anonymises the data of former members.
    "privacy": (
        "toerusting.privacy.tasks.privacy_task",
        int(os.environ.get("PRIVACY_INTERVAL_SECONDS", "86400")),
    ),
    # Looks every hour whether the weekly digest is due; sends it at most once per member and week.
    "weekly_digest": (
        "toerusting.recommendations.tasks.weekly_digest_task",
        int(os.environ.get("DIGEST_INTERVAL_SECONDS", "3600")),
    ),
    # Reads the feeds of learning providers (toerusting.providers): each feed at most once per interval.
    "provider_feeds": (
        "toerusting.providers.tasks.read_feeds_task",
        int(os.environ.get("PROVIDER_FEED_INTERVAL_SECONDS", "21600")),
    ),
    # Reminds members of the review moment of their development plan, a week ahead, once per date.
    "review_reminders": (
        "toerusting.development.tasks.review_reminder_task",
        int(os.environ.get("REVIEW_REMINDER_INTERVAL_SECONDS", "86400")),
    ),
    # Checks the external links of the published catalogue items (toerusting.linkcheck, docs/links.md).
    "link_check": (
        "toerusting.linkcheck.tasks.check_links_task",
        int(os.environ.get("LINK_CHECK_INTERVAL_SECONDS", "86400")),
    ),
    # Awards open badges whose rule members meet but did not receive through the hooks.
    "award_badges": (
        "toerusting.badges.tasks.award_badges_task",
        int(os.environ.get("AWARD_BADGES_INTERVAL_SECONDS", "86400")),
    ),
}
# The link check (toerusting.linkcheck, docs/links.md): a link is "dead" when it failed continuously for
# LINK_CHECK_DEAD_AFTER_DAYS; each request waits at most LINK_CHECK_CONNECT_TIMEOUT_SECONDS for the connection
# and LINK_CHECK_TOTAL_TIMEOUT_SECONDS in all; at most one request per LINK_CHECK_HOST_INTERVAL_SECONDS to one
# host; a 429 pauses the host for its Retry-After, at most LINK_CHECK_RETRY_AFTER_MAX_SECONDS. Private and
# loopback addresses are refused unless LINK_CHECK_ALLOW_PRIVATE_ADDRESSES (tests only).
LINK_CHECK_DEAD_AFTER_DAYS = int(os.environ.get("LINK_CHECK_DEAD_AFTER_DAYS", "7"))
LINK_CHECK_CONNECT_TIMEOUT_SECONDS = float(os.environ.get("LINK_CHECK_CONNECT_TIMEOUT_SECONDS", "5"))
LINK_CHECK_TOTAL_TIMEOUT_SECONDS = float(os.environ.get("LINK_CHECK_TOTAL_TIMEOUT_SECONDS", "10"))
LINK_CHECK_HOST_INTERVAL_SECONDS = float(os.environ.get("LINK_CHECK_HOST_INTERVAL_SECONDS", "1"))
LINK_CHECK_RETRY_AFTER_MAX_SECONDS = int(os.environ.get("LINK_CHECK_RETRY_AFTER_MAX_SECONDS", "86400"))
LINK_CHECK_ALLOW_PRIVATE_ADDRESSES = env_bool("LINK_CHECK_ALLOW_PRIVATE_ADDRESSES", False)
# How often the scheduler looks for due jobs, and how long finished task results are kept.
SCHEDULER_TICK_SECONDS = float(os.environ.get("SCHEDULER_TICK_SECONDS", "30"))
TASK_RESULT_RETENTION_DAYS = int(os.environ.get("TASK_RESULT_RETENTION_DAYS", "30"))
# /health/ready reports the task backlog as "behind" when the oldest queued task waited longer than this.
TASK_BACKLOG_MAX_AGE_SECONDS = int(os.environ.get("TASK_BACKLOG_MAX_AGE_SECONDS", "900"))


# E-mail (toerusting.notifications): EMAIL_URL such as smtp+tls://user:password@smtp.example.nl:587 or
# smtp+ssl://...:465 or smtp://host:25 or console:// (print to the log), else EMAIL_HOST, EMAIL_PORT,
# EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS and EMAIL_USE_SSL. Without either, development prints
# mails to the console and production sends through an SMTP server on localhost:25.
def _email_settings() -> dict[str, object]:
    url = os.environ.get("EMAIL_URL", "").strip()
    if not url:
        host = os.environ.get("EMAIL_HOST", "").strip()
        if not host:
            backend = "console" if DEBUG else "smtp"
            return {"EMAIL_BACKEND": f"django.core.mail.backends.{backend}.EmailBackend"}
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": host,
            "EMAIL_PORT": int(os.environ.get("EMAIL_PORT", "25")),
            "EMAIL_HOST_USER": os.environ.get("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", False),
            "EMAIL_USE_SSL": env_bool("EMAIL_USE_SSL", False),
        }
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme not in ("smtp", "smtp+tls", "smtp+ssl") or not parts.hostname:
        raise ImproperlyConfigured(
            "EMAIL_URL must look like smtp://host:25, smtp+tls://user:password@host:587, "
            "smtp+ssl://user:password@host:465 or console://."
        )
    default_port = {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}[parts.scheme]
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or default_port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtp+ssl",
    }


globals().update(_email_settings())
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
# How long the record of a sent e-mail (member, kind, subject) is kept; longer than a week, so that a
# weekly digest is never sent twice.
EMAIL_LOG_RETENTION_DAYS = max(14, int(os.environ.get("EMAIL_LOG_RETENTION_DAYS", "90")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Toerusting <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's own address, for links in e-mails (sent outside a request): https://toerusting.example.nl
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").strip()
# The weekly digest: the day it goes out (0 = Monday) and the hour (Europe/Amsterdam); sent once per week.
DIGEST_WEEKDAY = int(os.environ.get("DIGEST_WEEKDAY", "4"))
DIGEST_HOUR = int(os.environ.get("DIGEST_HOUR", "16"))

# Largest request body the agenda push API accepts, in bytes (a meeting with its agenda tree).
# On PostgreSQL a sync commits each meeting without waiting for the disk (synchronous_commit off for those
# transactions only) and waits once before it reports or moves its cursor: see agenda.services.sync.
AGENDA_SYNC_ASYNCHRONOUS_COMMIT = env_bool("AGENDA_SYNC_ASYNCHRONOUS_COMMIT", True)
# A sync of many meetings has the titles of the next ones analysed in this many worker processes while it
# writes (toerusting.matching.ahead); 0 analyses everything in the sync's own process.
MATCHING_AHEAD_WORKERS = max(0, int(os.environ.get("MATCHING_AHEAD_WORKERS", "1")))
AGENDA_PUSH_MAX_BYTES = int(os.environ.get("AGENDA_PUSH_MAX_BYTES", str(2 * 1024 * 1024)))
# Live sync: the largest answer read from a source, and the time one request may take in all (connect,
# headers and the whole body), so that an endless or dripping answer cannot hold a sync.
AGENDA_FETCH_MAX_BYTES = int(os.environ.get("AGENDA_FETCH_MAX_BYTES", str(50 * 1024 * 1024)))
AGENDA_FETCH_DEADLINE = float(os.environ.get("AGENDA_FETCH_DEADLINE", "120"))
# Limits for reading a learning provider's feed (toerusting.providers).
PROVIDER_FEED_MAX_BYTES = int(os.environ.get("PROVIDER_FEED_MAX_BYTES", str(5 * 1024 * 1024)))
PROVIDER_FEED_DEADLINE = float(os.environ.get("PROVIDER_FEED_DEADLINE", "60"))
# Feeds on private, loopback or link-local addresses are refused unless this is set.
PROVIDER_FEED_ALLOW_PRIVATE = os.environ.get("PROVIDER_FEED_ALLOW_PRIVATE", "").lower() in {
    "1",
    "true",
    "yes",
}

# Cache: in-process by default (one process). With several app processes set CACHE_URL to a shared cache:
# "db" (a table; run `toerusting createcachetable` once) or redis://host:6379/0 (needs the redis package).
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
if CACHE_URL == "db":
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "toerusting_cache"}
    }
elif CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL:
    raise ImproperlyConfigured(f"CACHE_URL={CACHE_URL!r}: use db or a redis:// address.")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Events between apps (toerusting.hooks): a meeting that was synced is matched at once, in the same
# transaction; a change of the catalogue makes every process rebuild its catalogue index and queues a
# background recomputation of stored recommendations.
HOOKS = {
    "meeting_synced": ["toerusting.recommendations.services.recompute_meeting"],
    # A large sync announces the meetings it will write next: their titles are analysed meanwhile in a
    # worker process (toerusting.matching.ahead).
    "meetings_ahead": ["toerusting.recommendations.services.analyse_meetings_ahead"],
    "catalogue_changed": [
        "toerusting.matching.services.catalogue_changed",
        "toerusting.recommendations.tasks.enqueue_recompute_all",
    ],
    # Logging out, or an account being disabled, ends the user's RIS tab sessions.
    "user_logged_out": ["toerusting.embed.services.end_sessions_for_user"],
    "user_deactivated": ["toerusting.embed.services.end_sessions_for_user"],
    # A privileged action in an app below the audit trail (a login, a password, the logo).
    "audited": ["toerusting.audit.services.record_from_hook"],
    # The catalogue's item page shows the sign-up of an own item's sessions (kept in the planner).
    "catalogue_item_page": ["toerusting.planner.views.signups.item_page_signups"],
    # A catalogue search that found nothing is counted for the gaps overview (toerusting.gaps).
    "catalogue_search_empty": ["toerusting.gaps.services.record_empty_search"],
    # A member logged in: a pending deletion request is cancelled.
    "user_logged_in": ["toerusting.privacy.services.cancel_deletion_on_login"],
    # Logging out: where to send the browser afterwards to end the session at the organisation's identity
    # provider too (the first non-empty answer; the local session has ended by then).
    "logout_redirect": ["toerusting.oidc.services.logout_redirect"],
    # The login page lists the organisations whose members log in with their own organisation's account.
    "login_alternatives": ["toerusting.oidc.selectors.login_alternatives"],
    # Mijn gegevens (toerusting.privacy): every app with personal data hands over its part of the export
    # (a list of personaldata.Section) and erases it: `erase(user, organisation=None)` erases everything,
    # with an organisation only what belongs to that organisation (the retention rule). The erasers run in
    # this order: the apps above first, organisations (the person) and accounts last.
    "personal_data": [
        "toerusting.accounts.personal_data.export",
        "toerusting.organisations.personal_data.export",
        "toerusting.notifications.personal_data.export",
        "toerusting.twofactor.personal_data.export",
        "toerusting.privacy.personal_data.export",
        "toerusting.catalogue.personal_data.export",
        "toerusting.learning.personal_data.export",
        "toerusting.reflections.personal_data.export",
        "toerusting.development.personal_data.export",
        "toerusting.planner.personal_data.export",
        "toerusting.budgets.personal_data.export",
        "toerusting.mentoring.personal_data.export",
        "toerusting.recommendations.personal_data.export",
        "toerusting.embed.personal_data.export",
        "toerusting.oidc.personal_data.export",
        "toerusting.citizens.personal_data.export",
        "toerusting.intervision.personal_data.export",
        "toerusting.practices.personal_data.export",
        "toerusting.networks.personal_data.export",
        "toerusting.providers.personal_data.export",
        "toerusting.midterm.personal_data.export",
        "toerusting.candidates.personal_data.export",
        "toerusting.reports.personal_data.export",
        "toerusting.badges.personal_data.export",
        "toerusting.audit.personal_data.export",
    ],
    "personal_data_erase": [
        "toerusting.badges.personal_data.erase",
        "toerusting.reports.personal_data.erase",
        "toerusting.intervision.personal_data.erase",
        "toerusting.practices.personal_data.erase",
        "toerusting.networks.personal_data.erase",
        "toerusting.providers.personal_data.erase",
        "toerusting.midterm.personal_data.erase",
        "toerusting.candidates.personal_data.erase",
        "toerusting.citizens.personal_data.erase",
        "toerusting.embed.personal_data.erase",
        "toerusting.oidc.personal_data.erase",
        "toerusting.development.personal_data.erase",
        "toerusting.planner.personal_data.erase",
        "toerusting.budgets.personal_data.erase",
        "toerusting.mentoring.personal_data.erase",
        "toerusting.recommendations.personal_data.erase",
        "toerusting.reflections.personal_data.erase",
        "toerusting.learning.personal_data.erase",
        "toerusting.catalogue.personal_data.erase",
        "toerusting.notifications.personal_data.erase",
        "toerusting.twofactor.personal_data.erase",
        "toerusting.audit.personal_data.erase",
        "toerusting.privacy.personal_data.erase",
        "toerusting.organisations.personal_data.erase",
        "toerusting.accounts.personal_data.erase",
    ],
    # The national monitor's table of how good practices spread: a function (no arguments) that returns
    # rows of (practice, organisations that adopted it), from the good practices; while nothing was adopted
    # the monitor says "no data yet".
    "monitor_practice_spread": ["toerusting.practices.selectors.spread_for_monitor"],
    # Open badges: a member completed a catalogue item (user, item), the griffie registered attendance at a
    # planned session (session, the ids of the persons present); a badge whose rule is now met is awarded.
    "learning_completed": ["toerusting.badges.services.on_learning_completed"],
    "attendance_recorded": ["toerusting.badges.services.on_attendance_recorded"],
}

# The public verification page of open badges: one client address may check this many credentials per
# window (its hash is kept in the cache).
BADGES_MAX_CHECKS_PER_WINDOW = int(os.environ.get("BADGES_MAX_CHECKS_PER_WINDOW", "30"))
BADGES_RATE_WINDOW_SECONDS = int(os.environ.get("BADGES_RATE_WINDOW_SECONDS", "600"))

# The public feedback form of residents (citizens): a response is refused when it is sent sooner than this
# many seconds after the form was shown (a person needs longer), or later than the form's lifetime; one
# client address may send this many responses per organisation per window (its hash is kept in the cache).
CITIZENS_MIN_FILL_SECONDS = int(os.environ.get("CITIZENS_MIN_FILL_SECONDS", "4"))
CITIZENS_FORM_MAX_AGE_SECONDS = int(os.environ.get("CITIZENS_FORM_MAX_AGE_SECONDS", "7200"))
CITIZENS_MAX_RESPONSES_PER_WINDOW = int(os.environ.get("CITIZENS_MAX_RESPONSES_PER_WINDOW", "3"))
CITIZENS_RATE_WINDOW_SECONDS = int(os.environ.get("CITIZENS_RATE_WINDOW_SECONDS", "3600"))

# The candidates' track (candidates, docs/candidates.md): the confirmation link of a sign-up for an
# information evening works this long; one client address may send this many sign-ups per window; the
# sign-ups of an evening are deleted this many days after it ended.
CANDIDATES_CONFIRM_MAX_AGE_SECONDS = int(os.environ.get("CANDIDATES_CONFIRM_MAX_AGE_SECONDS", str(48 * 3600)))
CANDIDATES_MAX_SIGNUPS_PER_WINDOW = int(os.environ.get("CANDIDATES_MAX_SIGNUPS_PER_WINDOW", "5"))
CANDIDATES_RATE_WINDOW_SECONDS = int(os.environ.get("CANDIDATES_RATE_WINDOW_SECONDS", "3600"))
CANDIDATES_SIGNUP_RETENTION_DAYS = int(os.environ.get("CANDIDATES_SIGNUP_RETENTION_DAYS", "30"))

# The gaps overview (gaps, docs/gaps.md): a catalogue search that found nothing is kept this many days.
GAPS_SEARCH_RETENTION_DAYS = int(os.environ.get("GAPS_SEARCH_RETENTION_DAYS", "180"))

# The audit trail keeps each event this many days (two years by default), then the retention task removes it.
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "730"))

# LTI 1.3 (toerusting.lti): how long fetching a platform's key set may take.
LTI_JWKS_TIMEOUT_SECONDS = float(os.environ.get("LTI_JWKS_TIMEOUT_SECONDS", "5"))
# An unknown kid makes Toerusting fetch the platform's key set again, at most once in this many seconds.
LTI_JWKS_MIN_REFETCH_SECONDS = int(os.environ.get("LTI_JWKS_MIN_REFETCH_SECONDS", "10"))

# The RIS tab (embed): launch tokens and tab sessions. See docs/integration/ris-tab.md.
EMBED_TOKEN_AUDIENCE = os.environ.get("EMBED_TOKEN_AUDIENCE", "toerusting")
EMBED_TOKEN_MAX_LIFETIME_SECONDS = int(os.environ.get("EMBED_TOKEN_MAX_LIFETIME_SECONDS", "300"))
EMBED_CLOCK_SKEW_SECONDS = int(os.environ.get("EMBED_CLOCK_SKEW_SECONDS", "30"))
# A tab session lasts half an hour: long enough to prepare a meeting, short because its key travels in URLs.
EMBED_SESSION_SECONDS = int(os.environ.get("EMBED_SESSION_SECONDS", "1800"))
# How long a rendered meeting tab stays in the page cache (it is also invalidated by every change that
# shows on it); 0 turns the page cache off.
EMBED_TAB_CACHE_SECONDS = int(os.environ.get("EMBED_TAB_CACHE_SECONDS", "600"))
# How long what a meeting's tab shows for every member alike (agenda items, stored recommendations,
# curations) stays in the cache; invalidated by every change of them as well. 0 turns it off.
TAB_DATA_CACHE_SECONDS = int(os.environ.get("TAB_DATA_CACHE_SECONDS", "600"))

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
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

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "toerusting.portal.views.csrf_failure"

# Prometheus metrics at /metrics (toerusting.operations.metrics): with METRICS_TOKEN set, scrapers send it
# as a bearer token; without it, only direct requests from these networks are answered.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "").strip()
METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS", "127.0.0.1/32,::1/128")

# Logs go to standard error: JSON lines with the request id in production (LOG_FORMAT=json, the default when
# DEBUG is false), plain text in development. Tab session keys and launch tokens travel in URLs: the filter
# masks them in every record of the request and development-server loggers (access lines, 4xx/5xx reports)
# before a handler writes them. The access log (one line per request, path without query string) is on in
# production; ACCESS_LOG=false turns it off.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "").strip() or ("text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} is not one of: json, text.")
ACCESS_LOG = env_bool("ACCESS_LOG", not DEBUG)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_url_secrets": {"()": "toerusting.logfilters.MaskUrlSecrets"},
        "request_id": {"()": "toerusting.operations.logs.RequestIdFilter"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
        "json": {"()": "toerusting.operations.logs.JsonFormatter"},
        "text": {"format": "{levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_url_secrets", "request_id"],
            "formatter": LOG_FORMAT,
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_url_secrets"],
        },
    },
    "loggers": {
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "toerusting.access": {
            "handlers": ["console"],
            "level": "INFO" if ACCESS_LOG else "WARNING",
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
