"""Issue 15 §3 in a real Chromium: an agent of the French embassy in Rwanda finds the request in
the staff menu's « Avis », reads the dossier, is told a reserved opinion needs its reasons, then
answers; every page checked with axe-core and for its layout at 1280 and 375 px."""
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coopdec.accounts.models import Role
from coopdec.accounts.services import role_grant
from coopdec.applications import workflow
from coopdec.applications.services import application_move
from coopdec.instruction.models import OpinionRequest
from coopdec.instruction.services import opinion_request
from coopdec.territories.models import Country
from tests.accounts.people import PASSWORD
from tests.browser import DESKTOP, check_page, chromium_page
from tests.instruction.people import grid_call, ministry_officer, submitted, user

TITLE = "Eau potable à Huye"


@pytest.fixture
def world(transactional_db):
    """A dossier with a partner in Rwanda under instruction, its embassy asked by the ministry;
    the embassy's agent. Written before Playwright starts (see tests/browser.py)."""
    call = grid_call()
    application, _ = submitted(call, title=TITLE)
    officer = ministry_officer(email="agent@ministere.fr", totp=False)
    application_move(application=application, user=officer, to=workflow.EN_INSTRUCTION)
    agent = user(email="agent@ambafrance-rw.org")
    role_grant(user=agent, kind=Role.Kind.EMBASSY, country=Country.objects.get(iso2="RW"), by=None)
    (request,) = opinion_request(application=application, issuer_kinds=["ambassade"], by=officer,
                                 due_on=timezone.localdate() + timedelta(days=21)).created
    return application, agent, request


@pytest.mark.browser
def test_an_embassy_agent_answers_a_request(live_server, world):
    application, agent, request = world
    with chromium_page(viewport=DESKTOP) as page:
        page.goto(live_server.url + "/comptes/login/")
        page.locator("[name=login]").fill(agent.email)
        page.locator("[name=password]").fill(PASSWORD)
        page.locator("[name=password]").press("Enter")
        page.wait_for_url(lambda address: "/comptes/login/" not in address)
        page.goto(live_server.url + "/")
        # An embassy's agent has two entries (its opinions, its country's Atlas) under « Ambassade ».
        page.locator("#navigation-principale").get_by_role("button", name="Ambassade").click()
        page.locator("#navigation-principale").get_by_role("link", name="Avis").click()
        expect(page.locator("h1")).to_have_text("Avis des ambassades et des préfectures")
        expect(page.locator("main table")).to_contain_text("à rendre")
        check_page(page, "avis-liste")
        page.get_by_role("link", name=TITLE).click()
        expect(page.locator("main")).to_contain_text("Le ministère demande l'avis de l'ambassade de France (Rwanda)")
        expect(page.locator("main")).to_contain_text("District de Huye (Rwanda)")
        check_page(page, "avis-demande")
        page.locator("label[for=id_recommendation_1]").click()  # DSFR draws the radio on its label
        page.get_by_role("button", name="Rendre l'avis").click()
        expect(page.locator("main")).to_contain_text("Un avis réservé s'explique")
        check_page(page, "avis-demande-erreur")
        reasons = "La convention avec le district est à renouveler en 2026."
        page.get_by_role("textbox", name="Observations").fill(reasons)
        page.get_by_role("button", name="Rendre l'avis").click()
        expect(page.locator("main")).to_contain_text("Votre avis est enregistré")
        expect(page.locator("main")).to_contain_text("La convention avec le district est à renouveler en 2026.")
        check_page(page, "avis-rendu")
    request = OpinionRequest.objects.select_related("opinion").get(pk=request.pk)
    assert (request.opinion.recommendation, request.opinion.author) == ("reserve", agent)


@pytest.mark.browser
def test_the_ministry_follows_the_requests_and_asks_in_batch(live_server, world, settings):
    settings.COOPDEC_REQUIRE_STAFF_2FA = False
    application, agent, request = world
    with chromium_page(viewport=DESKTOP) as page:
        page.goto(live_server.url + "/comptes/login/")
        page.locator("[name=login]").fill("agent@ministere.fr")
        page.locator("[name=password]").fill(PASSWORD)
        page.locator("[name=password]").press("Enter")
        page.wait_for_url(lambda address: "/comptes/login/" not in address)
        page.goto(f"{live_server.url}/instruction/dossiers/{application.pk}/#avis")
        expect(page.locator(f"#demande-{request.pk}")).to_contain_text("en attente")
        check_page(page, "avis-dossier-ministere")
        page.goto(live_server.url + "/instruction/avis/")
        page.get_by_role("link", name="pour les dossiers d'un appel").click()
        page.get_by_label("Appel").select_option(str(application.call_id))
        page.get_by_role("button", name="Afficher ses dossiers").click()
        expect(page.locator("main table")).to_contain_text("L'ambassade de France (Rwanda) (en attente)")
        check_page(page, "avis-en-nombre")
        page.locator("label[for=id_emetteurs_1]").click()  # leave the prefecture alone
        page.get_by_role("button", name="Demander les avis").click()
        expect(page.locator("main")).to_contain_text("1 avis était déjà demandé")
    assert OpinionRequest.objects.filter(application=application).count() == 1
