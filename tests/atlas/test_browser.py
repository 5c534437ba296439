"""/espace/atlas/ in a real Chromium: a member records an action, names its partner, says its
actions are up to date; the ministry's and the embassy's pages; axe-core and the layout at 1280
and 375 px find nothing."""
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from coopdec.atlas.models import Action, ActionAuthority, ActionPartner, AuthorityUpdate, UpdateCampaign
from tests.atlas.people import castres, embassy_agent, member, ministry_officer, twinning
from tests.browser import DESKTOP, check_page, chromium_page


def _session_cookie(user, url):
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}


@pytest.fixture
def people(transactional_db, live_server):
    """Written before Playwright starts (see tests/browser.py)."""
    today = timezone.localdate()
    UpdateCampaign.objects.create(year=today.year, opens_on=today - timedelta(days=1),
                                  closes_on=today + timedelta(days=30))
    imported, _ = twinning(title="Coopération avec Ségou", partners=(("Ségou", "ML"),))
    ActionAuthority.objects.create(action=imported, name="Saint-Denis", candidates=["commune:93066", "commune:97411"],
                                   order=5)
    ActionPartner.objects.create(action=imported, name="Gandiol", country_as_written="Sénégal ?", order=5)
    return (_session_cookie(member(castres()), live_server.url), _session_cookie(ministry_officer(), live_server.url),
            _session_cookie(embassy_agent("SN"), live_server.url))


@pytest.mark.browser
def test_a_member_records_an_action_and_its_partner_then_the_ministry_and_the_embassy_see_it(live_server, people):
    applicant, ministry, embassy = people
    with chromium_page(viewport=DESKTOP) as page:
        page.context.add_cookies([applicant])
        page.goto(f"{live_server.url}/espace/atlas/")
        check_page(page, "atlas-espace-vide")
        page.get_by_role("link", name="Nouvelle action").click()
        page.get_by_label("Nature").select_option("jumelage")
        page.get_by_label("Intitulé").fill("Jumelage Castres – Dakar")
        page.get_by_label("Montant total (€)").fill("12 000")
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.locator("main")).to_contain_text("ajoutez maintenant ses partenaires")
        check_page(page, "atlas-partenaires")
        page.locator("#id_partenaire-0-name").fill("Dakar")
        page.locator("#id_partenaire-0-country").select_option("SN")
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.locator("main")).to_contain_text("Dakar, Sénégal")
        check_page(page, "atlas-espace")
        page.get_by_role("button", name="Mes actions sont à jour").click()
        expect(page.locator("main")).to_contain_text("Actions dites à jour le")
        page.goto(f"{live_server.url}/espace/atlas/contacts/")
        check_page(page, "atlas-contacts")
        page.context.clear_cookies()
        page.context.add_cookies([ministry])
        page.goto(f"{live_server.url}/instruction/atlas/")
        expect(page.locator("main")).to_contain_text("dont 1 à jour")
        check_page(page, "atlas-ministere")
        page.goto(f"{live_server.url}/instruction/atlas/noms/")
        page.locator("label", has_text="Saint-Denis (Seine-Saint-Denis").click()  # the DSFR radio is its label
        page.get_by_role("button", name="Enregistrer ce choix").click()
        expect(page.locator("main")).to_contain_text("pour elle seule")
        check_page(page, "atlas-noms")
        page.context.clear_cookies()
        page.context.add_cookies([embassy])
        page.goto(f"{live_server.url}/instruction/atlas/pays/")
        page.get_by_role("link", name="Jumelage Castres – Dakar").click()
        check_page(page, "atlas-ambassade-action")
    assert Action.objects.get(title="Jumelage Castres – Dakar").partners.get().country_id == "SN"
    assert ActionAuthority.objects.get(name="Saint-Denis").authority.code == "93066"
    assert AuthorityUpdate.objects.count() == 1
