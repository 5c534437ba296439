"""The demo's opinions: `load_demo --accounts` gives an embassy's and a prefecture's agents; after
`demo_cycle`, Castres's dossier has the embassy's opinion (visible to Castres) and the
prefecture's request pending, each agent seeing its own."""
import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from coopdec.accounts.selectors import embassy_countries, prefecture_regions
from coopdec.instruction.models import OpinionRequest
from coopdec.instruction.selectors import requests_for_agent
from tests.demo.test_cycle import played  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_embassy_and_a_prefecture_and_one_opinion_given_one_pending(client, played):
    embassy = authenticate(email="ambassade-rwanda@demo.coopdec.fr", password="demo")
    prefecture = authenticate(email="prefecture-occitanie@demo.coopdec.fr", password="demo")
    assert [c.iso2 for c in embassy_countries(embassy)] == ["RW"]
    assert [r.code for r in prefecture_regions(prefecture)] == ["76"]
    given, pending = sorted(OpinionRequest.objects.all(), key=lambda r: r.issuer_kind)
    assert given.opinion.recommendation == "favorable" and given.opinion.visible_to_applicant
    assert pending.opinion is None
    assert requests_for_agent(embassy) == [given] and requests_for_agent(prefecture) == [pending]
    client.force_login(authenticate(email="castres@demo.coopdec.fr", password="demo"))
    page = client.get(reverse("applications:dossier", args=[given.application_id])).content.decode()
    assert "Avis sur le dossier" in page and "Partenariat ancien et actif" in page
