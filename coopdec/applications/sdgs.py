"""The French names of the Sustainable Development Goals (ODD), from `data/reference/sdgs.csv`
(its provenance beside it), read once."""
import csv
from functools import cache

from django.conf import settings

SDGS_FILE = settings.BASE_DIR / "data" / "reference" / "sdgs.csv"


@cache
def sdg_names() -> dict[int, str]:
    with open(SDGS_FILE, encoding="utf-8", newline="") as handle:
        return {int(row["code"]): row["name_fr"] for row in csv.DictReader(handle)}


def sdg_entries(numbers) -> list[tuple[int, str]]:
    """The dossier's ODD as (number, name), in order."""
    names = sdg_names()
    return [(number, names.get(number, "")) for number in sorted(numbers)]
