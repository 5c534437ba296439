"""python manage.py import_authority_status FILE --year 2025 [--dry-run]"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coopdec.applications.services import authority_status_commit
from coopdec.applications.status_import import COLUMNS, status_preview
from coopdec.readers.base import ReadError
from coopdec.readers.files import read_bytes


class Command(BaseCommand):
    help = ("Importe la situation annuelle des collectivités (déclaration d'APD, rapports) d'un CSV : "
            f"aperçu, puis enregistrement. Colonnes : {', '.join(COLUMNS)}.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, required=True, help="année de la situation (ex. 2025)")
        parser.add_argument("--dry-run", action="store_true", help="aperçu seulement, rien n'est écrit")

    def handle(self, *args, file, year, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file} : fichier introuvable")
        try:
            data = read_bytes(path)
        except ReadError as error:
            raise CommandError(f"rien n'a été importé.\n{error}") from None
        preview = status_preview(file_name=path.name, data=data, year=year)
        if preview.errors:
            raise CommandError("rien n'a été importé.\n" + "\n".join(preview.errors))
        self.stdout.write(f"{path.name} ({', '.join(preview.details)}), situation {year}")
        for row in preview.rows:
            self.stdout.write(
                f"  ligne {row.number} · {row.authority.name} ({row.authority.kind} {row.authority.code}) · "
                f"APD {year} : {'déclarée' if row.apd_declared else 'non déclarée'} · rapports : "
                f"{row.reports_filed} remis / {row.reports_due} attendus, {row.reports_accepted} acceptés"
            )
        if dry_run:
            self.stdout.write("Aperçu seulement (--dry-run) : rien n'a été enregistré.")
            return
        count = authority_status_commit(preview=preview)
        self.stdout.write(self.style.SUCCESS(f"Enregistré : {count} situation(s) pour {year}."))
