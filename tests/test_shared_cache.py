"""The cache shared by the workers (Redis): an accelerator the public pages do without when it
fails, and the store the sign-in's rate limits cannot do without (they fail closed, in French).

Tested against real addresses: a port where nothing listens (the dead Redis) and the Redis that
answers on 127.0.0.1:6379 (database 2, this suite's own)."""
import http.cookiejar
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import redis
from allauth.mfa.models import Authenticator
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from coopdec import sharedcache
from coopdec.accounts.mfa import decrypt
from tests import factories as f
from tests.accounts import people

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:6390/0"  # nothing listens there
LIVE_REDIS = "redis://127.0.0.1:6379/2"
EMAIL = "elue@castres.fr"


def _redis(settings, url):
    settings.CACHES = {"default": {"BACKEND": "coopdec.sharedcache.FailSoftRedisCache", "LOCATION": url,
                                   "KEY_PREFIX": "coopdec-test",
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}


@pytest.fixture(autouse=True)
def _no_memory_of_failures():
    sharedcache._down_until.clear()
    yield
    sharedcache._down_until.clear()


@pytest.fixture
def dead_redis(settings):
    _redis(settings, DEAD_REDIS)


@pytest.fixture
def published(transactional_db):
    """Committed, as on a site: a transaction that changed published data keeps away from the cache."""
    campaign = f.campaign(2025)
    f.application("Eau potable à Huye", call_obj=f.call(campaign_obj=campaign),
                  partners=[f.foreign_authority()], granted_amount=30000)
    return campaign


PUBLIC = ("/", "/campagnes/2025/", "/statistiques/", "/api/v1/laureates?campaign=2025")


def test_with_redis_down_the_public_pages_are_computed_and_the_failure_logged(client, published, dead_redis,
                                                                                caplog, monkeypatch):
    monkeypatch.setattr(sharedcache, "RETRY_AFTER", 60.0)
    with caplog.at_level(logging.ERROR, logger="coopdec.cache"):
        for path in PUBLIC:
            response = client.get(path)
            assert response.status_code == 200, (path, response.content[:300])
    assert [row["title"] for row in client.get("/api/v1/laureates?campaign=2025").json()["results"]] == [
        "Eau potable à Huye"]
    failures = [r.getMessage() for r in caplog.records if r.name == "coopdec.cache"]
    assert failures and "Cache Redis injoignable (redis://127.0.0.1:6390/0, get : Error 111" in failures[0], failures
    # Once per failure, not once per cache call: a process leaves Redis alone a few seconds.
    assert len(failures) == 1, failures


def test_once_redis_answers_again_the_cache_serves(client, published, settings):
    """The same backend, the cache alive: what is set is found (the fallback is not the normal path)."""
    _redis(settings, LIVE_REDIS)
    cache.clear()
    assert client.get("/campagnes/2025/").status_code == 200
    assert cache.get("absent", "défaut") == "défaut"
    cache.set("présent", [1, 2], 30)
    assert cache.get("présent") == [1, 2]
    cache.clear()


def test_with_redis_down_a_sign_in_is_refused_in_french_even_with_the_right_password(client, dead_redis):
    people.user(email=EMAIL)
    assert client.get(reverse("account_login")).status_code == 200  # the page itself still answers
    response = client.post(reverse("account_login"), {"login": EMAIL, "password": people.PASSWORD})
    page = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Connexion momentanément indisponible" in page
    assert "le service qui compte les tentatives de connexion ne répond pas" in page
    assert "_auth_user_id" not in client.session
    # And the next try too, while Redis stays down (without waiting for it again).
    again = client.post(reverse("account_login"), {"login": EMAIL, "password": people.PASSWORD})
    assert again.status_code == 503 and "_auth_user_id" not in client.session


def test_the_logs_name_the_server_without_its_password(settings):
    _redis(settings, "redis://:motdepasse@127.0.0.1:6390/0")
    assert cache._server == "redis://127.0.0.1:6390/0"


def test_the_guarded_keys_raise_and_the_others_fall_back(dead_redis):
    assert cache.get("coopdec:v1:page", "rien") == "rien"
    assert cache.add("coopdec:v1:x", 1) is False and cache.get_many(["a", "b"]) == {}
    for call in (lambda: cache.add("allauth:rl:allauth.account:login_failed:x:lock", True),
                 lambda: cache.get("allauth:rl:allauth.account:login_failed:x", []),
                 lambda: cache.add("allauth.mfa.totp.used?user=1&code=123456", "y"),
                 lambda: cache.incr("n")):
        with pytest.raises(sharedcache.CacheUnavailable):
            call()


# ---------------------------------------------------------------- the lock across two servers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _gunicorn(log: Path, **env):
    """One gunicorn worker (gunicorn.conf.py) on a port of its own, over the test database."""
    db = connection.settings_dict
    port = _free_port()
    database = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    environment = {**os.environ, "DEBUG": "1", "ALLOWED_HOSTS": SITE, "WEB_CONCURRENCY": "1",
                   "DATABASE_URL": database, **env}
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"],
                                   cwd=django_settings.BASE_DIR, env=environment, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while "Index des noms construit" not in log.read_text():
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=60)


