"""POST /api/v1/cofinancing: the contract of issue 7 § 4."""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopdec.demo.published import load_calls_and_figures

EXAMPLE = {
    "campaign": 2025, "call": "generaliste-2025",
    "countries": [{"country": "BJ", "cost": "40000"}, {"country": "BE", "cost": "60000"}],
    "total_cost": "100000", "french_cash": "20000", "french_in_kind": "5000",
    "partner_contributions": "5000", "other_funding": "0", "requested_grant": "60000",
    "duration_months": 24,
}


@pytest.fixture
def calls(db):
    load_calls_and_figures()


def post(client, body):
    return client.post("/api/v1/cofinancing", json.dumps(body), content_type="application/json")


def test_the_issue_example(client, calls):
    response = post(client, EXAMPLE)
    assert response.status_code == 200
    answer = response.json()
    assert (answer["method"], answer["rate_ceiling"], answer["max_grant"]) == ("flat", "60000.00", "60000.00")
    assert (answer["per_country_ceiling"], answer["flat_ceiling"]) == ("46000.00", "60000.00")
    checks = {check["code"]: check for check in answer["checks"]}
    assert list(checks) == ["budget_balanced", "requested_grant", "french_share", "in_kind", "countries"]
    assert checks["budget_balanced"]["status"] == "failed"
    assert checks["french_share"] == {"code": "french_share", "status": "passed",
                                      "message": "La part française (25\u00a0000\u00a0€) atteint 10\u00a0% du coût total."}
    assert answer["rules"]["rates"] == {"BJ": "0.70", "BE": "0.30"}
    assert answer["rules"]["classes"] == {"BJ": "ldc", "BE": "none"}
    assert (answer["rules"]["flat_rate"], answer["rules"]["min_french_share"], answer["rules"]["in_kind_cap"]) == (
        "0.60", "0.10", "0.50")


def test_kosovo_and_palestine_by_their_codes_with_the_class_of_the_campaign_year(client, calls):
    body = {**EXAMPLE, "countries": [{"country": "XK", "cost": "50000"}, {"country": "ST", "cost": "50000"}]}
    answer = post(client, body).json()
    assert answer["rules"]["rates"] == {"XK": "0.50", "ST": "0.50"}  # São Tomé left the LDC list in 2024
    fund = {**EXAMPLE, "call": "franco-palestinien-2025", "countries": [{"country": "PS", "cost": "100000"}]}
    answer = post(client, fund).json()
    assert (answer["method"], answer["rate_ceiling"]) == ("single", "50000.00")
    answer = post(client, {**EXAMPLE, "campaign": 2024, "call": "generaliste-2024-2026",
                           "countries": [{"country": "ST", "cost": "100000"}]}).json()
    assert answer["rules"]["rates"] == {"ST": "0.90"} and answer["rate_ceiling"] == "90000.00"


def test_the_franco_senegalese_shares(client, calls):
    body = {**EXAMPLE, "call": "franco-senegalais-2025", "countries": [{"country": "SN", "cost": "100000"}],
            "french_cash": "15000", "french_in_kind": "5000", "partner_contributions": "9000",
            "requested_grant": "70000"}
    checks = {c["code"]: c["status"] for c in post(client, body).json()["checks"]}
    assert (checks["french_share"], checks["partner_share"]) == ("passed", "failed")


def test_an_unknown_call_is_a_404(client, calls):
    response = post(client, {**EXAMPLE, "call": "atlantide-2025"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Aucun appel «\u00a0atlantide-2025\u00a0» dans la campagne 2025."}
    older = post(client, {**EXAMPLE, "campaign": 2023, "call": "jeunesse-ix"})
    assert older.status_code == 404 and "Aucune grille de taux" in older.json()["detail"]


@pytest.mark.parametrize("change, location", [
    ({"total_cost": "cent mille"}, ["body", "payload", "total_cost"]),
    ({"french_cash": "-1"}, ["body", "payload", "french_cash"]),
    ({"french_cash": "NaN"}, ["body", "payload", "french_cash"]),
    ({"requested_grant": "1e400"}, ["body", "payload", "requested_grant"]),
    ({"countries": []}, ["body", "payload", "countries"]),
    ({"countries": [{"country": "bj", "cost": "1"}]}, ["body", "payload", "countries", 0, "country"]),
    ({"countries": [{"country": "BJ", "cost": "1"}, {"country": "ZZ", "cost": "1"}]},
     ["body", "payload", "countries", 1, "country"]),
    ({"duration_months": "deux ans"}, ["body", "payload", "duration_months"]),
    ({"campaign": None}, ["body", "payload", "campaign"]),
    # PostgreSQL refuses a NUL in any text it is sent: it was a 500 there.
    ({"call": "generaliste\u0000"}, ["body", "payload", "call"]),
    ({"call": "x" * 500}, ["body", "payload", "call"]),
    ({"campaign": 10**30}, ["body", "payload", "campaign"]),
])
def test_a_malformed_body_is_a_422_that_names_the_field(client, calls, change, location):
    response = post(client, {**EXAMPLE, **change})
    assert response.status_code == 422
    assert location in [error["loc"] for error in response.json()["detail"]]


def test_a_missing_field_is_named(client, calls):
    body = dict(EXAMPLE)
    del body["total_cost"]
    response = post(client, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "total_cost"]


amounts = st.one_of(st.decimals(allow_nan=True, allow_infinity=True).map(str), st.integers(-10, 10**20),
                    st.text(max_size=5), st.none(), st.floats())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["total_cost", "french_cash", "french_in_kind", "requested_grant", "duration_months"]),
       value=amounts, country=st.text(min_size=0, max_size=3))
def test_nothing_answers_500(client, calls, field, value, country):
    body = {**EXAMPLE, field: value, "countries": [{"country": country, "cost": "100"}]}
    assert post(client, body).status_code in (200, 404, 422)


def test_the_endpoint_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/cofinancing"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body == "#/components/schemas/CofinancingIn"
    assert set(operation["responses"]) >= {"200", "404", "422"}
    answer = schema["components"]["schemas"]["CofinancingOut"]["properties"]
    assert answer["method"]["enum"] == ["single", "per_country", "flat"]


@pytest.mark.parametrize("body", [b"pas du json", b"{\"campaign\": 2025,", b"\xff\xfe"])
def test_a_body_that_is_not_json_is_a_malformed_body_too(client, body):
    answer = client.post("/api/v1/cofinancing", body, content_type="application/json")
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body"]
    assert "JSON" in answer.json()["detail"][0]["msg"]
