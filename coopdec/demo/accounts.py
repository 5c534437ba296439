"""The demo's people and dossiers (`load_demo --accounts`): a 2026 campaign with a generalist call
open today, a ministry officer and two applicants with a draft each, all with the password
« demo ». Made through the services, as the site makes them; loading again changes nothing but
the call's dates, which follow today."""
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from coopdec.accounts.models import Membership, Role
from coopdec.accounts.services import membership_decide, membership_request, role_grant, user_create
from coopdec.applications.models import Application
from coopdec.applications.services import application_create_draft
from coopdec.calls.models import Call, RateGrid
from coopdec.calls.services import call_copy, campaign_next
from coopdec.french.text import date_fr
from coopdec.territories.models import Authority

PASSWORD = "demo"
YEAR, MODEL_YEAR = 2026, 2025
OPEN_BEFORE, OPEN_AFTER = timedelta(days=30), timedelta(days=60)
MINISTRY = "ministere@demo.coopdec.fr"


@dataclass(frozen=True)
class Applicant:
    email: str
    kind: str
    code: str  # the official code in data/reference/territories.csv.gz
    title: str


APPLICANTS = (
    Applicant("castres@demo.coopdec.fr", Authority.Kind.COMMUNE, "81065",
              "Eau potable et assainissement avec le district de Huye"),
    Applicant("sicoval@demo.coopdec.fr", Authority.Kind.EPCI, "243100633",
              "Gestion des déchets avec la commune de Dschang"),
)


def _user(email):
    """The demo account, created once with its address verified."""
    found = get_user_model().objects.filter(email=email).first()
    if found is None:
        return user_create(email=email, password=PASSWORD, email_verified=True)
    EmailAddress.objects.filter(user=found, email=email).update(verified=True)
    return found


def _call_2026(today) -> Call:
    """The 2026 generalist call, copied from 2025's with its rules, open around `today`. Without a
    published 2026 rate grid, the campaign takes 2025's, saying so in its source."""
    model = Call.objects.select_related("campaign").get(
        campaign__year=MODEL_YEAR, kind=Call.Kind.GENERALISTE, slug=f"generaliste-{MODEL_YEAR}")
    campaign = campaign_next(campaign=model.campaign)
    if not RateGrid.objects.filter(campaign=campaign).exists():
        grid = RateGrid.objects.get(campaign=model.campaign)
        grid.pk, grid.campaign = None, campaign
        grid.source_label = (f"Démonstration : la grille {MODEL_YEAR} reprise pour {YEAR}, "
                             f"aucune grille {YEAR} n'étant enregistrée dans CoopDec")
        grid.save()
    call = Call.objects.filter(campaign=campaign, kind=Call.Kind.GENERALISTE).first() or call_copy(
        call=model, campaign=campaign)
    call.opens_on, call.closes_on = today - OPEN_BEFORE, today + OPEN_AFTER
    call.save(update_fields=["opens_at", "closes_at"])
    return call


@transaction.atomic
def demo_accounts_load(*, today=None) -> list[str]:
    """Load the demo's accounts and drafts; one line per thing done, for the command to print."""
    today = today or timezone.localdate()
    call = _call_2026(today)
    officer = _user(MINISTRY)
    role_grant(user=officer, kind=Role.Kind.MINISTRY, by=None)
    lines = [f"Appel « {call.name} » ouvert du {date_fr(call.opens_on)} au {date_fr(call.closes_on)}",
             f"{MINISTRY} : agent du ministère"]
    for applicant in APPLICANTS:
        authority = Authority.objects.get(kind=applicant.kind, code=applicant.code)
        person = _user(applicant.email)
        if not Membership.objects.filter(user=person, authority=authority, state=Membership.State.CONFIRMED).exists():
            membership_decide(membership=membership_request(user=person, authority=authority), by=officer,
                              confirm=True, reason="Compte de démonstration")
        if not Application.objects.filter(call=call, lead_authority=authority).exists():
            application_create_draft(user=person, call=call, authority=authority, title=applicant.title)
        lines.append(f"{applicant.email} : membre de {authority.name}, un brouillon dans l'appel {YEAR}")
    lines.append(f"Mot de passe de ces comptes : {PASSWORD}")
    return lines
