"""What the public side says of its figures: what a count counts, where a figure comes from, the
« à confirmer » flag. Numbers, amounts, dates and spacing come from `coopdec.french.text`.

Pure functions on plain values (int, Decimal, str): the pages, the PDF and the tests share them.
"""
import re
from datetime import date
from decimal import Decimal

from coopdec.french.text import NBSP, counted_fr, date_fr, number_fr, plural_fr

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
    details = [f"publié le {date_fr(published_on)}"] if published_on else []
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
        first = date_fr(date.fromisoformat(extended[1]))
        return f"prolongée, d'abord fixée au {first}"
    return f"remarque de la source{NBSP}: «{NBSP}{note}{NBSP}»"


def acceptance_rate(*, retained: int | Decimal, received: int | Decimal) -> Decimal | None:
    """The share of received applications that were retained, as a Decimal fraction."""
    if not received:
        return None
    return Decimal(retained) / Decimal(received)


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


def computed_from_records(count: int) -> str:
    """The label of a figure computed from our records: « calculé à partir du seul dossier
    enregistré », « calculé à partir des 12 dossiers enregistrés »."""
    counted = counted_fr(count, "dossier enregistré", "dossiers enregistrés")
    return "calculé à partir " + plural_fr(count, "du seul dossier enregistré", f"des {counted}")
