"""`manage.py load_territories`: load the committed geography and countries into the database."""
import time

from django.core.management.base import BaseCommand

from coopdec.territories.services import territories_load


class Command(BaseCommand):
    help = (
        "Charge régions, départements, communes, EPCI, EPT, anciens noms et pays depuis "
        "data/reference/ ; relancer la commande ne change que ce qui a changé."
    )

    def handle(self, *args, verbosity, **options):
        started = time.perf_counter()
        report = territories_load()
        if not verbosity:
            return
        for what, counts in report.items():
            self.stdout.write(f"{what} : {counts.created} créé(s), {counts.updated} mis à jour")
        self.stdout.write(f"en {time.perf_counter() - started:.1f} s")
