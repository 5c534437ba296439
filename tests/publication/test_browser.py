"""The Occitanie page in a real Chromium: filter it, download the CSV, check it with axe-core
(see tests/browser.py)."""
import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from coopdec.applications.models import Application
from coopdec.applications.services import applications_search_refresh
from tests.browser import DESKTOP, axe_violations, check_page, chromium_page, screenshot

from .seed import build_occitanie

REGION = "/campagnes/2025/regions/occitanie/"


@pytest.fixture
def browser_page(transactional_db):
    build_occitanie()  # before Playwright starts (see tests/browser.py)
    applications_search_refresh(applications=Application.objects.all())  # what an import does
    with chromium_page(accept_downloads=True, viewport=DESKTOP) as page:
        yield page


@pytest.mark.browser
def test_occitanie_page_filters_downloads_and_passes_axe(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + REGION)

    expect(page).to_have_title("Lauréats 2025 en Occitanie — CoopDec")
    # The DSFR stylesheet and its Marianne font were served and applied.
    assert "Marianne" in page.evaluate("getComputedStyle(document.body).fontFamily")
    rows = page.locator("#table-laureats tbody tr")
    expect(rows).to_have_count(6)
    expect(page.locator("#decompte")).to_contain_text(
        "6 projets lauréats\u00a0: 5 lauréats des appels à projets et 1 lauréat d'un appel à "
        "manifestation d'intérêt"
    )
    assert axe_violations(page) == []
    screenshot(page, "occitanie")

    page.get_by_label("Appel", exact=True).select_option("franco-senegalais-2025")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"[?&]appel=franco-senegalais-2025(&|$)"))
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Montpellier Méditerranée Métropole (Hérault, 34)")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Lauréats au format CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "laureats-occitanie-2025.csv"
    records = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert [(r["collectivite_nom_publie"], r["partenaires"]) for r in records] == [
        ("Montpellier Métropole Méditerranée", "Bargny (Sénégal)"),
        ("Sicoval", "Gandon (Sénégal)"),
    ]
    assert axe_violations(page) == []
    screenshot(page, "occitanie-filtered")

    page.set_viewport_size({"width": 390, "height": 800})  # a phone: the table scrolls in its frame
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    page.set_viewport_size(DESKTOP)

    page.goto(live_server.url + "/campagnes/2025/")
    expect(rows).to_have_count(7)
    assert axe_violations(page) == []
    screenshot(page, "campaign")
    # With the granted amount's column, at 1280 and 375 px.
    expect(page.locator("#table-laureats thead th")).to_have_count(5)
    check_page(page, "campaign-2025")
    page.goto(live_server.url + REGION)
    check_page(page, "occitanie-2025")
    page.goto(live_server.url + "/recherche/?q=huye")
    expect(page.locator(".coopdec-results li a").first).to_be_visible()
    check_page(page, "recherche")

    page.goto(live_server.url + "/")
    assert axe_violations(page) == []


OVERLAPS = """() => {
  const boxes = [...document.querySelectorAll(
    '[aria-labelledby="telechargements"] li > *, [aria-labelledby="telechargements"] .fr-link__detail')]
    .map(element => element.getBoundingClientRect()).filter(box => box.width && box.height);
  let overlaps = 0;
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) overlaps++;
  }));
  return overlaps;
}"""


@pytest.mark.browser
def test_the_downloads_and_their_details_do_not_overlap(live_server, browser_page):
    page = browser_page
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + REGION)
        assert page.locator('[aria-labelledby="telechargements"] a[download]').count() == 5
        assert page.evaluate(OVERLAPS) == 0, width
