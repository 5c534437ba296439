"""Run the IATI validator's offline data-quality rules (`opendata.quality`) over every IATI file
the site serves: one per campaign with activities, and the file of all years."""
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coopdec.french.text import number_fr, plural_fr
from coopdec.opendata import iati, quality, selectors
from coopdec.publication.selectors import LaureateFilters


class Command(BaseCommand):
    help = "Vérifie les fichiers IATI servis sur /donnees/ avec les règles de qualité du validateur IATI."

    def handle(self, *args, **options):
        now = timezone.localtime()
        every = selectors.campaign_data_list()
        files = [(f"iati-{d.campaign.year}.xml", [d], LaureateFilters(campaign=d.campaign)) for d in every if d.dated]
        if files:
            files.append(("iati.xml", every, LaureateFilters(campaign=None)))
        found = []
        for name, data, scope in files:
            content = "".join(iati.iati_xml(selectors.open_records(scope, data, dated=True), generated_at=now))
            problems = quality.iati_problems(content.encode("utf-8"), today=now.date())
            found += [f"{name} : {problem}" for problem in problems]
            self.stdout.write(f"{name} : {number_fr(len(problems))} "
                              f"{plural_fr(len(problems), 'problème', 'problèmes')}")
        if found:
            raise CommandError("\n".join(found))
        self.stdout.write(f"{number_fr(len(files))} {plural_fr(len(files), 'fichier vérifié', 'fichiers vérifiés')}, "
                          "aucun problème.")
