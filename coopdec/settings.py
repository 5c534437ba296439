"""CoopDec settings: one module; every deployment value comes from the environment."""
import json
import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _flag(name: str, default: bool) -> bool:
    """A switch of the environment: "1" on, "0" off, unset the default; anything else refused,
    so that a typo ("true", "yes") never silently means off."""
    value = os.environ.get(name, "").strip()
    if value in ("1", "0"):
        return value == "1"
    if value:
        raise ImproperlyConfigured(f"{name}={value!r}: write 1 (on) or 0 (off).")
    return default


def _list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless said: a site whose environment forgot DEBUG shows no traceback. `make run` says
# DEBUG=1, and so does the test runner: pytest puts PYTEST_VERSION in the environment before it
# loads these settings, and the servers and commands its tests start inherit it.
DEBUG = _flag("DEBUG", default="PYTEST_VERSION" in os.environ)
# Development's key, refused when DEBUG is off: whoever knows it can sign sessions and tokens.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key"
SECRET_KEY = os.environ.get("SECRET_KEY", "") or (DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY == DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "DEBUG is off: set SECRET_KEY to a secret of at least 50 random characters (e.g. `python -c "
        "'import secrets; print(secrets.token_urlsafe(50))'`); the development key is refused.")
ALLOWED_HOSTS = _list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
# With DEBUG on, a page not found is still the French one a visitor sees (coopdec.hardening);
# SHOW_DEBUG_404=1 shows Django's debug page instead, with the URL patterns tried.
SHOW_DEBUG_404 = DEBUG and _flag("SHOW_DEBUG_404", default=False)

# HTTPS. Production (DEBUG off) defaults to the strictest values; each can be said otherwise, e.g.
# `make serve` on plain http://127.0.0.1. Behind a reverse proxy that terminates TLS, name the
# header it sets (SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto) — only if the proxy always sets or
# strips it — and list the public origins (CSRF_TRUSTED_ORIGINS=https://coopdec.example.gouv.fr).
SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = _flag("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = _flag("CSRF_COOKIE_SECURE", default=not DEBUG)
if _proxy_header := os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip():
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # with frame-ancestors 'none' in the policy below; only the widget may be framed

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "dsfr",
    "widget_tweaks",
    "django.forms",
    "coopdec.accounts",  # before allauth: its templates and translations override allauth's
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "coopdec.french",
    "coopdec.dataversion",
    "coopdec.territories",
    "coopdec.calls",
    "coopdec.applications",
    "coopdec.ingest",
    "coopdec.publication",
    "coopdec.opendata",
    "coopdec.api",
    "coopdec.observatory",
    "coopdec.search",
    "coopdec.directory",
    "coopdec.instruction",
    "coopdec.grants",
    "coopdec.apd",
    "coopdec.atlas",
    "coopdec.exchange",
    "coopdec.notifications",
    "coopdec.exports",
    "coopdec.demo",  # the roof: load_demo, demo_cycle, generate_synthetic, above every app they use
    "django_tasks",
    "django_tasks_db",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "coopdec.hardening.RefuseBadRequests",
    "coopdec.hardening.FrenchNotFoundInDevelopment",  # `make run` shows the French 404 a visitor sees
    "coopdec.sharedcache.SafetyCacheMiddleware",  # the sign-in without its rate limits' store: a French 503
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "coopdec.accounts.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: ETag, 304 and cached copies of the public pages and the read API (publication/cache.py).
    "coopdec.publication.cache.PublicCacheMiddleware",
]

ROOT_URLCONF = "coopdec.urls"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "coopdec" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # Not django-dsfr's `site_config`: our base template never reads SITE_CONFIG, and it
                # cost two queries on every page.
                "coopdec.publication.context_processors.navigation",
                "coopdec.instruction.context_processors.staff_menu",
            ],
        },
    },
]

WSGI_APPLICATION = "coopdec.wsgi.application"

# Connections: kept a minute by the app servers (gunicorn), each checked before a request uses it
# (after a PostgreSQL restart or failover, the first request of every worker would otherwise
# answer 500 on a dead connection); none kept by the development server, which serves each request
# in a new thread and would leave a connection open per thread until « too many clients ».
_RUNSERVER = len(sys.argv) > 1 and sys.argv[1] == "runserver"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=0 if _RUNSERVER else int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers never wait for a writer (write-ahead log), and a writer waits up to 20 s for another
    # one instead of answering « database is locked » at once; IMMEDIATE takes the write lock when
    # a transaction starts, so two writers queue rather than fail midway on a lock upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }

