"""Scoring, pure: an instructor's sheet, a dossier's weighted average and spread, a call's ranking.

Criteria may have different scales (a criterion out of 5, another out of 10), so a sheet is read
as the weighted mean of each value over its own scale, and written as a mark out of 20, the
scale every French reader knows. A sheet with a criterion left blank counts for nothing until it
is complete: a half-filled sheet would pull the average down (or up) for no reason.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from coopdec.french.text import date_fr, to_paris

OUT_OF = 20
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Criterion:
    key: int
    label: str
    weight: Decimal
    scale_max: int


class ValueRefused(ValueError):
    """A value outside its criterion's scale; `args[0]` says so in French."""


def value_check(criterion: Criterion, value: int) -> int:
    """The value if it lies on the criterion's scale (whole numbers from 0 to `scale_max`)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= criterion.scale_max:
        raise ValueRefused(f"« {criterion.label} » se note de 0 à {criterion.scale_max} : "
                           f"« {value} » n'est pas une note possible.")
    return value


def _decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


def sheet_score(criteria: list[Criterion], values: dict[int, int]) -> Decimal | None:
    """One instructor's mark out of 20 for a dossier, or None while a criterion has no value.
    A grid without criteria gives no mark."""
    if not criteria or any(c.key not in values for c in criteria):
        return None
    return _decimal(_exact(criteria, values))


def _exact(criteria, values) -> Fraction:
    weights = sum(Fraction(c.weight) for c in criteria)
    total = sum(Fraction(c.weight) * Fraction(values[c.key], c.scale_max) for c in criteria)
    return total / weights * OUT_OF


@dataclass(frozen=True)
class DossierScore:
    """A dossier's marks: the mean of the complete sheets, their spread (highest minus lowest),
    and how many sheets are complete or still missing a value."""

    average: Decimal | None
    spread: Decimal | None
    marks: tuple[Decimal, ...]
    incomplete: int

    @property
    def complete(self) -> int:
        return len(self.marks)


def dossier_score(criteria: list[Criterion], sheets: list[dict[int, int]]) -> DossierScore:
    """`sheets`: one {criterion key: value} per instructor who scored at least one criterion."""
    exact = [_exact(criteria, s) for s in sheets if criteria and all(c.key in s for c in criteria)]
    incomplete = len(sheets) - len(exact)
    if not exact:
        return DossierScore(None, None, (), incomplete)
    return DossierScore(
        average=_decimal(sum(exact) / len(exact)),
        spread=_decimal(max(exact) - min(exact)),
        marks=tuple(_decimal(mark) for mark in exact),
        incomplete=incomplete,
    )


@dataclass(frozen=True)
class Ranked:
    rank: int | None  # None: no complete sheet yet, so no place in the ranking
    key: object
    average: Decimal | None


def ranking(entries: list[tuple[object, Decimal | None]]) -> list[Ranked]:
    """Highest average first; equal averages (as shown, to the hundredth) share a rank and the
    next rank skips (1, 2, 2, 4); dossiers without a mark come last, unranked. Within a tie the
    caller's order is kept (give the entries in the order a tie should show)."""
    marked = sorted((e for e in entries if e[1] is not None), key=lambda e: -e[1])
    result, previous, rank = [], None, 0
    for position, (key, average) in enumerate(marked, start=1):
        if average != previous:
            rank, previous = position, average
        result.append(Ranked(rank, key, average))
    return result + [Ranked(None, key, None) for key, average in entries if average is None]


# ---------------------------------------------------------------- when a committee may sit


def sitting_refusal(*, call_name: str, closes_at, held_on, now) -> str | None:
    """Why a committee may not sit on `call_name` on `held_on` (None when it may). A committee
    sits on the dossiers received by a closed call: after its closing day (`closes_at`, the last
    instant of that day in Paris), and on a day that has come (`now`, aware)."""
    if closes_at is None:
        return (f"L'appel « {call_name} » n'a pas de date de clôture enregistrée : un comité ne siège "
                "que sur les dossiers reçus d'un appel clos.")
    closes_on = to_paris(closes_at).date()
    if now <= closes_at:
        return (f"L'appel « {call_name} » est ouvert jusqu'au {date_fr(closes_on)} : un comité ne siège "
                "que sur les dossiers reçus d'un appel clos.")
    if held_on is None:
        return None
    if held_on > to_paris(now).date():
        return (f"Le {date_fr(held_on)} est une date à venir : une séance s'enregistre à la date où le "
                "comité s'est réuni ou se réunit, aujourd'hui au plus tard.")
    if held_on <= closes_on:
        return (f"Le comité ne peut pas s'être réuni le {date_fr(held_on)} : l'appel « {call_name} » a été "
                f"clos le {date_fr(closes_on)} au soir, et le comité siège après.")
    return None
