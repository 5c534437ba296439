"""Laureates: the filters of the public pages, pages of results, stable identifiers."""
import pytest

from coopdec.publication.keys import project_key
from coopdec.territories.models import Country, Region
from tests import factories as f
from tests.queries import assert_counts_do_not_grow

pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200, response.content
    return [laureate["title"] for laureate in response.json()["results"]]


def test_a_laureate_carries_its_call_lead_place_partners_and_provenance(client, data):
    castres = data.laureates["castres"]
    laureate = client.get(f"/api/v1/laureates/{castres.pk}").json()
    assert laureate == {
        "id": str(castres.pk),
        "key": project_key(year=2025, call_slug="generaliste-2025", lead_name_key="castres",
                                       title_key=castres.title_key),
        "url": f"http://testserver/api/v1/laureates/{castres.pk}",
        "campaign": 2025,
        "call": {"slug": "generaliste-2025", "name": "Généraliste 2025", "kind": "generaliste"},
        "title": "Eau potable à Huye",
        "lead": {
            "published_name": "Castres", "status": "resolved", "reason": None, "candidates": [],
            "authority": {
                "id": "commune:81065", "kind": "commune", "kind_label": "commune", "code": "81065",
                "siren": "218100659", "name": "Castres", "departement": {"code": "81", "name": "Tarn"},
                "region": {"code": "76", "name": "Occitanie"}, "population": 42505,
                "url": "http://testserver/api/v1/authorities/commune/81065",
            },
        },
        "departement": {"code": "81", "name": "Tarn"},
        "region": {"code": "76", "name": "Occitanie"},
        "partners": [{"name": "District de Huye", "country": {"iso2": "RW", "name_fr": "Rwanda"}}],
        "granted_amount": "30000.00",
        "provenance": "import",
        "sources": [{"label": "liste publiée dont la source n'est pas enregistrée dans CoopDec", "url": ""}],
    }


def test_a_lead_to_confirm_comes_with_its_candidates_and_never_a_guess(client, data):
    barjac = client.get(f"/api/v1/laureates/{data.laureates['barjac'].pk}").json()
    assert barjac["lead"]["status"] == "to_confirm"
    assert barjac["lead"]["authority"] is None
    assert barjac["lead"]["published_name"] == "Mairie de Barjac"
    assert sorted(barjac["lead"]["candidates"]) == ["commune:09037", "commune:30029", "commune:48018"]
    assert "Barjac" in barjac["lead"]["reason"]
    assert barjac["region"] == {"code": "76", "name": "Occitanie"}
    assert barjac["sources"] == [{"label": "Occitanie Coopération, lauréats 2025", "url": "https://www.oc-cooperation.org/"}]
    assert "laureats-occitanie-2025.html" not in str(barjac)  # a publication, never an internal file


def test_a_campaign_lists_its_laureates_only(client, data):
    response = client.get("/api/v1/laureates?campaign=2025")
    assert sorted(titles(response)) == sorted(
        ["Agroécologie", "Eau potable à Huye", "Jumelage", data.laureates["barjac"].title]
    )
    body = response.json()
    assert (body["count"], body["next"], body["previous"]) == (4, None, None)
    assert body["laureates"] == {"calls_for_projects": 3, "ami": 1, "total": 4}
    # The order of the published lists: appels à projets by name, the AMI last.
    assert titles(response)[-1] == "Agroécologie"


@pytest.mark.parametrize("query, expected", [
    ("region=76", {"Eau potable à Huye", "Agroécologie", "barjac"}),
    ("departement=81", {"Eau potable à Huye"}),
    ("region=76&departement=31", {"Agroécologie"}),
    ("call=franco-palestinien-2025", {"Jumelage"}),
    ("kind=ami", {"Agroécologie"}),
    ("country=RW", {"Eau potable à Huye", "Agroécologie"}),
    ("country=ps", {"Jumelage"}),  # a joint fund's country, even without partners
])
def test_the_filters_of_the_public_pages(client, data, query, expected):
    expected = {data.laureates["barjac"].title if title == "barjac" else title for title in expected}
    assert set(titles(client.get(f"/api/v1/laureates?campaign=2025&{query}"))) == expected


@pytest.mark.parametrize("query, status, detail", [
    ("campaign=1999", 404, "Aucune campagne 1999."),
    ("campaign=2025&region=99", 400, "Aucune région de code « 99 »."),
    ("campaign=2025&departement=999", 400, "Aucun département de code « 999 »."),
    ("campaign=2025&call=generaliste-2024", 400, "Aucun appel « generaliste-2024 » dans la campagne 2025."),
    ("campaign=2025&country=QQ", 400, "Aucun pays de code « QQ »."),
    ("campaign=2025&page=3&page_size=2", 404, "Pas de page 3 : il y en a 2."),
])
def test_a_wrong_filter_is_named_not_ignored(client, data, query, status, detail):
    response = client.get(f"/api/v1/laureates?{query}")
    assert (response.status_code, response.json()) == (status, {"detail": detail})


