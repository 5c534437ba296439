"""Write ahead the bulk files of /donnees/ for the site's address (`SITE_URL`), as the task does when
a campaign's data moves (`opendata.tasks`): after a restore, or to fill a new server's disk."""
import time

from django.core.management.base import BaseCommand, CommandError

from coopdec.calls.models import Campaign
from coopdec.french.text import number_fr, plural_fr
from coopdec.opendata.tasks import write_ahead


class Command(BaseCommand):
    help = ("Écrit d'avance les fichiers de /donnees/ (lauréats, IATI, 360Giving) d'une campagne et de toutes, "
            "pour l'adresse du site (SITE_URL).")

    def add_arguments(self, parser):
        parser.add_argument("--annee", type=int, help="la campagne de cette année seulement (et les fichiers de "
                                                     "toutes les campagnes) ; sans elle : chaque campagne")

    def handle(self, *args, annee=None, **options):
        if annee is not None and not Campaign.objects.filter(year=annee).exists():
            raise CommandError(f"Aucune campagne {annee} enregistrée dans CoopDec.")
        years = [annee] if annee is not None else list(Campaign.objects.order_by("-year").values_list("year", flat=True))
        written = 0
        for year in [*years, None]:
            started = time.perf_counter()
            done = write_ahead(year=year)
            for path, outcome in done.items():
                self.stdout.write(f"{path} : {outcome}")
            written += sum(1 for outcome in done.values() if outcome == "écrit")
            self.stdout.write(f"  ({'toutes les campagnes' if year is None else year} : "
                              f"{number_fr(time.perf_counter() - started, 1)} s)")
        self.stdout.write(f"{number_fr(written)} {plural_fr(written, 'fichier écrit', 'fichiers écrits')}.")
