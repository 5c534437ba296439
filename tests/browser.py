"""Pages in a real Chromium, checked with axe-core: what the browser tests of every app share.

Debian's /usr/bin/chromium driven by Playwright (never `playwright install`); axe-core comes from
npm (node_modules). Set COOPDEC_SCREENSHOTS to a directory to keep screenshots of the pages.

Every page runs under the site's content-security policy (no `bypass_csp`): a violation the browser
reports on any page or frame of the test — a blocked script, style, image, font or frame — fails
the test when `chromium_page` closes. axe-core is evaluated through the DevTools protocol, which
the policy does not govern, rather than added as an inline script it would block.

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


# Reports each content-security-policy violation of a document to the test, before any of its
# own scripts runs (an init script is not subject to the page's policy).
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation(`${event.effectiveDirective} blocked ${event.blockedURI || "(inline)"} `
                        + `in ${event.sourceFile || document.location.href}:${event.lineNumber}`
                        + (event.sample ? ` « ${event.sample} »` : ""));
});
"""


class CSPViolation(AssertionError):
    pass


@contextmanager
def chromium_page(*, chromium_args=(), **context_options):
    """A page in French of a new Chromium; `context_options` go to Playwright's `new_context`.
    Raises CSPViolation on leaving when the browser blocked anything under the site's policy."""
    violations = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *chromium_args])
        context = browser.new_context(locale="fr-FR", **context_options)
        context.expose_binding("__cspViolation", lambda source, text: violations.append(f"{source['frame'].url}: {text}"))
        context.add_init_script(_CSP_LISTENER)
        context.on("console", lambda message: violations.append(f"console: {message.text}")
                   if "Content Security Policy" in message.text else None)
        page = context.new_page()
        yield page
        if not page.is_closed() and context_options.get("java_script_enabled", True):
            page.evaluate("() => new Promise(requestAnimationFrame)")  # the last reports arrive
        context.close()
        browser.close()
    if violations:
        raise CSPViolation("Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(violations)))


def axe_violations(page) -> list[str]:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
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
