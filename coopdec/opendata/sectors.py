"""The DAC purpose code of a call's IATI activities, from `data/reference/dac-sectors.csv`.

The mapping is data (see `data/reference/PROVENANCE-dac-sectors.md`): a row names a call kind
and words of a theme found in the call's name; the first row that matches wins, and the last one
(15112, decentralisation and support to subnational government) matches every call.
"""
import csv
from dataclasses import dataclass
from functools import cache

from django.conf import settings

from coopdec.territories.text import normalise

SECTORS_FILE = settings.BASE_DIR / "data" / "reference" / "dac-sectors.csv"


@dataclass(frozen=True)
class Sector:
    call_kind: str  # "" for any kind
    theme: str  # normalised words the call's name contains; "" for any name
    code: str
    name_fr: str
    reason: str

    def matches(self, *, call_kind: str, call_name: str) -> bool:
        return (not self.call_kind or self.call_kind == call_kind) and (
            not self.theme or f" {self.theme} " in f" {normalise(call_name)} ")


@cache
def sectors() -> tuple[Sector, ...]:
    """The rows of the mapping, in order (read once)."""
    with open(SECTORS_FILE, newline="", encoding="utf-8") as handle:
        return tuple(Sector(**row) for row in csv.DictReader(handle))


@cache
def call_sector(*, call_kind: str, call_name: str) -> Sector:
    """The first row that matches (kept per call: a file asks it once per laureate)."""
    return next(s for s in sectors() if s.matches(call_kind=call_kind, call_name=call_name))
