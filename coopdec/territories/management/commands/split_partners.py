"""Split published partners cells: one JSON line per row of a CSV file (columns cell, call)."""
import csv
import json
from dataclasses import asdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coopdec.territories.country_names import country_lookup
from coopdec.territories.partners import split_partners


class Command(BaseCommand):
    help = (
        "Découpe les cellules « collectivité(s) étrangère(s) partenaire(s) » d'un fichier CSV "
        "(colonne cell, colonne call facultative) ; écrit une ligne JSON par ligne : "
        '{"partners": [{"name": …, "country": …}, …]}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="fichier CSV en UTF-8")

    def handle(self, *args, **options):
        path = Path(options["path"])
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                reader = csv.DictReader(handle)
                rows = list(reader)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path.name} : illisible ({error})") from None
        if "cell" not in (reader.fieldnames or []):
            raise CommandError(f"{path.name} : colonne manquante : « cell »")
        countries = country_lookup()
        for row in rows:
            partners = split_partners(row["cell"], row.get("call") or None, countries=countries)
            self.stdout.write(json.dumps({"partners": [asdict(p) for p in partners]}, ensure_ascii=False))
