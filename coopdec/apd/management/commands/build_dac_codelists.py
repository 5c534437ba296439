"""`manage.py build_dac_codelists SECTOR.xml CHANNEL.xml REGION.xml`: regenerate the OECD DAC
codelists of the APD declaration (data/reference/dac-purposes.csv, crs-channels.csv,
dac-regions.csv) from the IATI codelists repository's files (`xml/Sector.xml`,
`xml/CRSChannelCode.xml`, `xml/Region.xml` of IATI/IATI-Codelists-NonEmbedded)."""
import csv
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coopdec.apd import codelists

EXPECTED = {"Sector": codelists.PURPOSES_FILE, "CRSChannelCode": codelists.CHANNELS_FILE,
            "Region": codelists.REGIONS_FILE}


class Command(BaseCommand):
    help = ("Construit les listes CAD de la déclaration d'APD (codes-objet, canaux, régions) à partir "
            "des fichiers XML des listes de codes IATI (Sector, CRSChannelCode, Region).")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs=3, type=Path, help="Sector.xml CRSChannelCode.xml Region.xml")
        parser.add_argument("--output-dir", type=Path, default=settings.REFERENCE_DIR)

    def handle(self, *args, files, output_dir, **options):
        import xml.etree.ElementTree as ET

        for path in files:
            try:
                name = ET.parse(path).getroot().get("name")
            except (OSError, ET.ParseError) as error:
                raise CommandError(f"{path} : illisible ({error}).") from error
            if name not in EXPECTED:
                raise CommandError(f"{path} : liste « {name} », attendu l'une de {', '.join(EXPECTED)}.")
            rows = codelists.codelist_rows(path)
            bad = [row["code"] for row in rows if not row["code"].isdigit()]
            if bad:
                raise CommandError(f"{path} : codes non numériques {', '.join(bad[:5])}.")
            output = output_dir / EXPECTED[name]
            with open(output, "w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=codelists.COLUMNS, lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
            active = sum(row["status"] == "active" for row in rows)
            self.stdout.write(f"{name} : {len(rows)} codes ({active} actifs) → {output}")
