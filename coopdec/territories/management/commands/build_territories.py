"""`manage.py build_territories PATH`: regenerate the committed geography files from the npm package."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coopdec.territories import reference


class Command(BaseCommand):
    help = (
        "Construit data/reference/territories.csv.gz et former-names.csv.gz à partir du dossier "
        "data/ du paquet npm @etalab/decoupage-administratif."
    )

    def add_arguments(self, parser):
        parser.add_argument("data_dir", type=Path, help="dossier data/ du paquet")
        parser.add_argument("--output", type=Path, default=settings.REFERENCE_DIR,
                            help="dossier où écrire les fichiers (par défaut data/reference/)")

    def handle(self, *args, data_dir, output, **options):
        if not (data_dir / "communes.json").is_file():
            raise CommandError(f"{data_dir} : communes.json introuvable ; attendu le dossier data/ du paquet.")
        territories = reference.territory_rows(data_dir)
        former_names = reference.former_name_rows(data_dir)
        output.mkdir(parents=True, exist_ok=True)
        reference.write_csv(output / reference.TERRITORIES_FILE, reference.TERRITORY_COLUMNS, territories)
        reference.write_csv(output / reference.FORMER_NAMES_FILE, reference.FORMER_NAME_COLUMNS, former_names)
        counts = {}
        for row in territories:
            counts[row["kind"]] = counts.get(row["kind"], 0) + 1
        summary = ", ".join(f"{kind} {n}" for kind, n in counts.items())
        self.stdout.write(
            f"@etalab/decoupage-administratif {reference.package_version(data_dir)} : {summary} ; "
            f"{len(former_names)} anciens noms → {output}"
        )
