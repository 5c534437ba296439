"""`manage.py load_demo [--accounts]`: the demo's campaigns, calls, figures and laureates
(`published`), and with `--accounts` its people and drafts (`accounts`, `instruction`) and Castres's
declaration of development aid (`apd`)."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coopdec.demo.accounts import demo_accounts_load
from coopdec.demo.apd import demo_apd_load
from coopdec.demo.exchange import demo_exchange_load
from coopdec.demo.atlas import demo_atlas_load
from coopdec.demo.instruction import demo_instruction_load
from coopdec.demo.opinions import demo_opinions_load
from coopdec.demo.published import load_calls_and_figures, load_seed_laureates


class Command(BaseCommand):
    help = ("Charge la démonstration : campagnes 2022–2025, leurs appels avec leurs règles et grilles "
            "de taux, les chiffres publiés et les six lauréats de la page d'Occitanie Coopération.")

    def add_arguments(self, parser):
        parser.add_argument("--accounts", action="store_true",
                            help="ajoute la campagne 2026 (grille de notation et enveloppe de son appel généraliste) et "
                                 "les comptes de démonstration, instructeur compris (mot de passe « demo ») ; "
                                 "refusé quand DEBUG est désactivé")

    def handle(self, *args, accounts=False, **options):
        if accounts and not settings.DEBUG:
            raise CommandError("--accounts crée des comptes au mot de passe connu : refusé quand DEBUG est désactivé.")
        for line in [*load_calls_and_figures(), load_seed_laureates()]:
            self.stdout.write(line)
        if accounts:
            for line in [*demo_accounts_load(), *demo_instruction_load(), *demo_apd_load(), *demo_opinions_load(),
                         *demo_exchange_load(), *demo_atlas_load()]:
                self.stdout.write(line)
