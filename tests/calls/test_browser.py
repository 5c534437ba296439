"""The simulator in a real Chromium: accessible (axe-core), and the result follows the typing."""
import pytest
from playwright.sync_api import expect

from coopdec.demo.published import load_calls_and_figures
from tests.browser import axe_violations, chromium_page, screenshot


@pytest.fixture
def browser_page(transactional_db):
    load_calls_and_figures()  # before Playwright starts (see tests/browser.py)
    with chromium_page() as page:
        yield page


@pytest.mark.browser
def test_typing_updates_the_result_and_the_page_passes_axe(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/simulateur/")
    expect(page).to_have_title("Simulateur de cofinancement — CoopDec")
    assert axe_violations(page) == []
    page.get_by_label("Appel à projets").select_option(label="Généraliste 2025 (campagne 2025)")
    page.get_by_label("Pays partenaire 1").select_option("BJ")
    page.get_by_label("Coût total du projet (€)").press_sequentially("100 000")
    result = page.locator("#subvention-maximale")
    expect(result).to_have_text("70\u00a0000\u00a0€")
    assert page.url.endswith("/simulateur/")  # htmx answered, no page load
    page.get_by_label("Apport en numéraire des collectivités françaises (€)").press_sequentially("40000")
    expect(result).to_have_text("60\u00a0000\u00a0€")  # what the other resources leave
    page.get_by_label("Pays partenaire 2").select_option("BE")
    page.get_by_label("Part du coût dans le pays 1 (€)").fill("40000")
    page.get_by_label("Part du coût dans le pays 2 (€)").fill("60000")
    page.get_by_label("Apport en numéraire des collectivités françaises (€)").fill("10000")
    expect(result).to_have_text("60\u00a0000\u00a0€")
    expect(page.locator("#resultat")).to_contain_text("le forfait est plus favorable")
    screenshot(page, "simulateur")
    assert axe_violations(page) == []


@pytest.mark.browser
def test_without_javascript_the_button_gives_the_same_result(live_server, transactional_db):
    load_calls_and_figures()
    with chromium_page(java_script_enabled=False) as page:
        page.goto(live_server.url + "/simulateur/")
        page.get_by_label("Appel à projets").select_option(label="Franco-sénégalais 2025 (campagne 2025)")
        page.get_by_label("Pays partenaire 1").select_option("SN")
        page.get_by_label("Coût total du projet (€)").fill("100000")
        page.get_by_label("Apport en numéraire des collectivités françaises (€)").fill("20000")
        page.get_by_label("Apports des partenaires étrangers (€)").fill("10000")
        page.get_by_role("button", name="Calculer").click()
        expect(page.locator("#subvention-maximale")).to_have_text("70\u00a0000\u00a0€")
        assert "cout_total=100000" in page.url
