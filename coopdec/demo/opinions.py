"""The opinions of the demo: an agent of the French embassy in Rwanda (the partner country of
Castres's dossier) and an agent of the prefecture of Occitanie (its région), password « demo »
(`load_demo --accounts`); and, when `demo_cycle` plays the campaign, the ministry asking both for
their opinion on Castres's dossier in CoopDec, the embassy answering (the ministry lets Castres
read it), the prefecture's request left pending. Made through the services, as the site makes them."""
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from coopdec.accounts.models import Role
from coopdec.accounts.services import role_grant
from coopdec.french.text import date_fr
from coopdec.instruction.models import OpinionRequest
from coopdec.instruction.services import opinion_answer, opinion_request, opinion_visibility_set
from coopdec.territories.models import Country, Region

from .accounts import _user

EMBASSY = "ambassade-rwanda@demo.coopdec.fr"
PREFECTURE = "prefecture-occitanie@demo.coopdec.fr"
EMBASSY_COUNTRY, PREFECTURE_REGION = "RW", "76"  # Rwanda; Occitanie (INSEE code)
ANSWER = ("favorable", "Partenariat ancien et actif avec le district de Huye ; le besoin en eau potable est avéré "
                       "et la maîtrise d'ouvrage locale a fait ses preuves.")


@transaction.atomic
def demo_opinions_load() -> list[str]:
    """The embassy's and the prefecture's demo accounts and roles; one line each. Loading again
    changes nothing."""
    embassy, prefecture = _user(EMBASSY), _user(PREFECTURE)
    country = Country.objects.get(iso2=EMBASSY_COUNTRY)
    region = Region.objects.get(code=PREFECTURE_REGION)
    role_grant(user=embassy, kind=Role.Kind.EMBASSY, country=country, by=None)
    role_grant(user=prefecture, kind=Role.Kind.PREFECTURE, region=region, by=None)
    return [f"{EMBASSY} : agent de l'ambassade de France ({country.name_fr})",
            f"{PREFECTURE} : agent de la préfecture de région ({region.name})"]


def demo_opinions_play(*, application, officer, say=print) -> None:
    """The ministry asks the embassy and the prefecture for their opinion on `application` (due in
    three weeks); the embassy's agent answers and the ministry lets the applicant read it; the
    prefecture's request stays pending (the committee's table shows it « en attente »)."""
    agent = get_user_model().objects.get(email=EMBASSY)
    due_on = timezone.localdate() + timedelta(days=21)
    opinion_request(application=application, issuer_kinds=["ambassade", "prefecture"], by=officer, due_on=due_on)
    embassy = OpinionRequest.objects.get(application=application, issuer_kind="ambassade")
    recommendation, text = ANSWER
    opinion = opinion_answer(request=embassy, user=agent, recommendation=recommendation, text=text)
    opinion_visibility_set(opinion=opinion, visible=True, user=officer)
    say(f"   « {application.title} » : avis demandé à {embassy.issuer_name} et à la préfecture de région pour le "
        f"{date_fr(due_on)} ; {EMBASSY} rend un avis {opinion.get_recommendation_display()}, que le ministère "
        "rend visible du demandeur ; celui de la préfecture reste en attente")
