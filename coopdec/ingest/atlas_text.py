"""What networks write about their members' external action, read into Atlas items: pure functions.

Two shapes, as they are really published:

- **Bullets typed as dashes inside one paragraph**, as content-management systems produce them:
  ``<p>- Ville de Figeac (Lot) : jumelage avec Tombouctou (Mali)<br>– Département du Gers avec la
  région de Kédougou (Sénégal)</p>``. `bullet_items` cuts such a text (its line breaks as ``\\n``;
  a text file's literal ``<br>`` counts as one) into one item per bullet. A bullet is a dash
  (« - », « – », « — ») followed by a space, or « • », « ▪ », « ► », « · », « * », at the start
  of a line: the dash of « Saint-Affrique », « Provence-Alpes-Côte d'Azur » or of « Rodez – Bamako »
  inside a line never cuts. A line without bullet right under an item continues it (the editor
  wrapped it); after a blank line, it is the heading of the items below.
- **Sentences** such as « La Ville de Rodez (Aveyron) avec les communes de Bamako (Mali) et de Kayes
  (Mali) autour de l'eau potable », « Ville de Figeac (Lot) : jumelage avec Tombouctou (Mali) » or
  the laureates' form « La Ville de Castres (Tarn) et le district de Huye (Rwanda), pour un projet
  de … ». `atlas_sentence` gives the French authorities (each with the département or région
  written in parentheses, a hint for the resolver), the foreign partners each with its country,
  the nature (jumelage, accord, projet) and the title. It resolves nothing: the import does.
"""
import re
from dataclasses import dataclass

from coopdec.territories.partners import depths, segments, split_partners
from coopdec.territories.text import normalise

from .narrative import party_name, sentence_parts, split_parties

# Bullets -----------------------------------------------------------------------------------------

BULLET = re.compile(r"^\s*(?:[-–—]\s+|[•▪►·*]\s*)")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class Bullet:
    line: int  # the line of the text where the item starts (1-based)
    text: str  # without its bullet, its wrapped lines joined
    heading: str  # the last line without bullet above it, after a blank line or at the start


def bullet_items(text: str, *, first_line: int = 1) -> list[Bullet]:
    """Every bulleted item of a text, one per bullet; `first_line` numbers the text's first line."""
    lines = [(number, part) for number, line in enumerate((text or "").split("\n"), start=first_line)
             for part in _BREAK_TAG.split(line)]
    items, heading, current, blank = [], "", None, True
    for number, line in lines:
        stripped = " ".join(line.split())
        if not stripped:
            blank = True
            continue
        if BULLET.match(line):
            if current is not None:
                items.append(current)
            current = Bullet(number, BULLET.sub("", line, count=1).strip(), heading)
        elif current is not None and not blank:
            current = Bullet(current.line, f"{current.text} {stripped}", current.heading)
        else:
            if current is not None:
                items.append(current)
                current = None
            heading = stripped
        blank = False
    if current is not None:
        items.append(current)
    return [Bullet(b.line, " ".join(b.text.split()), b.heading) for b in items if b.text.strip()]


# Sentences ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FrenchParty:
    name: str  # as written, without its article nor the place in parentheses
    place: str = ""  # the département or région written in parentheses: a hint, not a record

    @property
    def written(self) -> str:
        """The name with its place, as the resolver reads it (« Ville de Rodez (Aveyron) »)."""
        return f"{self.name} ({self.place})" if self.place else self.name


@dataclass(frozen=True)
class ForeignParty:
    name: str  # "" when the sentence names only a country (« avec le Mali »)
    country: str | None  # ISO 3166-1 alpha-2; None when nothing says which
    country_as_written: str = ""


@dataclass(frozen=True)
class AtlasItem:
    authorities: tuple  # FrenchParty, the lead first
    partners: tuple  # ForeignParty
    title: str
    kind: str  # "projet", "jumelage", "accord" or "autre" (atlas.models.Action.Kind's values)
    theme: str = ""  # the purpose as written after « autour de », « pour »…; "" when none


