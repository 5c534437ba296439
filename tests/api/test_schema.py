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
    assert "OpenRefine" in schema["info"]["description"]


def test_the_documentation_page_loads_nothing_from_elsewhere(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn" not in html.lower()
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
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
