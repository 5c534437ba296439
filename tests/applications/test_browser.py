"""An applicant in a real Chromium: signs in, fills the dossier step by step, watches the
eligibility panel follow the budget, submits; axe-core finds no violation at any step."""
from datetime import date

import pytest
from playwright.sync_api import expect

from coopdec.applications.models import AuthorityYearStatus
from coopdec.territories.models import Authority
from tests.applications.files import PDF
from tests.applications.people import PASSWORD, member, open_call
from tests.browser import DESKTOP, check_page, chromium_page


@pytest.fixture
def applicant(transactional_db):
    """Castres's member, a call open today, Castres's aid declaration recorded (before Playwright)."""
    call = open_call(year=date.today().year)
    castres = Authority.objects.get(kind="commune", code="81065")
    AuthorityYearStatus.objects.create(authority=castres, year=call.campaign.year - 1, apd_declared=True)
    return member(castres, email="castres@exemple.fr"), call


def _checked(page, name):
    """axe-core and the layout (each label above its field, nothing overlapping or wider than the
    screen) at 1280 and 375 px."""
    check_page(page, f"dossier-{name}")


@pytest.mark.browser
def test_an_applicant_fills_and_submits_a_dossier_with_no_axe_violation(live_server, applicant):
    person, call = applicant
    with chromium_page(viewport=DESKTOP) as page:
        page.goto(live_server.url + "/comptes/login/")
        page.locator("[name=login]").fill(person.email)
        page.locator("[name=password]").fill(PASSWORD)
        page.locator("[name=password]").press("Enter")
        page.goto(live_server.url + "/espace/")
        expect(page.locator("h1")).to_have_text("Mon espace")
        _checked(page, "espace")

        page.get_by_role("link", name="Nouveau dossier").click()
        _checked(page, "nouveau")
        page.get_by_label("Intitulé du projet").fill("Eau potable à Huye")
        page.get_by_role("button", name="Créer le brouillon").click()

        expect(page.locator(".fr-stepper__title")).to_contain_text("Partenaires")
        _checked(page, "partenaires")
        page.locator("[name=partenaire-0-name]").fill("District de Huye")
        page.locator("[name=partenaire-0-country]").select_option("RW")
        page.get_by_label("Ajouter une collectivité co-porteuse").fill("Saint-Denis")  # homonyms
        page.get_by_role("button", name="Enregistrer et continuer").click()
        expect(page.locator("#erreurs")).to_contain_text("« Saint-Denis » désigne plusieurs collectivités")
        expect(page.locator("[name=partenaire-0-name]")).to_have_value("District de Huye")  # kept
        _checked(page, "partenaires-homonymes")
        page.get_by_text("Saint-Denis (La Réunion, 974)").click()
        page.get_by_role("button", name="Enregistrer et continuer").click()

        expect(page.locator(".fr-stepper__title")).to_contain_text("Projet")
        _checked(page, "projet")
        page.get_by_label("Durée (mois)").fill("24")
        page.get_by_text("1 — objectif significatif").click()
        page.get_by_role("button", name="Enregistrer et continuer").click()

        expect(page.locator(".fr-stepper__title")).to_contain_text("Budget")
        _checked(page, "budget")
        page.locator("[name=depense-0-year]").fill("2026")
        page.locator("[name=depense-0-category]").select_option("personnel")
        page.locator("[name=depense-0-amount]").fill("95 000")
        page.get_by_role("button", name="Ajouter une ligne").click()  # cloned in place, nothing saved
        expect(page.locator("[name=depense-TOTAL_FORMS]")).to_have_value("3")
        expect(page.locator("#depense-2 legend")).to_have_text("Dépense 3")
        page.locator("[name=depense-2-year]").fill("2027")
        page.locator("[name=depense-2-category]").select_option("missions")
        page.locator("[name=depense-2-amount]").fill("5 000")
        page.locator("[name=french_cash]").fill("20000")
        page.locator("[name=partner_contributions]").fill("10000")
        page.locator("[name=requested_grant]").press_sequentially("90000")
        panel = page.locator("#eligibilite")
        expect(panel).to_contain_text("pas encore enregistré")  # htmx answered while typing
        expect(panel).to_contain_text("dépasse le maximum (70\u00a0000\u00a0€)")
        expect(page.locator("#total-depenses")).to_contain_text("100\u00a0000\u00a0€")
        _checked(page, "budget-panneau")
        page.locator("[name=requested_grant]").fill("70000")
        page.get_by_role("button", name="Enregistrer et continuer").click()

        expect(page.locator(".fr-stepper__title")).to_contain_text("Pièces jointes")
        _checked(page, "pieces")
        page.get_by_label("Nature de la pièce").select_option("convention")
        page.locator("[name=upload]").set_input_files(
            files=[{"name": "convention.pdf", "mimeType": "application/pdf", "buffer": PDF}])
        page.get_by_role("button", name="Ajouter la pièce").click()
        expect(page.locator("main")).to_contain_text("convention.pdf")
        page.get_by_role("link", name="Continuer vers le récapitulatif").click()

        expect(page.locator(".fr-stepper__title")).to_contain_text("Récapitulatif")
        _checked(page, "recapitulatif")
        page.get_by_role("button", name="Déposer le dossier").click()
        expect(page.locator("#erreurs")).to_contain_text("Cochez la déclaration sur l'honneur")
        _checked(page, "recapitulatif-declaration")
        page.locator("label[for=id_declaration]").click()
        page.get_by_role("button", name="Déposer le dossier").click()

        expect(page.locator("main")).to_contain_text("Votre dossier est déposé\u00a0: n°")
        expect(page.locator("main")).to_contain_text("Accusé de réception (PDF)")
        _checked(page, "depose")
