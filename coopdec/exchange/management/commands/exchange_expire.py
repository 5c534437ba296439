"""Remind the publishers of the partnership exchange's listings that expire soon, with the link
to renew them. Idempotent: one reminder per listing and expiry date (run it daily, e.g. by cron).
Expired listings need no job: the public pages leave them out by date."""
from django.core.management.base import BaseCommand, CommandError

from coopdec.exchange.services import expiry_remind


class Command(BaseCommand):
    help = "Prévient les auteurs des annonces de la bourse des partenariats qui expirent bientôt."

    def add_arguments(self, parser):
        parser.add_argument("--jours", type=int, default=14, dest="days",
                            help="Prévenir les annonces qui expirent dans ce nombre de jours au plus (14 par défaut).")

    def handle(self, *args, days, **options):
        if not 0 <= days <= 180:
            raise CommandError("--jours doit être compris entre 0 et 180.")
        told = expiry_remind(days=days)
        self.stdout.write(f"{told} annonce(s) bientôt expirée(s) : auteurs prévenus.")
