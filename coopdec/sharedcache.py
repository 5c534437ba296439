"""Django's cache in Redis: an accelerator for the pages, a guard for the sign-in.

The public pages keep aggregates and rendered copies in the cache (`publication.cache`): when Redis
does not answer, they are computed as if nothing had been kept, and the failure is logged — the
site stays up, slower. The sign-in's rate limits (allauth's `allauth:rl:…` keys), the TOTP codes
already used and the tokens already seen (replays) need the cache for safety: without it, nobody
could be stopped after five wrong passwords. Those fail closed: the request is answered 503 with a
French message (`SafetyCacheMiddleware`), and nobody signs in until Redis answers again.

After a failure, a process leaves Redis alone for `RETRY_AFTER` seconds (one log line, not one per
cache call, and no page waits for a connection that just failed), then tries again.
"""
import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.redis import RedisCache
from django.shortcuts import render
from redis.exceptions import RedisError

logger = logging.getLogger("coopdec.cache")

# The keys that guard something: allauth's rate limits and their locks, the TOTP codes already
# used (a code is accepted once), the tokens already seen (allauth.socialaccount.internal.jwtkit).
SAFETY_PREFIXES = ("allauth:rl:", "allauth.mfa.totp.used", "jwt:")
RETRY_AFTER = 5.0

_down_until: dict[str, float] = {}
_down_lock = threading.Lock()


class CacheUnavailable(Exception):
    """The cache did not answer for a key that guards the sign-in (a rate limit, a used code)."""


def _guards(key) -> bool:
    return isinstance(key, str) and key.startswith(SAFETY_PREFIXES)


class FailSoftRedisCache(RedisCache):
    """Django's RedisCache whose failures (Redis down, refused, too slow) cost a page its cache,
    never its answer; and raise `CacheUnavailable` for the keys that guard the sign-in."""

    def _call(self, operation: str, keys, fallback, call, *, guarded: bool = False):
        keys = list(keys)
        guarded = guarded or any(_guards(key) for key in keys)
        if time.monotonic() < _down_until.get(self._server, 0.0):
            if guarded:
                raise CacheUnavailable(f"Redis ({self._server}) ne répond pas : {operation} refusé")
            return fallback
        try:
            return call()
        except RedisError as error:
            with _down_lock:
                _down_until[self._server] = time.monotonic() + RETRY_AFTER
            logger.error("Cache Redis injoignable (%s, %s : %s) : les pages sont calculées sans cache, "
                         "les connexions refusées, pendant %.0f s avant un nouvel essai",
                         self._server, operation, error, RETRY_AFTER)
            if guarded:
                raise CacheUnavailable(f"Redis ({self._server}) ne répond pas : {operation} refusé") from error
            return fallback

    # Each operation of Django's cache API, with what it answers when Redis does not: nothing
    # found, nothing kept. `get_or_set`, `decr` and the async variants go through these.
    def add(self, key, value, timeout=None, version=None):
        parent = super()
        return self._call("add", [key], False, lambda: parent.add(key, value, timeout, version))

    def get(self, key, default=None, version=None):
        parent = super()
        return self._call("get", [key], default, lambda: parent.get(key, default, version))

    def set(self, key, value, timeout=None, version=None):
        parent = super()
        return self._call("set", [key], None, lambda: parent.set(key, value, timeout, version))

    def touch(self, key, timeout=None, version=None):
        parent = super()
        return self._call("touch", [key], False, lambda: parent.touch(key, timeout, version))

    def delete(self, key, version=None):
        parent = super()
        return self._call("delete", [key], False, lambda: parent.delete(key, version))

    def has_key(self, key, version=None):
        parent = super()
        return self._call("has_key", [key], False, lambda: parent.has_key(key, version))

    def get_many(self, keys, version=None):
        parent = super()
        keys = list(keys)
        return self._call("get_many", keys, {}, lambda: parent.get_many(keys, version))

    def set_many(self, data, timeout=None, version=None):
        parent = super()
        return self._call("set_many", list(data), list(data),
                          lambda: parent.set_many(data, timeout, version))

    def delete_many(self, keys, version=None):
        parent = super()
        keys = list(keys)
        return self._call("delete_many", keys, None, lambda: parent.delete_many(keys, version))

    def incr(self, key, delta=1, version=None):
        parent = super()
        # A counter has no stand-in: a count that silently restarts would let through what it limits.
        return self._call("incr", [key], None, lambda: parent.incr(key, delta, version),
                          guarded=True)

    def clear(self):
        parent = super()
        return self._call("clear", [], False, lambda: parent.clear())

    @property
    def _server(self) -> str:
        """Where Redis is, as the logs may show it: host, port and database, never a password."""
        return ",".join(urlsplit(server)._replace(netloc=urlsplit(server).netloc.rpartition("@")[2]).geturl()
                        for server in self._servers)


UNAVAILABLE_MESSAGE = (
    "La connexion est momentanément impossible : le service qui compte les tentatives de connexion "
    "ne répond pas, et CoopDec ne laisse entrer personne sans ce décompte. Réessayez dans quelques "
    "minutes ; si cela dure, prévenez l'équipe technique du ministère.")


class SafetyCacheMiddleware:
    """A sign-in that met `CacheUnavailable` is answered 503 in French, with Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, CacheUnavailable):
            return None
        response = render(request, "bad_request.html", {
            "title": "Connexion momentanément indisponible", "message": UNAVAILABLE_MESSAGE}, status=503)
        response["Retry-After"] = str(int(RETRY_AFTER * 6))
        return response
