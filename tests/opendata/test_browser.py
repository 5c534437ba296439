"""The /donnees/ page in a real Chromium, checked with axe-core (RGAA), and one download."""
import pytest
from playwright.sync_api import expect

from tests.browser import axe_violations, chromium_page

from .conftest import build


@pytest.fixture
def browser_page(transactional_db):
    build()  # before Playwright starts (see tests/browser.py)
    with chromium_page(accept_downloads=True) as page:
        yield page


@pytest.mark.browser
def test_the_open_data_page_passes_axe_and_downloads(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/donnees/")
    expect(page).to_have_title("Données ouvertes — CoopDec")
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.locator('a[href="/donnees/iati-2025.xml"]').click()
    assert download.value.suggested_filename == "iati-2025.xml"
