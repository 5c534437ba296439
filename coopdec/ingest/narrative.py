"""Laureates published as sentences, one per bullet, as networks write them in their news:

    « – La Ville de Castres (Tarn) et le district de Huye (Rwanda), pour un projet de gestion de l'eau »
    « La Communauté d'agglomération du Sicoval et la commune de Gandon (Sénégal) : projet … »

A sentence is its parties (the French authority first, then its French co-applicants, then the
foreign partners), a separator (« , pour », « : », a dash), and the purpose, which becomes the
title. Pure functions over text: the reader cuts sentences, the import says which party is French.
"""
import re

from coopdec.territories.partners import depths, segments

# Where the parties end and the purpose begins, outside parentheses: the first of these.
_PURPOSE = re.compile(r"\s*(?:,\s*pour\s+|\s:\s*|:\s+|\s[–—]\s+|,\s*(?=(?:projet|dans le cadre)\b))",
                      re.IGNORECASE)
_TRAILING_PARENTHESES = re.compile(r"\(([^()]*)\)\s*$")
# « pour un projet de », « projet intitulé », « le projet » … before the purpose itself.
_PURPOSE_LEAD = re.compile(
    r"^(?:pour\s+)?(?:(?:un|le|leur|son)\s+)?(?:projet\s+)?(?:intitulé\s+|nommé\s+)?(?:(?:de|d['’])\s*)?",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"^[«\"“]\s*(.+?)\s*[»\"”]\s*\.?$")
_ARTICLE = re.compile(r"^(?:(?:les|la|le)\s+|l['’]\s*)(?=\w)", re.IGNORECASE)


def _title(purpose: str) -> str:
    """The purpose as a title: « pour un projet de gestion de l'eau. » gives « Gestion de l'eau »."""
    text = purpose.strip().rstrip(".;").strip()
    quoted = _QUOTED.match(text)
    if quoted:
        return quoted.group(1)
    core = _PURPOSE_LEAD.sub("", text, count=1) or text
    quoted = _QUOTED.match(core)
    core = quoted.group(1) if quoted else core
    return core[:1].upper() + core[1:]


def party_name(party: str) -> str:
    """A party as a name: without its article (« La Ville de X » is « Ville de X »)."""
    return _ARTICLE.sub("", party.strip(), count=1)


def sentence_parts(text: str):
    """(parties, title) of a laureate sentence, or None when it is not one: it needs a purpose
    and at least two parties (a French authority and a partner)."""
    text = " ".join((text or "").split())
    depth = depths(text)
    cut = next((m for m in _PURPOSE.finditer(text) if depth[m.start()] == 0 and m.start() > 0), None)
    if cut is None:
        return None
    parties = [party_name(p) for p in segments(text[:cut.start()]) if p.strip(" .")]
    title = _title(text[cut.end():])
    if len(parties) < 2 or not title:
        return None
    return tuple(parties), title


def split_parties(parties, is_foreign, is_french):
    """(French parties, foreign parties as a partners cell) of a sentence's parties, in order.

    `is_foreign(text)` says whether a parenthesised text names a foreign country, `is_french(name)`
    whether a name is a French authority's. As in a partners cell, a country in parentheses
    applies to the parties since the previous parentheses; the first party is always French (the
    sentence starts with the applicant), and so are the parties after it that name French
    authorities (« la Métropole de Lyon ») up to the first that does not; the last party of
    the group carrying the country, or of the sentence when none does, is always a partner.
    """
    group_start, last = 0, len(parties) - 1
    for index, party in enumerate(parties):
        inner = _TRAILING_PARENTHESES.search(party)
        if inner is None:
            continue
        if is_foreign(inner.group(1)):
            last = index
            break
        group_start = index + 1
    start = max(group_start, 1)
    while start < last and is_french(parties[start]):
        start += 1
    return list(parties[:start]), ", ".join(parties[start:])
