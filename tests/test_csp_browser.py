"""The content-security policy in a real Chromium: what it blocks makes a browser test fail (see
tests/browser.py), and only the networks' widget can be framed by another site."""
import pytest
from playwright.sync_api import expect

from tests.browser import CSPViolation, chromium_page
from tests.observatory.conftest import build_observed

pytestmark = pytest.mark.browser


def test_a_script_the_policy_blocks_fails_the_test(live_server, transactional_db):
    with pytest.raises(CSPViolation, match="script-src-elem blocked inline"):
        with chromium_page() as page:
            page.goto(live_server.url + "/simulateur/")
            page.evaluate("""() => { const s = document.createElement("script");
                                     s.textContent = "window.injected = true"; document.body.append(s); }""")
            assert page.evaluate("() => window.injected") is None  # it did not run


def test_only_the_widget_can_be_framed_by_another_site(live_server, transactional_db):
    build_observed()  # before Playwright starts (see tests/browser.py)
    network_site = "http://reseau.example/"
    with pytest.raises(CSPViolation, match="frame-ancestors") as blocked:
        # A public site framing one on the loopback: allowed here, as between two public sites.
        with chromium_page(chromium_args=["--disable-features=LocalNetworkAccessChecks"]) as page:
            page.route(network_site, lambda route: route.fulfill(content_type="text/html", body=f"""
                <!DOCTYPE html><html lang="fr"><title>Réseau</title>
                <iframe id="widget" src="{live_server.url}/reseaux/occitanie-cooperation/2025/widget/"></iframe>
                <iframe id="page" src="{live_server.url}/reseaux/occitanie-cooperation/2025/"></iframe>"""))
            page.goto(network_site)
            widget = page.frame_locator("#widget")
            expect(widget.locator("table")).to_contain_text("Castres")
            # The network's page itself is refused in a frame: Chromium shows nothing of it.
            expect(page.frame_locator("#page").get_by_text("Occitanie Coopération")).to_have_count(0)
            assert page.frames[2].url.startswith("chrome-error:")
    assert "/reseaux/occitanie-cooperation/2025/widget/" not in str(blocked.value)


def test_the_api_documentation_runs_under_the_policy(live_server, transactional_db):
    """Swagger UI, served from our own files, draws and expands an operation with nothing blocked."""
    with chromium_page() as page:
        page.goto(live_server.url + "/api/v1/docs")
        operation = page.locator(".opblock").first
        operation.locator(".opblock-summary").click()
        expect(operation.locator(".opblock-body")).to_be_visible()
