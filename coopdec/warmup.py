"""What a server process loads before its first request rather than during it.

Django imports the views (the URL configuration) and compiles each template on the first request
that needs them: half a second for the first request of every new worker, a crawler's first page or
a download's first byte included. `warm()` does it when the WSGI application is made (`wsgi.py`),
before the worker accepts a connection; the cached template loader (DEBUG off) then keeps every
compiled template of CoopDec's own for the life of the process.
"""
import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver

PACKAGE = Path(__file__).resolve().parent
logger = logging.getLogger("coopdec.warmup")


def template_names() -> list[str]:
    """The names of CoopDec's own templates (under any `templates/` folder of the package)."""
    names = set()
    for folder in PACKAGE.glob("**/templates"):
        names.update(path.relative_to(folder).as_posix() for path in folder.glob("**/*.html"))
    return sorted(names)


def warm() -> int:
    """Imports the URL configuration and compiles every template; the number compiled."""
    get_resolver().url_patterns  # noqa: B018 — the import of every app's views is the point
    if settings.DEBUG:  # the development server: it reloads on every change, no first request to spare
        return 0
    engine = engines["django"]
    compiled = 0
    for name in template_names():
        try:
            engine.get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError) as error:  # its page answers 500, not the whole site
            logger.error("Gabarit %s non compilé au démarrage : %s", name, error)
            continue
        compiled += 1
    return compiled