# « avec » joins the French side to the partners; before it, what the sentence says of the link.
_WITH = re.compile(r"\savec\s", re.IGNORECASE)
_LINK = re.compile(
    r"(?:\s*[:,–—-]\s*|\s+)(?:(?:est|sont)\s+|a\s+sign[ée]\s+|ont\s+sign[ée]\s+|signe\s+)?"
    r"(?P<link>(?:un\s+|une\s+|le\s+|la\s+|l['’]\s*)?(?:jumel\w*|partenariat\w*|en\s+partenariat|coop[ée]r\w*"
    r"|(?:accord|convention|charte|protocole)(?:[\s-]cadre)?(?:\s+de\s+(?:coop[ée]ration|partenariat|jumelage|amitié))?"
    r"|travaill\w*|agi\w*|partenaire\w*|associ[ée]\w*|engag[ée]\w*|li[ée]e?s?|projet\w*"
    r"|action\w*|relations?|échanges?)(?:\s+(?:d['’]\s*amitié|décentralisée?s?|internationale?s?))?)\s*$",
    re.IGNORECASE,
)
# Where the partners end and the theme begins, outside parentheses.
_THEME = re.compile(
    r"\s*,?\s*(?:\bautour\s+(?:de\s+la|de\s+l['’]|des|du|de|d['’])\s*|\bpour\s+"
    r"|\bsur\s+(?:le\s+thème\s+(?:de\s+|du\s+|des\s+)?)?"
    r"|\bdans\s+(?:le|les)\s+domaines?\s+(?:de\s+la|de\s+l['’]|des|du|de|d['’])\s*|\ben\s+matière\s+(?:de\s+|d['’]\s*)"
    r"|\bafin\s+(?:de\s+|d['’]\s*)|\bconcernant\s+|\bportant\s+sur\s+|\bau\s+service\s+(?:de\s+|du\s+|des\s+)"
    r"|\bautour\s+)"
    r"|\s:\s*|\s[–—-]\s+|,\s+(?=(?:projet|dans\s+le\s+cadre|en\s+faveur)\b)",
    re.IGNORECASE,
)
# A purpose before « avec » (« …, pour un projet avec les jeunes »): « avec » is the theme's. Narrower
# than _THEME, whose « sur » or « – » may be part of a French name written without its hyphens.
_PURPOSE_BEFORE = re.compile(r",\s*pour\b|\sautour\s+d|\spour\s+(?:un|une|le|la|les|l['’])|\s:\s+(?!jumel)",
                             re.IGNORECASE)
