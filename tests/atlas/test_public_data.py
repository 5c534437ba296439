"""The Atlas in the API (/api/v1/actions) and the open data (/donnees/actions.csv and .json,
/donnees/iati-actions.xml): withdrawn actions never there, filters, paging, IATI validity, the
data dictionary."""
import csv
import io
import json
from datetime import date

import pytest
from django.core.cache import cache
from django.utils import timezone
from lxml import etree

from coopdec.atlas.models import Action
from coopdec.opendata import quality
from tests import factories as f
from tests.downloads import download
from tests.opendata.validation import iati_errors

from .factories_public import action, atlas  # noqa: F401  (atlas: a fixture)


@pytest.fixture(autouse=True)
def _fresh_cache(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


def api(client, path, **params):
    response = client.get(path, params)
    return response.status_code, response.json()


def test_the_api_lists_public_actions_with_their_relations(client, atlas):
    status, body = api(client, "/api/v1/actions")
    assert status == 200 and body["count"] == 4 and body["next"] is None
    titles = [a["title"] for a in body["results"]]
    assert titles == ["Culture à Bamako et à Huye", "Eau potable à Huye", "Jumelage avec Ziguinchor", "Santé à Dakar"]
    water = body["results"][1]
    assert water["authorities"] == [{"id": "commune:81065", "name": "Castres", "lead": True, "region": "76",
                                     "url": "http://testserver/collectivites/commune/81065/"}]
    assert water["partners"] == [{"name": "District de Huye", "country": "RW"}]
    assert water["amount"] == "45000.00" and water["sdgs"] == [6] and water["themes"] == ["eau"]
    assert water["url"] == f"http://testserver/atlas/actions/{atlas.water.pk}/"
    health = body["results"][3]
    assert health["authorities"][0]["id"] is None and health["authorities"][0]["name"] == "Barjac"


@pytest.mark.parametrize(("params", "count"), [
    ({"country": "RW"}, 2), ({"country": "sn"}, 2), ({"country": "BJ"}, 0), ({"region": "76"}, 3),
    ({"departement": "81"}, 2), ({"authority": "commune:81065"}, 2), ({"kind": "jumelage"}, 1),
    ({"status": "prevue"}, 1), ({"origin": "ambassade"}, 1), ({"country": "RW", "departement": "31"}, 1),
])
def test_the_api_filters(client, atlas, params, count):
    status, body = api(client, "/api/v1/actions", **params)
    assert status == 200 and body["count"] == count


def test_the_api_pages_and_refuses_what_it_cannot_read(client, atlas):
    status, body = api(client, "/api/v1/actions", page_size=3)
    assert body["count"] == 4 and len(body["results"]) == 3
    assert body["next"] == "http://testserver/api/v1/actions?page=2&page_size=3"
    status, body = api(client, "/api/v1/actions", page=2, page_size=3)
    assert [a["title"] for a in body["results"]] == ["Santé à Dakar"] and body["previous"]
    assert api(client, "/api/v1/actions", page=3, page_size=3)[0] == 404
    status, body = api(client, "/api/v1/actions", authority="commune:99999")
    assert status == 400 and body["detail"] == "Aucune collectivité « commune:99999 »."
    assert api(client, "/api/v1/actions", status="retiree")[0] == 422
    assert api(client, "/api/v1/actions", country="Rwanda")[0] == 422
    assert api(client, f"/api/v1/actions/{atlas.withdrawn.pk}")[0] == 404
    status, body = api(client, f"/api/v1/actions/{atlas.culture.pk}")
    assert status == 200 and [p["country"] for p in body["partners"]] == ["ML", "RW"]
    assert "/api/v1/actions" in client.get("/api/v1/openapi.json").content.decode()


def test_a_laureate_action_points_to_its_laureate(client, atlas):
    laureate = f.application("Bibliothèque à Huye", f.call(campaign_obj=f.campaign(2025)), atlas.castres)
    action("Bibliothèque à Huye", authorities=[atlas.castres], origin=Action.Origin.LAUREATE, application=laureate,
           amount=50000, starts_on=date(2025, 1, 1), ends_on=date(2025, 6, 30))
    body = api(client, "/api/v1/actions", origin="laureat")[1]
    assert body["results"][0]["laureate"] == f"http://testserver/api/v1/laureates/{laureate.pk}"
    # Laureates are activities of the laureates' IATI files: never twice.
    content = download(client, "/donnees/iati-actions.xml")[1]
    assert b"Biblioth" not in content


def test_the_csv_and_json_files(client, atlas):
    response, content = download(client, "/donnees/actions.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="actions.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    assert [r["intitule"] for r in rows] == ["Eau potable à Huye", "Jumelage avec Ziguinchor",
                                            "Culture à Bamako et à Huye", "Santé à Dakar"]
    twinning = rows[1]
    assert twinning["collectivites"] == "Castres; Albi"
    assert twinning["collectivites_codes"] == "commune:81065; commune:81004"
    assert twinning["pays"] == "SN" and twinning["nature"] == "jumelage" and twinning["montant"] == ""
    assert rows[2]["pays"] == "ML; RW" and rows[2]["montant"] == "80000.00" and rows[2]["odd"] == "4"
    document = json.loads(download(client, "/donnees/actions.json")[1])
    assert [a["intitule"] for a in document["actions"]] == [r["intitule"] for r in rows]
    assert document["actions"][0]["debut"] == "2025-01-01"


def test_the_iati_file_passes_the_schema_and_the_quality_rules(client, atlas):
    content = download(client, "/donnees/iati-actions.xml")[1]
    assert iati_errors(content) == []
    assert quality.iati_problems(content, today=timezone.localdate()) == []
    root = etree.fromstring(content)
    identifiers = [a.findtext("iati-identifier") for a in root.findall("iati-activity")]
    # Money and a start: the water (a year: a budget) and the culture (three years: no budget); never
    # the withdrawn one, nor those without an amount.
    assert identifiers == [f"FR-6-coopdec-action-{atlas.water.pk}", f"FR-6-coopdec-action-{atlas.culture.pk}"]
    water, culture = root.findall("iati-activity")
    assert water.find("budget/value").text == "45000.00" and culture.find("budget") is None
    funder = water.find("participating-org[@role='1']")
    assert funder.get("ref") == "FR-RCS-" + atlas.castres.siren and funder.findtext("narrative") == "Castres"
    assert [c.get("percentage") for c in culture.findall("recipient-country")] == ["50", "50"]


def test_no_iati_file_without_an_action_with_money(client, db):
    action("Sans montant", partners=[("Huye", "RW")], starts_on=date(2025, 1, 1))
    assert client.get("/donnees/iati-actions.xml").status_code == 404


def test_the_data_dictionary_describes_the_files(client, atlas):
    page = client.get("/donnees/").content.decode()
    assert 'id="dictionnaire-actions"' in page and 'id="dictionnaire-iati-actions"' in page
    assert "<code>collectivites_codes</code>" in page
    assert 'href="/donnees/actions.csv"' in page and 'href="/donnees/iati-actions.xml"' in page


def test_the_open_data_page_offers_no_iati_file_of_actions_when_there_is_none(client, db):
    page = client.get("/donnees/").content.decode()
    assert 'href="/donnees/iati-actions.xml"' not in page
    assert "hors lauréats&nbsp;: aucune action enregistrée dans CoopDec." in page
