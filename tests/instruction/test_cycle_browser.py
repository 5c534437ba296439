"""Issue 8's cycle in a real Chromium: an instructor scores a dossier given to them, a committee
decides within the envelope, closes and publishes its session, and the laureate appears on the
public page of its region; axe-core finds no violation on any page on the way."""
from datetime import date
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect

from coopdec.instruction.services import assignment_create
from tests.accounts.people import PASSWORD
from tests.browser import DESKTOP, axe_violations, check_page, chromium_page, screenshot
from tests.committee.people import close
from tests.instruction.people import grid_call, instructor, ministry_officer, submitted

TITLE = "Eau potable à Huye"


@pytest.fixture
def world(transactional_db):
    """A Tarn commune's dossier submitted to a call with a grid and a 100 000 € envelope, given to
    an instructor; a ministry officer. Written before Playwright starts (see tests/browser.py)."""
    call = grid_call(envelope=D("100000"))
    application, _ = submitted(call, title=TITLE)
    officer = ministry_officer(email="agent@ministere.fr", totp=False)
    person = instructor(call=call, email="ines@exemple.fr")
    assignment_create(application=application, instructor=person, by=officer)
    close(call)  # the committee sits once the call has closed
    return call, application, officer, person


def _sign_in(page, url, email):
    page.goto(url + "/comptes/login/")
    page.locator("[name=login]").fill(email)
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("[name=password]").press("Enter")
    page.wait_for_url(lambda address: "/comptes/login/" not in address)


def _checked(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"cycle-{name}")


@pytest.mark.browser
def test_an_instructor_scores_a_committee_decides_and_publishes_and_the_laureate_is_on_the_region_page(
        live_server, world, settings):
    settings.COOPDEC_REQUIRE_STAFF_2FA = False
    call, application, officer, person = world
    region_page = f"{live_server.url}/campagnes/{call.campaign.year}/regions/occitanie/"
    with chromium_page(viewport=DESKTOP) as page:
        page.goto(region_page)
        expect(page.locator("main")).not_to_contain_text(TITLE)

        _sign_in(page, live_server.url, person.email)
        page.goto(live_server.url + "/instruction/")
        page.get_by_role("link", name=TITLE).click()
        page.get_by_role("spinbutton", name="Pertinence").fill("5")
        page.get_by_label("Commentaire sur « Pertinence »").fill("Besoin en eau documenté.")
        page.get_by_role("spinbutton", name="Partenariat").fill("4")
        page.get_by_role("spinbutton", name="Effets").fill("8")
        page.get_by_role("button", name="Enregistrer mes notes").click()
        expect(page.locator("main")).to_contain_text("Vos notes sont enregistrées.")
        _checked(page, "notes")
        page.get_by_role("button", name="Se déconnecter").click()

        _sign_in(page, live_server.url, officer.email)
        page.goto(live_server.url + "/instruction/comites/")
        _checked(page, "comites")
        page.locator("[name=appel]").select_option(str(call.pk))
        page.locator("[name=date]").fill(date.today().isoformat())
        page.get_by_role("button", name="Ouvrir la séance").click()
        row = page.locator(f"#dossier-{application.pk}")
        expect(row).to_contain_text("/20")  # the instructor's mark ranks it
        _checked(page, "seance")
        check_page(page, "cycle-seance")  # at 1280 and 375 px
        row.locator(f"[name=decision-{application.pk}]").select_option("retenu")
        row.locator(f"[name=montant-{application.pk}]").fill("60000")
        page.get_by_role("button", name="Enregistrer les décisions").click()
        expect(page.locator("#enveloppe")).to_contain_text("Reste\u00a0: 40\u00a0000\u00a0€")
        page.get_by_role("button", name="Clore la séance").click()
        expect(page.locator("h1")).to_have_text("Clore la séance ?")  # the confirmation step
        _checked(page, "seance-confirmer-cloture")
        page.get_by_role("button", name="Confirmer la clôture").click()
        expect(page.get_by_role("button", name="Publier la séance")).to_be_visible()
        _checked(page, "seance-close")
        page.get_by_role("button", name="Publier la séance").click()
        expect(page.locator("h1")).to_have_text("Publier la séance ?")
        _checked(page, "seance-confirmer-publication")
        page.get_by_role("button", name="Confirmer la publication").click()
        expect(page.locator("main")).to_contain_text("publiée le")
        page.get_by_role("button", name="Se déconnecter").click()

        page.goto(region_page)
        expect(page.locator("main")).to_contain_text(TITLE)
        expect(page.locator("main")).to_contain_text("Castres")
        _checked(page, "region")
