"""Which French authority a published name means — or an honest "ambiguous" or "unknown".

`resolve_authority("Ville de Thiers (Puy-de-Dôme)")` looks the name up in an in-memory index of
every authority, alias and confirmation, built once from the database and rebuilt whenever one of
them changes, in this process or any other (see « The index of the running process » below). Lookups go from the surest to the loosest reading, and the first reading that finds
anything decides:

1. exact: the official name or an alias, once accents, case, punctuation and "St" are set aside;
2. loose: the name without its article ("Chambon-sur-Lignon"), an EPCI without its legal form
   ("Sicoval" for "CA du Sicoval") or by its acronym;
3. tokens: the same words in another order ("Montpellier Métropole Méditerranée");
4. fuzzy: one typo away from a long name — a candidate for a person, picked alone only when it
   is the single one and the name is long.

A prefix ("Ville de", "Conseil départemental du", "Communauté urbaine de"…) says which kind of
body is meant; a département or région in parentheses and the `region`/`department` arguments
(an INSEE code or a name: "76" or "Occitanie") narrow the search. A hint that names nothing, or a
département outside the région given, is said in the reason and keeps the answer from being
`resolved`. Homonyms left are then decided by a person's confirmation made in a matching context
(below), else by a decisive population margin only (see `_decisive`) and only if nobody ever
confirmed another of them; otherwise the answer is `ambiguous` with every candidate, because a
wrong silent pick is the worst outcome.

Confirmations and their context
-------------------------------
A person's confirmation (`services.authority_confirm`, `AuthorityConfirmation`) says that a name,
published in one context, meant one authority. A name only one authority has (a former name, a
usual name, a typo) also becomes a plain alias and resolves everywhere. A name several
authorities have ("Barjac": three communes) decides again only where the context matches.
The context of a resolution (`ResolutionContext`) is who published the list (`publisher`), the
list's région, the call's partner country and the foreign partner named on the row. A
confirmation matches a context when nothing known on both sides contradicts it — the région and
the partner country, when both sides know them, are the same — and:

* either the same foreign partner is named (same partner key, as `ForeignAuthority.key`): a
  French authority and its partner are the case a person confirmed, whoever publishes it again;
* or the same publisher (same normalised text, never empty) published a list of the same région
  (known on both sides), and the partners named do not differ.

A publisher alone is not enough: a national list names the three Barjac in different years; a
région alone is not enough either: the three Barjac are all in Occitanie. Without a context
(`resolve_authorities`, the reconciliation service) no confirmation of a shared name decides.
Where no confirmation matches, the earlier ones are told in the reason as hints (« confirmé une
fois comme Barjac (Gard) pour Occitanie Coopération »), so the person reviewing knows.
"""
import functools
import re
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils import translation
from django.utils.translation import gettext_lazy

from coopdec.french.text import number_fr
from coopdec.territories import selectors
from coopdec.territories.models import Authority, NameIndexVersion
from coopdec.territories.partner_services import foreign_authority_key
from coopdec.territories.text import name_key

Kind = Authority.Kind

# Homonyms of one kind are decided without hints only if the largest has at least
# POPULATION_RATIO times the population of the next and POPULATION_FLOOR inhabitants: Castres
# (Tarn, 42,505) over Castres (Aisne, 246) — but never the Barjac of the Gard (1,608) over the
# Lozère's (806), nor one village over a hamlet.
POPULATION_RATIO = 20
POPULATION_FLOOR = 10_000
# A fuzzy match is a candidate from FUZZY_MIN_LENGTH characters, and picked alone (when it is the
# only one) from FUZZY_PICK_LENGTH: one typo in a short name too often makes another real name.
FUZZY_MIN_LENGTH = 8
FUZZY_PICK_LENGTH = 12

OFFICIAL = "official"
CONFIRMED = "confirmed"  # AuthorityAlias.Source.CONFIRMED: a name only this body has, said by a person
# When one body is reached several ways, the surest way is kept: a person's word, then the
# official name, then the other aliases (former names, usage names, imports).
_ORIGIN_RANK = {CONFIRMED: 0, OFFICIAL: 1}
EXACT, LOOSE, TOKENS, FUZZY = "exact", "loose", "tokens", "fuzzy"
_TIER_SCORE = {EXACT: 1.0, LOOSE: 0.9, TOKENS: 0.85, FUZZY: 0.75}
_ALIAS_PENALTY = 0.05


class Status(StrEnum):
    RESOLVED = "resolved"
    AMBIGUOUS = "ambiguous"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Candidate:
    kind: str
    code: str  # INSEE code (commune, département, région) or SIREN (EPCI, EPT)
    name: str
    departement_code: str | None
    region_code: str | None
    population: int | None
    score: float
    authority_id: int


