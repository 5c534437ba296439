"""What the public pages may keep in a cache, and how a change of the published records empties it.

`publication_changed` is called once a change of what the public sees is committed (a committee's
session published or reopened, …): it gives the version the cached pages are keyed by a new
value, so nothing cached before the change is served after it.
"""
import time

from django.core.cache import cache

VERSION_KEY = "publication:version"


def _key(campaign_id) -> str:
    return VERSION_KEY if campaign_id is None else f"{VERSION_KEY}:campagne:{campaign_id}"


def publication_version(*, campaign_id=None) -> int:
    """The current version of everything published (or of one campaign's pages); 0 before any change."""
    return cache.get(_key(campaign_id), 0)


def publication_changed(*, campaign_id=None) -> None:
    """The published records changed (those of `campaign_id` when given): every cached page keyed
    by the global version, and by that campaign's, is stale from now on. A new value each time
    (never a counter that an eviction could bring back to an old value)."""
    version = time.time_ns()
    cache.set_many({_key(None): version, **({_key(campaign_id): version} if campaign_id is not None else {})},
                   timeout=None)
