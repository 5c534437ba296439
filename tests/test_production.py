"""Production defaults fail closed, and the environment says everything else.

The settings are loaded in a fresh interpreter with exactly the environment under test (the
settings module reads the environment once, at import); what a request then meets is checked
in-process with the values that interpreter computed, so the two cannot drift apart.
"""
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.accounts import people

ROOT = Path(django_settings.BASE_DIR)
HOST = "coopdec.example.gouv.fr"
SECRET = secrets.token_urlsafe(50)
MFA_KEY = secrets.token_urlsafe(32)
# What the README's production section asks of an operator behind an HTTPS reverse proxy.
PRODUCTION = {
    "DEBUG": "0", "SECRET_KEY": SECRET, "ALLOWED_HOSTS": HOST, "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "CSRF_TRUSTED_ORIGINS": f"https://{HOST}", "SECURE_HSTS_PRELOAD": "1", "REDIS_URL": "redis://127.0.0.1:6379/2",
    "MFA_ENCRYPTION_KEY": MFA_KEY,
}
# Every variable the settings read that would change the answer, removed before each run.
_OURS = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
         "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
         "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS", "REDIS_URL", "CACHE_URL", "PYTEST_VERSION",
         "MFA_ENCRYPTION_KEY")
SECURITY = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
            "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS", "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY",
            "CACHES", "STORAGES")


def _environment(**env) -> dict:
    return {**{k: v for k, v in os.environ.items() if k not in _OURS},
            "DJANGO_SETTINGS_MODULE": "coopdec.settings", **env}


def _python(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_environment(**env),
                          capture_output=True, text=True, timeout=120)


def settings_under(**env) -> dict:
    """The security settings as the settings module computes them under this environment."""
    done = _python("import json, coopdec.settings as s; "
                   f"print(json.dumps({{n: getattr(s, n, None) for n in {SECURITY!r}}}, default=str))", **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def refusal_under(**env) -> str:
    done = _python("import coopdec.settings", **env)
    assert done.returncode != 0, "the settings loaded"
    assert "django.core.exceptions.ImproperlyConfigured" in done.stderr
    return done.stderr.strip().splitlines()[-1]


def test_debug_is_off_unless_the_environment_says_so():
    assert settings_under(SECRET_KEY=SECRET, REDIS_URL="redis://127.0.0.1:6379/2",
                          MFA_ENCRYPTION_KEY=MFA_KEY)["DEBUG"] is False
    assert settings_under(DEBUG="1")["DEBUG"] is True
    # pytest says so for its own run (and the servers its tests start), nothing else does.
    assert settings_under(PYTEST_VERSION="9")["DEBUG"] is True
    assert "write 1 (on) or 0 (off)" in refusal_under(DEBUG="true", SECRET_KEY=SECRET)


def test_production_refuses_to_start_without_a_real_secret_key():
    for env in ({}, {"DEBUG": "0"}, {"DEBUG": "0", "SECRET_KEY": "dev-only-insecure-key"},
                {"DEBUG": "0", "SECRET_KEY": "short-but-not-development"}, {"SECRET_KEY": ""}):
        assert "set SECRET_KEY to a secret of at least 50 random characters" in refusal_under(**env), env
    # A real start, not only an import: the management command stops before doing anything.
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=_environment(DEBUG="0"),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "ImproperlyConfigured" in done.stderr
    # Development keeps its key.
    assert settings_under(DEBUG="1")["SECRET_KEY"] == "dev-only-insecure-key"


def test_production_refuses_to_start_without_a_key_for_the_totp_secrets():
    shared = {"DEBUG": "0", "SECRET_KEY": SECRET, "REDIS_URL": "redis://127.0.0.1:6379/2"}
    for key in ("", "trop-court"):
        assert "set MFA_ENCRYPTION_KEY" in refusal_under(**shared, MFA_ENCRYPTION_KEY=key)
    done = _python("import coopdec.settings as s; print(s.MFA_ENCRYPTION_KEY == s.SECRET_KEY)", DEBUG="1")
    assert done.stdout.strip() == "True"  # development falls back on its SECRET_KEY


def test_production_defaults_are_the_strict_ones():
    values = settings_under(DEBUG="0", SECRET_KEY=SECRET, REDIS_URL="redis://127.0.0.1:6379/2",
                            MFA_ENCRYPTION_KEY=MFA_KEY)
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] is None  # trusting a header is the operator's decision
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert "CompressedManifestStaticFilesStorage" in values["STORAGES"]["staticfiles"]["BACKEND"]
    development = settings_under(DEBUG="1")
    assert development["SECURE_SSL_REDIRECT"] is False and development["SECURE_HSTS_SECONDS"] == 0
    assert development["SESSION_COOKIE_SECURE"] is False


