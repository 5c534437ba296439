"""The OpenAPI schema and the documentation page, which must work without the Internet."""
import re

import pytest
from openapi_spec_validator import validate

from coopdec.api.schemas import AuthorityKind, CallKind, OdaClass
from coopdec.calls.models import Call
from coopdec.territories.models import Authority, Country

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/campaigns", "/api/v1/campaigns/{year}", "/api/v1/campaigns/{year}/calls",
    "/api/v1/laureates", "/api/v1/laureates/{laureate_id}", "/api/v1/authorities",
    "/api/v1/authorities/{kind}/{code}", "/api/v1/countries", "/api/v1/statistics", "/api/v1/cofinancing",
    "/api/v1/actions", "/api/v1/actions/{action_id}",
}


def test_the_schema_is_valid_openapi_and_lists_every_endpoint(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    schema = response.json()
    validate(schema)
    assert set(schema["paths"]) == PATHS
    assert {path: set(operations) for path, operations in schema["paths"].items() if set(operations) != {"get"}} == {
        "/api/v1/cofinancing": {"post"}}


def test_the_schema_documents_parameters_and_provenance(client):
    schema = client.get("/api/v1/openapi.json").json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/laureates"]["get"]["parameters"]}
    assert parameters == {"campaign", "region", "departement", "call", "kind", "country", "page", "page_size"}
    provenance = schema["components"]["schemas"]["FigureOut"]["properties"]["provenance"]
    assert provenance["enum"] == ["published", "derived", "records"]
    value = schema["components"]["schemas"]["FigureOut"]["properties"]["value"]
    assert {branch["type"] for branch in value["anyOf"]} == {"integer", "string"}  # a rate is never a float
    laureate = schema["components"]["schemas"]["LaureateOut"]["properties"]
    assert "key" in laureate and "sources" in laureate and "source" not in laureate
    assert "OpenRefine" in schema["info"]["description"]


def test_the_documentation_page_loads_nothing_from_elsewhere(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn" not in html.lower()
    references = re.findall(r'<(?:link|script)\b[^>]*(?:src|href)="([^"]+)"', html)  # what the page loads
    assert len(references) == 5
    for url in references:
        assert url.startswith("/api/v1/docs/assets/"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert b"".join(asset.streaming_content)
    assert '"url": "/api/v1/openapi.json"' in html


def test_only_the_documentation_files_are_served(client):
    assert client.get("/api/v1/docs/assets/swagger-ui.css.map").status_code == 404
    assert client.get("/api/v1/docs/assets/..%2F..%2Fmain.py").status_code == 404


def test_the_schema_s_enumerations_are_the_models_choices():
    assert set(CallKind.__args__) == set(Call.Kind.values)
    assert set(AuthorityKind.__args__) == set(Authority.Kind.values)
    assert set(OdaClass.__args__) == set(Country.OdaClass.values)


def test_every_operation_documents_its_400_and_422(client):
    """A control character is a 400 anywhere (coopdec.hardening); a parameter or a body of the wrong
    form is a 422 wherever there is one, in the shape the schema gives."""
    schema = client.get("/api/v1/openapi.json").json()
    invalid = {"$ref": "#/components/schemas/Invalid"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert responses["400"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"}, (path, method)
            if operation.get("parameters") or "requestBody" in operation:
                assert responses["422"]["content"]["application/json"]["schema"] == invalid, (path, method)
    fields = schema["components"]["schemas"]["FieldError"]
    assert set(fields["required"]) == {"type", "loc", "msg"}


@pytest.mark.parametrize("url", [
    "/api/v1/laureates?campaign=abc", "/api/v1/laureates?campaign=2025&page=0", "/api/v1/campaigns/abc",
    "/api/v1/authorities/kommune/81065", "/api/v1/countries?oda_class=x", "/api/v1/statistics?campaign=2025&by=x",
])
def test_a_422_has_the_documented_shape(client, url):
    response = client.get(url)
    assert response.status_code == 422
    for error in response.json()["detail"]:
        assert isinstance(error["type"], str) and isinstance(error["msg"], str)
        assert error["loc"][0] in ("query", "path") and all(isinstance(part, str | int) for part in error["loc"])


def test_the_documentation_is_in_french_and_links_back_to_the_site(client):
    html = client.get("/api/v1/docs").content.decode()
    assert '<html lang="fr">' in html and "Documentation de l'API CoopDec" in html
    links = re.findall(r'<a href="([^"]+)"', html)
    assert links == ["/", "/donnees/", "/api/v1/openapi.json"]
    info = client.get("/api/v1/openapi.json").json()["info"]
    assert info["title"] == "API CoopDec" and "[Retour au site CoopDec](/)" in info["description"]
