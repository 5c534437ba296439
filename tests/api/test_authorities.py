"""French authorities searched by name or code, and the partner countries."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [hit["id"] for hit in response.json()["results"]]


@pytest.mark.parametrize("q, expected", [
    ("81065", ["commune:81065"]),  # INSEE code
    ("218100659", ["commune:81065"]),  # SIREN of a commune
    ("243100633", ["epci:243100633"]),  # SIREN of an EPCI
    ("commune:81065", ["commune:81065"]),  # our identifier
    ("9", ["departement:09"]),  # as a spreadsheet writes the Ariège
    ("2a", ["departement:2A"]),
    ("76", ["departement:76", "region:76"]),  # Seine-Maritime and Occitanie
])
def test_a_code_finds_exactly_its_authorities(client, q, expected):
    response = client.get(f"/api/v1/authorities?q={q}")
    assert ids(response) == expected
    assert response.json()["resolution"] is None


def test_a_name_finds_the_candidates_of_its_resolution_first(client):
    response = client.get("/api/v1/authorities?q=Barjac")
    body = response.json()
    assert body["resolution"]["status"] == "ambiguous"
    assert body["resolution"]["match"] is None
    assert "précisez le département" in body["resolution"]["reason"]
    # The three homonyms, the most populous first, each with its score; no guess.
    assert ids(response) == ["commune:30029", "commune:48018", "commune:09037"]
    assert [hit["score"] for hit in body["results"]] == [1.0, 1.0, 1.0]


def test_a_resolved_name_says_so_then_lists_the_names_that_contain_it(client):
    response = client.get("/api/v1/authorities?q=Castres&page_size=3")
    body = response.json()
    assert body["resolution"]["status"] == "resolved"
    assert body["resolution"]["match"] == "commune:81065"
    found = ids(response)
    assert found[0] == "commune:81065"
    assert "commune:02142" in found  # the other Castres, a candidate all the same
    assert body["count"] > 3 and body["next"]
    rest = ids(client.get(body["next"]))
    assert "commune:33109" in found + rest  # Castres-Gironde contains the name
    assert body["results"][0]["score"] == 1.0


def test_the_kind_narrows_the_search(client):
    assert ids(client.get("/api/v1/authorities?q=Toulouse&kind=epci"))[0] == "epci:243100518"
    assert ids(client.get("/api/v1/authorities?q=76&kind=region")) == ["region:76"]
    regions = client.get("/api/v1/authorities?kind=region&page_size=100").json()
    assert regions["count"] == len(regions["results"]) >= 13
    assert {hit["kind"] for hit in regions["results"]} == {"region"}


def test_nothing_found_is_an_empty_page(client):
    body = client.get("/api/v1/authorities?q=Xyzzyville").json()
    assert (body["count"], body["results"], body["resolution"]["status"]) == (0, [], "unknown")


def test_an_authority_by_kind_and_code(client):
    sicoval = client.get("/api/v1/authorities/epci/243100633").json()
    assert (sicoval["id"], sicoval["name"], sicoval["departement"]) == (
        "epci:243100633", "CA du Sicoval", {"code": "31", "name": "Haute-Garonne"})
    assert client.get("/api/v1/authorities/region/76").json()["name"] == "Occitanie"
    response = client.get("/api/v1/authorities/commune/99999")
    assert (response.status_code, response.json()) == (404, {"detail": "Aucune collectivité « commune:99999 »."})
    assert client.get("/api/v1/authorities/canton/81065").status_code == 422


def test_listing_costs_the_same_whatever_the_page_size(client, django_assert_max_num_queries):
    for path in ("/api/v1/authorities?kind=commune&page_size={}", "/api/v1/authorities?q=Saint&page_size={}"):
        client.get(path.format(1))  # the name index is built once per process
        with CaptureQueriesContext(connection) as small:
            assert len(ids(client.get(path.format(5)))) == 5
        with django_assert_max_num_queries(len(small)):
            assert len(ids(client.get(path.format(100)))) == 100


def test_countries_with_their_oda_class_and_its_source(client):
    countries = client.get("/api/v1/countries").json()
    by_iso = {country["iso2"]: country for country in countries}
    assert len(countries) > 190
    rwanda = by_iso["RW"]
    assert (rwanda["name_fr"], rwanda["oda_class"]) == ("Rwanda", "ldc")
    assert rwanda["classification"] and rwanda["classification_source"].startswith("http")
    assert by_iso["CH"]["oda_class"] == "none"
    assert "XK" in by_iso  # Kosovo, not in ISO 3166 but a partner country
    ldc = client.get("/api/v1/countries?oda_class=ldc").json()
    assert {c["oda_class"] for c in ldc} == {"ldc"} and "RW" in {c["iso2"] for c in ldc}
