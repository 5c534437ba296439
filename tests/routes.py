"""Every URL pattern of the site, with an address that reaches its view: for the tests that must
cover each page, including the pages added later (a pattern without a sample value fails them)."""
from dataclasses import dataclass

from django.urls import URLResolver, get_resolver, reverse

# A value for each parameter name a pattern uses; a new name must be added here (KeyError).
SAMPLES = {
    "year": 2025, "kind": "commune", "code": "81065", "iso": "SN", "entity_id": "commune:81065",
    "name": "swagger-ui.css", "region_slug": "occitanie", "call_slug": "generaliste-2025",
    "slug": "occitanie", "pk": 1, "document_pk": 1, "step": "projet", "to": "depose",
    "laureate_id": 1, "action_id": 1, "key": "x", "uidb36": "1", "extension": "csv", "call_pk": 1, "provider_id": "proconnect", "partner": 1, "opinion_pk": 1, "id": 1,
}

# Public: served to anyone, without an account. The rest of the site (accounts, the applicant's
# space, the ministry's pages, the back office) is walked too where a test says so.
PRIVATE_PREFIXES = ("admin/", "comptes/", "espace/", "instruction/")


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    url: str

    @property
    def public(self) -> bool:
        return not self.route.startswith(PRIVATE_PREFIXES)

    @property
    def api(self) -> bool:
        return self.route.startswith("api/")


def walk(patterns=None, prefix="", namespace="", parameters=()):
    """(pattern, route, name, the names of its parameters and of its prefixes')."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        names = (*parameters, *pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner, names)
        elif pattern.name:
            yield (pattern, prefix + str(pattern.pattern),
                   f"{namespace}:{pattern.name}" if namespace else pattern.name, names)


def routes() -> list[Route]:
    """Every pattern but the back office's (Django's admin, tested as Django tests it)."""
    found = []
    for _pattern, route, name, parameters in walk():
        if route.startswith("admin/"):
            continue
        found.append(Route(name, route, reverse(name, kwargs={p: SAMPLES[p] for p in parameters})))
    return found


def public_routes() -> list[Route]:
    return [route for route in routes() if route.public]
