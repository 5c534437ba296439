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


MOBILE = {"width": 375, "height": 812}

# What a person sees of a form, read off the rendered page: each label's box above its own field
# (checkboxes and radios: beside it), no two fields overlapping, nothing wider than the screen
# (outside the boxes DSFR lets scroll sideways, such as tables).
_LAYOUT = """
() => {
  const problems = [];
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none"; };
  const name = (el) => el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}[name=${el.name || "?"}]`;
  const meet = (a, b, gap = 1) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > -gap
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  const fields = [...document.querySelectorAll("input, select, textarea")]
    .filter((el) => el.type !== "hidden" && visible(el));
  const labelled = [];
  for (const field of fields) {
    if (!field.id || field.type === "checkbox" || field.type === "radio") continue;
    const label = document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
    if (!label || !visible(label)) continue;
    const l = label.getBoundingClientRect(), f = field.getBoundingClientRect();
    labelled.push([field, label, l, f]);
    if (l.bottom > f.top + 2) problems.push(`the label of ${name(field)} is not above its field`);
    if (field.type !== "file" && (l.left < f.left - 2 || l.right > f.right + 2)) problems.push(`the label of ${name(field)} is wider than its field`);
    if (f.width < 100 && !["number", "date", "color"].includes(field.type))
      problems.push(`${name(field)} is squeezed to ${Math.round(f.width)} px`);
  }
  for (let i = 0; i < labelled.length; i++) for (let j = i + 1; j < labelled.length; j++) {
    const [a, , la] = labelled[i], [b, , lb] = labelled[j];
    if (meet(la, lb, 8)) problems.push(`the labels of ${name(a)} and ${name(b)} run into each other`);
  }
  for (let i = 0; i < fields.length; i++) for (let j = i + 1; j < fields.length; j++) {
    const ra = fields[i].getBoundingClientRect(), rb = fields[j].getBoundingClientRect();
    if (meet(ra, rb, -1)) problems.push(`${name(fields[i])} overlaps ${name(fields[j])}`);
  }
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === "auto" || o === "scroll" || o === "hidden") return true; }
      return false; };
    const wide = [...document.querySelectorAll("body *")].filter((el) => visible(el) && !scrolls(el)
      && el.getBoundingClientRect().right > root.clientWidth + 1);
    const what = wide.length ? wide[wide.length - 1] : root;
    problems.push(`the page is ${root.scrollWidth} px wide on a ${root.clientWidth} px screen `
      + `(${what.tagName.toLowerCase()}${what.id ? "#" + what.id : ""}${[...what.classList].map((c) => "." + c).join("")})`);
  }
  return problems;
}
"""


def layout_problems(page) -> list[str]:
    """What a person would see wrong in the page's forms and width (see _LAYOUT); [] when none."""
    return page.evaluate(_LAYOUT)


def check_page(page, name, *, sizes=(DESKTOP, MOBILE)):
    """The page at each size: no axe-core violation, no layout problem; a screenshot each (kept
    when COOPDEC_SCREENSHOTS names a folder). Returns to the first size."""
    problems = []
    page.wait_for_load_state("load")  # the styles and DSFR's script applied, not the page half-drawn
    for size in sizes:
        page.set_viewport_size(size)
        # Two frames: the layout of the new width, and DSFR's scripts that answer its resize.
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        problems += [f"{size['width']} px: {p}" for p in layout_problems(page)]
        screenshot(page, f"{name}-{size['width']}")
    problems += axe_violations(page)
    page.set_viewport_size(sizes[0])
    assert not problems, f"{name}:\n" + "\n".join(problems)
