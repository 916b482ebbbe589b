"""Settings for Coup de main, read from the environment.

Defaults suit a laptop: SQLite, the in-memory channel layer, e-mail printed to the
terminal. Setting DATABASE_URL and REDIS_URL switches to PostgreSQL and Redis; setting
DJANGO_DEBUG=false turns on every production safeguard.
"""

import importlib.util
import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# A fixed key is only acceptable on a developer's laptop; production must set one.
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY",
    default="insecure-local-development-key-never-use-in-production" if DEBUG else "",
)
if not SECRET_KEY:
    raise environ.ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false."
    )

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [],
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.postgres",
    "channels",
    "allauth",
    "allauth.account",
    "taggit",
    "huey.contrib.djhuey",
    "community",
    "notifications",
    "neighbourhoods",
    "exchanges",
    "messaging",
    "workshops",
    "mentoring",
    "moderation",
    "indicators",
    "rights",
    # Demo data and benchmarks; its commands refuse to run when DEBUG is off.
    "devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "community.security.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for browsers that accept it (below whitenoise: static
    # files come compressed from collectstatic). Django's compression adds
    # random bytes against BREACH, and the CSRF token changes at each page.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "community.security.member_pages_private",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "community.middleware.password_change_required",
    "neighbourhoods.middleware.charter_acceptance_required",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "asgi.application"

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
                "community.context_processors.display_preferences",
                "community.context_processors.accessibility_conformance",
                "messaging.context_processors.unread_notifications",
            ],
        },
    },
]
FORM_RENDERER = "community.forms.SiteFormRenderer"

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves a handful of people at once: a writer waits
    # for the lock (up to 20 s) instead of failing at once with "database is
    # locked", transactions take the write lock when they begin, and readers
    # do not block the writer (write-ahead log).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# Under ASGI each request and each socket frame runs its queries in a thread
# of its own: Django advises against persistent connections there. On
# PostgreSQL a pool of connections (psycopg's, through Django) instead: a frame
# borrows a connection and gives it back, it never opens one.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_POOL", default=True
):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them instead
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN", default=2),
        "max_size": env.int("DATABASE_POOL_MAX", default=20),
        "timeout": env.int("DATABASE_POOL_TIMEOUT", default=10),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # channels-redis, with cheaper waiting sockets and at most 50
            # connections to Redis per process (realtime/layers.py).
            "BACKEND": "realtime.layers.RedisChannelLayer",
            "CONFIG": {
                # The layer waits up to 5 s in Redis for each socket's next
                # event; redis-py 8 also gives up reading after 5 s by default,
                # which dropped every quiet socket. Read for longer than it waits.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15}],
                # Events waiting for one socket before the layer drops them: a
                # dropped event costs the page a catch-up (messages are
                # numbered), never a message; room for a burst.
                "capacity": 1000,
                # A socket's place in a group lasts an hour; open pages renew
                # it every 15 minutes (ping), the channels of a server that
                # died are forgotten within the hour instead of a day.
                "group_expiry": 3600,
            },
        }
    }
    CACHES = {
        "default": {
            # Redis, and each process's memory while Redis is out of reach.
            "BACKEND": "community.cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that does not answer costs a request a second at most.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The task queue (huey): e-mail, listings' expiry, summaries, run by
# `manage.py run_huey` beside the web server. Its queue lives in a SQLite file
# beside the database on a laptop, in Redis when REDIS_URL is set.
HUEY_IMMEDIATE = env.bool("HUEY_IMMEDIATE", default=False)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "coupdemain",
        "url": REDIS_URL,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "coupdemain",
        "filename": env.str("HUEY_SQLITE_PATH", default=str(BASE_DIR / "huey.sqlite3")),
    }
HUEY.update(
    {
        "immediate": HUEY_IMMEDIATE,
        "results": False,
        "utc": True,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
)
# /healthz fails when the queue's heartbeat (every minute) is older than this.
HUEY_HEARTBEAT_MAX_AGE = env.int("HUEY_HEARTBEAT_MAX_AGE", default=300)

AUTH_USER_MODEL = "community.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Accounts: e-mail is the login. Login names exist only for residents whose account
# was made at the centre's desk without e-mail; for everyone else one is generated.
ACCOUNT_ADAPTER = "community.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {
    "signup": "community.forms.SignupForm",
    "login": "community.forms.LoginForm",
}
ACCOUNT_UNIQUE_EMAIL = True
# "Logged in as …" and every greeting say the pseudonym, never the login name.
ACCOUNT_USER_DISPLAY = "community.adapters.user_display"
ACCOUNT_CHANGE_EMAIL = True
# Mandatory on a laptop too (the link is printed in the terminal): only then
# does sign-up answer the same whether an address already has an account.
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_SIGNUP_REDIRECT_URL = "profile_welcome"
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated so that they are visibly on.
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
# The site's name in every e-mail and in the Site record (django.contrib.sites).
SITE_NAME = env.str("SITE_NAME", default="Coup de main")
SITE_ID = 1
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Every e-mail goes into the outbox and is sent by the task queue, never inside
# a request; EMAIL_URL names the way out that the queue uses.
EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND  # noqa: F821 - set from EMAIL_CONFIG
EMAIL_BACKEND = "notifications.mail.QueuedEmailBackend"
# The address of the site, for links in e-mails (sent outside any request).
# `check --deploy` refuses a loopback address (community/checks.py).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Coup de main <no-reply@coupdemain.localhost>"
)

