"""A member adds a line and submits the declaration in a real Chromium; the ministry's page; axe-core
and the layout at 1280 and 375 px find nothing on either."""
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from coopdec.apd.models import Declaration, DeclarationWindow
from tests.apd.people import castres, member, ministry_officer
from tests.browser import DESKTOP, check_page, chromium_page


def _session_cookie(user, url):
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}


@pytest.fixture
def people(transactional_db, live_server):
    """Written before Playwright starts (see tests/browser.py)."""
    now = timezone.now()
    DeclarationWindow.objects.create(year=2025, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30))
    return (_session_cookie(member(castres()), live_server.url),
            _session_cookie(ministry_officer(), live_server.url))


@pytest.mark.browser
def test_a_line_declared_and_submitted_then_the_ministry_sees_it(live_server, people):
    applicant, ministry = people
    with chromium_page(viewport=DESKTOP) as page:
        page.context.add_cookies([applicant])
        page.goto(f"{live_server.url}/espace/apd/2025/")
        check_page(page, "apd-declaration-vide")
        page.get_by_label("Pays partenaire").select_option("SN")
        page.get_by_label("Canal").select_option("11002")
        page.get_by_label("Code-objet CAD (secteur)").select_option("15112")
        page.get_by_label("Nature de la dépense").select_option("projets")
        page.get_by_label("Montant (€)").fill("12 000,50")
        page.get_by_label("Marqueur « Égalité femmes-hommes »").select_option("1")
        page.get_by_role("button", name="Ajouter la ligne").click()
        expect(page.locator("main")).to_contain_text("Ligne ajoutée")
        check_page(page, "apd-declaration-brouillon")
        page.get_by_role("button", name="Déposer la déclaration").click()
        expect(page.locator("main")).to_contain_text("est déposée")
        check_page(page, "apd-declaration-deposee")
        page.context.clear_cookies()
        page.context.add_cookies([ministry])
        page.goto(f"{live_server.url}/instruction/apd/?annee=2025")
        expect(page.locator("main")).to_contain_text("déposée dans CoopDec")
        check_page(page, "apd-ministere")
    assert Declaration.objects.get().state == "deposee"


@pytest.fixture
def declared(transactional_db, live_server):
    """Castres's and Albi's 2025 declarations submitted, Gaillac's declared elsewhere (import)."""
    from datetime import date
    from decimal import Decimal as D

    from coopdec.apd.services import declaration_submit, line_add
    from coopdec.applications.models import AuthorityYearStatus
    from tests import factories
    from tests.apd.people import IN_WINDOW, declaration_with_line, values

    factories.campaign(2025)
    declaration, person = declaration_with_line(castres(), amount=D("12000.50"))
    line_add(declaration=declaration, user=person, at=IN_WINDOW,
             values=values(country="BF", amount=D("4500"), purpose_code="14030", channel_code="22000"))
    declaration_submit(declaration=declaration, user=person, at=IN_WINDOW)
    declaration, person = declaration_with_line(factories.authority(name="Albi"), country="ML", amount=D("800"))
    declaration_submit(declaration=declaration, user=person, at=IN_WINDOW)
    AuthorityYearStatus.objects.create(authority=factories.authority(name="Gaillac"), year=2025, apd_declared=True,
                                       apd_declared_on=date(2026, 5, 20), apd_source="import")


@pytest.mark.browser
def test_the_public_apd_blocks_on_the_observatory_a_network_and_an_authority(live_server, declared):
    with chromium_page(viewport=DESKTOP) as page:
        page.goto(f"{live_server.url}/statistiques/#apd")
        expect(page.locator("#apd").locator("..")).to_contain_text("déclarations d'APD reçues dans CoopDec")
        check_page(page, "apd-statistiques")
        page.goto(f"{live_server.url}/reseaux/occitanie-cooperation/2025/#apd")
        expect(page.locator("main")).to_contain_text("Dépenses 2025")
        check_page(page, "apd-reseau")
        page.goto(f"{live_server.url}/collectivites/commune/81065/#apd")
        expect(page.locator("main")).to_contain_text("déposée dans CoopDec le 4 mai 2026")
        check_page(page, "apd-collectivite")
