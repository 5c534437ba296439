"""/atlas/, an action's page and a country's page in a real Chromium at 1,280 and 375 px, checked
with axe-core and for their layout (tests/browser.py): from the map to a country's actions."""
import pytest
from playwright.sync_api import expect

from tests.browser import DESKTOP, check_page, chromium_page

from .factories_public import build_atlas


@pytest.fixture
def browser_page(transactional_db):
    seed = build_atlas()  # before Playwright starts (see tests/browser.py)
    with chromium_page(viewport=DESKTOP) as page:
        yield page, seed


@pytest.mark.browser
def test_the_atlas_and_a_country_page_without_axe_violation(live_server, browser_page):
    page, seed = browser_page
    page.goto(live_server.url + "/atlas/")
    expect(page.get_by_role("heading", level=1)).to_have_text("L'Atlas de l'action extérieure des collectivités")
    expect(page.locator("#tableau-atlas-pays tbody tr")).to_have_count(3)
    expect(page.locator("article.atlas-action")).to_have_count(4)
    check_page(page, "atlas")

    page.locator("#tableau-atlas-pays").get_by_role("link", name="Mali").click()
    page.wait_for_url("**/atlas/?pays=ML#actions")
    expect(page.locator("#resultats")).to_contain_text("1 action enregistrée dans CoopDec pour cette sélection")
    page.get_by_label("Mots de l'intitulé ou de la description").fill("zzz")
    page.locator("#recherche-atlas").get_by_role("button").click()
    expect(page.locator("#resultats")).to_contain_text("Aucune action enregistrée dans CoopDec pour cette sélection")
    check_page(page, "atlas-empty")

    page.goto(live_server.url + f"/atlas/actions/{seed.culture.pk}/")
    check_page(page, "atlas-action")
    page.get_by_role("link", name="Rwanda").click()
    page.wait_for_url("**/pays/RW/")
    expect(page.locator("#atlas")).to_have_text("Les autres partenariats des collectivités françaises dans ce pays")
    check_page(page, "atlas-country")

    page.goto(live_server.url + "/collectivites/commune/81065/")
    expect(page.locator("article.atlas-action")).to_have_count(2)
    check_page(page, "atlas-authority")
