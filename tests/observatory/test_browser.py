"""The statistics, map and network pages in a real Chromium, checked with axe-core (see tests/browser.py)."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser import DESKTOP, axe_violations, check_page, chromium_page, screenshot

from .conftest import build_observed

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page(transactional_db):
    build_observed()  # before Playwright starts (see tests/browser.py)
    with chromium_page(viewport=DESKTOP) as page:
        yield page


def test_the_statistics_page_passes_axe(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/statistiques/?campagne=2024")
    expect(page).to_have_title("Statistiques — campagne 2024 — CoopDec")
    expect(page.locator("#desaccords")).to_contain_text(
        "66,30\u00a0% publié\u00a0; 67,3\u00a0% calculé à partir de 76/113")
    chart = page.locator("#graphique-region svg")
    expect(chart).to_have_attribute("role", "img")
    # The bars were drawn: Bretagne's (2 laureates) twice as long as Occitanie's (1).
    widths = [float(w) for w in chart.locator("rect").evaluate_all(
        "rects => rects.map(r => r.getAttribute('width'))")]
    assert widths == [widths[1] * 2, widths[1]] and widths[1] > 0
    assert chart.bounding_box()["height"] > 40
    assert axe_violations(page) == []
    screenshot(page, "observatory-statistiques")

    page.get_by_label("Campagne", exact=True).select_option("2025")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url(re.compile(r"campagne=2025"))
    expect(page.locator("#tableau-region")).to_contain_text("liste publiée, lauréats seulement")
    assert axe_violations(page) == []
    page.goto(live_server.url + "/statistiques/")  # the latest campaign with a laureate
    expect(page.locator("#tableau-annees")).to_contain_text("Taux d'acceptation des chiffres publiés")
    check_page(page, "statistiques")


def test_the_map_page_passes_axe(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/carte/?campagne=2024")
    france = page.locator("svg[aria-labelledby^='carte-france']")
    expect(france.locator("a")).to_have_count(18)  # 13 régions and 5 overseas insets
    assert france.bounding_box()["height"] > 300
    assert axe_violations(page) == []
    screenshot(page, "observatory-carte")

    # Following Bretagne on the map of France shows its partner countries on the world map.
    france.locator("a", has=page.locator("title", has_text="Bretagne")).click()
    page.wait_for_url(re.compile(r"region=53"))
    expect(page.locator("#monde")).to_have_text("Pays partenaires des lauréats 2024 de la région Bretagne")
    expect(page.locator("#tableau-pays tbody tr")).to_have_count(3)
    expect(page.locator("svg[aria-labelledby^='carte-monde'] .obs-link")).to_have_count(3)
    assert axe_violations(page) == []
    screenshot(page, "observatory-carte-bretagne")
    page.goto(live_server.url + "/carte/")
    check_page(page, "carte")


def test_a_network_page_and_its_widget_pass_axe(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/reseaux/occitanie-cooperation/2025/")
    expect(page.locator("h1")).to_have_text("Occitanie Coopération\u00a0: lauréats 2025 en Occitanie")
    expect(page.locator("#texte-actualite")).to_have_value(
        re.compile("En région Occitanie, CoopDec enregistre 2 projets lauréats"))
    # The preview frames the widget: the one page that allows it.
    preview = page.frame_locator("iframe[title^='Aperçu du widget']")
    expect(preview.locator("tbody tr")).to_have_count(2)
    assert axe_violations(page) == []
    screenshot(page, "observatory-reseau")

    page.goto(live_server.url + "/reseaux/occitanie-cooperation/2025/widget/")
    expect(page.locator("tbody tr")).to_have_count(2)
    assert axe_violations(page) == []
    screenshot(page, "observatory-widget")
    check_page(page, "widget")

    page.goto(live_server.url + "/reseaux/")
    expect(page.locator("#tableau-reseaux tbody tr")).to_have_count(12)
    assert axe_violations(page) == []
    check_page(page, "reseaux")
