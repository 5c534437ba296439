"""Any web page may read the API and call the reconciliation service (CORS)."""
import pytest

pytestmark = pytest.mark.django_db

READ = ["/api/v1/campaigns", "/api/v1/countries", "/api/v1/authorities?q=Castres",
        "/api/v1/authorities/commune/81065", "/api/v1/openapi.json", "/api/reconcile",
        "/api/reconcile/suggest/property?prefix=d"]


@pytest.mark.parametrize("path", READ)
def test_reads_are_open_to_every_origin(client, path):
    response = client.get(path, HTTP_ORIGIN="https://example.org")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_errors_too_so_that_a_page_can_read_why(client):
    response = client.get("/api/v1/campaigns/1999", HTTP_ORIGIN="https://example.org")
    assert (response.status_code, response["Access-Control-Allow-Origin"]) == (404, "*")


@pytest.mark.parametrize("path, methods", [
    ("/api/v1/laureates", "GET, OPTIONS"),
    ("/api/reconcile", "GET, POST, OPTIONS"),
])
def test_a_preflight_is_answered(client, path, methods):
    response = client.options(
        path, HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == methods
    assert response["Access-Control-Allow-Headers"] == "content-type"


def test_the_read_api_does_not_write(client):
    assert client.post("/api/v1/campaigns").status_code == 405
