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
_INNER_PARENTHESES = re.compile(r"\(([^()]*)\)(?=\s+\S)")
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


def depths(text):
    """The parenthesis depth at each character of the text."""
    depth, depths = 0, []
    for char in text:
        depth += char == "("
        depths.append(depth)
        depth -= char == ")" and depth > 0
    return depths


def segments(cell):
    """The cell cut at separators outside parentheses: « Québec (Canada, province) » stays whole."""
    depth, parts, start = depths(cell), [], 0
    for separator in _SEPARATOR.finditer(cell):
        if depth[separator.start()] == 0:
            parts.append(cell[start:separator.start()])
            start = separator.end()
    parts.append(cell[start:])
    return parts


def _pieces(segment, countries: CountryLookup):
    """A segment cut after each country in parentheses followed by more text: « Huye (Rwanda)
    Bohicon (Bénin) » is two partners once a line break between them has become a space."""
    pieces, start = [], 0
    for inner in _INNER_PARENTHESES.finditer(segment):
        if countries.find(inner.group(1)):
            pieces.append(segment[start:inner.end()])
            start = inner.end()
    return [*pieces, segment[start:]]


def _column_countries(cell, countries: CountryLookup):
    """The countries of a partner-country column, one per name it lists (None where unknown)."""
    return [countries.find(part) for part in segments(cell or "") if part.strip()]


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


def split_partners(cell: str, call=None, *, countries: CountryLookup | None = None,
                   country_cell: str = "") -> list[Partner]:
    """The partners of a published cell, in the cell's order.

    The country of a name is, in this order: the country in parentheses after it (or after the
    names that follow it), the country the name itself is (« Québec »), the row's partner-country
    column (`country_cell`: one country for all, or one per partner in the cell's order), the
    call's country. Pass `countries` when splitting many cells: it is read from the database
    otherwise.
    """
    countries = countries or country_lookup()
    column = _column_countries(country_cell, countries)
    default = (column[0] if len(column) == 1 else None) or call_country(call, countries)
    partners, pending = [], []
    for segment in (piece for part in segments(cell or "") for piece in _pieces(part, countries)):
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
    partners += [Partner(each, countries.find(each)) for each in pending]
    if len(column) > 1 and len(column) == len(partners):
        return [p if p.country else Partner(p.name, own or default) for p, own in zip(partners, column)]
    return [p if p.country else Partner(p.name, default) for p in partners]


def partner_key(name: str) -> str:
    """One key for every way of writing a partner: « District de Huyé » and « Huye » agree."""
    key = normalise(name)
    return _KEY_PREFIX.sub("", key, count=1) or key
