"""A published partners cell, split into foreign partner authorities, each with its country.

Published lists put several partners in one cell and say their country in many ways:
« Montreux, Fribourg (Suisse), Namur (Belgique) » (a country in parentheses applies to every
name since the previous one), « communes de Dakar (Sénégal) et de Bamako (Mali) », or nothing at
all when the call is a joint fund with one country (« Kharas » under « Franco-palestinien 2025 »).
Where nothing says the country, it stays None: a person fills it in, nothing is guessed.
"""
import re
from dataclasses import dataclass

from .country_names import CountryLookup, country_lookup
from .text import normalise

_SEPARATOR = re.compile(r"\s*(?:[,;\n]|\s(?:et|&)\s)\s*", re.IGNORECASE)
_TRAILING_PARENTHESES = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$", re.DOTALL)
# "communes de X et de Y": the plural names the kind of every partner of the list, not one name.
_ENUMERATION = re.compile(
    r"^(?:les\s+)?(?:communes|villes|municipalités|districts|régions|provinces|gouvernorats)"
    r"\s+(?:de\s+|d['’]\s*|du\s+)",
    re.IGNORECASE,
)
# "… et de Y": the connective, always in lower case, is not part of the name ("De Aar" is).
_CONNECTIVE = re.compile(r"^(?:de\s+|d['’]\s*|du\s+)")
_FRANCO = re.compile(r"\bfranco (\w+)")
# Prefixes that name the same authority with or without them ("District de Huye" is Huye).
# Région, province and gouvernorat stay: the region of Dakar is not the city of Dakar.
_KEY_PREFIX = re.compile(
    r"^(?:la |le )?(?:commune(?: urbaine| rurale)?|ville|municipalite|mairie|district) (?:de |d |du )"
)


@dataclass(frozen=True)
class Partner:
    name: str
    country: str | None  # ISO 3166-1 alpha-2 (XK for Kosovo); None when nothing says which


def _depths(text):
    depth, depths = 0, []
    for char in text:
        depth += char == "("
        depths.append(depth)
        depth -= char == ")" and depth > 0
    return depths


def _segments(cell):
    """The cell cut at separators outside parentheses: « Québec (Canada, province) » stays whole."""
    depths, segments, start = _depths(cell), [], 0
    for separator in _SEPARATOR.finditer(cell):
        if depths[separator.start()] == 0:
            segments.append(cell[start:separator.start()])
            start = separator.end()
    segments.append(cell[start:])
    return segments


def _clean(name):
    name = _CONNECTIVE.sub("", _ENUMERATION.sub("", " ".join(name.split())))
    return name.strip(" .:-–—")


def call_country(call, countries: CountryLookup) -> str | None:
    """The country of a joint fund's call: the call's own, else the adjective of its name.

    `call` is a Call, or only its published name (« Franco-sénégalais 2025 »).
    """
    if call is None:
        return None
    if not isinstance(call, str):
        if call.partner_country_id:
            return call.partner_country_id
        call = call.name
    adjective = _FRANCO.search(normalise(call))
    return countries.find(adjective.group(1)) if adjective else None


def split_partners(cell: str, call=None, *, countries: CountryLookup | None = None) -> list[Partner]:
    """The partners of a published cell, in the cell's order.

    The country of a name is, in this order: the country in parentheses after it (or after the
    names that follow it), the country the name itself is (« Québec »), the call's country.
    Pass `countries` when splitting many cells: it is read from the database otherwise.
    """
    countries = countries or country_lookup()
    default = call_country(call, countries)
    partners, pending = [], []
    for segment in _segments(cell or ""):
        name, country = segment, None
        parentheses = _TRAILING_PARENTHESES.match(segment)
        if parentheses:
            country = countries.find(parentheses.group(2))
            if country:
                name = parentheses.group(1)
        name = _clean(name)
        if name:
            pending.append(name)
        if country:
            partners += [Partner(each, country) for each in pending]
            pending = []
    partners += [Partner(each, countries.find(each) or default) for each in pending]
    return partners


def partner_key(name: str) -> str:
    """One key for every way of writing a partner: « District de Huyé » and « Huye » agree."""
    key = normalise(name)
    return _KEY_PREFIX.sub("", key, count=1) or key
