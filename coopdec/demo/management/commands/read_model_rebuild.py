"""Build the read model of every campaign behind its data version (after a migration, a restore,
or when no task worker ran): `manage.py read_model_rebuild [--all]`."""
import time

from django.core.management.base import BaseCommand

from coopdec.calls.models import Campaign
from coopdec.publication import readmodel


class Command(BaseCommand):
    help = "Reconstruit le modèle de lecture des lauréats publiés des campagnes en retard sur leurs données."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="toutes les campagnes, même à jour")

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["all"]:
            states = [readmodel.rebuild(pk) for pk in Campaign.objects.order_by("-year").values_list("pk", flat=True)]
        else:
            states = readmodel.rebuild_stale()
        rows = sum(state.rows for state in states if state)
        self.stdout.write(f"{len(states)} campagne(s) reconstruite(s), {rows} lauréats, "
                          f"en {time.perf_counter() - started:.1f} s.")