# Django's cache: aggregates of public pages (see README) and the sign-in's rate limits. Each
# process's memory by default; in production, Redis shared by every worker and machine (REDIS_URL
# or CACHE_URL: redis://host:6379/0). When Redis does not answer, pages are computed without it and
# sign-ins are refused in French (coopdec/sharedcache.py); a second at most waits for it.
_cache_url = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL") or ""
if _cache_url:
    if not _cache_url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"REDIS_URL/CACHE_URL={_cache_url!r}: a redis://, rediss:// or unix:// URL.")
    CACHES = {"default": {"BACKEND": "coopdec.sharedcache.FailSoftRedisCache",
                          "LOCATION": _cache_url, "KEY_PREFIX": "coopdec",
                          "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
elif not DEBUG:
    # allauth counts failed sign-ins in Django's cache: in each process's memory, each gunicorn
    # worker would count its own (13 wrong passwords passed three workers before the lock, not 5).
    raise ImproperlyConfigured(
        "DEBUG is off: set REDIS_URL (e.g. redis://127.0.0.1:6379/0). The sign-in's rate limits are "
        "counted in Django's cache, which every worker must share; each process's memory is refused.")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                          "LOCATION": "coopdec"}}

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Twelve characters at least, not a common password (CNIL's recommendation for a password alone).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts (django-allauth, mounted under /comptes/): sign-in by e-mail, mandatory confirmation.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CoopDec] "
ACCOUNT_USER_DISPLAY = "coopdec.accounts.selectors.user_display"
ACCOUNT_ADAPTER = "coopdec.accounts.adapter.AccountAdapter"
# The same work for an address that has an account and one that has not (no timing tells them apart).
ACCOUNT_FORMS = {"signup": "coopdec.accounts.forms.SignupForm"}
# Five failed sign-ins per account in five minutes, ten a minute per address (allauth's own limits).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key", "login": "30/m/ip"}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "applications:space"
ACCOUNT_LOGOUT_REDIRECT_URL = "publication:home"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CoopDec"
# TOTP secrets and recovery-code seeds are encrypted in the database under a key of their own
# (coopdec/accounts/mfa.py): a change of SECRET_KEY does not lock the staff out. Development falls
# back on SECRET_KEY; production refuses to start without it.
MFA_ADAPTER = "coopdec.accounts.adapter.MFAAdapter"
MFA_ENCRYPTION_KEY = os.environ.get("MFA_ENCRYPTION_KEY", "") or (SECRET_KEY if DEBUG else "")
if not DEBUG and len(MFA_ENCRYPTION_KEY) < 32:
    raise ImproperlyConfigured(
        "DEBUG is off: set MFA_ENCRYPTION_KEY to a secret of at least 32 random characters (it encrypts "
        "the TOTP secrets; keep it, with the backups' keys, as long as the database: lost, every "
        "authenticator must be set up again).")
# Ministry officers must set up TOTP before any page but the sign-in ones; off only for the demo.
COOPDEC_REQUIRE_STAFF_2FA = os.environ.get("COOPDEC_REQUIRE_STAFF_2FA", "1") == "1"

# E-mail: printed on the console unless the environment names a backend (tests use locmem).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CoopDec <ne-pas-repondre@coopdec.localhost>")
# The site's address, for the links that e-mails carry (a background task has no request to ask).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "coopdec" / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "coopdec" / "static"]

# Static files are served by the application itself (WhiteNoise), compressed and, in production,
# under names that carry their hash, so browsers keep them a year (`manage.py collectstatic` first).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage" if not DEBUG
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# In development and tests, straight from the apps' folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG

DSFR_USE_INTEGRITY_CHECKSUMS = False

# Content-Security-Policy (django-csp) on every response: scripts, styles, fonts and images from
# this site only (DSFR and htmx are served from our static files), no inline script or style but
# those carrying the request's nonce, no plugin, forms posting here only, framed by no other site —
# except the networks' widget (`observatory.views.network_widget`).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Reference data shipped with the repository (generated by commands, with provenance).
REFERENCE_DIR = BASE_DIR / "data" / "reference"
# Dossiers' documents: outside the public files, served only through a view that checks who asks.
# With several machines, a directory they all mount, or an object store (django-storages, e.g.
# PRIVATE_STORAGE_BACKEND=storages.backends.s3.S3Storage with PRIVATE_STORAGE_OPTIONS as JSON:
# {"bucket_name": "…", "default_acl": "private", "querystring_auth": true}; see README).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
if _private_backend := os.environ.get("PRIVATE_STORAGE_BACKEND", "").strip():
    STORAGES["private"] = {"BACKEND": _private_backend,
                           "OPTIONS": json.loads(os.environ.get("PRIVATE_STORAGE_OPTIONS") or "{}")}
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))
# The bulk files of /donnees/ written ahead for SITE_URL by a task when a campaign's data moves
# (coopdec/opendata/tasks.py). Off under pytest, where a test that runs tasks at once would write
# every file at each change; the tests of that task turn it on.
BULK_FILES_AHEAD = _flag("BULK_FILES_AHEAD", default="PYTEST_VERSION" not in os.environ)
# Background work (acknowledgements, e-mails): the database backend, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# The ministry's exports of dossiers (coopdec/exports): beyond this many rows, a background task
# writes the file under PRIVATE_MEDIA_ROOT/exports and the officer downloads it when ready; a
# running export whose task gave no sign of life for EXPORT_STALE_SECONDS ends failed.
EXPORT_BACKGROUND_ROWS = int(os.environ.get("EXPORT_BACKGROUND_ROWS", 2000))
EXPORT_STALE_SECONDS = int(os.environ.get("EXPORT_STALE_SECONDS", 300))