# Push notifications (Web Push, VAPID). `manage.py make_vapid_keys` makes the
# key and prints these lines; without a key, the site offers no push.
VAPID_PRIVATE_KEY = env.str("VAPID_PRIVATE_KEY", default="")
VAPID_SUBJECT = env.str("VAPID_SUBJECT", default="")
# The push services a browser may name (host, or a suffix after a dot): the
# server posts to nothing else.
PUSH_SERVICE_HOSTS = env.list(
    "PUSH_SERVICE_HOSTS",
    default=[
        "fcm.googleapis.com",
        "updates.push.services.mozilla.com",
        "push.services.mozilla.com",
        "web.push.apple.com",
        "notify.windows.com",
    ],
)
PUSH_SERVICE_SCHEMES = ["https"]
# Seconds the push service keeps a notice for a device that is off.
PUSH_TTL_SECONDS = env.int("PUSH_TTL_SECONDS", default=24 * 3600)

# French first, English complete.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Files people upload (the organisations' logos), served by the site itself.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Leaflet for the map of places, from the django-leaflet package's static
# files (its app is not installed: it needs GeoDjango, the map does not).
STATICFILES_DIRS = [
    BASE_DIR / "static",
    Path(importlib.util.find_spec("leaflet").submodule_search_locations[0]) / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Without collectstatic (a laptop, the test suite), whitenoise serves from the finders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

TAGGIT_CASE_INSENSITIVE = True

# Production safeguards, on whenever DEBUG is off. The site runs behind a proxy
# that terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals_in_one_line": {"()": "community.security.RefusalsInOneLine"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["refusals_in_one_line"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # `run_huey` gives the queue's logger a handler of its own: once is enough.
    "loggers": {"huey": {"propagate": False}},
}

# The reverse proxy in front of the site (docs/operations.md): how many proxies
# add themselves to X-Forwarded-For, and the addresses they speak from. The
# header is believed only from those addresses; the rate limits of logins and
# sign-ups key on the address it gives.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
TRUSTED_PROXIES = [
    ipaddress.ip_network(network, strict=False)
    for network in env.list("DJANGO_TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
]

# The map of places draws tiles from this server, e.g.
# "https://tiles.example.org/{z}/{x}/{y}.png"; without it, the places are a
# list and nothing is fetched from anywhere else.
MAP_TILES_URL = env.str("MAP_TILES_URL", default="")
MAP_TILES_ATTRIBUTION = env.str("MAP_TILES_ATTRIBUTION", default="")
_tiles = urlsplit(MAP_TILES_URL.replace("{s}.", "")) if MAP_TILES_URL else None
_tiles_origin = (
    [
        f"{_tiles.scheme}://*.{_tiles.netloc}"
        if "{s}." in MAP_TILES_URL
        else f"{_tiles.scheme}://{_tiles.netloc}"
    ]
    if _tiles
    else []
)

# No script or style but the site's own files, no frame, no other host (but
# the map's tile server, when set): the pages' sockets go back to the site.
_site = urlsplit(SITE_URL)
_socket_origin = ("wss" if _site.scheme == "https" else "ws") + "://" + _site.netloc
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_tiles_origin],
        "font-src": [SELF],
        "connect-src": [SELF, _socket_origin],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "bluetooth=(), serial=(), interest-cohort=()"
)

