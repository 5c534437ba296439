"""The instruction pages in a real Chromium: an instructor scores a dossier given to them, the
ministry reads the marks, records an opinion, assigns in batch and reads the ranking; axe-core
finds no violation on any of these pages."""
import pytest
from playwright.sync_api import expect

from coopdec.instruction.services import assignment_create
from tests import factories
from tests.accounts.people import PASSWORD
from tests.browser import DESKTOP, axe_violations, chromium_page, screenshot
from tests.instruction.people import grid_call, instructor, ministry_officer, submitted


@pytest.fixture
def world(transactional_db):
    """Written before Playwright starts (see tests/browser.py)."""
    call = grid_call()
    application, _ = submitted(call)
    other, _ = submitted(call, authority=factories.authority(name="Albi"), title="Déchets à Dschang")
    officer = ministry_officer(email="agent@ministere.fr", totp=False)
    person = instructor(call=call, email="ines@exemple.fr")
    assignment_create(application=application, instructor=person, by=officer)
    return call, application, other, officer, person


def _sign_in(page, url, email):
    page.goto(url + "/comptes/login/")
    page.locator("[name=login]").fill(email)
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("[name=password]").press("Enter")
    page.wait_for_url(lambda address: "/comptes/login/" not in address)


def _checked(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"instruction-{name}")


@pytest.mark.browser
def test_an_instructor_scores_and_the_ministry_reads_ranks_and_assigns_with_no_axe_violation(
        live_server, world, settings):
    settings.COOPDEC_REQUIRE_STAFF_2FA = False
    call, application, other, officer, person = world
    with chromium_page(viewport=DESKTOP) as page:
        _sign_in(page, live_server.url, person.email)
        page.goto(live_server.url + "/instruction/")
        expect(page.locator("h1")).to_have_text("Mes dossiers à instruire")
        _checked(page, "mes-dossiers")
        page.get_by_role("link", name="Eau potable à Huye").click()
        _checked(page, "fiche-vide")
        page.get_by_role("spinbutton", name="Pertinence").fill("4")
        page.get_by_role("spinbutton", name="Partenariat").fill("5")
        page.get_by_role("spinbutton", name="Effets").fill("11")
        page.get_by_role("button", name="Enregistrer mes notes").click()
        expect(page.locator("main")).to_contain_text("se note de 0 à 10")
        _checked(page, "fiche-erreur")
        page.get_by_role("spinbutton", name="Effets").fill("5")
        page.get_by_role("button", name="Enregistrer mes notes").click()
        expect(page.locator("main")).to_contain_text("Votre note\u00a0: 16,33\u00a0/\u00a020")
        _checked(page, "fiche-notee")
        page.get_by_role("button", name="Se déconnecter").click()

        _sign_in(page, live_server.url, officer.email)
        page.goto(live_server.url + f"/instruction/dossiers/{application.pk}/")
        expect(page.locator("main")).to_contain_text("Moyenne pondérée\u00a0: 16,33\u00a0/\u00a020")
        page.locator("[name=issuer_kind]").select_option("ambassade")
        page.locator("[name=issuer]").fill("Ambassade de France au Rwanda")
        page.locator("[name=recommendation]").select_option("favorable")
        page.get_by_role("button", name="Enregistrer l'avis").click()
        expect(page.locator("main")).to_contain_text("L'avis est enregistré.")
        _checked(page, "dossier-ministere")
        page.goto(live_server.url + "/instruction/attributions/")
        _checked(page, "attributions")
        page.locator("main form [name=instructeur]").select_option(label=f"ines@exemple.fr ({call})")
        page.locator("[name=appel]").select_option(str(call.pk))
        page.get_by_role("button", name="Attribuer", exact=True).click()
        expect(page.locator("main")).to_contain_text("1 dossier attribué à ines@exemple.fr.")
        expect(page.locator("main")).to_contain_text("déjà attribué à ines@exemple.fr")
        _checked(page, "attributions-faites")
        page.goto(live_server.url + f"/instruction/appels/{call.pk}/classement/")
        expect(page.locator("tbody tr").first).to_contain_text("Eau potable à Huye")
        expect(page.locator("tbody tr").nth(1)).to_contain_text("non classé")
        _checked(page, "classement")
