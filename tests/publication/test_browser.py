"""The Occitanie page in a real Chromium: filter it, download the CSV, check it with axe-core.

Debian's /usr/bin/chromium driven by Playwright (never `playwright install`); axe-core comes from
npm (node_modules). Set COOPDEC_SCREENSHOTS to a directory to keep screenshots of the pages.
"""
import csv
import io
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect, sync_playwright

from .seed import build_occitanie

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
REGION = "/campagnes/2025/regions/occitanie/"


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(str(node["target"]) for node in violation["nodes"])
        for violation in result["violations"]
    ]


def screenshot(page, name):
    directory = os.environ.get("COOPDEC_SCREENSHOTS")
    if directory:
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


@pytest.fixture
def seeded(transactional_db):
    """The data, written before Playwright starts: under its event loop Django would refuse the
    ORM (SynchronousOnlyOperation), and a connection opened there is kept in another context
    than the one closed at the end, which leaves PostgreSQL unable to drop the test database."""
    return build_occitanie()


@pytest.fixture
def browser_page(seeded):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True, locale="fr-FR",
                                      viewport={"width": 1280, "height": 900})
        yield context.new_page()
        context.close()
        browser.close()


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
        page.get_by_role("link", name=re.compile("format CSV")).click()
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
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(live_server.url + "/campagnes/2025/")
    expect(rows).to_have_count(7)
    assert axe_violations(page) == []
    screenshot(page, "campaign")

    page.goto(live_server.url + "/")
    assert axe_violations(page) == []
