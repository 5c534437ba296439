"""`manage.py generate_synthetic --applications 100000 --seed 1`: synthetic data at national scale."""
import time

from django.core.management.base import BaseCommand, CommandError

from coopdec.demo.synthetic import SyntheticDataPresent, synthetic_generate


class Command(BaseCommand):
    help = ("Crée des campagnes 2005–2025, leurs appels et des dossiers synthétiques sur les "
            "collectivités réelles (chargées par load_territories), pour mesurer CoopDec à "
            "l'échelle nationale. Refuse de tourner sur une base qui en contient déjà.")

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=100_000, help="nombre de dossiers")
        parser.add_argument("--seed", type=int, default=1, help="graine : même graine, mêmes données")

    def handle(self, *args, applications, seed, verbosity, **options):
        if applications < 1:
            raise CommandError(f"--applications {applications} : un nombre de dossiers positif est attendu.")
        started = time.perf_counter()
        try:
            report = synthetic_generate(applications=applications, seed=seed)
        except (SyntheticDataPresent, ValueError) as error:
            raise CommandError(str(error)) from None
        if verbosity:
            self.stdout.write(
                f"{report.campaigns} campagnes, {report.calls} appels, {report.applications} dossiers "
                f"dont {report.laureates} lauréats, {report.partnerships} partenariats avec "
                f"{report.foreign_authorities} collectivités étrangères, "
                f"en {time.perf_counter() - started:.1f} s (graine {seed})."
            )