# ── ProConnect ──────────────────────────────────────────────────────────────────────────────────────
# The state's identity federation for public agents, offered beside e-mail and password on the
# sign-in and sign-up pages when PROCONNECT_CLIENT_ID, PROCONNECT_CLIENT_SECRET and PROCONNECT_ISSUER
# are set (all three, or none: then the button is hidden). allauth's OpenID Connect provider, with
# what ProConnect asks beyond it in coopdec.accounts.proconnect (a nonce, a signed userinfo, its scopes).
INSTALLED_APPS += ["allauth.socialaccount", "allauth.socialaccount.providers.openid_connect"]
SOCIALACCOUNT_ADAPTER = "coopdec.accounts.adapter.SocialAccountAdapter"
# An account already opened with the agent's professional address is the one ProConnect signs in.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True


def proconnect_settings(*, client_id: str, secret: str, issuer: str) -> dict:
    """The settings ProConnect's three values make (the tests call it with their own provider): its
    allauth app (none when the three are empty), and the content-security policy's form-action, which must let the sign-in form's redirect to the
    issuer through. `issuer` is the address the discovery document hangs from, without
    /.well-known/openid-configuration: https://PROCONNECT_DOMAIN/api/v2 in ProConnect's documentation."""
    from urllib.parse import urlsplit

    provider = {"provider_class": "coopdec.accounts.proconnect.provider.ProConnectProvider", "APPS": []}
    if not (client_id or secret or issuer):
        return {"SOCIALACCOUNT_PROVIDERS": {"openid_connect": provider},
                "CONTENT_SECURITY_POLICY": CONTENT_SECURITY_POLICY}
    if not (client_id and secret and issuer):
        raise ImproperlyConfigured("ProConnect: set PROCONNECT_CLIENT_ID, PROCONNECT_CLIENT_SECRET and "
                                   "PROCONNECT_ISSUER together (or none of them, to hide the button).")
    address = urlsplit(issuer)
    if address.scheme not in ("https", "http" if DEBUG else "https") or not address.netloc:
        raise ImproperlyConfigured(f"PROCONNECT_ISSUER={issuer!r}: an https:// address.")
    provider["APPS"] = [{
        "provider_id": "proconnect", "name": "ProConnect", "client_id": client_id, "secret": secret,
        "settings": {"server_url": issuer.rstrip("/"), "token_auth_method": "client_secret_post",
                     "oauth_pkce_enabled": True},
    }]
    directives = CONTENT_SECURITY_POLICY["DIRECTIVES"]
    return {
        "SOCIALACCOUNT_PROVIDERS": {"openid_connect": provider},
        "CONTENT_SECURITY_POLICY": {**CONTENT_SECURITY_POLICY, "DIRECTIVES": {
            **directives, "form-action": [*directives["form-action"], f"{address.scheme}://{address.netloc}"]}},
    }


_proconnect = proconnect_settings(client_id=os.environ.get("PROCONNECT_CLIENT_ID", "").strip(),
                                  secret=os.environ.get("PROCONNECT_CLIENT_SECRET", "").strip(),
                                  issuer=os.environ.get("PROCONNECT_ISSUER", "").strip())
SOCIALACCOUNT_PROVIDERS = _proconnect["SOCIALACCOUNT_PROVIDERS"]
CONTENT_SECURITY_POLICY = _proconnect["CONTENT_SECURITY_POLICY"]

# ── Faults: errors logged and mailed, request bodies bounded (helper "faults") ───────────────────────
# Every error of a request (a 500) and every warning of Django goes to stderr with its traceback
# (gunicorn's log, or the terminal of `make run`), whether DEBUG is on or off; with ADMINS set
# (« Nom <a@b>,Autre <c@d> »), each 500 is also e-mailed to them (Django's AdminEmailHandler,
# through EMAIL_*), without the request's POST values or cookies (Django's filter hides them).
from email.utils import parseaddr as _parseaddr  # noqa: E402  (kept in this block)

ADMINS = [_parseaddr(_address.strip()) for _address in os.environ.get("ADMINS", "").split(",")
          if _address.strip()]
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "plain"},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR", "include_html": False},
    },
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "django.request": {"handlers": ["stderr", "mail_admins"], "level": "ERROR", "propagate": False},
        "coopdec": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}
# The body of a request, before it is read: a form's fields (files apart) up to
# DATA_UPLOAD_MAX_MEMORY_SIZE, a JSON body (the API) too; a form with files up to
# REQUEST_BODY_MAX_BYTES in all (a document: DOCUMENT_MAX_BYTES; an import: 20 Mo), refused by
# `coopdec.uploads.LimitedUploadHandler` from its Content-Length before a byte is read, and cut
# if more comes. Files up to FILE_UPLOAD_MAX_MEMORY_SIZE stay in memory, larger ones go to a
# temporary file. The reverse proxy's own limit (nginx's client_max_body_size) should be this one.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
REQUEST_BODY_MAX_BYTES = int(os.environ.get("REQUEST_BODY_MAX_BYTES", 25 * 1024 * 1024))
FILE_UPLOAD_HANDLERS = [
    "coopdec.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
