"""Bring every laureate's action of the Atlas in step with its dossier (the signal receiver does
it campaign by campaign as decisions are published; this catches up, for instance after a
restore or on a first deployment)."""
from django.core.management.base import BaseCommand

from coopdec.atlas.services import laureate_actions_sync


class Command(BaseCommand):
    help = "Met les actions de l'Atlas des lauréats publiés en accord avec leurs dossiers."

    def handle(self, *args, **options):
        counts = laureate_actions_sync()
        self.stdout.write(
            f"Actions de lauréats : {counts['created']} créées, {counts['updated']} mises à jour, "
            f"{counts['withdrawn']} retirées, {counts['relinked']} aux collectivités ou partenaires refaits.")
