"""`load_demo --accounts` submits Castres's demo declaration through the services, once."""
import html

import pytest
from django.core.management import call_command
from django.urls import reverse

from coopdec.apd.models import Declaration
from coopdec.applications.models import AuthorityYearStatus

pytestmark = pytest.mark.django_db


def test_the_demo_declares_for_castres_once_and_every_page_shows_it(settings, client):
    settings.DEBUG = True
    settings.COOPDEC_REQUIRE_STAFF_2FA = False  # as `make run`
    call_command("load_demo", "--accounts", verbosity=0)
    call_command("load_demo", "--accounts", verbosity=0)
    declaration = Declaration.objects.get()
    assert (declaration.authority.code, declaration.state, declaration.lines.count()) == ("81065", "deposee", 3)
    year = declaration.year
    assert AuthorityYearStatus.objects.get(authority=declaration.authority, year=year).apd_source == "coopdec"
    client.login(email="castres@demo.coopdec.fr", password="demo")
    page = html.unescape(client.get(reverse("apd:declaration", args=[year])).content.decode())
    assert "Approvisionnement en eau potable" in page and "Déposée le" in page
    assert f"/espace/apd/{year}/" in client.get(reverse("applications:space")).content.decode()
    client.login(email="ministere@demo.coopdec.fr", password="demo")
    page = html.unescape(client.get(reverse("apd:ministry") + f"?annee={year}").content.decode())
    assert "Castres (Tarn)" in page and "29\u00a0900,50\u00a0€" in page
    public = client.get(reverse("apd-public:csv", args=[year]))
    assert b"RW" in b"".join(public.streaming_content)
