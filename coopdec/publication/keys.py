"""A laureate's stable key, shared by the downloads, the open data and the API.

``<campaign year>-<12 hex digits>``: the SHA-256 of its call's slug, the published name of its
French authority (normalised) and its normalised title. These are what a published list says of
a laureate, so the key survives re-imports, a new database, and the later confirmation of an
ambiguous authority (the published name is kept once resolved). Correcting the title of a
project changes its key: titles are its identity in published lists.
"""
import hashlib


def project_key(*, year: int, call_slug: str, lead_name_key: str, title_key: str) -> str:
    """ "2025-3f9a1c0b2d4e": stable for a laureate as long as its published identity is."""
    identity = "\x1f".join((call_slug, lead_name_key, title_key)).encode()
    return f"{year}-{hashlib.sha256(identity).hexdigest()[:12]}"
