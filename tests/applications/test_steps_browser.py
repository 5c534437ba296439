"""The steps of the dossier's form on a phone: each step's link (« 4. Budget ») stays whole on
its line, the list wraps between steps, never inside one (issue 15: « 4. / Budget » broke)."""
import pytest

from tests.applications.people import PASSWORD, draft, open_call
from tests.browser import DESKTOP, MOBILE, check_page, chromium_page

# The step links drawn over more than one line (an inline link gives one box per line).
_SPLIT_LINKS = """
() => [...document.querySelectorAll('nav[aria-label="Étapes du dossier"] a')]
  .filter((a) => new Set([...a.getClientRects()].map((r) => Math.round(r.top))).size > 1)
  .map((a) => a.textContent.trim())
"""

# The list's items that draw a marker (DSFR numbers an <ol>'s items in bold) besides their link.
_MARKERS = """
() => [...document.querySelectorAll('nav[aria-label="Étapes du dossier"] li')]
  .filter((li) => getComputedStyle(li).display === "list-item" && getComputedStyle(li, "::marker").content !== "none")
  .map((li) => li.textContent.trim())
"""


@pytest.fixture
def applicant(transactional_db):
    application, person = draft(call_obj=open_call(), title="Eau potable à Huye et dans les collines du district")
    return application, person


@pytest.mark.browser
@pytest.mark.parametrize("step", ["partenaires", "budget"])
def test_the_step_links_stay_whole_at_375_px(live_server, applicant, step):
    application, person = applicant
    with chromium_page(viewport=MOBILE) as page:
        page.goto(live_server.url + "/comptes/login/")
        page.locator("[name=login]").fill(person.email)
        page.locator("[name=password]").fill(PASSWORD)
        page.locator("[name=password]").press("Enter")
        page.wait_for_url("**/espace/**")
        page.goto(f"{live_server.url}/espace/dossiers/{application.pk}/etapes/{step}/")
        links = page.locator('nav[aria-label="Étapes du dossier"] a')
        assert page.evaluate(_SPLIT_LINKS) == []
        assert page.evaluate(_MARKERS) == []  # the number is the link's, not drawn again beside it
        assert links.count() == 6 and links.nth(3).inner_text() == "4.\u00a0Budget"
        check_page(page, f"etapes-{step}", sizes=(MOBILE, DESKTOP))
        assert page.evaluate(_SPLIT_LINKS) == []