def test_https_settings_come_from_the_environment():
    values = settings_under(**PRODUCTION)
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["CSRF_TRUSTED_ORIGINS"] == [f"https://{HOST}"]
    assert values["ALLOWED_HOSTS"] == [HOST]
    assert values["SECURE_HSTS_PRELOAD"] is True
    local = settings_under(DEBUG="0", SECRET_KEY=SECRET, SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0",
                           SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="0",
                           REDIS_URL="redis://127.0.0.1:6379/0", MFA_ENCRYPTION_KEY=MFA_KEY)  # `make serve`
    assert not any(local[name] for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
                                             "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"))


def test_check_deploy_is_clean_in_a_production_environment():
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
                          cwd=ROOT, env=_environment(**PRODUCTION), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


@pytest.fixture
def production(settings):
    """This process's settings switched to what the production environment computes."""
    values = settings_under(**PRODUCTION)
    for name in ("ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                 "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "CSRF_TRUSTED_ORIGINS"):
        setattr(settings, name, values[name])
    settings.SECURE_PROXY_SSL_HEADER = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return settings


PROXIED = {"HTTP_HOST": HOST, "HTTP_X_FORWARDED_PROTO": "https"}


def test_every_page_carries_the_security_headers(db, production):
    client = Client()
    for path in ("/", "/pays/", "/simulateur/", "/reseaux/", "/comptes/login/", "/api/v1/docs", "/donnees/"):
        response = client.get(path, **PROXIED)
        assert response.status_code == 200, path
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload", path
        assert response["X-Frame-Options"] == "DENY", path
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["Referrer-Policy"] == "same-origin", path
        policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
        assert policy["default-src"] == "'self'", path
        assert policy["script-src"].split()[0] == "'self'" and "unsafe" not in policy["script-src"], path
        assert policy["style-src"].split()[0] == "'self'" and "unsafe" not in policy["style-src"], path
        assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'", path
        assert policy["form-action"] == "'self'" and policy["base-uri"] == "'self'", path
    # Plain HTTP, which the proxy did not vouch for, is sent to HTTPS.
    response = client.get("/pays/", HTTP_HOST=HOST)
    assert response.status_code == 301 and response["Location"] == f"https://{HOST}/pays/"


def test_signing_in_through_an_https_proxy(db, production):
    """Behind a proxy that terminates TLS, the browser's Origin is https://…: the sign-in POST
    passes the CSRF check, and the session and CSRF cookies are Secure."""
    person = people.user(email="elue@castres.fr")
    client = Client(enforce_csrf_checks=True)
    client.get("/comptes/login/", **PROXIED)
    assert client.cookies["csrftoken"]["secure"] is True
    response = client.post("/comptes/login/", {
        "login": "elue@castres.fr", "password": people.PASSWORD,
        "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
    }, HTTP_ORIGIN=f"https://{HOST}", HTTP_REFERER=f"https://{HOST}/comptes/login/", **PROXIED)
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.session["_auth_user_id"] == str(person.pk)
    assert client.cookies["sessionid"]["secure"] is True