_PURPOSE_LEAD = re.compile(
    r"^(?:(?:un|une|le|la|les|leur|son|sa|ses)\s+)?(?:(?:projet|programme|action|partenariat|coopération)s?\s+)?"
    r"(?:intitulée?\s+|nommée?\s+)?(?:(?:de\s+la|de\s+l['’]|des|du|de|d['’]|sur|autour\s+de)\s*)?",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(?:(?:les|la|le)\s+|l['’]\s*)(?=\w)", re.IGNORECASE)
_QUOTED = re.compile(r"^[«\"“]\s*(.+?)\s*[»\"”]\s*\.?$")
_TRAILING_PLACE = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
# « les communes de Rodez et de Millau (Aveyron) »: the plural names the kind of every name.
_FRENCH_ENUMERATION = re.compile(
    r"^(?:les\s+)?(?P<kind>communes|villes|départements|régions|communautés\s+de\s+communes|métropoles)"
    r"\s+(?:de\s+|d['’]\s*|du\s+)(?P<rest>.+)$",
    re.IGNORECASE,
)
_SINGULAR = {"communes": "Commune", "villes": "Ville", "départements": "Département", "régions": "Région",
             "métropoles": "Métropole"}
_CONNECTIVE = re.compile(r"^(?:de\s+|d['’]\s*|du\s+)")
# How a French authority's name begins, when no place or country says the sentence is one.
_AUTHORITY_WORD = re.compile(
    r"^(?:ville|commune|mairie|municipalité|département|conseil|région|communauté|métropole|eurométropole"
    r"|agglomération|agglo|syndicat|établissement|collectivité|pays|pôle|territoire)\b", re.IGNORECASE)
_TWINNING = re.compile(r"\bjumel", re.IGNORECASE)
_AGREEMENT = re.compile(r"\b(?:accord|convention|charte|protocole)\b", re.IGNORECASE)
_PROJECT = re.compile(r"\bprojet", re.IGNORECASE)


def _outside(text, pattern, start=0):
    """The matches of `pattern` in `text` at parenthesis depth 0, from `start`."""
    depth = depths(text)
    return [m for m in pattern.finditer(text, start) if depth[m.start()] == 0]


def _title(theme: str) -> str:
    """« l'eau potable » gives « Eau potable », « un projet de gestion des déchets » « Gestion des déchets »."""
    text = theme.strip().rstrip(".;").strip()
    quoted = _QUOTED.match(text)
    if quoted:
        return quoted.group(1)
    core = _PURPOSE_LEAD.sub("", text, count=1) or text
    quoted = _QUOTED.match(core)
    core = quoted.group(1) if quoted else _ARTICLE.sub("", core, count=1)
    return core[:1].upper() + core[1:]


def _french_parties(side: str, is_country) -> list[FrenchParty]:
    """The French side of a sentence: « Le Département de l'Ariège et la commune de Foix (Ariège) »."""
    parties, kind, group = [], None, []
    for segment in segments(side):
        segment = " ".join(segment.split()).strip(" .,;")
        if not segment:
            continue
        enumeration = _FRENCH_ENUMERATION.match(segment)
        if enumeration:
            kind = _SINGULAR.get(enumeration.group("kind").lower(), "Communauté de communes")
            segment, group = f"{kind} de {enumeration.group('rest')}", [len(parties)]
        elif kind and _CONNECTIVE.match(segment):
            segment = f"{kind} {segment}"
            group.append(len(parties))
        else:
            kind, group = None, []
        name, place = party_name(segment), ""
        trailing = _TRAILING_PLACE.match(name)
        if trailing and not is_country(trailing.group(2)):
            name, place = trailing.group(1), trailing.group(2).strip()
        parties.append(FrenchParty(name.strip(), place))
        if place and len(group) > 1:  # « les communes de Rodez et de Millau (Aveyron) »: all of them
            for index in group[:-1]:
                if not parties[index].place:
                    parties[index] = FrenchParty(parties[index].name, place)
    return parties


def _foreign_parties(side: str, countries) -> list[ForeignParty]:
    """The partners of a sentence, each with its country (as written and as ISO code)."""
    written = {}
    for inner in re.findall(r"\(([^()]*)\)", side):
        code = countries.find(inner)
        if code:
            written.setdefault(code, inner.strip())
    found = []
    for partner in split_partners(side, countries=countries):
        name = party_name(partner.name)
        if partner.country is None and countries.find(name):  # « avec le Mali »
            partner = type(partner)(name, countries.find(name))
        if partner.country and countries.find(name) == partner.country and name not in written.values():
            found.append(ForeignParty("", partner.country, name))  # a country, no authority named
        else:
            found.append(ForeignParty(name, partner.country, written.get(partner.country, "")))
    return found


def _kind(*texts) -> str:
    text = " ".join(texts)
    if _TWINNING.search(text):
        return "jumelage"
    if _AGREEMENT.search(text):
        return "accord"
    return "projet" if _PROJECT.search(text) else ""


def atlas_sentence(text: str, *, countries, places=None) -> AtlasItem | None:
    """The item a sentence describes, or None when it is not one: it needs a French authority and
    at least one partner or country.

    `countries` is a `territories.country_names.CountryLookup`; `places` (`ingest.rules.Places`)
    tells a French place in parentheses from a country (« Réunion » is both).
    """
    text = " ".join(BULLET.sub("", text or "", count=1).split()).strip(" ;.")
    if not text:
        return None

    def is_country(inner):
        code = countries.find(inner)
        return code not in (None, "FR") and not (places is not None and places.is_french(inner))

    for pivot in _outside(text, _WITH):
        left, right = text[:pivot.start()], text[pivot.end():]
        link = _LINK.search(left)
        link_text = link.group("link") if link else ""
        french_side = left[:link.start()] if link else left
        if (not french_side.strip() or _outside(french_side, _PURPOSE_BEFORE)
                or _is_country_side(french_side, is_country)):
            break  # « avec » belongs to the theme: read the sentence as a laureate's
        cut = next(iter(_outside(right, _THEME)), None)
        partners_side, theme = (right[:cut.start()], right[cut.end():]) if cut else (right, "")
        french = _french_parties(french_side, is_country)
        partners = _foreign_parties(partners_side, countries)
        if not french or not partners or not (
                _AUTHORITY_WORD.match(french[0].name) or french[0].place or any(p.country for p in partners)):
            return None  # « Retrouvez nos actualités avec nous »: no authority, no country
        kind = _kind(link_text, theme[:40]) or ("projet" if theme else "autre")
        title = _title(theme) if theme.strip() else _default_title(kind, partners)
        return AtlasItem(tuple(french), tuple(partners), title, kind, theme.strip(" .;"))
    return _laureate_sentence(text, countries, is_country)


def _is_country_side(side, is_country) -> bool:
    """Whether a side names only foreign places (the partners come first: not an Atlas sentence)."""
    inner = [m for m in re.findall(r"\(([^()]*)\)", side)]
    return bool(inner) and all(is_country(each) for each in inner)


def _laureate_sentence(text, countries, is_country):
    """« La Ville de Castres (Tarn) et le district de Huye (Rwanda), pour un projet de … »."""
    parts = sentence_parts(text)
    if parts is None:
        return None
    parties, title = parts

    def is_french(name):
        trailing = _TRAILING_PLACE.match(name)
        return bool(trailing) and not is_country(trailing.group(2))

    french, foreign = split_parties(parties, is_country, is_french)
    partners = _foreign_parties(foreign, countries)
    french = _french_parties(", ".join(french), is_country)
    if not french or not partners:
        return None
    return AtlasItem(tuple(french), tuple(partners), title, _kind(text) or "projet", title)


def _default_title(kind: str, partners) -> str:
    """The title of a sentence without theme: what it says, « Jumelage avec Tombouctou »."""
    names = [p.name or p.country_as_written for p in partners]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]
    return f"{'Jumelage' if kind == 'jumelage' else 'Accord' if kind == 'accord' else 'Coopération'} avec {joined}"


def title_key(title: str) -> str:
    """How two writings of one title meet: `normalise`."""
    return normalise(title)
