import csv
import io
import json

import openpyxl
import pdfplumber

from coopdec.publication.exports import COLUMNS
from tests.downloads import download

REGION = "/campagnes/2025/regions/occitanie/"


def test_csv_is_utf8_with_a_header_row_and_the_official_codes(client, occitanie):
    response, content = download(client, REGION + "laureats.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="laureats-occitanie-2025.csv"'
    assert not content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    assert list(rows[0]) == [column.key for column in COLUMNS]
    assert len(rows) == 6
    castres = next(row for row in rows if row["collectivite"] == "Castres")
    assert castres["collectivite_nature"] == "commune"
    assert castres["collectivite_code"] == occitanie.applications["castres"].lead_authority.code
    assert (castres["departement_code"], castres["region_code"]) == ("81", "76")
    assert castres["partenaires_pays_iso"] == "RW"
    assert (castres["appel_slug"], castres["appel_nature"], castres["campagne"]) == (
        "generaliste-2025", "generaliste", "2025"
    )
    sicoval = next(row for row in rows if row["collectivite_nom_publie"] == "Sicoval")
    assert (sicoval["collectivite"], sicoval["collectivite_siren"]) == ("CA du Sicoval", "900000633")
    barjac = next(row for row in rows if row["collectivite_nom_publie"] == "Barjac")
    assert barjac["collectivite_a_confirmer"] == "true" and barjac["collectivite_code"] == ""
    toulouse = next(row for row in rows if row["collectivite"] == "Toulouse")
    assert toulouse["partenaires_pays_iso"] == "CH; CH; BE; RO; CA; BJ"


def test_downloads_carry_exactly_the_selection(client, occitanie):
    _, content = download(client, REGION + "laureats.csv", appel="franco-senegalais-2025")
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    published_names = {row["collectivite_nom_publie"] for row in rows}
    assert published_names == {"Montpellier Métropole Méditerranée", "Sicoval"}
    _, content = download(client, "/campagnes/2025/laureats.json", departement="29")
    assert [row["collectivite"] for row in json.loads(content)] == ["Brest"]


def test_json_is_a_list_of_objects_with_their_provenance(client, occitanie):
    response, content = download(client, REGION + "laureats.json")
    assert response["Content-Disposition"] == 'attachment; filename="laureats-occitanie-2025.json"'
    records = json.loads(content)
    assert len(records) == 6
    assert set(records[0]) == {column.key for column in COLUMNS}
    assert {record["provenance"] for record in records} == {"import"}
    toulouse = records[-1]
    assert toulouse["partenaires"][0] == "Montreux (Suisse)"
    assert toulouse["partenaires_pays_iso"] == ["CH", "CH", "BE", "RO", "CA", "BJ"]
    assert toulouse["collectivite_a_confirmer"] is False


def test_xlsx_has_labelled_columns_and_the_rows(client, occitanie):
    response, content = download(client, REGION + "laureats.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="laureats-occitanie-2025.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["Lauréats"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == tuple(column.label for column in COLUMNS)
    assert len(values) == 7
    assert any(row[4] == "Castres" and row[10] == "81" for row in values[1:])
    about = [row for row in book["À propos"].iter_rows(values_only=True) if row]
    assert ("Titre", "Lauréats 2025 en Occitanie") in about


def test_pdf_is_a_real_pdf_with_the_titles(client, occitanie):
    response, content = download(client, REGION + "laureats.pdf", pays="SN")
    assert response["Content-Disposition"] == 'attachment; filename="laureats-occitanie-2025.pdf"'
    assert content.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Lauréats 2025 en Occitanie" in text
    assert "Pays partenaire" in text and "Sénégal" in text
    assert "Bargny Inovate" in text and "Renforcement de la gouvernance" in text
    assert "Castres" not in text


def test_the_campaign_and_call_downloads_are_named_after_them(client, occitanie):
    response, _ = download(client, "/campagnes/2025/laureats.csv")
    assert response["Content-Disposition"] == 'attachment; filename="laureats-2025.csv"'
    response, content = download(client, "/campagnes/2025/appels/generaliste-2025/laureats.csv")
    assert response["Content-Disposition"] == 'attachment; filename="laureats-generaliste-2025.csv"'
    assert len(list(csv.DictReader(io.StringIO(content.decode())))) == 2
