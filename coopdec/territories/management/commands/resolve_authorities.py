"""`manage.py resolve_authorities FILE.csv`: resolve a column of names, one JSON object per row."""
import csv
import json

from django.core.management.base import BaseCommand, CommandError

from coopdec.territories.resolve import resolve_authority


class Command(BaseCommand):
    help = (
        "Résout la colonne « name » d'un CSV (colonnes facultatives « region » et « departement », "
        "chacune par code INSEE ou par nom : « 76 » ou « Occitanie », « 81 » ou « Tarn » ; "
        "« department » est lu comme « departement ») et écrit une ligne JSON par ligne : status, "
        "kind, code, name, region, candidates, reason. Aucune confirmation faite dans le contexte "
        "d'une liste ne décide ici : un nom partagé reste ambigu, la confirmation est citée."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier CSV en UTF-8")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8-sig", newline="") as f:
                reader = csv.DictReader(f)
                if "name" not in (reader.fieldnames or ()):
                    raise CommandError(f"{file} : colonne « name » absente (colonnes : {reader.fieldnames}).")
                for row in reader:
                    resolution = resolve_authority(
                        row["name"], region=row.get("region"),
                        department=row.get("departement") or row.get("department"),
                    )
                    self.stdout.write(json.dumps(resolution.as_dict(), ensure_ascii=False))
        except OSError as error:
            raise CommandError(f"{file} : {error.strerror}.") from error
