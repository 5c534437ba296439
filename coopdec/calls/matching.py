"""A call as a published list names it, matched to one of the campaign's calls, or not at all.

Lists name calls loosely: « Franco-palestinien 2025 » for the 2025–2027 fund, « Appel à
manifestation d'Intérêt villes créatives » for the AMI « Villes créatives de la Francophonie ».
A name matches a call when each of its distinctive words is a word of the call's name or cycle:
accents, case, the campaign's year, small and generic words (« fonds », « appel à projets »)
and French endings (« palestinienne ») do not count. One call whose words are exactly the
name's wins; otherwise one call containing them; several are ambiguous and none is unknown,
both with a reason for a person: never a silent pick.
"""
import re
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _

from coopdec.territories.text import normalise

from .models import Call, Campaign

_PHRASES = [
    (re.compile(r"\bappels? a manifestation d interet\b"), "ami"),
    (re.compile(r"\bappels? a projets?\b"), ""),
]
# Words that say what kind of call it is, not which one.
_GENERIC = {
    "a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "pour",
    "aap", "appel", "conjoint", "cooperation", "decentralise", "dispositif", "edition", "fond",
    "soutien",
}


class MatchStatus(StrEnum):
    RESOLVED = "resolved"
    AMBIGUOUS = "ambiguous"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class CallMatch:
    status: MatchStatus
    call: Call | None = None
    candidates: tuple[Call, ...] = field(default_factory=tuple)
    reason: str = ""


def _stem(word):
    """« palestinienne », « palestiniens » → « palestinien »; « villes » → « vill »."""
    while len(word) > 3 and word[-1] in "es":
        word = word[:-1]
    return word[:-1] if word.endswith("nn") else word


def call_words(text: str, *, year: int) -> frozenset[str]:
    """The distinctive words of a call's name."""
    text = normalise(text)
    for phrase, replacement in _PHRASES:
        text = phrase.sub(replacement, text)
    words = {_stem(word) for word in text.split() if word != str(year)}
    return frozenset(words - {_stem(word) for word in _GENERIC})


def match_call(text: str, *, campaign: Campaign) -> CallMatch:
    """The call of `campaign` that `text` names (uses the campaign's prefetched calls if any)."""
    words = call_words(text, year=campaign.year)
    if not words:
        return CallMatch(MatchStatus.UNKNOWN, reason=_("« %(text)s » ne nomme aucun appel.") % {"text": text})
    calls = [(call, call_words(f"{call.name} {call.cycle}", year=campaign.year))
             for call in campaign.calls.all()]
    for found in ([c for c, w in calls if w == words], [c for c, w in calls if words <= w]):
        if len(found) == 1:
            return CallMatch(MatchStatus.RESOLVED, call=found[0], candidates=tuple(found))
        if found:
            return CallMatch(MatchStatus.AMBIGUOUS, candidates=tuple(found), reason=_(
                "« %(text)s » peut désigner plusieurs appels de la campagne %(year)s : %(calls)s."
            ) % {"text": text, "year": campaign.year, "calls": ", ".join(c.name for c in found)})
    return CallMatch(MatchStatus.UNKNOWN, reason=_(
        "aucun appel de la campagne %(year)s ne correspond à « %(text)s »."
    ) % {"text": text, "year": campaign.year})
