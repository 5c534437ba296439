"""The directory's pages in a real Chromium, checked with axe-core (see tests/browser.py): from a
laureate of the campaign page to its authority's page, then to a partner country's page."""
import pytest
from playwright.sync_api import expect

from tests.browser import DESKTOP, axe_violations, chromium_page, screenshot

from .seed import build_directory


@pytest.fixture
def browser_page(transactional_db):
    build_directory()  # before Playwright starts (see tests/browser.py)
    with chromium_page(viewport=DESKTOP) as page:
        yield page


@pytest.mark.browser
def test_from_a_laureate_to_its_authority_and_country_pages_without_axe_violation(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/campagnes/2025/")
    page.get_by_role("link", name="Castres (Tarn, 81)").click()
    page.wait_for_url("**/collectivites/commune/81065/")
    expect(page).to_have_title("Castres — CoopDec")
    expect(page.locator("#table-laureats tbody tr")).to_have_count(2)
    expect(page.locator("#table-co-portages tbody tr")).to_have_count(1)
    assert axe_violations(page) == []
    screenshot(page, "directory-authority")

    page.locator("#table-laureats").get_by_role("link", name="(Sénégal)").click()
    page.wait_for_url("**/pays/SN/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sénégal")
    expect(page.locator("tbody tr")).to_have_count(3)
    assert axe_violations(page) == []
    screenshot(page, "directory-country")

    page.get_by_role("link", name="Tous les pays partenaires").click()
    page.wait_for_url("**/pays/")
    expect(page.locator("tbody tr").first).to_contain_text("Égypte")
    assert axe_violations(page) == []
    screenshot(page, "directory-countries")

    for path in ("/collectivites/region/76/", "/pays/XK/"):  # pages without laureates
        page.goto(live_server.url + path)
        assert axe_violations(page) == []

    page.set_viewport_size({"width": 390, "height": 800})  # a phone: the tables scroll in their frame
    page.goto(live_server.url + "/collectivites/commune/81065/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