# The site's one name, as a proxy in front of both servers would pass it: allauth keys an
# account's failures by the site's domain and the address (`_get_login_attempts_cache_key`).
SITE = "coopdec.test"


class _Visitor:
    """A browser on one server: its cookies, the sign-in form posted with its CSRF token."""

    def __init__(self, url):
        self.url, self.jar = url, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.open(urllib.request.Request(self.url + "/comptes/login/", headers={"Host": SITE}),
                         timeout=60).read()

    def sign_in(self, email, password) -> str:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({"login": email, "password": password, "csrfmiddlewaretoken": token})
        request = urllib.request.Request(self.url + "/comptes/login/", data=body.encode(),
                                         headers={"Host": SITE, "Referer": f"http://{SITE}/comptes/login/",
                                                  "Origin": f"http://{SITE}"})
        with self.opener.open(request, timeout=60) as response:
            return response.read().decode()

    def post_code(self, url, code) -> str:
        """The second step of the sign-in, on the server at `url` (cookies know no port)."""
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({"code": code, "csrfmiddlewaretoken": token})
        request = urllib.request.Request(url + "/comptes/2fa/authenticate/", data=body.encode(),
                                         headers={"Host": SITE, "Referer": f"http://{SITE}/comptes/2fa/authenticate/",
                                                  "Origin": f"http://{SITE}"})
        with self.opener.open(request, timeout=60) as response:
            return response.read().decode()


@pytest.mark.postgres
def test_the_sign_in_lock_holds_across_two_servers_sharing_redis(transactional_db, tmp_path):
    """Wrong passwords sent in turn to two servers (two processes, as two gunicorn workers): the
    account locks after the documented five (ACCOUNT_RATE_LIMITS), not five per process."""
    server = redis.Redis.from_url(LIVE_REDIS)
    for key in server.scan_iter("coopdec:*allauth:rl:*"):  # an earlier run's counts, this address's included
        server.delete(key)
    people.user(email=EMAIL)
    with ExitStack() as servers:
        urls = [servers.enter_context(_gunicorn(tmp_path / f"{n}.log", REDIS_URL=LIVE_REDIS)) for n in (1, 2)]
        visitors = [_Visitor(url) for url in urls]
        passed = 0
        while passed < 12 and "Trop de tentatives" not in visitors[passed % 2].sign_in(EMAIL, "pas le bon"):
            passed += 1
        assert passed == 5
        # Locked on both servers, even with the right password.
        for visitor in visitors:
            page = visitor.sign_in(EMAIL, people.PASSWORD)
            assert "Trop de tentatives" in page and not any(c.name == "sessionid" for c in visitor.jar)


@pytest.mark.postgres
def test_the_totp_lock_holds_across_two_servers_sharing_redis(transactional_db, tmp_path):
    """Wrong TOTP codes, in turn to two servers after a right password: five pass, as for
    passwords (8 passed three workers before the right code was refused)."""
    server = redis.Redis.from_url(LIVE_REDIS)
    for key in server.scan_iter("coopdec:*allauth:rl:*"):
        server.delete(key)
    officer = people.ministry_officer(email="agent@diplomatie.gouv.fr")
    secret = decrypt(Authenticator.objects.get(user=officer, type=Authenticator.Type.TOTP).data["secret"])
    wrong = "111111" if people.current_code(secret) == "000000" else "000000"
    with ExitStack() as servers:
        urls = [servers.enter_context(_gunicorn(tmp_path / f"{n}.log", REDIS_URL=LIVE_REDIS)) for n in (1, 2)]
        # One browser (its cookies hold the session, kept in the database) talking to both servers.
        visitor = _Visitor(urls[0])
        visitor.sign_in(officer.email, people.PASSWORD)
        passed = 0
        while passed < 12 and "Trop de tentatives" not in visitor.post_code(urls[passed % 2], wrong):
            passed += 1
        assert passed == 5
        # The right code now is refused too, on either server.
        assert "Trop de tentatives" in visitor.post_code(urls[0], people.current_code(secret))
        assert not Authenticator.objects.get(user=officer, type=Authenticator.Type.TOTP).last_used_at
