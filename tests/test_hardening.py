"""Requests no page can serve: control characters anywhere in the address, methods a page does not
serve. Walked over every URL pattern of the site (tests/routes.py), on SQLite and PostgreSQL."""
import re
from urllib.parse import quote

import pytest
from django.test import Client

from coopdec.territories.models import Authority, Country
from tests import factories as f
from tests.routes import public_routes, routes

# Every parameter name a view of CoopDec reads, each given a NUL: whichever a view reads first
# reaches the database with it (PostgreSQL refuses a NUL in any text: a 500 before the guard).
PARAMETERS = ("q", "campaign", "region", "departement", "call", "kind", "country", "page", "page_size",
              "prefix", "cursor", "by", "oda_class", "query", "queries", "callback", "format", "next")


@pytest.fixture
def laureate(db):
    campaign = f.campaign(2025)
    call = f.call("Généraliste 2025", campaign_obj=campaign)
    castres = Authority.objects.get(kind="commune", code="81065")
    return f.application("Eau potable à Huye", call, castres,
                         partners=[f.foreign_authority("Commune de Dakar", Country.objects.get(iso2="SN"))])


def _assert_refused(response, route, *, json: bool):
    assert response.status_code == 400, (route, response.status_code)
    if json:
        assert response["Content-Type"].startswith("application/json"), route
        assert "caractère de contrôle" in response.json()["detail"]
    else:
        assert "caractère de contrôle" in response.content.decode()


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x7f", "\x85"])
def test_a_control_character_in_any_parameter_of_any_page_is_a_400(client, laureate, character):
    query = "&".join(f"{name}={quote(character)}" for name in PARAMETERS)
    for route in routes():
        _assert_refused(client.get(f"{route.url}?{query}"), route, json=route.api)
        # In a parameter's name, and in one parameter among good ones.
        _assert_refused(client.get(f"{route.url}?campaign=2025&{quote('q' + character)}=eau"), route, json=route.api)
        _assert_refused(client.get(f"{route.url}?campaign=2025&q=eau{quote(character)}"), route, json=route.api)


def test_a_nul_posted_to_the_reconciliation_service_or_a_form_is_a_400(client, laureate):
    response = client.post("/api/reconcile?callback=%00", {"queries": '{"q0": {"query": "Castres"}}'})
    _assert_refused(response, "/api/reconcile", json=True)


@pytest.mark.parametrize("url", [
    "/collectivites/commune/%00/", "/collectivites/%00/81065/", "/pays/%00/", "/api/v1/authorities/commune/%00",
    "/api/reconcile/view/commune:%00", "/api/v1/docs/assets/%00", "/campagnes/2025/%00/",
])
def test_a_control_character_in_the_path_is_a_400(client, laureate, url):
    _assert_refused(client.get(url), url, json=url.startswith("/api/"))


def test_tabs_and_line_breaks_are_not_control_characters_here(client, laureate):
    """What a person pastes from a spreadsheet (a tab, a line break) is read, not refused."""
    assert client.get("/recherche/?q=eau%09potable%0A").status_code == 200
    assert client.get("/api/v1/authorities?q=Castres%0D%0A").status_code == 200


# ---------------------------------------------------------------- methods

# The methods each public pattern serves besides GET and HEAD; the others answer 405.
WRITES = {"api-v1:cofinancing": {"POST"}, "api-reconcile": {"POST"}}
# What these answer to GET without the parameters they need (HEAD answers as GET does).
GET_ONLY_WITH_BODY = {"api-v1:cofinancing"}


def test_public_pages_answer_405_to_the_methods_they_do_not_serve(laureate):
    client = Client(enforce_csrf_checks=True)  # as a browser posts: no token
    for route in public_routes():
        for method in {"POST", "PUT", "PATCH", "DELETE"} - WRITES.get(route.name, set()):
            response = client.generic(method, route.url, "x=1", content_type="application/x-www-form-urlencoded")
            assert response.status_code == 405, (route, method, response.status_code)
            if not route.api:
                assert "GET" in response["Allow"], route
                assert "pas acceptée" in response.content.decode(), route


def test_public_pages_keep_answering_head_as_get(client, laureate):
    for route in public_routes():
        if route.name in GET_ONLY_WITH_BODY:
            continue
        got, head = client.get(route.url), client.head(route.url)
        assert head.status_code == got.status_code, (route, head.status_code, got.status_code)
        assert got.status_code < 500, route
        body = b"".join(head.streaming_content) if head.streaming else head.content
        assert body == b"", route


# ---------------------------------------------------------------- pages not found


def test_a_page_not_found_says_so_in_french_and_in_json_under_the_api(client, settings, laureate):
    settings.DEBUG = False
    page = client.get("/campagnes/2031/")
    assert page.status_code == 404
    assert "Page introuvable" in page.content.decode()
    assert "Aucune page à cette adresse" in client.get("/nulle-part/").content.decode()
    for url in ("/api/reconcile/view/:81065", "/api/nulle-part"):
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"]
    assert "nature:code" in client.get("/api/reconcile/view/:81065").json()["detail"]


def test_with_debug_on_as_under_make_run_a_page_not_found_is_the_french_one(client, settings, laureate):
    """`make run` runs with DEBUG on: a wrong address showed Django's English debug page; it shows
    the French « Page introuvable » a visitor would see, with the same message."""
    def message(path):
        return re.findall(r'fr-alert--error[^>]*>\s*<p>(.*?)</p>', client.get(path).content.decode(), re.S)

    settings.DEBUG = False
    seen_in_production = {path: message(path) for path in ("/nulle-part/", "/campagnes/2031/")}
    assert seen_in_production["/nulle-part/"] == ["Aucune page à cette adresse."]
    settings.DEBUG = True
    for path, shown in seen_in_production.items():
        page = client.get(path)
        content = page.content.decode()
        assert page.status_code == 404, path
        assert "<h1>Page introuvable</h1>" in content and message(path) == shown, path
        assert "DEBUG = True" not in content and "Page not found" not in content, path
    response = client.get("/api/nulle-part")
    assert response.status_code == 404 and response.json()["detail"]
    # Whoever debugs the routes asks for Django's page.
    settings.SHOW_DEBUG_404 = True
    assert "<code>DEBUG = True</code>" in client.get("/nulle-part/").content.decode()
