"""The demo's partnership exchange (`load_demo --accounts`): two offers published through the
services, one by Castres (its demo member) and one by the district of Huye through the French
embassy in Rwanda (a demo embassy agent), so that /partenariats/ shows each kind of listing."""
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from coopdec.accounts.models import Role
from coopdec.accounts.services import role_grant
from coopdec.exchange.models import Listing
from coopdec.exchange.services import listing_publish
from coopdec.territories.models import Authority, Country, Region

from .accounts import APPLICANTS, _user
from .opinions import EMBASSY

CASTRES_OFFER = "Castres propose des échanges scolaires et un appui sur l'eau potable"
HUYE_OFFER = "Le district de Huye propose un partenariat sur l'agriculture et la formation des élus"


def _embassy_agent():
    """The demo's agent of the embassy in Rwanda, the one who gives opinions (`demo.opinions`)."""
    found = _user(EMBASSY)
    role_grant(user=found, kind=Role.Kind.EMBASSY, by=None, country=Country.objects.get(pk="RW"))
    return found


@transaction.atomic
def demo_exchange_load(*, now=None) -> list[str]:
    """Publish the two offers once (a second run finds them and says so)."""
    now = now or timezone.now()
    castres = Authority.objects.get(kind=Authority.Kind.COMMUNE, code="81065")
    member = get_user_model().objects.get(email=APPLICANTS[0].email)
    agent = _embassy_agent()
    lines = []
    if not Listing.objects.filter(title=CASTRES_OFFER).exists():
        listing_publish(
            user=member, authority=castres, kind=Listing.Kind.OFFER, title=CASTRES_OFFER, at=now,
            themes=["Eau et assainissement", "Éducation", "Jeunesse"],
            countries=Country.objects.filter(pk__in=["RW", "SN", "BJ"]),
            text="La Ville de Castres, engagée depuis dix ans avec le district de Huye, propose à d'autres "
                 "collectivités d'Afrique de l'Ouest et des Grands Lacs des échanges entre écoles et l'appui de "
                 "son service de l'eau (diagnostic des réseaux, formation des agents).")
    lines.append(f"Bourse des partenariats : offre de Castres (/partenariats/), publiée par {member.email}")
    if not Listing.objects.filter(title=HUYE_OFFER).exists():
        listing_publish(
            user=agent, foreign_name="District de Huye", foreign_country=Country.objects.get(pk="RW"),
            on_behalf=Listing.OnBehalf.EMBASSY, kind=Listing.Kind.OFFER, title=HUYE_OFFER, at=now,
            themes=["Agriculture", "Gouvernance locale"], regions=Region.objects.filter(pk__in=["76", "84"]),
            text="Le district de Huye (province du Sud) propose à une collectivité française d'accueillir ses "
                 "agronomes et de former ensemble les élus de ses secteurs à la gestion budgétaire.")
    lines.append(f"Bourse des partenariats : offre du district de Huye, publiée par l'ambassade de France au "
                 f"Rwanda ({EMBASSY})")
    return lines
