"""`manage.py build_countries`: regenerate data/reference/countries.csv (ISO 3166-1 + DAC list)."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from coopdec.territories import reference

DAC_LIST = "Liste CAD des bénéficiaires de l'APD, flux 2024–2025 ; PMA ONU au 31/12/2024"
DAC_LIST_URL = (
    "https://www.oecd.org/en/topics/sub-issues/oda-eligibility-and-conditions/"
    "dac-list-of-oda-recipients.html"
)


class Command(BaseCommand):
    help = (
        "Construit data/reference/countries.csv : pays ISO 3166-1 (et XK Kosovo) en français, avec "
        "leur catégorie de cofinancement tirée de la liste CAD des bénéficiaires de l'APD."
    )

    def add_arguments(self, parser):
        parser.add_argument("--oda", type=Path, required=True, help="liste CAD (iso2, ldc, source_url), CSV")
        parser.add_argument("--list-name", default=DAC_LIST, help="nom daté de la liste, gardé sur chaque pays")
        parser.add_argument("--list-source", default=DAC_LIST_URL,
                            help="source citée pour les pays absents de la liste")
        parser.add_argument("--output", type=Path, default=settings.REFERENCE_DIR / reference.COUNTRIES_FILE)

    def handle(self, *args, oda, list_name, list_source, output, **options):
        rows = reference.country_rows(oda, list_name=list_name, list_source=list_source)
        reference.write_csv(output, reference.COUNTRY_COLUMNS, rows)
        counts = {}
        for row in rows:
            counts[row["oda_class"]] = counts.get(row["oda_class"], 0) + 1
        self.stdout.write(f"{len(rows)} pays ({', '.join(f'{k} {n}' for k, n in sorted(counts.items()))}) → {output}")
