"""The published side of the demo (data/demo/): the campaigns 2022–2025 with their calls, their
rate grids and rules, and published figures, then the seed page's six laureates through the
importer of published lists."""
import csv
import functools

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction

from coopdec.calls.models import Campaign
from coopdec.calls.rows import RowError
from coopdec.calls.services import (
    call_load_rules, campaign_load_calls, campaign_load_figures, campaign_load_rate_grids,
)
from coopdec.ingest.services import ImportFailure, import_commit, import_preview
from coopdec.territories.country_names import country_lookup
from coopdec.territories.models import Region

DEMO_DIR = settings.BASE_DIR / "data" / "demo"
CALL_FILES = ["calls.csv", "calls-extra.csv"]
FIGURES_FILE = "figures.csv"
RATE_GRIDS_FILE, CALL_RULES_FILE = "rate-grids.csv", "call-rules.csv"
SEED_FILE, SEED_YEAR, SEED_REGION = "seed-occitanie-laureates-2025.txt", 2025, "76"
SEED_SOURCE = ("Occitanie Coopération, lauréats 2025 (page du 8 septembre 2025)", "https://www.oc-cooperation.org/")


def _load(path, load):
    """One file through its loader; a bad row stops everything with the file, line and column."""
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            return f"{path.name} : {load(rows=list(csv.DictReader(handle)))}"
    except (OSError, RowError) as error:
        raise CommandError(f"{path.name}, {error}") from None


@transaction.atomic
def load_calls_and_figures(directory=DEMO_DIR) -> list[str]:
    """Campaigns, calls, their rules and figures of the demo, all or nothing; one summary line
    per file."""
    load_calls = functools.partial(campaign_load_calls, countries=country_lookup())
    return [_load(directory / name, load_calls) for name in CALL_FILES] + [
        _load(directory / RATE_GRIDS_FILE, campaign_load_rate_grids),
        _load(directory / CALL_RULES_FILE, call_load_rules),
        _load(directory / FIGURES_FILE, campaign_load_figures),
    ]


def load_seed_laureates(directory=DEMO_DIR) -> str:
    """The seed page's laureates, imported as any published list is (idempotent)."""
    try:
        preview = import_preview(
            path=directory / SEED_FILE, campaign=Campaign.objects.get(year=SEED_YEAR),
            region=Region.objects.get(code=SEED_REGION),
            source_label=SEED_SOURCE[0], source_url=SEED_SOURCE[1],
        )
    except ImportFailure as failure:
        raise CommandError(str(failure)) from None
    result = import_commit(preview=preview)
    if result.skipped:
        return f"{SEED_FILE} : déjà importé"
    return f"{SEED_FILE} : {result.created} lauréat(s) créé(s), {result.known} déjà connu(s)"
