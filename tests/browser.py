"""Pages in a real Chromium, checked with axe-core: what the browser tests of every app share.

Debian's /usr/bin/chromium driven by Playwright (never `playwright install`); axe-core comes from
npm (node_modules). Set COOPDEC_SCREENSHOTS to a directory to keep screenshots of the pages.

Write a test's data before `chromium_page` starts Playwright: under its event loop Django would
refuse the ORM (SynchronousOnlyOperation), and a connection opened there is kept in another context
than the one closed at the end, which leaves PostgreSQL unable to drop the test database.
"""
import os
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}


@contextmanager
def chromium_page(**context_options):
    """A page in French of a new Chromium; `context_options` go to Playwright's `new_context`."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="fr-FR", **context_options)
        yield context.new_page()
        context.close()
        browser.close()


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
