"""Load the demo: the campaigns 2022–2025 with their calls and published figures (data/demo/)."""
import csv
import functools

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coopdec.calls.rows import RowError
from coopdec.calls.services import campaign_load_calls, campaign_load_figures
from coopdec.territories.country_names import country_lookup

DEMO_DIR = settings.BASE_DIR / "data" / "demo"
CALL_FILES = ["calls.csv", "calls-extra.csv"]
FIGURES_FILE = "figures.csv"


def _load(path, load):
    """One file through its loader; a bad row stops everything with the file, line and column."""
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            return f"{path.name} : {load(rows=list(csv.DictReader(handle)))}"
    except (OSError, RowError) as error:
        raise CommandError(f"{path.name}, {error}") from None


@transaction.atomic
def load_calls_and_figures(directory=DEMO_DIR) -> list[str]:
    """Campaigns, calls and figures of the demo, all or nothing; one summary line per file."""
    load_calls = functools.partial(campaign_load_calls, countries=country_lookup())
    return [_load(directory / name, load_calls) for name in CALL_FILES] + [
        _load(directory / FIGURES_FILE, campaign_load_figures)
    ]


class Command(BaseCommand):
    help = "Charge la démonstration : campagnes 2022–2025, leurs appels et les chiffres publiés."

    def handle(self, *args, **options):
        for line in load_calls_and_figures():
            self.stdout.write(line)
