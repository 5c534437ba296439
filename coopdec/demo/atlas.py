"""The demo's Atlas: the published laureates as actions (the same sync as the site's), three
actions of Castres beyond them — a twinning, a framework agreement, a project whose French
co-authority « Saint-Denis » is left for the ministry to decide between its homonyms, and its
partner « Gandiol » for it to place in a country —, Castres's
persons in charge of international action, an update campaign open today, and an agent of the
French embassy in Senegal who completes and comments the actions there."""
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from coopdec.accounts.models import Role
from coopdec.accounts.services import role_grant
from coopdec.atlas.models import Action, ActionAuthority, ActionPartner, PersonInCharge, UpdateCampaign
from coopdec.atlas.services import (
    PartnerIn, action_create, campaign_open, laureate_actions_sync, person_in_charge_save,
)
from coopdec.territories.models import Authority, Country

from .accounts import MINISTRY, _user

CASTRES = "castres@demo.coopdec.fr"
EMBASSY = "ambassade-senegal@demo.coopdec.fr"

ACTIONS = (
    {"kind": Action.Kind.TWINNING, "title": "Jumelage Castres – Dakar", "status": Action.Status.ONGOING,
     "description": "Échanges scolaires, sportifs et culturels entre les deux villes.", "themes": ["jeunesse", "culture"],
     "sdgs": [4, 17], "starts_on": date(2012, 6, 1), "partners": [PartnerIn("Dakar", "SN")]},
    {"kind": Action.Kind.AGREEMENT, "title": "Accord-cadre de coopération décentralisée avec la commune de Thiès",
     "status": Action.Status.ONGOING, "themes": ["gouvernance locale"], "sdgs": [16],
     "starts_on": date(2021, 1, 1), "ends_on": date(2026, 12, 31), "partners": [PartnerIn("Thiès", "SN")]},
    {"kind": Action.Kind.PROJECT, "title": "Jardins partagés et compostage à Saint-Louis",
     "status": Action.Status.PLANNED, "themes": ["agriculture", "déchets"], "sdgs": [2, 12], "amount": 18000,
     "partners": [PartnerIn("Saint-Louis", "SN")], "unresolved": ("Saint-Denis", ["commune:93066", "commune:97411"]),
     "partner_unresolved": ("Gandiol", "Sénégal ou Mauritanie")},
)


@transaction.atomic
def demo_atlas_load(*, today=None) -> list[str]:
    today = today or timezone.localdate()
    counts = laureate_actions_sync()
    lines = [f"Atlas : {Action.objects.filter(origin=Action.Origin.LAUREATE).count()} lauréats en actions "
             f"({counts['created']} nouvelles)"]
    castres = Authority.objects.get(kind=Authority.Kind.COMMUNE, code="81065")
    person = get_user_model().objects.get(email=CASTRES)
    for values in ACTIONS:
        values = dict(values)
        unresolved = values.pop("unresolved", None)
        partner_unresolved = values.pop("partner_unresolved", None)
        if Action.objects.filter(title=values["title"], authorities__authority=castres).exists():
            continue
        action = action_create(by=person, authority=castres, source="Démonstration", **values)
        if unresolved:  # as an import leaves a name it could not decide
            ActionAuthority.objects.create(action=action, name=unresolved[0], candidates=unresolved[1], order=9)
        if partner_unresolved:  # and a partner whose country it could not read
            ActionPartner.objects.create(action=action, name=partner_unresolved[0],
                                         country_as_written=partner_unresolved[1], order=9)
        lines.append(f"Atlas : {action.get_kind_display()} « {action.title} » : /espace/atlas/")
    if not PersonInCharge.objects.filter(authority=castres).exists():
        person_in_charge_save(authority=castres, by=person, kind=PersonInCharge.Kind.ELECTED, name="Claire Roussel",
                              function="Adjointe au maire chargée des relations internationales",
                              email="relations.internationales@demo.coopdec.fr")
        person_in_charge_save(authority=castres, by=person, kind=PersonInCharge.Kind.STAFF, name="Julien Masson",
                              function="Chargé de mission coopération", phone="05 63 00 00 00")
    if not UpdateCampaign.objects.filter(year=today.year).exists():
        campaign_open(by=get_user_model().objects.get(email=MINISTRY), year=today.year,
                      opens_on=today - timedelta(days=7), closes_on=today + timedelta(days=60))
    lines.append(f"Atlas : campagne de mise à jour {today.year} ouverte : /instruction/atlas/")
    agent = _user(EMBASSY)
    role_grant(user=agent, kind=Role.Kind.EMBASSY, by=None, country=Country.objects.get(iso2="SN"))
    lines.append(f"Atlas : {EMBASSY} (ambassade de France au Sénégal) : /instruction/atlas/pays/")
    return lines
