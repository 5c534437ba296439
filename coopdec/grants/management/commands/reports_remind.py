"""python manage.py reports_remind [--today AAAA-MM-JJ]"""
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coopdec.french.text import date_fr
from coopdec.grants.services import REMINDER_DAYS, reports_remind
from coopdec.notifications import events


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"« {text} » n'est pas une date AAAA-MM-JJ.") from None


class Command(BaseCommand):
    help = (f"Prévient les porteurs des rapports attendus dans les {REMINDER_DAYS} jours et des rapports en "
            "retard, une fois par rapport et par événement : relancer la commande n'envoie rien de plus. "
            "À lancer chaque jour (cron).")

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_day, default=None,
                            help="le jour à considérer (par défaut aujourd'hui, heure de Paris)")

    def handle(self, *args, today, **options):
        today = today or timezone.localdate()
        sent = reports_remind(today=today)
        self.stdout.write(
            f"{date_fr(today)} : {sent[events.RAPPORT_ATTENDU]} avis de rapport attendu, "
            f"{sent[events.RAPPORT_EN_RETARD]} avis de rapport en retard envoyés.")
