"""French wording of figures: rates, numbers and the sentences that say what a count counts.

Pure functions on plain values (int, Decimal): the pages, the PDF and the tests share them.
French plural rule: 0 and 1 take the singular ("0 projet", "1 projet", "2 projets"). Django's
`ngettext` without a catalogue would apply the English rule to our French source strings, so the
plural choice is made here.
"""
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats

NBSP = "\u00a0"


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


def laureate_count_sentence(*, calls_for_projects: int, ami: int) -> str:
    """What a region's or a selection's laureate count counts, in French.

    An AMI (appel à manifestation d'intérêt) is not an appel à projets: the seed page said
    "5 projets lauréats" and listed 6 rows, the sixth from an AMI. Both are counted, apart.
    """
    total = calls_for_projects + ami
    if total == 0:
        return "Aucun projet lauréat"
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
