"""Issue 15 §3 in a real Chromium: the ministry's journey from assignment to payment, with the
staff menu, the dossier page holding everything, an instructor's scores with their comments and
annotations, the confirmation steps before closing, publishing and paying, and the archive link;
every page checked with axe-core and for its layout at 1280 and 375 px (tests/browser.check_page)."""
from decimal import Decimal as D

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.accounts.people import PASSWORD
from tests.browser import DESKTOP, check_page, chromium_page
from tests.committee.people import close
from tests.instruction.people import grid_call, instructor, ministry_officer, submitted

TITLE = "Eau potable à Huye"


@pytest.fixture
def world(transactional_db):
    """A dossier submitted to a call with a grid and a 1 000 000 € envelope, an instructor of the
    call, a ministry officer. Written before Playwright starts (see tests/browser.py)."""
    call = grid_call(envelope=D("1000000"))
    application, _ = submitted(call, title=TITLE)
    close(call)  # a committee sits on a closed call's dossiers
    officer = ministry_officer(email="agent@ministere.fr", totp=False)
    person = instructor(call=call, email="ines@exemple.fr")
    return call, application, officer, person


def _sign_in(page, url, email):
    page.goto(url + "/comptes/login/")
    page.locator("[name=login]").fill(email)
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("[name=password]").press("Enter")
    page.wait_for_url(lambda address: "/comptes/login/" not in address)


@pytest.mark.browser
def test_the_ministrys_journey_from_assignment_to_payment(live_server, world, settings):
    settings.COOPDEC_REQUIRE_STAFF_2FA = False
    call, application, officer, person = world
    dossier = f"{live_server.url}/instruction/dossiers/{application.pk}/"
    with chromium_page(viewport=DESKTOP) as page:
        _sign_in(page, live_server.url, officer.email)
        page.goto(live_server.url + "/")
        menu = page.locator("#navigation-principale")
        menu.get_by_role("button", name="Ministère").click()
        expect(menu.get_by_role("link", name="Attributions")).to_be_visible()
        check_page(page, "officer-accueil-menu")
        menu.get_by_role("link", name="Attributions").click()
        expect(page.locator("h1")).to_have_text("Attribution des dossiers")
        check_page(page, "officer-attributions")
        page.locator("main form [name=instructeur]").select_option(label=f"ines@exemple.fr ({call})")
        page.locator("[name=appel]").select_option(str(call.pk))
        page.get_by_role("button", name="Attribuer", exact=True).click()
        expect(page.locator("main")).to_contain_text("1 dossier attribué à ines@exemple.fr.")
        page.get_by_role("button", name="Se déconnecter").click()

        _sign_in(page, live_server.url, person.email)
        page.goto(live_server.url + "/")
        page.locator("#navigation-principale").get_by_role("link", name="Mes dossiers à instruire").click()
        page.get_by_role("link", name=TITLE).click()
        page.get_by_role("spinbutton", name="Pertinence").fill("5")
        page.get_by_label("Commentaire sur «\u00a0Pertinence\u00a0»").fill("Besoin en eau documenté par le district.")
        page.get_by_role("spinbutton", name="Partenariat").fill("4")
        page.get_by_role("spinbutton", name="Effets").fill("8")
        page.get_by_role("button", name="Enregistrer mes notes").click()
        expect(page.locator("main")).to_contain_text("Vos notes sont enregistrées.")
        page.get_by_label("Nouvelle annotation").fill("Le devis des forages date de 2024.")
        page.get_by_role("button", name="Enregistrer l'annotation").click()
        expect(page.locator("#annotations ~ ul").first).to_contain_text("Le devis des forages date de 2024.")
        check_page(page, "officer-instructeur-dossier")
        page.get_by_role("button", name="Se déconnecter").click()

        _sign_in(page, live_server.url, officer.email)
        page.goto(live_server.url + "/instruction/dossiers/")
        page.get_by_role("link", name=TITLE).click()
        expect(page).to_have_url(dossier)
        main = page.locator("main")
        for section in ("Projet et budget", "Contrôles de l'appel", "Pièces jointes", "Notation", "Avis des ambassades",
                        "Annotations", "Messages", "Historique"):
            expect(main.get_by_role("heading", name=section, exact=section != "Avis des ambassades")).to_be_visible()
        expect(main).to_contain_text("Besoin en eau documenté par le district.")
        expect(main).to_contain_text("Le devis des forages date de 2024.")
        page.locator("[name=issuer_kind]").select_option("ambassade")
        page.locator("[name=issuer]").fill("Ambassade de France au Rwanda")
        page.locator("[name=recommendation]").select_option("favorable")
        page.get_by_role("button", name="Enregistrer l'avis").click()
        expect(main).to_contain_text("L'avis est enregistré.")
        check_page(page, "officer-dossier")
        page.goto(f"{live_server.url}/instruction/appels/{call.pk}/classement/")
        check_page(page, "officer-classement")

        page.goto(live_server.url + "/instruction/comites/")
        page.locator("[name=appel]").select_option(str(call.pk))
        page.locator("[name=date]").fill(timezone.localdate().isoformat())  # never a date to come
        page.get_by_role("button", name="Ouvrir la séance").click()
        row = page.locator(f"#dossier-{application.pk}")
        row.locator(f"[name=decision-{application.pk}]").select_option("retenu")
        row.locator(f"[name=montant-{application.pk}]").fill("70000")
        page.get_by_role("button", name="Enregistrer les décisions").click()
        expect(main).to_contain_text("1 décision enregistrée.")
        check_page(page, "officer-seance")
        page.get_by_role("button", name="Clore la séance").click()
        expect(page.locator("h1")).to_have_text("Clore la séance ?")
        expect(main).to_contain_text("1 décision est figée (retenu\u00a0: 1)")
        check_page(page, "officer-confirmer-cloture")
        page.get_by_role("button", name="Confirmer la clôture").click()
        expect(main).to_contain_text("La séance est close")
        page.get_by_role("button", name="Publier la séance").click()
        expect(page.locator("h1")).to_have_text("Publier la séance ?")
        check_page(page, "officer-confirmer-publication")
        page.get_by_role("button", name="Confirmer la publication").click()
        expect(main).to_contain_text("La séance est publiée")

        page.locator("#navigation-principale").get_by_role("button", name="Ministère").click()
        page.locator("#navigation-principale").get_by_role("link", name="Subventions").click()
        check_page(page, "officer-subventions")
        page.get_by_role("button", name="Enregistrer le versement").first.click()
        expect(page.locator("h1")).to_have_text("Enregistrer ce versement ?")
        check_page(page, "officer-confirmer-versement")
        page.get_by_role("button", name="Confirmer le versement").click()
        expect(main).to_contain_text("Versement de la tranche 1")

        page.goto(dossier)
        expect(main.locator("#historique + ol")).to_contain_text("Retenu")
        expect(main.get_by_role("link", name="Archive du dossier")).to_be_visible()
        check_page(page, "officer-dossier-paye")