@dataclass(frozen=True, slots=True)
class Resolution:
    status: Status
    match: Candidate | None
    candidates: tuple[Candidate, ...]
    reason: str

    def as_dict(self) -> dict:
        """The JSON shape of `resolve_authorities`: one flat object a spreadsheet can take."""
        match = self.match
        return {
            "status": str(self.status),
            "kind": match.kind if match else None,
            "code": match.code if match else None,
            "name": match.name if match else None,
            "region": match.region_code if match else None,
            "candidates": [c.code for c in self.candidates],
            "reason": self.reason,
        }


# Prefixes that name the kind of body, then the words that may join them to the name. A joining
# word carrying an article gives it back to the name ("Ville du Havre" → "le havre").
_KIND_WORDS = {
    "ville": Kind.COMMUNE, "commune": Kind.COMMUNE, "mairie": Kind.COMMUNE,
    "municipalite": Kind.COMMUNE,
    "conseil departemental": Kind.DEPARTEMENT, "conseil general": Kind.DEPARTEMENT,
    "departement": Kind.DEPARTEMENT,
    "conseil regional": Kind.REGION, "region": Kind.REGION,
    "communaute urbaine": Kind.EPCI, "communaute d agglomeration": Kind.EPCI,
    "communaute de communes": Kind.EPCI, "communaute des communes": Kind.EPCI,
    "agglomeration": Kind.EPCI, "agglo": Kind.EPCI, "metropole": Kind.EPCI,
    "eurometropole": Kind.EPCI, "epci": Kind.EPCI, "cu": Kind.EPCI, "ca": Kind.EPCI, "cc": Kind.EPCI,
    "etablissement public territorial": Kind.EPT, "ept": Kind.EPT,
}
_JOINS = {"de la": "la ", "de l": "l ", "du": "le ", "des": "les ", "de": "", "d": ""}


def _any_of(words) -> str:
    """A regex alternation that tries the longest words first ("de la" before "de")."""
    return "|".join(sorted(words, key=len, reverse=True))


_PREFIX = re.compile(rf"^(?P<kind>{_any_of(_KIND_WORDS)})(?: (?P<join>{_any_of(_JOINS)}))? (?P<core>.+)$")
_EPCI_FORM = re.compile(
    r"^(?:cc|ca|cu|communaute de communes|communaute d agglomeration|communaute urbaine|"
    rf"metropole|eurometropole)(?: (?:{_any_of(_JOINS)}))? "
)
_EPCI_SUFFIX = re.compile(r" (?:metropole|agglomeration|agglo)$")
_ARTICLE = re.compile(r"^(?:le|la|les|l) ")
_PARENTHESES = re.compile(r"\(([^()]*)\)")


def _without_article(key: str) -> str:
    return _ARTICLE.sub("", key, count=1)


def _tokens(key: str) -> str:
    return " ".join(sorted(key.split()))


