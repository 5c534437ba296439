"""The /donnees/ page: downloads per campaign and for all years, and a data dictionary that
describes every column of every file (checked against the files themselves)."""
import csv
import html
import io
import re

from lxml import etree

from coopdec.applications.models import Application
from coopdec.opendata import dictionary, giving360, iati, sectors
from coopdec.publication.exports import COLUMNS
from tests.downloads import download
from tests.publication.helpers import page_text


def test_the_page_lists_the_downloads_of_each_campaign_and_of_all(client, opendata):
    response = client.get("/donnees/")
    assert response.status_code == 200
    content = response.content.decode()
    for path in ("laureats-2025.csv", "laureats-2025-excel.csv", "laureats-2025.json", "laureats-2025.xlsx",
                 "iati-2025.xml", "360giving-2025.json", "360giving-2025.csv", "laureats-2024.csv",
                 "laureats-tous.csv", "laureats-tous-excel.csv", "laureats-tous.json", "laureats-tous.xlsx",
                 "iati.xml", "360giving-tous.json", "360giving-tous.csv"):
        assert f'href="/donnees/{path}"' in content, path
        assert client.get(f"/donnees/{path}").status_code == 200, path
    assert 'href="/donnees/360giving-2024.json"' not in content  # no award date known for 2024
    assert 'href="/donnees/iati-2024.xml"' not in content  # no date known for its laureate
    text = page_text(response)
    assert "Données ouvertes" in text and "Dictionnaire des données" in text
    assert "2 lauréats sans montant connu" in text
    assert "date de publication des résultats inconnue" in text
    # Occitanie's project has only its end: IATI wants a start (validator rule 6.11.1).
    assert "1 lauréat sans date connue" in text and "3 activités" in text


def test_the_dictionary_s_example_file_exists(client, opendata):
    """The example address of a 360Giving file is one the page offers, and it answers."""
    html = client.get("/donnees/").content.decode()
    assert "<code>http://testserver/donnees/360giving-2025.json</code>" in html
    assert "360giving-2024" not in html
    Application.objects.update(granted_amount=None)
    html = client.get("/donnees/").content.decode()
    assert "/donnees/360giving-" not in html  # no file, no example


def test_the_dictionary_shows_the_sector_table(client, opendata):
    text = page_text(client.get("/donnees/"))
    for sector in sectors.sectors():
        assert sector.code in text and sector.name_fr in text
    assert "data/reference/dac-sectors.csv" in text


def test_every_column_of_every_format_is_described(client, opendata):
    text = html.unescape(client.get("/donnees/").content.decode())
    for dataset in dictionary.datasets():
        for field in dataset.fields:
            assert f"<code>{html.unescape(field.name)}</code>" in text, field.name
            assert str(field.meaning) and str(field.type) and str(field.source)

    documented = {f.name for d in dictionary.datasets() for f in d.fields}
    for path in ("/donnees/laureats-tous.csv", "/donnees/360giving-tous.csv"):
        header = next(csv.reader(io.StringIO(download(client, path)[1].decode())))
        for title in header:
            assert re.sub(r":\d+:", ":N:", title) in documented, title


def test_the_laureates_columns_are_those_the_files_have():
    assert [field.name for field in dictionary.laureate_fields()] == [column.key for column in COLUMNS]
    # Each column carries its own description, and the dictionary shows it.
    for column, field in zip(COLUMNS, dictionary.laureate_fields(), strict=True):
        assert str(column.type) and str(column.meaning) and column.example and str(column.source), column.key
        assert (field.type, field.meaning, field.example, field.source, field.also) == (
            column.type, column.meaning, column.example, column.source, column.label)


def test_every_element_and_attribute_of_the_iati_file_is_described(client, opendata):
    root = etree.fromstring(download(client, "/donnees/iati.xml")[1])
    described = {field.name for field in iati.FIELDS}
    written = set()
    for element in root.iter():
        path = re.sub(r"\[\d+\]", "", root.getroottree().getpath(element)).lstrip("/")
        path = path if element is root else path.removeprefix("iati-activities/")
        written.add(path)
        for attribute in element.attrib:
            if attribute.endswith("}lang"):
                written.add("…/narrative/@xml:lang" if element.tag == "narrative" else f"{path}/@xml:lang")
            else:
                written.add(f"{path}/@{attribute}")
    # An element is described by its own line or by those of its children and attributes.
    missing = {path for path in written if path not in described
               and not any(d.startswith(path + "/") for d in described)}
    assert missing == set()


def test_the_360giving_dictionary_gives_each_column_its_json_path():
    fields = {field.name: field.also for field in next(
        d for d in dictionary.datasets() if d.slug == "360giving").fields}
    assert fields == {column.title: column.path for column in giving360.COLUMNS}
    assert fields["Recipient Org:Identifier"] == "recipientOrganization/0/id"


def test_the_page_before_any_campaign(client, db):
    response = client.get("/donnees/")
    assert response.status_code == 200
    assert "Aucune campagne n'est encore publiée." in page_text(response)
    assert client.get("/donnees/iati.xml").status_code == 404
    assert client.get("/donnees/360giving-tous.json").status_code == 404
