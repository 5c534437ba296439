"""python manage.py opinions_remind [--today AAAA-MM-JJ] [--every JOURS]"""
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coopdec.french.text import counted_fr, date_fr
from coopdec.instruction.services import REMIND_EVERY_DAYS, opinions_remind


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"« {text} » n'est pas une date AAAA-MM-JJ.") from None


def _days(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise CommandError(f"« {text} » n'est pas un nombre de jours (1 ou plus).")
    return int(text)


class Command(BaseCommand):
    help = ("Relance les ambassades et les préfectures dont l'avis demandé n'est pas rendu à la date "
            f"attendue, une fois tous les {REMIND_EVERY_DAYS} jours par demande : relancer la commande le même "
            "jour n'envoie rien de plus. À lancer chaque jour (cron).")

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_day, default=None,
                            help="le jour à considérer (par défaut aujourd'hui, heure de Paris)")
        parser.add_argument("--every", type=_days, default=REMIND_EVERY_DAYS,
                            help=f"jours entre deux relances d'une même demande (par défaut {REMIND_EVERY_DAYS})")

    def handle(self, *args, today, every, **options):
        today = today or timezone.localdate()
        sent = opinions_remind(today=today, every_days=every)
        reminded = counted_fr(sent, "demande d'avis relancée", "demandes d'avis relancées")
        self.stdout.write(f"{date_fr(today)} : {reminded}.")
