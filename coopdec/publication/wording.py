"""French wording of figures: rates, numbers, the sentences that say what a count counts and where
a figure comes from, the typography (non-breaking spaces) and the order of names.

Pure functions on plain values (int, Decimal, str): the pages, the PDF and the tests share them.
French plural rule: 0 and 1 take the singular ("0 projet", "1 projet", "2 projets"). Django's
`ngettext` without a catalogue would apply the English rule to our French source strings, so the
plural choice is made here.
"""
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats

from coopdec.territories.text import normalise

NBSP = "\u00a0"

# What the pages say where CoopDec holds no record: the absence is ours, not the campaign's.
NO_LAUREATE = "aucun lauréat enregistré dans CoopDec"

# The flag of a laureate whose French authority is published under a name not yet tied to one
# official body, and what it means for the reader: the pages, the widget, the news text and the
# PDF say it the same way.
TO_CONFIRM = "à confirmer"
TO_CONFIRM_MEANING = (
    "le nom publié n'est pas encore rattaché avec certitude à une collectivité officielle "
    f"(homonymes, nom d'usage){NBSP}: il est affiché tel que la source l'a publié"
)

# What a figure's source says when it has no address: the reader cannot check it.
SOURCE_NOT_FOUND = "page d'origine non retrouvée"


def source_details(published_on: date | None, url: str, *, with_url: bool) -> str:
    """ "publié le 8 septembre 2025" (and its address `with_url`), "page d'origine non retrouvée"."""
    details = [f"publié le {formats.date_format(published_on, 'j F Y')}"] if published_on else []
    if url and with_url:
        details.append(url)
    elif not url:
        details.append(SOURCE_NOT_FOUND)
    return ", ".join(details)


_EXTENDED = re.compile(r"extended from (\d{4}-\d{2}-\d{2})")


def date_remark(note: str) -> str:
    """What the list of calls says of a date, for a French reader: « tbc » → "date à confirmer",
    « extended from 2023-01-31 » → "prolongée, d'abord fixée au 31 janvier 2023"; any other remark
    quoted as the source wrote it."""
    if note.strip().lower() == "tbc":
        return "date à confirmer"
    if extended := _EXTENDED.fullmatch(note.strip()):
        first = formats.date_format(date.fromisoformat(extended[1]), "j F Y")
        return f"prolongée, d'abord fixée au {first}"
    return f"remarque de la source{NBSP}: «{NBSP}{note}{NBSP}»"


_SPACE_BEFORE_MARK = re.compile(r"[ \t\n]+(?=[:;!?»])")
_SPACE_AFTER_GUILLEMET = re.compile(r"(?<=«)[ \t\n]+")


def french_spaces(text: str) -> str:
    """The spaces before « : ; ! ? » and inside « » made non-breaking, as French typography wants
    (« Bargny Inovate : renforcer… » as a published list wrote it). A space that is missing is not
    added: "57,6%" or an address's "https:" stay as they are."""
    return _SPACE_AFTER_GUILLEMET.sub(NBSP, _SPACE_BEFORE_MARK.sub(NBSP, text))


def acceptance_rate(*, retained: int | Decimal, received: int | Decimal) -> Decimal | None:
    """The share of received applications that were retained, as a Decimal fraction."""
    if not received:
        return None
    return Decimal(retained) / Decimal(received)


def number_fr(value: int | Decimal, places: int | None = None) -> str:
    """12345 → "12 345", Decimal("57.6") → "57,6" (Django's French format, grouping forced)."""
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def percent_fr(fraction: Decimal, places: int = 1) -> str:
    """Decimal("0.5759") → "57,6 %" (rounded half up, non-breaking space before %)."""
    percent = (Decimal(fraction) * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{number_fr(percent, places)}{NBSP}%"


def same_percent(a: Decimal, b: Decimal, places: int = 1) -> bool:
    """Whether two rates read the same once written with `places` decimals."""
    return percent_fr(a, places) == percent_fr(b, places)


def plural_fr(count: int, singular: str, plural: str) -> str:
    return singular if abs(count) < 2 else plural


def collation_key(text: str) -> tuple[str, str]:
    """Sorts names as a French reader expects, whatever the database's or the system's locale:
    accents, case and punctuation ignored first (« Sénégal » before « Suisse », « Île-de-France »
    among the I), the written form only to part names that read the same."""
    return normalise(text), text


def laureate_count_sentence(*, calls_for_projects: int, ami: int) -> str:
    """What a region's or a selection's laureate count counts, in French.

    An AMI (appel à manifestation d'intérêt) is not an appel à projets: the seed page said
    "5 projets lauréats" and listed 6 rows, the sixth from an AMI. Both are counted, apart.
    """
    total = calls_for_projects + ami
    if total == 0:
        return NO_LAUREATE[0].upper() + NO_LAUREATE[1:]
    head = f"{number_fr(total)} " + plural_fr(total, "projet lauréat", "projets lauréats")
    if not ami:
        return f"{head} " + plural_fr(total, "d'un appel à projets", "des appels à projets")
    if not calls_for_projects:
        return f"{head} " + plural_fr(total, "d'un appel", "d'appels") + " à manifestation d'intérêt"
    projects = f"{number_fr(calls_for_projects)} " + plural_fr(
        calls_for_projects, "lauréat d'un appel à projets", "lauréats des appels à projets"
    )
    interest = f"{number_fr(ami)} " + plural_fr(
        ami, "lauréat d'un appel à manifestation d'intérêt",
        "lauréats d'appels à manifestation d'intérêt",
    )
    return f"{head}{NBSP}: {projects} et {interest}"
