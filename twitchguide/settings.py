"""TwitchGuide settings: one module, read from the environment.

Every value has a safe development default so that ``make run`` just works on SQLite.
Production sets DJANGO_DEBUG=false, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and
DATABASE_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin; its site lets in only staff verified by a second factor (twitchguide/staff.py).
    "twitchguide.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "simple_history",
    "axes",
    # Staff second factor: authenticator-app codes (TOTP) and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "triage",
]

MIDDLEWARE = [
    # The header middleware come first, so that even a response made from an exception in
    # a later middleware (e.g. a disallowed host) carries every security header.
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Only GET, HEAD and POST go further (a 405 with the headers above otherwise).
    "twitchguide.middleware.AllowedMethodsMiddleware",
    # A URL with a NUL, a control character or bytes that are not UTF-8 is a 404 here.
    "twitchguide.middleware.UnreadableUrlMiddleware",
    # Static files (whitenoise, without its manifest), after the headers (they get them too)
    # and before anything that reads a session or a database: /static/ is answered here,
    # from every app server.
    "twitchguide.storage.StaticFilesMiddleware",
    # An emergency answer waits half a second at most for the database, the session's read and
    # save included, so it wraps SessionMiddleware: then the card is shown, saved or not.
    "triage.faults.EmergencyFirstMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks request.user as verified when this session signed in with a second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records which signed-in user made each change to advice articles (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out admin sign-in into HTTP 429.
    "axes.middleware.AxesMiddleware",
    # A database fault raised by a view is a 503 "not saved" page, never a 500 (triage/faults.py).
    "triage.faults.DatabaseFaultMiddleware",
]

ROOT_URLCONF = "twitchguide.urls"
WSGI_APPLICATION = "twitchguide.wsgi.application"

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
                "django.template.context_processors.csp",
                "triage.context_processors.service",
            ],
        },
    },
]

# Bounded waits (twitchguide/waits.py, docs/deployment.md): a database that stops answering gives
# the "not saved, try again" page within a few seconds instead of hanging the request. In seconds;
# 0 means no limit. manage.py sets no statement timeout unless asked (migrations, the daily purge).
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 3)
DATABASE_LOCK_TIMEOUT = env_int("DATABASE_LOCK_TIMEOUT", 2)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 3)

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # postgres://user:pass@host:port/name?opt=value (psycopg 3), with persistent, health-checked
    # connections (docs/deployment.md).
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend, giving up on a server that stops answering (twitchguide/postgresql).
        DATABASES["default"]["ENGINE"] = "twitchguide.postgresql"
        options = DATABASES["default"].setdefault("OPTIONS", {})
        if DATABASE_CONNECT_TIMEOUT:
            options.setdefault("connect_timeout", max(2, DATABASE_CONNECT_TIMEOUT))  # libpq's minimum
        # The server gives up on a lock, or on any statement, after these (its errors are 503s) ...
        server_limits = f"-c lock_timeout={DATABASE_LOCK_TIMEOUT}s -c statement_timeout={DATABASE_STATEMENT_TIMEOUT}s"
        options["options"] = f"{server_limits} {options.get('options', '')}".strip()
        # ... and a second later the client gives up on a server that has not answered at all.
        options.setdefault("answer_timeout", DATABASE_STATEMENT_TIMEOUT + 1 if DATABASE_STATEMENT_TIMEOUT else None)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # One connection per server thread, kept (opening one per request costs more than
            # a simple page): the same setting as PostgreSQL's.
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several server processes share one file: WAL lets readers and a writer work at once,
    # IMMEDIATE takes the write lock at the start of a transaction (no upgrade deadlocks),
    # and a writer waits for the lock (the busy timeout) before failing with "database is
    # locked": long enough for other writes (milliseconds each), short enough that a lock held
    # for long gives the 503 page in seconds.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": DATABASE_LOCK_TIMEOUT or 3600,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }

# --- Several app servers: Redis (optional; docs/deployment.md) ----------------------------------
# With REDIS_URL (e.g. redis://10.0.0.5:6379/0) Django's own Redis cache is the cache, shared by
# every app server; the rate limits are counted there (an atomic INCR with the window's expiry, no
# row lock) and the sessions, still kept in the database, are read from a copy there (Django's
# cached_db engine: a question page then asks Redis, not the database; make bench). Without it the
# cache is each process's memory (it only ever holds what is the same everywhere, e.g. a rendered
# advice page), and the rate limits and the sessions are in the database alone.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                # A Redis that stops answering is an error in seconds, as the database is, and
                # within an emergency answer's bound (twitchguide/redis_waits.py).
                "pool_class": "twitchguide.redis_waits.ConnectionPool",
                "socket_connect_timeout": DATABASE_CONNECT_TIMEOUT or None,
                "socket_timeout": 2,
            },
        }
    }
RATE_LIMIT_IN_CACHE = bool(REDIS_URL)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Refuses sign-ins while an account/address is locked out after too many failures.
    "triage.security.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Every app server serves the static files itself (whitenoise), so no file server or shared
# disk is needed. In production ``collectstatic`` writes them hashed and compressed, and they
# are sent with a far-future "immutable" cache header (whitenoise's storage); in development
# they are served as is.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Sessions hold the answers while the questionnaire is in progress; they end with the
# browser and after a few hours at most.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 3 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Django's database sessions (twitchguide/sessions.py), read from a copy in Redis where there is one.
SESSION_ENGINE = "twitchguide.cached_sessions" if REDIS_URL else "twitchguide.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Ends with the browser session, like the session cookie; it also names the browser for the
# rate limit (triage.security.browser_key).
CSRF_COOKIE_AGE = None
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "triage.questionnaire.views.csrf_failure"

# --- Security headers, on every response (docs/security.md) ---------------------------
X_FRAME_OPTIONS = "DENY"
# Our own pages send their address only to our own pages: nothing leaks to another site, and
# browsers send a real Origin with our forms, which Django's CSRF check needs.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Everything is self-hosted. The admin's own <script>/<style> tags carry a per-response
# nonce; patient pages use none, so their policy is exactly 'self'.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# Production: HTTPS only, cookies only over HTTPS and bound to this host (__Host- prefix).
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    # Only `make serve` and `make bench`, on plain http://127.0.0.1, turn these off.
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", True)
    SESSION_COOKIE_NAME = "__Host-sessionid" if SESSION_COOKIE_SECURE else "sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken" if CSRF_COOKIE_SECURE else "csrftoken"
    # Load balancers check app servers over plain http: answer them, do not redirect.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/"]
# Behind a TLS-terminating proxy (which must overwrite these headers): trust its word that
# the request came over HTTPS, and take the client address from the last X-Forwarded-For hop.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Request bodies: the questionnaire sends a few hundred bytes; refuse anything absurd early.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_MAX_POST_BYTES", 64 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500

# --- Rate limits on POSTs (triage.security; the numbers and why: docs/security.md) ----------
# A questionnaire is one POST per question plus consent and send (15 for a typical person, about
# 30 at most). Its answers are counted for that questionnaire alone: 100 is every answer changed
# several times over. The screening questions and the final send are never counted or refused.
RATE_LIMIT_QUESTIONNAIRE_POSTS = env_int("RATE_LIMIT_QUESTIONNAIRE_POSTS", 100)
# Starting a questionnaire (consent) and deleting one's answers, per browser ...
RATE_LIMIT_SESSION_POSTS = env_int("RATE_LIMIT_SESSION_POSTS", 100)
# ... and per address, for a client that drops its cookies: a clinic's Wi-Fi or a mobile network
# shares one address. 50 people behind one address started within a minute when measured
# (issue 19); 300 in 10 minutes is six times that, and never stops anyone already answering.
RATE_LIMIT_ADDRESS_STARTS = env_int("RATE_LIMIT_ADDRESS_STARTS", 300)
# Staff sign-in POSTs, counted apart from patients' (axes also locks 5 failures per username).
RATE_LIMIT_SIGN_IN_POSTS = env_int("RATE_LIMIT_SIGN_IN_POSTS", 20)
RATE_LIMIT_WINDOW = env_int("RATE_LIMIT_WINDOW", 10 * 60)

# --- Admin sign-in: django-axes ----------------------------------------------------------
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "admin_locked_out.html"
# axes stores a keyed hash of the address (shaped as an IPv6 address), never the address.
AXES_CLIENT_IP_CALLABLE = "triage.security.pseudonymous_address"
AXES_DISABLE_ACCESS_LOG = True
# axes' own messages name the typed username; twitchguide.security logs sign-ins instead.
AXES_VERBOSE = False

# After signing in, staff land on the admin's index unless ``next`` names a page of this site
# (Django's default, /accounts/profile/, does not exist here).
LOGIN_REDIRECT_URL = "admin:index"

# --- Staff second factor (django-otp) --------------------------------------------------------
# The name authenticator apps show next to the code.
OTP_TOTP_ISSUER = "TwitchGuide"
# django-otp's own switch for hiding keys in its admin pages; ours (twitchguide.staff.DeviceAdmin)
# replace those pages and show no secret at all, this is a second lock on the same door.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Our own pack for NHS.UK frontend: templates/nhsuk/, triage/nhsuk/.
CRISPY_ALLOWED_TEMPLATE_PACKS = ("nhsuk",)
CRISPY_TEMPLATE_PACK = "nhsuk"

# How long stored answers are kept before ``purge_expired_assessments`` deletes them.
ANSWER_RETENTION_DAYS = env_int("ANSWER_RETENTION_DAYS", 30)
# How long feedback and safety concern reports are kept (post-release monitoring, the clinical
# safety case) before the same command deletes them.
FEEDBACK_RETENTION_DAYS = env_int("FEEDBACK_RETENTION_DAYS", 365)
# The number shown on every page for emergencies.
EMERGENCY_NUMBER = os.environ.get("EMERGENCY_NUMBER", "999")

# The highest UK reading age (US grade + 5, triage/readability.py) allowed; tests/test_plain_english.py holds it.
# Built-in text (questions, care cards, pages) is read by everyone, often tired or worried: NHS and PIF ask 9 to 11.
READABILITY_MAX_BUILTIN = 11
# Articles must name medical things (medicines, tests) they explain: one year more; editors are warned above it.
READABILITY_MAX_ARTICLE = 12

# Health answers must never reach a log, and neither may a result token, a run id, an IP
# address or a typed username: every handler has the redacting filter (twitchguide/logs.py),
# and Django's own default handlers (a console only in DEBUG, e-mail to ADMINS) are replaced
# by the root's, so no record reaches a handler without it. gunicorn's handlers get the same
# filter (twitchguide/serving.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "twitchguide.logs.RedactingFilter"}},
    "formatters": {
        "server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"]},
        # runserver's request lines
        "server": {"class": "logging.StreamHandler", "filters": ["redact"], "formatter": "server"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        # SQL with its parameters (answers!) is logged at DEBUG: never let it through.
        "django.db.backends": {"level": "INFO"},
        # Staff sign-ins, lockouts and rate limiting: when and which account, never a typed
        # username, a password, an address or an answer.
        "twitchguide.security": {"level": "INFO"},
    },
}
