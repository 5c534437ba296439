"""Play one campaign of the demo from the drafts to the first payment (coopdec/demo/cycle.py)."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coopdec.applications.services import TransitionRefused
from coopdec.demo.cycle import CycleRefused, demo_cycle_play
from coopdec.grants.services import GrantRefused
from coopdec.instruction.services import DecisionRefused, InstructionRefused

# Each step's service says in French why it refuses: the command says it too, and nothing is kept.
REFUSALS = (CycleRefused, TransitionRefused, InstructionRefused, DecisionRefused, GrantRefused)


class Command(BaseCommand):
    help = ("Joue la campagne 2026 de démonstration par les services, étape par étape : dépôt des deux "
            "brouillons, attribution à l'instructeur, avis et notes, comité dans l'enveloppe, séance close "
            "et publiée, 1re tranche versée. Sur une base préparée par « load_demo --accounts » ; "
            "refusé quand DEBUG est désactivé.")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_cycle publie des décisions de démonstration : refusé quand DEBUG est désactivé.")
        try:
            demo_cycle_play(say=self.stdout.write)
        except REFUSALS as refused:
            raise CommandError(getattr(refused, "reason", str(refused))) from None
