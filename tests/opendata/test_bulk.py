"""Bulk downloads of the laureates, per campaign and for all years (CSV, CSV pour Excel, JSON,
XLSX), with the public pages' columns."""
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


def test_all_years_in_xlsx_and_csv_for_excel_too(client, opendata):
    response, content = download(client, "/donnees/laureats-tous.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="laureats-tous.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(content))
    header, *rows = list(book["Lauréats"].iter_rows(values_only=True))
    assert [row[header.index("Campagne")] for row in rows] == [2025] * 4 + [2024]
    assert book["Lauréats"].freeze_panes == "A2"
    for path, name in (("/donnees/laureats-tous-excel.csv", "laureats-tous-excel.csv"),
                       ("/donnees/laureats-2025-excel.csv", "laureats-2025-excel.csv")):
        response, content = download(client, path)
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        assert content.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
        assert list(rows[0]) == [column.label for column in COLUMNS]
    assert {row["Subvention accordée (€)"] for row in rows} == {"15000,00", "20000,50", ""}


def test_what_is_not_offered_is_not_found(client, opendata):
    for path in ("/donnees/laureats-1999.csv", "/donnees/laureats-tous.pdf", "/donnees/laureats-2025.pdf",
                 "/donnees/iati-tous.xml", "/donnees/laureats-2025.excel.csv", "/donnees/laureats-20255.csv"):
        assert client.get(path).status_code == 404, path
