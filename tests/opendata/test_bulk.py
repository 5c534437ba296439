"""Bulk downloads of the laureates: per campaign (CSV, JSON, XLSX) and all years (CSV, JSON),
with the public pages' columns."""
import csv
import io
import json

import openpyxl

from coopdec.publication.exports import COLUMNS
from tests.downloads import download


def csv_rows(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def test_a_campaign_in_csv_json_and_xlsx(client, opendata):
    response, content = download(client, "/donnees/laureats-2025.csv")
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="laureats-2025.csv"'
    rows = csv_rows(content)
    assert list(rows[0]) == [column.key for column in COLUMNS]
    assert sorted(row["intitule"] for row in rows) == sorted(
        [opendata.barjac.title, "Culture & patrimoine <partagés>", "Eau potable et assainissement à Huye",
         "Jeunesse et climat"])

    response, content = download(client, "/donnees/laureats-2025.json")
    assert response["Content-Disposition"] == 'attachment; filename="laureats-2025.json"'
    assert len(json.loads(content)) == 4

    response, content = download(client, "/donnees/laureats-2025.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert list(header) == [column.label for column in COLUMNS] and len(rows) == 4


def test_all_years_campaign_after_campaign(client, opendata):
    response, content = download(client, "/donnees/laureats-tous.csv")
    assert response["Content-Disposition"] == 'attachment; filename="laureats-tous.csv"'
    assert [row["campagne"] for row in csv_rows(content)] == ["2025"] * 4 + ["2024"]
    assert [row["campagne"] for row in json.loads(download(client, "/donnees/laureats-tous.json")[1])] == [
        2025] * 4 + [2024]


def test_what_is_not_offered_is_not_found(client, opendata):
    for path in ("/donnees/laureats-1999.csv", "/donnees/laureats-tous.xlsx", "/donnees/laureats-2025.pdf",
                 "/donnees/iati-tous.xml"):
        assert client.get(path).status_code == 404, path
