"""The review of lead authorities in a real Chromium at 1,280 px (see tests/browser.py)."""
import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from coopdec.calls.models import Call
from coopdec.territories.models import Country
from tests import factories as f
from tests.accounts import people
from tests.browser import DESKTOP, chromium_page, screenshot

from .conftest import imported

pytestmark = pytest.mark.browser
SECRET = generate_totp_secret()

LONG_TITLE = ("Appui à la gestion des déchets ménagers et à la structuration d'une filière de valorisation "
              "dans les quartiers périphériques de la commune partenaire et de ses voisines")


@pytest.fixture
def browser_page(transactional_db, django_user_model):
    reviewer = django_user_model.objects.create_superuser("relectrice", "relectrice@example.org", "mot-de-passe-long")
    EmailAddress.objects.create(user=reviewer, email=reviewer.email, verified=True, primary=True)
    TOTP.activate(reviewer, SECRET)  # staff pages ask for it (accounts.middleware)
    call = f.call("Franco-palestinien 2025", Call.Kind.FONDS_CONJOINT, f.campaign(2025),
                  partner_country=Country.objects.get(iso2="PS"))
    f.campaign(2024)
    imported("Barjac", title="Gire en jeu", call=call, partner="Kharas")
    imported("Saint-Denis", title=LONG_TITLE, call=call, partner="Beit Sahour", region=None, row_number=7)
    with chromium_page(viewport=DESKTOP) as page:
        yield page


def test_the_review_list_fits_1280_px_and_a_confirmation_leads_back_to_it(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/admin/login/?next=/admin/applications/application/%3Flead%3Dpending")
    page.get_by_label("Courriel").fill("relectrice@example.org")  # the admin signs in through allauth
    page.get_by_label("Mot de passe", exact=False).first.fill("mot-de-passe-long")
    page.get_by_role("button", name="Connexion").click()
    page.get_by_label("Code").fill(people.current_code(SECRET))  # and asks for the second factor
    page.get_by_role("button", name="Connexion").click()
    expect(page.locator("h1")).to_have_text("Lauréats dont la collectivité française est à confirmer")
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    results = page.locator("#result_list")
    assert results.bounding_box()["width"] > 750  # the list, not the sidebars, takes the width
    expect(page.locator("#changelist-filter")).to_contain_text("Par collectivité française")
    screenshot(page, "admin-a-confirmer")

    page.get_by_role("row", name="Gire en jeu").get_by_role("link", name="à confirmer").click()
    expect(page.get_by_label("Barjac (Gard, 30) — 1\u00a0608 habitants")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    screenshot(page, "admin-confirmer-barjac")
    page.get_by_label("Barjac (Gard, 30) — 1\u00a0608 habitants").check()
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url("**/admin/applications/application/?lead=pending")
    expect(page.locator(".messagelist")).to_contain_text("Barjac (Gard) confirmée pour «\u00a0Barjac\u00a0»")
    expect(results).not_to_contain_text("Gire en jeu")
    expect(results).to_contain_text("Saint-Denis")