def test_without_the_proxy_settings_the_same_sign_in_is_refused(db, settings):
    """What happened before: the application took the proxied request for plain HTTP, so the
    browser's https Origin did not match and the CSRF check refused the sign-in."""
    settings.ALLOWED_HOSTS = [HOST]
    people.user(email="elue@castres.fr")
    client = Client(enforce_csrf_checks=True)
    client.get("/comptes/login/", **PROXIED)
    response = client.post("/comptes/login/", {
        "login": "elue@castres.fr", "password": people.PASSWORD,
        "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
    }, HTTP_ORIGIN=f"https://{HOST}", **PROXIED)
    assert response.status_code == 403


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    """Readers are never blocked by an import, and a second writer waits instead of failing."""
    database = tmp_path / "wal.sqlite3"
    done = _python(
        "import django; django.setup(); from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], c.execute('PRAGMA busy_timeout').fetchone()[0], "
        "connection.transaction_mode)",
        DEBUG="1", DATABASE_URL=f"sqlite:///{database}")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["wal", "20000", "IMMEDIATE"]
    # The mode is the database file's own from then on: any other connection reads beside a writer.
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("CREATE TABLE t (x)")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO t VALUES (1)")
    reader = sqlite3.connect(database, timeout=0)
    assert reader.execute("SELECT count(*) FROM t").fetchone() == (0,)
    writer.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM t").fetchone() == (1,)


def test_the_cache_is_local_memory_by_default_and_redis_when_given():
    assert settings_under(DEBUG="1")["CACHES"]["default"]["BACKEND"] == \
        "django.core.cache.backends.locmem.LocMemCache"
    url = "redis://127.0.0.1:6379/7"
    assert settings_under(DEBUG="1", REDIS_URL=url)["CACHES"]["default"] == {
        "BACKEND": "coopdec.sharedcache.FailSoftRedisCache", "LOCATION": url, "KEY_PREFIX": "coopdec",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}
    assert settings_under(DEBUG="1", CACHE_URL=url)["CACHES"]["default"]["LOCATION"] == url
    assert "a redis://, rediss:// or unix:// URL" in refusal_under(DEBUG="1", CACHE_URL="memcached://x")
    # In production, never each process's memory: the sign-in's rate limits would count per worker.
    assert "set REDIS_URL" in refusal_under(DEBUG="0", SECRET_KEY=SECRET, MFA_ENCRYPTION_KEY=MFA_KEY)
    # Shared: what one process writes, another reads, through the real Redis.
    key, value = f"test-{uuid.uuid4().hex}", "écrit par un autre processus"
    write = _python(f"import django; django.setup(); from django.core.cache import cache; "
                    f"cache.set({key!r}, {value!r}, 30)", DEBUG="1", REDIS_URL=url)
    assert write.returncode == 0, write.stderr
    read = _python(f"import django; django.setup(); from django.core.cache import cache; "
                   f"print(cache.get({key!r})); cache.delete({key!r})", DEBUG="1", REDIS_URL=url)
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip() == value


def test_documents_go_to_the_private_storage_the_environment_names():
    """Several machines share the dossiers' documents through an object store (django-storages);
    an in-memory storage stands in for it here, chosen exactly as an S3 one would be."""
    code = ("import django; django.setup(); from coopdec.applications.models import Document; "
            "storage = Document._meta.get_field('file').storage; "
            "print(type(storage).__name__, storage.save('dossiers/1/a.pdf', __import__('io').BytesIO(b'%PDF')))")
    done = _python(code, DEBUG="1", PRIVATE_STORAGE_BACKEND="django.core.files.storage.InMemoryStorage",
                   PRIVATE_STORAGE_OPTIONS='{"location": "prive"}')
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["InMemoryStorage", "dossiers/1/a.pdf"]
    assert "private" not in settings_under(DEBUG="1")["STORAGES"]  # by default, PRIVATE_MEDIA_ROOT
