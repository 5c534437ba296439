"""`manage.py apd_missing --year 2025`: the authorities expected to declare their development aid
of the year that have not, with their confirmed members' addresses, so that someone reminds them
before the window closes. It sends nothing: CoopDec's messages are the notifications app's."""
from django.core.management.base import BaseCommand

from coopdec.accounts.models import Membership
from coopdec.apd import selectors, services


class Command(BaseCommand):
    help = ("Liste les collectivités attendues qui n'ont pas déposé leur déclaration d'APD de l'année, avec les "
            "adresses de leurs membres confirmés (aucun message n'est envoyé).")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="année des dépenses déclarées")

    def handle(self, *args, year, **options):
        overview = selectors.overview(year)
        missing = [row for row in overview.rows if row.state in ("non déclarée", "brouillon")]
        members = {}
        for membership in Membership.objects.filter(
                authority__in=[row.authority for row in missing], state=Membership.State.CONFIRMED,
        ).select_related("user").order_by("user__email"):
            members.setdefault(membership.authority_id, []).append(membership.user.email)
        self.stdout.write(f"Déclaration d'APD {year} : {services.window_text(overview.window)}.")
        for row in missing:
            emails = ", ".join(members.get(row.authority.pk, [])) or "aucun membre confirmé"
            self.stdout.write(f"{row.authority} ({row.authority.kind}:{row.authority.code}) — {row.state} — {emails}")
        self.stdout.write(f"{len(missing)} collectivité(s) sur {len(overview.rows)} attendue(s) sans déclaration déposée.")
