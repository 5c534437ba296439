"""The exchange in a real Chromium, checked with axe-core and the layout at 1280 and 375 px: the
public list and a listing's page; a member publishes, another authority writes, and reads its
conversation (see tests/browser.py)."""
import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from coopdec.exchange.models import Contact, Listing
from tests.browser import DESKTOP, check_page, chromium_page

from .people import albi, castres, foreign_request, french_offer, member

pytestmark = pytest.mark.browser


def _session_cookie(user, url):
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}


@pytest.fixture
def people(transactional_db, live_server):
    """Written before Playwright starts (see tests/browser.py)."""
    offer, _ = french_offer(at=timezone.now())
    foreign_request(at=timezone.now())
    return offer, _session_cookie(member(castres()), live_server.url), _session_cookie(member(albi()), live_server.url)


def test_the_exchange_its_listing_and_its_forms(live_server, people):
    offer, publisher, writer = people
    with chromium_page(viewport=DESKTOP) as page:
        page.goto(f"{live_server.url}/partenariats/")
        expect(page.locator("h1")).to_have_text("Bourse des partenariats")
        check_page(page, "partenariats")
        page.get_by_label("Nature").select_option("demande")
        page.get_by_role("button", name="Filtrer").click()
        expect(page.locator("#annonces")).to_have_text("1 annonce en cours")
        check_page(page, "partenariats-filtre")
        page.goto(f"{live_server.url}/partenariats/{offer.pk}/")
        check_page(page, "partenariats-annonce")

        page.context.add_cookies([publisher])
        page.goto(f"{live_server.url}/espace/partenariats/publier/")
        page.get_by_role("button", name="Publier l'annonce").click()
        expect(page.locator("#erreurs")).to_be_visible()
        check_page(page, "partenariats-publier-erreurs")
        page.get_by_label("Nature de l'annonce").select_option("offre")
        page.get_by_label("Au nom de").select_option(label="Castres")
        page.get_by_label("Intitulé").fill("Échanges culturels")
        page.get_by_label("Thèmes").fill("Culture, jeunesse")
        page.get_by_label("Pays où la collectivité française cherche des partenaires").select_option(["BJ", "SN"])
        page.get_by_label("Présentation").fill("Castres propose des échanges entre conservatoires.")
        page.get_by_role("button", name="Publier l'annonce").click()
        expect(page.locator("main")).to_contain_text("Votre annonce est publiée pour six mois.")
        page.goto(f"{live_server.url}/espace/partenariats/")
        check_page(page, "partenariats-mes-annonces")

        page.context.clear_cookies()
        page.context.add_cookies([writer])
        page.goto(f"{live_server.url}/partenariats/{offer.pk}/")
        page.get_by_role("link", name="Écrire à Castres").click()
        check_page(page, "partenariats-ecrire")
        page.get_by_label("Votre message").fill("Albi aimerait en parler.")
        page.get_by_role("button", name="Envoyer le message").click()
        expect(page.locator("main")).to_contain_text("sans votre adresse électronique")
        check_page(page, "partenariats-conversation")
    assert Listing.objects.count() == 3 and Contact.objects.get().sender_name == "Albi"
