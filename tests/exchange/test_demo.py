"""`load_demo --accounts` publishes the exchange's two demo offers through the services, once;
/partenariats/ shows both."""
import html

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from coopdec.exchange.models import Listing

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_two_offers_once_and_the_exchange_shows_them(settings, client):
    settings.DEBUG = True
    settings.COOPDEC_REQUIRE_STAFF_2FA = False  # as `make run`
    call_command("load_demo", "--accounts", verbosity=0)
    call_command("load_demo", "--accounts", verbosity=0)
    huye, castres = Listing.objects.order_by("on_behalf")  # « ambassade » before « membre »
    assert (castres.authority.code, castres.on_behalf, castres.kind) == ("81065", "membre", "offre")
    assert (huye.foreign_name, huye.foreign_country_id, huye.on_behalf, huye.kind) == (
        "District de Huye", "RW", "ambassade", "offre")
    assert authenticate(email="ambassade-rwanda@demo.coopdec.fr", password="demo") is not None
    page = html.unescape(client.get("/partenariats/").content.decode())
    assert "2 annonces en cours" in page and huye.title in page and castres.title in page
    assert "District de Huye</strong> (Rwanda, par l'ambassade de France)" in page
