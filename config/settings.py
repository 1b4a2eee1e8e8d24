"""One settings module for every deployment; what differs comes from the environment.

Production behaviour is the default: a deployment that forgets a variable runs without debug
pages and refuses to serve without its own secret key (custodia.core.checks: the WSGI and ASGI
entry points and `check --deploy`; `migrate` and `makemigrations` work without one, and Django
signs nothing with the empty key). CUSTODIA_ENV=development (set by `make
demo`, `make test`, `make bench` and the root conftest.py) turns the hardening off for work on
one machine. DATABASE_URL selects PostgreSQL for national deployments, otherwise the embedded
SQLite file under var/ is used. Importing the settings changes nothing on disk: `make setup`
makes var/, and `manage.py check` says so when the directory is missing.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from custodia.core.replica import replica_database

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CUSTODIA_VAR_DIR", BASE_DIR / "var"))

ENVIRONMENTS = ("production", "development")
ENVIRONMENT = os.environ.get("CUSTODIA_ENV", "production")
if ENVIRONMENT not in ENVIRONMENTS:
    raise ImproperlyConfigured(f"CUSTODIA_ENV must be one of {', '.join(ENVIRONMENTS)}, not {ENVIRONMENT!r}.")
PRODUCTION = ENVIRONMENT == "production"
# Never in production: the debug pages show settings, SQL and file contents to whoever triggers an error.
DEBUG = not PRODUCTION and os.environ.get("CUSTODIA_DEBUG", "1") == "1"
# Sessions, CSRF tokens and password-reset links are signed with this key. Production never
# falls back to a known one: without CUSTODIA_SECRET_KEY it stays empty, and the service refuses
# to start (custodia.core.checks.secret_key_missing).
SECRET_KEY = os.environ.get("CUSTODIA_SECRET_KEY", "" if PRODUCTION else "insecure-development-key-only")
ALLOWED_HOSTS = os.environ.get("CUSTODIA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "formtools",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    # Background jobs (custodia.jobs, docs/exports.md): Django's task framework backported, with
    # its database backend (a worker process: manage.py db_worker).
    "django_tasks",
    "django_tasks_db",
    "custodia.core",
    "custodia.jobs",
    "custodia.accounts",
    "custodia.estate",
    "custodia.register",
    "custodia.assessment",
    "custodia.classification",
    "custodia.security",
    "custodia.measures",
    "custodia.incidents",
    "custodia.alerts",
    "custodia.intelligence",
    "custodia.networks",
    "custodia.securityaudits",
    "custodia.contact",
    "custodia.induction",
    "custodia.complaints",
    "custodia.visits",
    "custodia.training",
    "custodia.plans",
    "custodia.programmes",
    "custodia.reintegration",
    "custodia.placement",
    "custodia.demo",
    "custodia.oversight",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, which answers static files (long cached) itself; before the rest, so that
    # every other answer, refusals and redirects included, is kept out of caches.
    "custodia.accounts.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    # Django's, but the images of a page do not save the session again (custodia.core.http).
    "custodia.core.http.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Every answer under /api/ in JSON (unknown routes, methods a route does not serve), before the access checks.
    "config.api.ApiAnswersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "custodia.accounts.two_factor.TwoFactorMiddleware",
    # A password change an administrator required comes before anything else (accounts.password_change).
    "custodia.accounts.password_change.PasswordChangeMiddleware",
    "custodia.accounts.middleware.RouteAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "custodia" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "custodia.estate.context_processors.service",
            ],
        },
    }
]

SQLITE_PATH = Path(os.environ.get("CUSTODIA_SQLITE", VAR_DIR / "custodia.sqlite3"))
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            # One connection per worker thread, kept between requests: opening one and reading the
            # schema again at every request cost 2.5 of the 5.3 ms of a signed-in trivial request
            # (make bench's floor).
            "CONN_MAX_AGE": None,
            "CONN_HEALTH_CHECKS": True,
            # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock at
            # the start of a transaction so two writers queue instead of failing half-way.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
        }
    }
# A streaming replica of the PostgreSQL database (docs/deployment.md): the oversight pages read
# their counts there (custodia.core.replica.reads_from_replica), everything else stays on default.
# Without it the router sends everything to default, as if there were none.
if os.environ.get("DATABASE_REPLICA_URL"):
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs a PostgreSQL DATABASE_URL: it names its standby.")
    DATABASES["replica"] = replica_database(dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=60))
DATABASE_ROUTERS = ["custodia.core.replica.ReplicaRouter"]
# Behind PgBouncer in transaction mode, consecutive transactions of one connection may run on
# different server connections: a server-side cursor (QuerySet.iterator(), which the exports use)
# would be lost between them, so rows are fetched on the client instead.
if os.environ.get("CUSTODIA_DB_TRANSACTION_POOLING") == "1":
    for database in DATABASES.values():
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id at OWASP's cost (custodia/accounts/hashers.py: why not Django's) hashes new and changed
# passwords; the PBKDF2 hashers stay so that existing hashes still verify (and are upgraded to
# Argon2 at the next sign-in).
PASSWORD_HASHERS = [
    "custodia.accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes checks every sign-in before the password is tried: after 5 failures for one user
# name from one address, that pair is locked for 30 minutes (counted from the last failure), even
# with the right password. Locking by user name and address together means nobody can lock a
# colleague out from another machine. Authentication needs the request: the test client's
# login() must be given one (client.login(request=HttpRequest(), ...)); force_login() just works.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
# axes' own defaults, stated because accounts reads them: the lockout page answers with this
# status, and a token is refused during a lockout only while axes is on.
AXES_HTTP_RESPONSE_CODE = 429  # Too Many Requests
AXES_ENABLED = True
# Renders AXES_LOCKOUT_TEMPLATE with the time the lock ends, and a Retry-After header.
AXES_LOCKOUT_CALLABLE = "custodia.accounts.views.locked_out"
# Behind one reverse proxy (CUSTODIA_BEHIND_PROXY=1, nginx terminating TLS) every request comes
# from the proxy's address: the client's is the last one the proxy appends to X-Forwarded-For.
BEHIND_PROXY = os.environ.get("CUSTODIA_BEHIND_PROXY") == "1"
if BEHIND_PROXY:
    AXES_CLIENT_IP_CALLABLE = "custodia.accounts.views.client_ip_behind_proxy"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
]
LOCALE_PATHS = [BASE_DIR / "custodia" / "locale"]
TIME_ZONE = os.environ.get("CUSTODIA_TIME_ZONE", "UTC")
USE_I18N = True
# Dates and numbers as each language writes them (custodia/core/formats/<language>/formats.py).
# No USE_THOUSAND_SEPARATOR: it would group every number a template prints, ids and versions in
# links and hidden fields included; figures are grouped where shown, with |intcomma.
FORMAT_MODULE_PATH = ["custodia.core.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Vendor assets are installed from the npm registry at set-up time (never from a CDN,
# never committed) and served from node_modules by WhiteNoise.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/cytoscape", NODE_MODULES / "cytoscape" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

PROFILES_DIR = Path(os.environ.get("CUSTODIA_PROFILES_DIR", BASE_DIR / "profiles"))
INSTRUMENTS_DIR = Path(os.environ.get("CUSTODIA_INSTRUMENTS_DIR", BASE_DIR / "instruments"))
INCIDENT_TYPES_DIR = Path(os.environ.get("CUSTODIA_INCIDENT_TYPES_DIR", BASE_DIR / "incident_types"))
AUDIT_CHECKLISTS_DIR = Path(os.environ.get("CUSTODIA_AUDIT_CHECKLISTS_DIR", BASE_DIR / "audit_checklists"))
INFORMATION_SHEETS_DIR = Path(os.environ.get("CUSTODIA_INFORMATION_SHEETS_DIR", BASE_DIR / "information_sheets"))

# Signed checkpoints of the audit chain head, kept outside the database (custodia.core.checkpoints;
# docs/operations.md, "Audit checkpoints"). An empty CUSTODIA_AUDIT_CHECKPOINTS turns them off. The
# signing key must not be readable by whoever administers the database; verify keys are comma-separated.
AUDIT_CHECKPOINTS = os.environ.get("CUSTODIA_AUDIT_CHECKPOINTS", str(VAR_DIR / "audit-checkpoints.jsonl"))
AUDIT_SIGNING_KEY = os.environ.get("CUSTODIA_AUDIT_SIGNING_KEY", "")
AUDIT_VERIFY_KEYS = [key.strip() for key in os.environ.get("CUSTODIA_AUDIT_VERIFY_KEY", "").split(",") if key.strip()]
AUDIT_SYSLOG = os.environ.get("CUSTODIA_AUDIT_SYSLOG", "")  # "/dev/log", "host:port" (UDP) or "tcp://host:port"

# Background jobs (custodia.jobs; docs/exports.md). Tasks are kept in the database, on SQLite and
# PostgreSQL alike, and run by `manage.py db_worker` (make demo starts one beside the server).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# An export of more rows than this is written by the worker, with a progress bar; a smaller one
# is answered at once.
EXPORT_SYNC_LIMIT = int(os.environ.get("CUSTODIA_EXPORT_SYNC_LIMIT", "2000"))
# Finished export files, each readable only by who asked for it, for this many hours.
EXPORT_DIR = Path(os.environ.get("CUSTODIA_EXPORT_DIR", VAR_DIR / "exports"))
EXPORT_KEEP_HOURS = int(os.environ.get("CUSTODIA_EXPORT_KEEP_HOURS", "24"))
# A running job reports progress at least every few seconds; one silent for this long (its
# worker killed on another machine) is marked failed. On the worker's own machine a dead process
# is seen at once.
JOB_STALE_SECONDS = int(os.environ.get("CUSTODIA_JOB_STALE_SECONDS", "300"))
# Seconds spent on each exported row: 0, but for the test that kills a worker half-way.
EXPORT_ROW_DELAY = float(os.environ.get("CUSTODIA_EXPORT_ROW_DELAY", "0"))

# Sessions are read from the cache and written through to the database: one query less on
# every page, and nothing lost when the process restarts.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Officers share computers on the wings and walk away from them: a file left open must close
# itself. The session ends after 30 minutes without a request, and the cookie is dropped when the
# browser closes. Saving the session moves its expiry 30 minutes on; custodia.core.http's
# SessionMiddleware saves it when it changed or when the last save is a minute old, so the server
# enforces the timeout to within a minute for one small write a minute per officer, not one a page.
SESSION_COOKIE_AGE = 30 * 60
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False

# Content Security Policy (django-csp 4): only this server's own scripts, styles and images run.
# No inline script or style attribute anywhere: behaviour lives in custodia.js, chart data in
# <script type="application/json"> (data, never executed), htmx's injected indicator style is
# switched off in base.html. Bootstrap's CSS draws its icons from data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Permissions-Policy (sent by accounts.middleware.SecurityHeadersMiddleware, in every environment):
# no page uses any of these browser features, so none is allowed, not even to this site. Sign-in
# uses a code typed from an authenticator application, not WebAuthn; nothing is shown full screen.
# Only features Chromium knows: it warns in the console about any other (the browser test checks).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "clipboard-read",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Origins (scheme and host) allowed to POST forms, e.g. "https://custodia.prisons.example".
    CSRF_TRUSTED_ORIGINS = [
        origin.strip() for origin in os.environ.get("CUSTODIA_CSRF_TRUSTED_ORIGINS", "").split(",") if origin.strip()
    ]
    if BEHIND_PROXY:
        # TLS ends at the reverse proxy, which must set X-Forwarded-Proto (and strip the client's own).
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CUSTODIA_LOG_LEVEL", "WARNING")},
}

# Two-factor sign-in: the issuer is the name shown in the authenticator application.
OTP_TOTP_ISSUER = "Custodia"
