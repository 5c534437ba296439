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


OVERLAPS = """() => {
  const boxes = [...document.querySelectorAll(
    '#table-telechargements a, #table-telechargements .fr-hint-text, #table-telechargements .fr-link__detail')]
    .map(element => element.getBoundingClientRect()).filter(box => box.width && box.height);
  let overlaps = 0;
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) overlaps++;
  }));
  return overlaps;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
def test_the_file_names_do_not_overlap_and_the_page_fits(live_server, browser_page, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/donnees/")
    assert page.locator("#table-telechargements a[download]").count() == 3 * 4 + 2 + 2 * 2  # 2025, 2024, all years
    assert page.evaluate(OVERLAPS) == 0
    # Wide tables scroll in their frame; the page itself does not.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
