"""`manage.py apd_remind [--at ISO]`: the reminders of the APD declaration before its window closes
(`apd.services.reminders_send`), once per authority and step however often it runs: run it daily
(cron)."""
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coopdec.apd.models import PARIS
from coopdec.apd.services import reminders_send
from coopdec.french.text import counted_fr, datetime_fr


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"« {text} » n'est pas une date ISO 8601 (AAAA-MM-JJ ou AAAA-MM-JJTHH:MM, "
                           "heure de Paris sans fuseau).") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=PARIS)


class Command(BaseCommand):
    help = ("Rappelle aux membres des collectivités qui n'ont pas déposé leur déclaration d'APD que la période "
            "se clôt (14 et 3 jours avant par défaut, réglable par année), une fois par collectivité et par "
            "rappel : relancer la commande n'envoie rien de plus. À lancer chaque jour (cron).")

    def add_arguments(self, parser):
        parser.add_argument("--at", type=_moment, default=None,
                            help="l'instant à considérer, ISO 8601 (par défaut maintenant ; "
                                 "sans fuseau : heure de Paris)")

    def handle(self, *args, at, **options):
        at = at or timezone.now()
        sent = reminders_send(at=at)
        for reminder in sent:
            self.stdout.write(f"APD {reminder.year}, J-{reminder.days} : {reminder.authority} "
                              f"({counted_fr(reminder.recipients, 'destinataire', 'destinataires')})")
        self.stdout.write(f"{datetime_fr(at)} : {counted_fr(len(sent), 'rappel envoyé', 'rappels envoyés')}.")
