"""`load_demo --accounts` gives the Atlas its pages: the laureates as actions, Castres's own
actions, its persons in charge, an open campaign, a name to decide, the embassy in Senegal; once."""
import html

import pytest
from django.core.management import call_command
from django.urls import reverse

from coopdec.atlas.models import Action, ActionAuthority, PersonInCharge, UpdateCampaign
from tests.demo.conftest import call_countries, demo  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _text(response):
    return html.unescape(response.content.decode())


def test_the_demo_loads_the_atlas_once_and_each_page_shows_it(settings, client):
    settings.DEBUG = True
    settings.COOPDEC_REQUIRE_STAFF_2FA = False  # as `make run`
    call_command("load_demo", "--accounts", verbosity=0)
    call_command("load_demo", "--accounts", verbosity=0)
    laureates = Action.objects.filter(origin=Action.Origin.LAUREATE)
    assert laureates.count() >= 6 and laureates.count() == Action.objects.filter(application__isnull=False).count()
    own = Action.objects.filter(origin=Action.Origin.AUTHORITY)
    assert sorted(own.values_list("kind", flat=True)) == ["accord", "jumelage", "projet"]
    assert PersonInCharge.objects.filter(authority__code="81065").count() == 2
    assert UpdateCampaign.objects.count() == 1
    assert ActionAuthority.objects.get(authority__isnull=True).name == "Saint-Denis"
    client.login(email="castres@demo.coopdec.fr", password="demo")
    page = _text(client.get(reverse("atlas:space")))
    assert "Jumelage Castres – Dakar" in page and "Mes actions sont à jour" in page
    client.login(email="ministere@demo.coopdec.fr", password="demo")
    page = _text(client.get(reverse("atlas:names")))
    assert "« Saint-Denis »" in page and "« Gandiol », pays écrit « Sénégal ou Mauritanie »" in page.replace(
        "\u00a0", " ")
    client.login(email="ambassade-senegal@demo.coopdec.fr", password="demo")
    page = _text(client.get(reverse("atlas:embassy")))
    assert "Jumelage Castres – Dakar" in page and "Thiès" in page