@pytest.mark.parametrize("query", ["", "campaign=2025&kind=aap", "campaign=2025&page=0",
                                   "campaign=2025&page_size=201"])
def test_invalid_parameters_are_refused(client, data, query):
    assert client.get(f"/api/v1/laureates?{query}").status_code == 422


def test_pages_link_to_each_other_and_keep_the_filters(client, data):
    first = client.get("/api/v1/laureates?campaign=2025&region=76&page_size=2").json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/laureates?campaign=2025&page=2&page_size=2&region=76"
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/laureates?campaign=2025&page=1&page_size=2&region=76"
    ids = [laureate["id"] for laureate in first["results"] + second["results"]]
    assert len(set(ids)) == 3


def test_a_refused_or_unknown_dossier_is_not_a_laureate(client, data):
    assert client.get(f"/api/v1/laureates/{data.refused.pk}").status_code == 404
    response = client.get("/api/v1/laureates/999999")
    assert (response.status_code, response.json()) == (404, {"detail": "Aucun lauréat n° 999999."})


def test_query_counts_do_not_grow_with_the_page(client, data, django_assert_max_num_queries):
    """3 laureates on a page, then 30: the same number of queries."""
    call = data.calls["generaliste"]
    countries = list(Country.objects.filter(iso2__in=["RW", "SN"]))
    occitanie = Region.objects.get(code="76")

    def add(n):
        for i in range(n):
            partners = [f.foreign_authority(f"Partenaire {i}-{j}", countries[j]) for j in range(2)]
            f.application(call_obj=call, lead=f.authority(f"Commune {i}"), partners=partners)
            f.unresolved_laureate(f"Nom publié {i}", call, region_obj=occitanie)

    paths = ["/api/v1/laureates?campaign=2025&page_size=200",
             "/api/v1/laureates?campaign=2025&region=76&departement=81&country=RW&kind=generaliste"
             "&call=generaliste-2025&page_size=200",
             "/api/v1/statistics?campaign=2025&by=country",
             "/api/v1/statistics?campaign=2025&by=region",
             "/api/v1/campaigns/2025/calls",
             "/api/v1/campaigns"]
    small = assert_counts_do_not_grow(client, paths, add_rows=lambda: add(15),
                                      assert_num_queries=django_assert_max_num_queries)
    assert client.get(paths[0]).json()["count"] == 34
    assert max(small.values()) <= 10, small


def test_statistics_count_laureates_per_axis(client, data):
    by_region = client.get("/api/v1/statistics?campaign=2025&by=region").json()
    assert by_region["provenance"] == "records"
    assert by_region["total"] == {"calls_for_projects": 3, "ami": 1, "total": 4}
    assert [(r["key"], r["label"], r["laureates"], r["ami"]) for r in by_region["rows"]] == [
        ("76", "Occitanie", 3, 1), ("53", "Bretagne", 1, 0),
    ]
    by_country = client.get("/api/v1/statistics?campaign=2025&by=country").json()
    assert [(r["key"], r["laureates"], r["calls_for_projects"], r["ami"]) for r in by_country["rows"]] == [
        ("RW", 2, 1, 1), ("PS", 1, 1, 0), ("SN", 1, 0, 1),
    ]
    assert "plusieurs pays" in by_country["counted"]
    by_kind = client.get("/api/v1/statistics?campaign=2025&by=kind&region=76").json()
    assert {r["key"]: r["laureates"] for r in by_kind["rows"]} == {"generaliste": 2, "ami": 1}
    by_departement = client.get("/api/v1/statistics?campaign=2025&by=departement").json()
    assert {r["key"]: r["laureates"] for r in by_departement["rows"]} == {"81": 1, "31": 1, "35": 1, None: 1}
    assert by_departement["rows"][-1]["label"] == "Non renseigné"
    by_call = client.get("/api/v1/statistics?campaign=2024&by=call").json()
    assert by_call["rows"] == [{"key": "generaliste-2024", "label": "Généraliste 2024", "laureates": 1,
                                "calls_for_projects": 1, "ami": 0}]
    assert client.get("/api/v1/statistics?campaign=2025&by=mayor").status_code == 422


def test_the_api_s_key_joins_the_open_data_files(client, data):
    """The laureates' CSV and the API give each laureate the same key, so they join."""
    import csv
    import io

    from tests.downloads import download

    api = {r["title"]: r["key"] for r in client.get("/api/v1/laureates?campaign=2025").json()["results"]}
    rows = csv.DictReader(io.StringIO(download(client, "/donnees/laureats-2025.csv")[1].decode()))
    assert {row["intitule"]: row["cle"] for row in rows} == api
    filed = f.application("Déposé ici", data.calls["generaliste"], provenance="platform")
    assert client.get(f"/api/v1/laureates/{filed.pk}").json()["sources"] == [
        {"label": "dossier déposé sur CoopDec", "url": ""}]
