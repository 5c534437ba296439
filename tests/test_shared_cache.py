"""The cache shared by the workers (Redis): an accelerator the public pages do without when it
fails, and the store the sign-in's rate limits cannot do without (they fail closed, in French).

Tested against real addresses: a port where nothing listens (the dead Redis) and the Redis that
answers on 127.0.0.1:6379 (database 2, this suite's own)."""
import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

from coopdec import sharedcache
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
