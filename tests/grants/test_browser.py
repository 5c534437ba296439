"""A laureate files its intermediate report in a real Chromium and the ministry accepts it and
records the next payment from its page; axe-core finds no violation on either page."""
import pytest
from django.test import Client
from playwright.sync_api import expect

from coopdec.grants.models import Report, Tranche
from coopdec.grants.services import grant_plan, payment_record
from tests.applications.files import PDF
from tests.browser import DESKTOP, axe_violations, check_page, chromium_page, screenshot
from tests.grants.conftest import retained


def _session_cookie(user, url):
    """A signed-in session for `user`, made by Django's test client (the ministry's second factor
    is set up: the middleware asks no more of a staff session)."""
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}


@pytest.fixture
def laureate(transactional_db, live_server):
    """Written before Playwright starts (see tests/browser.py)."""
    application, person, officer = retained()
    first = grant_plan(application=application).tranches[0]
    payment_record(tranche=first, paid_on=first.application.created_at.date(), amount=first.amount, user=officer)
    return application, _session_cookie(person, live_server.url), _session_cookie(officer, live_server.url)


def _checked(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"subvention-{name}")


@pytest.mark.browser
def test_a_report_filed_accepted_and_the_next_tranche_paid_with_no_axe_violation(live_server, laureate):
    application, applicant, ministry = laureate
    with chromium_page(viewport=DESKTOP) as page:
        page.context.add_cookies([applicant])
        page.goto(f"{live_server.url}/espace/dossiers/{application.pk}/")
        page.get_by_role("link", name="Versements et rapports").click()
        expect(page.locator("h1")).to_have_text("Versements et rapports")
        expect(page.locator("main")).to_contain_text("Versée")
        check_page(page, "subvention-porteur")  # the report form: each label above its own field
        form = page.locator("form").filter(has_text="Déposer le rapport intermédiaire")
        form.get_by_label("Compte rendu technique").fill("Deux forages réalisés à Huye.")
        form.get_by_label("Dépensé — personnel (€)").fill("41 000")
        form.locator("input[type=file]").set_input_files(
            files=[{"name": "bilan.pdf", "mimeType": "application/pdf", "buffer": PDF}])
        form.get_by_role("button", name="Déposer le rapport").click()
        expect(page.locator("main")).to_contain_text("le ministère va l'examiner")
        expect(page.locator("main")).to_contain_text("bilan.pdf")
        _checked(page, "porteur-depose")

        page.context.clear_cookies()
        page.context.add_cookies([ministry])
        page.goto(f"{live_server.url}/instruction/subventions/")
        expect(page.locator("main")).to_contain_text("Deux forages réalisés à Huye.")
        _checked(page, "ministere")
        review = page.locator("form").filter(has_text="Enregistrer l'examen")
        review.get_by_text("Accepter le rapport").click()
        review.get_by_role("button", name="Enregistrer l'examen").click()
        expect(page.locator("main")).to_contain_text("accepté")
        page.get_by_role("button", name="Enregistrer le versement").click()
        expect(page.locator("h1")).to_have_text("Enregistrer ce versement ?")  # the confirmation step
        _checked(page, "ministere-confirmer-versement")
        page.get_by_role("button", name="Confirmer le versement").click()
        expect(page.locator("main")).to_contain_text("Versement de la tranche 2")
        _checked(page, "ministere-verse")
    assert Report.objects.get(application=application, kind="intermediate").state == "accepte"
    assert Tranche.objects.get(application=application, order=2).paid_amount == Tranche.objects.get(
        application=application, order=2).amount