def _one_edit(a: str, b: str) -> bool:
    """True when two different keys are one substitution, insertion, deletion or swap apart."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1:]
    swapped = a[i:i + 2] == b[i:i + 2][::-1]
    return a[i + 1:] == b[i + 1:] or (swapped and a[i + 2:] == b[i + 2:])


@dataclass(frozen=True, slots=True)
class _Entry:
    authority_id: int
    kind: str
    code: str
    name: str
    departement: str | None
    region: str | None
    population: int | None


@dataclass(frozen=True, slots=True)
class _Reading:
    """One way of reading the published name: a key, maybe restricted to one kind of body."""

    key: str
    kind: str | None = None


@dataclass(slots=True)
class _Hints:
    region: str | None = None
    departement: str | None = None
    kind: str | None = None
    foreign: str | None = None  # a country other than France, named in parentheses
    doubts: list[str] = field(default_factory=list)  # hints that were given but could not be used

    def of_kind(self, entry: _Entry, reading: _Reading) -> bool:
        kind = reading.kind or self.kind
        return kind is None or entry.kind == kind

    def in_zone(self, entry: _Entry) -> bool:
        return ((self.region is None or entry.region == self.region)
                and (self.departement is None or entry.departement == self.departement))


@dataclass(frozen=True)
class ResolutionContext:
    """Where a name was published: a person's confirmation decides again only in the same context.

    `publisher`: who published the list (ImportBatch.source_label, or the file name without one);
    `region`: INSEE code of the list's region; `partner_country`: ISO alpha-2 of the call's partner
    country; `partner`: the foreign partner named on the row, as published. See the module's
    docstring for when two contexts match.
    """

    publisher: str = ""
    region: str | None = None
    partner_country: str | None = None
    partner: str = ""

    @functools.cached_property
    def keys(self) -> "_ContextKeys":
        """The context as confirmations are compared: normalised, empty values as "" (worked out
        once: an import row's lead and co-applicants share it)."""
        country = (self.partner_country or "").strip().upper()
        partner = " ".join(_PARENTHESES.sub(" ", self.partner or "").split())
        return _ContextKeys(
            publisher=name_key(self.publisher or ""), region=_code(self.region) or "", country=country,
            partner=foreign_authority_key(partner, country or None) if partner else "",
        )


@dataclass(frozen=True, slots=True)
class _ContextKeys:
    publisher: str = ""
    region: str = ""
    country: str = ""
    partner: str = ""


@dataclass(frozen=True, slots=True)
class _Confirmation:
    """One confirmation of a shared name, as the index keeps it (see the module's docstring)."""

    entry: int  # position of the authority confirmed in the index
    publisher: str
    partner: str
    keys: _ContextKeys

    def rule(self, here: _ContextKeys) -> str | None:
        """How this confirmation decides in the context `here`: "partner", "publisher" or None."""
        mine = self.keys
        if _differ(mine.region, here.region) or _differ(mine.country, here.country):
            return None
        if mine.partner and mine.partner == here.partner:
            return "partner"
        if (mine.publisher and mine.publisher == here.publisher and mine.region
                and mine.region == here.region and not _differ(mine.partner, here.partner)):
            return "publisher"
        return None


def _differ(mine: str, theirs: str) -> bool:
    return bool(mine and theirs and mine != theirs)


def confirmation_key(name: str) -> str:
    """The key a confirmation is kept under: the name without parentheses, kind prefix or article,
    so that « Mairie de Barjac » and « Barjac » of one list meet."""
    key = name_key(_PARENTHESES.sub(" ", name or ""))
    prefixed = _PREFIX.match(key)
    if prefixed:
        key = _JOINS.get(prefixed["join"] or "", "") + prefixed["core"]
    return _without_article(key)


class AuthorityIndex:
    """Every authority, alias and confirmation under the keys a published name may take; pure
    once built."""

    def __init__(self, *, authorities, aliases, departements, regions, countries, confirmations=()):
        """Plain rows: authorities (id, kind, code, name, departement, region, population),
        aliases (text, authority id, source), departements (code, name, region),
        regions (code, name), countries (iso2, name_fr, name_en), confirmations (name key,
        authority id, publisher, region, partner country, partner, partner key)."""
        self._entries = [_Entry(*row) for row in authorities]
        self._position = position = {entry.authority_id: i for i, entry in enumerate(self._entries)}
        self._keys = {EXACT: defaultdict(list), LOOSE: defaultdict(list), TOKENS: defaultdict(list)}
        for i, entry in enumerate(self._entries):
            self._add(i, OFFICIAL, entry.name, entry.kind)
        for text, authority_id, source in aliases:
            if authority_id in position:
                self._add(position[authority_id], source, text, None)
        self._fuzzy = defaultdict(set)
        for tier in (EXACT, LOOSE):
            for key in self._keys[tier]:
                if len(key) >= FUZZY_MIN_LENGTH:
                    for side, part in self._halves(key, len(key)):
                        self._fuzzy[(side, len(key), part)].add(key)
        self._confirmations = defaultdict(list)
        for key, authority_id, publisher, region, country, partner, partner_key in confirmations:
            if authority_id in position:
                keys = _ContextKeys(name_key(publisher), region or "", country or "", partner_key)
                self._confirmations[key].append(_Confirmation(position[authority_id], publisher, partner, keys))
        self.departement_names = {code: name for code, name, _region in departements}
        self._region_of = {code: region for code, _name, region in departements}
        self.region_names = dict(regions)
        # A place by its name: "Gard", "le Gard", "Occitanie"; La Réunion is both a département
        # and a région, hence one table for each kind and, in parentheses, the département first.
        self._named = {"departement": {}, "region": {}}
        for what, rows in (("departement", departements), ("region", regions)):
            for code, name, *_region in rows:
                for key in (code.lower(), name_key(name), _without_article(name_key(name))):
                    self._named[what].setdefault(key, code)
        self._places = {}
        for what in ("departement", "region"):
            for key, code in self._named[what].items():
                if what == "departement" or not key.isdigit():
                    self._places.setdefault(key, (what, code))
        for iso2, *names in countries:
            for name in names:
                self._places.setdefault(name_key(name), ("country" if iso2 != "FR" else "france", name))
        for word, kind in _KIND_WORDS.items():
            self._places.setdefault(word, ("kind", kind))

    def _add(self, i: int, origin: str, text: str, kind: str | None) -> None:
        """File entry i under every key of one of its names (kind is set for official names)."""
        key = name_key(text)
        if not key:
            return
        keys = self._keys
        keys[EXACT][key].append((i, origin))
        base = name_key(_PARENTHESES.sub(" ", text)) if "(" in text else key
        loose = {_without_article(key), base}
        if kind in (Kind.EPCI, Kind.EPT):
            short = _EPCI_FORM.sub("", base, count=1)
            loose |= {short, _EPCI_SUFFIX.sub("", short)}
            loose |= {name_key(inner) for inner in _PARENTHESES.findall(text)}
        for other in loose - {key, ""}:
            keys[LOOSE][other].append((i, origin))
        keys[TOKENS][_tokens(key)].append((i, origin))

    @staticmethod
    def _halves(key: str, length: int):
        """The two halves under which a key of that length is filed for the one-typo search."""
        half = length // 2
        return (("L", key[:half]), ("R", key[len(key) - half:]))

    # Lookup -----------------------------------------------------------------------------------

    def resolve(self, name: str, region: str | None = None, department: str | None = None,
                context: ResolutionContext | None = None) -> Resolution:
        say = _phrases(translation.get_language())
        text = " ".join((name or "").split())
        key = name_key(text)
        if not key:
            return Resolution(Status.UNKNOWN, None, (), say["empty"])
        hints = _Hints()
        self._read_hint(region, "region", hints, say)
        self._read_hint(department, "departement", hints, say)
        if "(" in text and key not in self._keys[EXACT]:
            self._read_parentheses(text, hints, say)
            text = " ".join(_PARENTHESES.sub(" ", text).split())
            key = name_key(text)
        self._check_zone(hints, say)
        if hints.foreign:
            return Resolution(Status.UNKNOWN, None, (), say["foreign"] % {"name": name.strip(),
                                                                          "country": hints.foreign})
        readings = self._readings(key)
        excluded = {}
        for tier in (EXACT, LOOSE, TOKENS, FUZZY):
            for reading in readings:
                found = {i: origin for i, origin in self._lookup(tier, reading.key).items()
                         if hints.of_kind(self._entries[i], reading)}
                kept = {i: origin for i, origin in found.items() if hints.in_zone(self._entries[i])}
                if kept:
                    return self._decide(kept, tier, text, reading, hints, excluded, context, say)
                excluded.update(found)
        return self._unknown(text, hints, excluded, context, say)

    def _readings(self, key: str) -> list[_Reading]:
        readings = [_Reading(key)]
        prefixed = _PREFIX.match(key)
        if prefixed:
            kind = _KIND_WORDS[prefixed["kind"]]
            core = prefixed["core"]
            article = _JOINS.get(prefixed["join"] or "", "")
            readings += [_Reading(article + core, kind), _Reading(core, kind)]
        return list(dict.fromkeys(readings))

    def _read_hint(self, value, what: str, hints: _Hints, say) -> None:
        """A région or département given beside the name, by INSEE code or by name."""
        code = _code(value)
        if code is None:
            return
        known = self.region_names if what == "region" else self.departement_names
        if code not in known:
            key = name_key(str(value))
            code = self._named[what].get(key) or self._named[what].get(_without_article(key))
        if code is None:
            hints.doubts.append(say[f"unknown_{what}"] % {"text": str(value).strip()})
        else:
            setattr(hints, what, code)

    def _check_zone(self, hints: _Hints, say) -> None:
        """A département outside the région given: the département, more precise, is kept, and the
        reason says the two disagree rather than look for a place that cannot exist."""
        if hints.departement and hints.region and self._region_of[hints.departement] != hints.region:
            hints.doubts.append(say["outside"] % {
                "code": hints.departement, "name": self.departement_names[hints.departement],
                "region": self.region_names[hints.region],
            })
            hints.region = None

    def _read_parentheses(self, text: str, hints: _Hints, say) -> None:
        unread = []
        for inner in _PARENTHESES.findall(text):
            key = name_key(inner)
            place = self._places.get(key)
            if place is None:
                if key:
                    unread.append(inner.strip())
                continue
            what, value = place
            if what in ("departement", "region") and getattr(hints, what) not in (None, value):
                unread.append(inner.strip())  # contradicts the hint given: said, not obeyed
            elif what == "departement":
                hints.departement = value
            elif what == "region":
                hints.region = value
            elif what == "kind":
                hints.kind = value
            elif what == "country":
                hints.foreign = value
        if unread:
            hints.doubts.append(say["unread"] % {"text": " ; ".join(unread)})

    def _lookup(self, tier: str, key: str) -> dict[int, str]:
        """Entry → how it was reached (OFFICIAL or an alias source), best origin kept."""
        if tier == FUZZY:
            return self._fuzzy_lookup(key)
        if tier == EXACT:
            hits = self._keys[EXACT].get(key, ())
        elif tier == LOOSE:
            bare = _without_article(key)
            hits = [*self._keys[LOOSE].get(key, ()), *self._keys[LOOSE].get(bare, ()),
                    *(self._keys[EXACT].get(bare, ()) if bare != key else ())]
        else:
            hits = self._keys[TOKENS].get(_tokens(key), ())
        return _surest(hits)

    def _fuzzy_lookup(self, key: str) -> dict[int, str]:
        if len(key) < FUZZY_MIN_LENGTH:
            return {}
        near = set()
        for length in (len(key) - 1, len(key), len(key) + 1):
            for side, part in self._halves(key, length):
                near |= self._fuzzy.get((side, length, part), set())
        return _surest([
            hit for other in sorted(near) if other != key and _one_edit(key, other)
            for tier in (EXACT, LOOSE) for hit in self._keys[tier].get(other, ())
        ])

    # Decision ---------------------------------------------------------------------------------

    def _candidate(self, i: int, tier: str, origin: str) -> Candidate:
        entry = self._entries[i]
        score = _TIER_SCORE[tier] - (0 if origin in _ORIGIN_RANK else _ALIAS_PENALTY)
        return Candidate(entry.kind, entry.code, entry.name, entry.departement, entry.region,
                         entry.population, round(score, 2), entry.authority_id)

    def _decide(self, kept, tier, text, reading, hints, excluded, context, say) -> Resolution:
        ranked = self._ranked(kept, tier)
        doubtful = tier == FUZZY and (len(ranked) > 1 or len(reading.key) < FUZZY_PICK_LENGTH)
        if len(ranked) == 1 and not doubtful:
            note = say["only"] % {"where": self._zone(hints, say)} if excluded else ""
            return self._answer(ranked, self._how(kept, tier, ranked[0], say) + (f" ; {note}" if note else ""),
                                hints, say)
        told = self._told_of(text, lambda c: c.entry in kept)
        confirmed = _confirmed(told, context)
        official = all(origin == OFFICIAL for origin in kept.values()) and tier != FUZZY
        if confirmed:
            ranked = self._first(ranked, confirmed[0])
            note = say["confirmed_here"] % {"count": len(ranked), "why": _why(confirmed, say)}
        elif doubtful:
            reason = say["near"] % {"list": self._list(ranked, say)}
            return self._ambiguous_with(ranked, reason, told, hints, say)
        elif official and _decisive(ranked) and {c.entry for c in told} <= {self._entry_of(ranked[0])}:
            note = say["decisive"] % {
                "count": len(ranked), "first": _number(ranked[0].population),
                "next": _number(ranked[1].population), "other": self._place_of(ranked[1]),
            }
        else:
            return self._ambiguous_with(ranked, self._ambiguous(ranked, text, hints, say), told, hints, say)
        return self._answer(ranked, f"{self._how(kept, tier, ranked[0], say)} ; {note}", hints, say)

    def _how(self, kept, tier, match: Candidate, say) -> str:
        """How the answer was reached: « nom officiel », « ancien nom, écrit autrement »…"""
        origin = kept[self._entry_of(match)]
        how = say[tier] if origin == OFFICIAL else say[origin]
        return how if origin == OFFICIAL or tier == EXACT else say["written_otherwise"] % {"alias": how}

    def _answer(self, ranked, how: str, hints: _Hints, say) -> Resolution:
        """The first candidate as the answer — unless a hint could not be used."""
        reason = f"{self._describe(ranked[0], say)} : {how}"
        if hints.doubts:
            return Resolution(Status.AMBIGUOUS, None, ranked, self._with_doubts(reason, hints))
        return Resolution(Status.RESOLVED, ranked[0], ranked, reason + ".")

    def _ranked(self, kept, tier) -> tuple[Candidate, ...]:
        return tuple(sorted(
            (self._candidate(i, tier, origin) for i, origin in kept.items()),
            key=lambda c: (-c.score, -(c.population or 0), c.name, c.code),
        ))

    def _first(self, ranked, entry: int) -> tuple[Candidate, ...]:
        chosen = self._entries[entry].authority_id
        return tuple(sorted(ranked, key=lambda c: c.authority_id != chosen))

    def _entry_of(self, candidate: Candidate) -> int:
        return self._position[candidate.authority_id]

    def _told_of(self, text: str, keep) -> list[_Confirmation]:
        """The confirmations people made of this name, those `keep` keeps."""
        if not self._confirmations:
            return []
        return [c for c in self._confirmations.get(confirmation_key(text), ()) if keep(c)]

    def _ambiguous_with(self, ranked, reason, told, hints, say) -> Resolution:
        """An ambiguous answer whose reason ends with what people confirmed elsewhere."""
        return Resolution(Status.AMBIGUOUS, None, ranked, self._with_doubts(reason + self._told(told, say), hints))

    def _told(self, told, say) -> str:
        """ « ; confirmé une fois comme Barjac (Gard) pour Occitanie Coopération, partenaire Kharas »."""
        times = defaultdict(int)
        for confirmation in told:
            times[(confirmation.entry, confirmation.publisher, confirmation.partner)] += 1
        said = []
        for (entry, publisher, partner), count in times.items():
            candidate = self._candidate(entry, EXACT, OFFICIAL)
            place = self._place_of(candidate) if candidate.kind not in (Kind.DEPARTEMENT, Kind.REGION) else ""
            said.append(say["told"] % {
                "times": say["once"] if count == 1 else say["times"] % {"count": count},
                "what": f"{candidate.name} ({place})" if place else candidate.name,
                "where": (say["for"] % {"publisher": publisher} if publisher else "")
                + (say["with"] % {"partner": partner} if partner else ""),
            })
        return "".join(f" ; {line}" for line in said)

    def _ambiguous(self, ranked, text, hints, say) -> str:
        where = self._zone(hints, say)
        names = {c.name for c in ranked}
        if {c.kind for c in ranked} == {Kind.COMMUNE} and len(names) == 1:
            return say["homonyms"] % {
                "count": len(ranked), "name": names.pop(), "where": f" {where}" if where else "",
                "places": _list(sorted({self._place_of(c) for c in ranked}), say),
            }
        return say["possible"] % {"count": len(ranked), "name": text,
                                  "where": f" {where}" if where else "", "list": self._list(ranked, say)}

    @staticmethod
    def _with_doubts(reason: str, hints: _Hints) -> str:
        return "".join([reason, *(f" ; {doubt}" for doubt in hints.doubts), "."])

    def _unknown(self, text, hints, excluded, context, say) -> Resolution:
        """No authority has this name here — unless a person confirmed one for it in this zone:
        in a matching context that decides (« Bargny » of a list of Occitanie is not the Oise's);
        elsewhere it is a candidate, with the confirmation as a hint."""
        where = self._zone(hints, say)
        if excluded and where:
            others = sorted((self._candidate(i, EXACT, o) for i, o in excluded.items()),
                            key=lambda c: (-(c.population or 0), c.code))
            reason = say["unknown_here"] % {"name": text, "where": where, "list": self._list(others, say)}
        else:
            reason = say["unknown"] % {"name": text}
        reason = reason.removesuffix(".")
        told = self._told_of(text, lambda c: hints.in_zone(self._entries[c.entry]))
        if not told:
            return Resolution(Status.UNKNOWN, None, (), self._with_doubts(reason, hints))
        ranked = self._ranked({c.entry: CONFIRMED for c in told}, EXACT)
        confirmed = _confirmed(told, context)
        if confirmed:
            return self._answer(self._first(ranked, confirmed[0]), f"{say[CONFIRMED]} {_why(confirmed, say)}",
                                hints, say)
        return self._ambiguous_with(ranked, reason, told, hints, say)

    def _zone(self, hints: _Hints, say) -> str:
        if hints.departement:
            name = self.departement_names.get(hints.departement, "?")
            return say["in_departement"] % {"code": hints.departement, "name": name}
        if hints.region:
            return say["in_region"] % {"name": self.region_names.get(hints.region, hints.region)}
        return ""

    def _place_of(self, candidate: Candidate) -> str:
        return self.departement_names.get(candidate.departement_code) or candidate.departement_code or ""

    def _describe(self, candidate: Candidate, say) -> str:
        """"Castres (commune, Tarn)", "CA du Sicoval (EPCI, Haute-Garonne)", "Gard (département)"."""
        if candidate.kind in (Kind.DEPARTEMENT, Kind.REGION):
            return f"{candidate.name} ({say[candidate.kind]})"
        return f"{candidate.name} ({say[candidate.kind]}, {self._place_of(candidate)})"

    def _list(self, candidates, say) -> str:
        return _list([self._describe(c, say) for c in candidates], say)


# The wording of reasons, translated once per language rather than once per name: gettext would
# otherwise take a third of the time of a resolution.
_PHRASES = {
    EXACT: gettext_lazy("nom officiel"),
    LOOSE: gettext_lazy("forme courte du nom officiel (sans article, forme juridique ni sigle)"),
    TOKENS: gettext_lazy("mêmes mots que le nom officiel, dans un autre ordre"),
    FUZZY: gettext_lazy("nom officiel à une lettre près"),
    CONFIRMED: gettext_lazy("nom confirmé par une personne"),
    "former_name": gettext_lazy("ancien nom"),
    "short_name": gettext_lazy("nom d'usage"),
    "import": gettext_lazy("nom relevé lors d'un import"),
    "written_otherwise": gettext_lazy("%(alias)s, écrit autrement"),
    Kind.COMMUNE: gettext_lazy("commune"),
    Kind.EPCI: gettext_lazy("EPCI"),
    Kind.EPT: gettext_lazy("EPT"),
    Kind.DEPARTEMENT: gettext_lazy("département"),
    Kind.REGION: gettext_lazy("région"),
    Kind.OTHER: gettext_lazy("groupement"),
    "empty": gettext_lazy("Nom vide."),
    "foreign": gettext_lazy("« %(name)s » est situé hors de France (%(country)s)."),
    "only": gettext_lazy("seule candidate %(where)s"),
    "confirmed_here": gettext_lazy("choisie parmi %(count)d homonymes comme une personne l'a confirmé %(why)s"),
    "by_partner": gettext_lazy("pour le même partenaire (%(partner)s)"),
    "by_publisher": gettext_lazy("dans une liste de la même source (%(publisher)s) et de la même région"),
    "told": gettext_lazy("confirmé %(times)s comme %(what)s%(where)s"),
    "once": gettext_lazy("une fois"),
    "times": gettext_lazy("%(count)d fois"),
    "for": gettext_lazy(" pour %(publisher)s"),
    "with": gettext_lazy(", partenaire %(partner)s"),
    "unknown_region": gettext_lazy("région « %(text)s » non reconnue (ni code INSEE ni nom de région)"),
    "unknown_departement": gettext_lazy(
        "département « %(text)s » non reconnu (ni code INSEE ni nom de département)"),
    "outside": gettext_lazy("le département %(code)s (%(name)s) n'est pas en région %(region)s"),
    "decisive": gettext_lazy(
        "la plus peuplée des %(count)d homonymes (%(first)s hab. ; puis %(next)s hab., %(other)s)"),
    "homonyms": gettext_lazy(
        "%(count)d communes nommées %(name)s%(where)s : %(places)s ; précisez le département"),
    "possible": gettext_lazy("%(count)d collectivités possibles pour « %(name)s »%(where)s : %(list)s ; précisez"),
    "near": gettext_lazy("aucun nom ne correspond exactement ; à une lettre près : %(list)s"),
    "unread": gettext_lazy("précision entre parenthèses non reconnue : « %(text)s »"),
    "unknown": gettext_lazy("Aucune collectivité française nommée « %(name)s »."),
    "unknown_here": gettext_lazy("Aucune collectivité française nommée « %(name)s » %(where)s ; ailleurs : %(list)s."),
    "in_departement": gettext_lazy("dans le département %(code)s (%(name)s)"),
    "in_region": gettext_lazy("en région %(name)s"),
    "more": gettext_lazy(" et %(count)d autres"),
    "one_more": gettext_lazy(" et 1 autre"),
}


@functools.lru_cache(maxsize=8)
def _phrases(language: str | None) -> dict[str, str]:
    with translation.override(language):
        return {key: str(text) for key, text in _PHRASES.items()}


def _surest(hits) -> dict[int, str]:
    """Entry → the surest way it was reached (see _ORIGIN_RANK), from (entry, origin) pairs."""
    found = {}
    for i, origin in hits:
        if _ORIGIN_RANK.get(origin, 2) < _ORIGIN_RANK.get(found.get(i), 3):
            found[i] = origin
    return found


def _confirmed(told, context: ResolutionContext | None) -> tuple[int, _Confirmation, str] | None:
    """(entry, confirmation, rule) when the confirmations matching the context all chose one
    authority; None when none matches, or when people chose differently in matching contexts."""
    if not told or context is None:
        return None
    here = context.keys
    deciding = [(c, rule) for c in told if (rule := c.rule(here))]
    if len({c.entry for c, _rule in deciding}) != 1:
        return None
    confirmation, rule = deciding[0]
    return confirmation.entry, confirmation, rule


def _why(confirmed, say) -> str:
    _entry, confirmation, rule = confirmed
    return say[f"by_{rule}"] % {"partner": confirmation.partner, "publisher": confirmation.publisher}


def _decisive(ranked) -> bool:
    """The population rule for homonyms of one kind (see POPULATION_RATIO)."""
    if len({c.kind for c in ranked}) != 1:
        return False
    first, second = ranked[0].population, ranked[1].population
    return (first is not None and second is not None and first >= POPULATION_FLOOR
            and first >= POPULATION_RATIO * max(second, 1))


def _code(value) -> str | None:
    """An INSEE code as the index has it: "9" and "09" are the Ariège, "2a" is "2A"."""
    if value is None or str(value).strip() == "":
        return None
    code = str(value).strip().upper()
    return code.zfill(2) if code.isdigit() and len(code) < 2 else code


def _number(value: int | None) -> str:
    return number_fr(value) if value is not None else "?"


def _list(items, say) -> str:
    shown, more = ", ".join(items[:8]), len(items) - 8
    return shown + (say["one_more"] if more == 1 else say["more"] % {"count": more} if more > 1 else "")


# The index of the running process ---------------------------------------------------------------
#
# Every process (each gunicorn worker, on each machine; a command; the task worker) keeps its own
# index, and the database says which version of the geography is current (`NameIndexVersion`):
# a write to what the index holds changes that version in its own transaction
# (`clear_authority_index`), and a process compares it with the version its index was built at —
# at the first resolution of each request, and at least once a second within a long command —
# and rebuilds when they differ. So an alias or a confirmation made through one worker decides in
# the very next request served by any other. Gunicorn workers build the index when they start
# (`gunicorn.conf.py`), not on a user's request; tests and commands build it when they first
# resolve a name.

_index: AuthorityIndex | None = None
_index_token: str | None = None  # the database's version the index was built at
_checked_at: float | None = None  # when this process last compared it (time.monotonic)
_lock = threading.Lock()
RECHECK_SECONDS = 1.0


def authority_index() -> AuthorityIndex:
    """The index, current with the database: built on first use (about a second), compared with
    the database's version once per request (and at least once a second), rebuilt when stale."""
    global _index, _index_token, _checked_at
    with _lock:
        if _index is not None and _checked_at is not None and time.monotonic() - _checked_at < RECHECK_SECONDS:
            return _index
        # The version first, then the rows: a write committed in between makes the next
        # comparison rebuild once more, never keeps an index older than the version it records.
        token = selectors.name_index_version()
        if _index is None or token != _index_token:
            _index = AuthorityIndex(**selectors.authority_index_rows())
            _index_token = token
        _checked_at = time.monotonic()
        return _index


def authority_index_recheck(**_signal) -> None:
    """Compare with the database's version at the next use (connected to each request's start)."""
    global _checked_at
    _checked_at = None


def clear_authority_index(**_signal) -> None:
    """What the index holds changed: give the geography a new version in the database (in the
    caller's transaction, so every process sees it with the change) and drop this process's index.
    Connected to every change of an authority, an alias, a confirmation, a département, a région
    or a country (see apps.py); bulk loads, which send no signal, call it themselves."""
    NameIndexVersion.objects.bulk_create(
        [NameIndexVersion(pk=1, token=uuid.uuid4().hex)],
        update_conflicts=True, unique_fields=["id"], update_fields=["token"])
    forget_authority_index()


def forget_authority_index() -> None:
    """Drop this process's index only (the next resolution rebuilds it): for tests, whose
    rollbacks undo changes without any signal, and benchmarks that time a build."""
    global _index, _index_token, _checked_at
    with _lock:
        _index = _index_token = _checked_at = None


def others_named(name: str, *, authority_id: int, index: AuthorityIndex | None = None) -> list[Candidate]:
    """The other authorities a name may mean without any hint: empty when it is this one's alone
    (then a person's confirmation of it can safely become an alias)."""
    resolution = (index or authority_index()).resolve(name)
    return [c for c in resolution.candidates if c.authority_id != authority_id]


def resolve_authority(name: str, region: str | None = None, department: str | None = None,
                      context: ResolutionContext | None = None) -> Resolution:
    """Resolve a published name; `region` and `department` (INSEE codes or names) narrow it;
    `context` says where the name was published, for the confirmations people made there."""
    return authority_index().resolve(name, region=region, department=department, context=context)
