"""Fixtures of the import tests: the 2025 campaign's calls, as the seed page names them."""
import pytest

from coopdec.calls.models import Call
from coopdec.territories.models import Region
from tests import factories


@pytest.fixture
def campaign(db):
    campaign = factories.campaign(2025)
    factories.call("Généraliste 2025", campaign_obj=campaign)
    factories.call("Franco-palestinien 2025", kind=Call.Kind.FONDS_CONJOINT, campaign_obj=campaign,
                   partner_country=factories.country("PS", "Palestine, État de", "Palestine, State of"))
    factories.call("Franco-sénégalais 2025", kind=Call.Kind.FONDS_CONJOINT, campaign_obj=campaign,
                   partner_country=factories.country("SN", "Sénégal", "Senegal"))
    factories.call("AMI Villes créatives de la Francophonie", kind=Call.Kind.AMI, campaign_obj=campaign)
    return campaign


@pytest.fixture
def occitanie(db):
    return Region.objects.get(code="76")
