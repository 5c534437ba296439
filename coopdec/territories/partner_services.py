"""Writes of foreign partner authorities: one row per partner, however a list spells it.

A partner is keyed by its country and `partner_key(name)`: accents, case and prefixes such as
« District de » do not make a second partner (« Béthléem », « Bethléem »), and a former name
listed in `data/reference/partner-aliases.csv` is the current one (Butare is Huye).
"""
import csv
import functools

from django.conf import settings
from django.db import transaction

from .models import ForeignAuthority
from .partners import partner_key

ALIASES_FILE = "partner-aliases.csv"


@functools.cache
def _current_keys() -> dict[tuple[str, str], str]:
    """(country, key of a former name) → key of the current name."""
    with open(settings.REFERENCE_DIR / ALIASES_FILE, newline="", encoding="utf-8") as handle:
        return {(row["iso2"], partner_key(row["former"])): partner_key(row["current"])
                for row in csv.DictReader(handle)}


def foreign_authority_key(name: str, country: str | None) -> str:
    """The key a partner is found by: its name's key, or the current name's for a former name."""
    key = partner_key(name)
    return _current_keys().get((country, key), key)


@transaction.atomic
def foreign_authority_get_or_create(*, name: str, country: str | None) -> ForeignAuthority:
    """The partner `name` designates in `country` (an ISO code, or None when nobody knows).

    A new partner keeps the name as first written; later spellings find it by its key.
    """
    authority, _ = ForeignAuthority.objects.get_or_create(
        key=foreign_authority_key(name, country), country_id=country, defaults={"name": " ".join(name.split())}
    )
    return authority