# Minutes a message stays unread before its reader gets an e-mail summary.
MESSAGE_EMAIL_DELAY_MINUTES = env.int("MESSAGE_EMAIL_DELAY_MINUTES", default=15)

# How long the health check waits for its own message through the channel layer.
HEALTHZ_CHANNEL_TIMEOUT = env.float("HEALTHZ_CHANNEL_TIMEOUT", default=2.0)

# The members' rights (RGPD): who answers for the site, shown on the privacy
# page and the legal notice; each organisation's own contact comes from its
# details in the site.
SITE_OPERATOR_NAME = env.str("SITE_OPERATOR_NAME", default="Coup de main")
SITE_OPERATOR_ADDRESS = env.str("SITE_OPERATOR_ADDRESS", default="")
SITE_OPERATOR_EMAIL = env.str(
    "SITE_OPERATOR_EMAIL", default="contact@coupdemain.localhost"
)
# The person who answers for what the site publishes (directeur de la publication).
SITE_PUBLICATION_DIRECTOR = env.str("SITE_PUBLICATION_DIRECTOR", default="")
# Who hosts the machines: name and address, as the law asks of a legal notice.
SITE_HOST = env.str("SITE_HOST", default="")
# The contact for data protection (the DPO when there is one).
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default=SITE_OPERATOR_EMAIL)
# The accessibility statement: "full", "partial" or "none" (RGAA), and the
# date it was last checked.
ACCESSIBILITY_CONFORMANCE = env.str("ACCESSIBILITY_CONFORMANCE", default="partial")
ACCESSIBILITY_STATEMENT_DATE = env.str(
    "ACCESSIBILITY_STATEMENT_DATE", default="2026-12-03"
)

# How long data is kept, in days (shown on the privacy page).
# A deleted account stays recoverable (by logging in) this long, then is erased.
ACCOUNT_DELETION_GRACE_DAYS = env.int("ACCOUNT_DELETION_GRACE_DAYS", default=7)
# Accounts whose e-mail was never confirmed: reminded, then removed.
UNCONFIRMED_ACCOUNT_REMINDER_DAYS = env.int(
    "UNCONFIRMED_ACCOUNT_REMINDER_DAYS", default=7
)
UNCONFIRMED_ACCOUNT_REMOVAL_DAYS = env.int(
    "UNCONFIRMED_ACCOUNT_REMOVAL_DAYS", default=30
)
# Accounts that never joined a neighbourhood: reminded, then removed.
UNJOINED_ACCOUNT_REMINDER_DAYS = env.int("UNJOINED_ACCOUNT_REMINDER_DAYS", default=30)
UNJOINED_ACCOUNT_REMOVAL_DAYS = env.int("UNJOINED_ACCOUNT_REMOVAL_DAYS", default=90)
# Closed listings (done, cancelled, expired) and their answers.
CLOSED_LISTING_RETENTION_DAYS = env.int("CLOSED_LISTING_RETENTION_DAYS", default=365)
# Notifications, read or not.
NOTIFICATION_RETENTION_DAYS = env.int("NOTIFICATION_RETENTION_DAYS", default=180)
# The link to download one's data works this many hours.
DATA_EXPORT_LINK_HOURS = env.int("DATA_EXPORT_LINK_HOURS", default=24)
