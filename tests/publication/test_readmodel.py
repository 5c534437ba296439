"""The read model of the published laureates (`publication.readmodel`): the same rows, pages, API
objects and downloads as the records give, built when a campaign's data version moves, read only
while current, and its queries served by the indexes built for them (PostgreSQL plans)."""
import csv
import io
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coopdec.applications.models import Application
from coopdec.calls.models import Campaign
from coopdec.dataversion.changes import versions, versions_forget
from coopdec.publication import readmodel
from coopdec.publication.exports import laureate_row
from coopdec.publication.models import PublishedLaureate, ReadModelState
from coopdec.publication.selectors import LaureateFilters, laureate_count, laureate_list
from coopdec.territories.models import Country, Departement, Region
from tests.api.conftest import data  # noqa: F401 - the API's laureates, used through `published`
from tests.downloads import download

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def published(request, django_capture_on_commit_callbacks, settings):
    """The API's laureates, committed: their campaigns' versions move and the read model is built
    by its task (run at once here)."""
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        found = request.getfixturevalue("data")
    versions_forget()
    return found


def selections(found) -> list[LaureateFilters]:
    campaign = found.campaign
    return [
        LaureateFilters(campaign=campaign), LaureateFilters(campaign=None),
        LaureateFilters(campaign=campaign, region=Region.objects.get(code="76")),
        LaureateFilters(campaign=campaign, departement=Departement.objects.get(code="81")),
        LaureateFilters(campaign=campaign, call=found.calls["generaliste"]),
        LaureateFilters(campaign=campaign, kind="ami"),
        *(LaureateFilters(campaign=campaign, country=Country.objects.get(iso2=iso2)) for iso2 in ("RW", "SN", "PS")),
    ]


def test_the_read_model_is_built_when_a_campaign_moves_and_gives_the_records_rows(published):
    assert set(ReadModelState.objects.values_list("campaign_id", flat=True)) == set(
        Campaign.objects.values_list("pk", flat=True))
    assert PublishedLaureate.objects.count() == Application.objects.filter(decision="retenu").count() == 5
    for filters in selections(published):
        rows = readmodel.published(filters)
        assert rows is not None, filters
        expected = [laureate_row(application) for application in laureate_list(filters)]
        assert [readmodel.row_from_json(text) for text in rows.values_list("row", flat=True)] == expected
        assert readmodel.count(rows) == laureate_count(filters)


def _without_nonces(content: bytes) -> str:
    """A page without what differs on every rendering: the CSP nonce, DSFR's random element ids."""
    return re.sub(r'-[a-z]{16}\b', "", re.sub(r'nonce="[^"]*"', "", content.decode()))


PAGES = ["/campagnes/2025/", "/campagnes/2025/regions/occitanie/", "/campagnes/2025/appels/generaliste-2025/",
         "/campagnes/2025/?pays=RW", "/campagnes/2025/?nature=ami", "/collectivites/commune/81065/",
         "/collectivites/epci/243100633/", "/pays/RW/", "/pays/PS/"]
API = ["/api/v1/laureates?campaign=2025", "/api/v1/laureates?campaign=2025&region=76",
       "/api/v1/laureates?campaign=2025&country=RW", "/api/v1/laureates?campaign=2025&page_size=2&page=2",
       "/api/v1/laureates?campaign=2024"]
DOWNLOADS = ["/campagnes/2025/laureats.csv", "/campagnes/2025/laureats.json",
             "/campagnes/2025/regions/occitanie/laureats-excel.csv", "/donnees/laureats-tous.csv"]


def _answers(client) -> dict:
    cache.clear()
    found = {path: _without_nonces(client.get(path).content) for path in PAGES}
    found.update({path: client.get(path).json() for path in API})
    found.update({path: download(client, path)[1] for path in DOWNLOADS})
    return found


def test_pages_api_and_downloads_are_the_same_from_the_read_model_and_from_the_records(
        client, published, monkeypatch):
    from_read_model = _answers(client)
    monkeypatch.setattr(readmodel, "current", lambda campaign_id: False)
    from_records = _answers(client)
    for path, answer in from_read_model.items():
        assert answer == from_records[path], path
    barjac = next(r for r in from_read_model[API[0]]["results"] if r["lead"]["status"] == "to_confirm")
    assert sorted(barjac["lead"]["candidates"]) == ["commune:09037", "commune:30029", "commune:48018"]
    assert from_read_model[API[0]]["results"][0]["url"].startswith("http://testserver/api/v1/laureates/")


def test_a_cold_address_reads_the_read_model_not_the_records(client, published):
    for path in ("/campagnes/2025/regions/occitanie/?departement=81", "/api/v1/laureates?campaign=2025&departement=81",
                 "/pays/RW/", "/collectivites/commune/81065/", "/campagnes/2025/regions/occitanie/laureats.csv"):
        client.get(path)  # the aggregates of the campaign (its figures), kept per version
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path + ("&" if "?" in path else "?") + "page=1")
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200
        tables = " ".join(query["sql"] for query in captured.captured_queries)
        assert "publication_publishedlaureate" in tables, path
        assert '"applications_partnership"' not in tables and "ingest_importrow" not in tables, path


def test_a_page_is_never_older_than_the_records(client, published, django_capture_on_commit_callbacks, settings):
    """Until the task has rebuilt the campaign (here: no worker runs it), readers see the campaign
    behind and read the records; once rebuilt, the read model again."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    castres = published.laureates["castres"]
    with django_capture_on_commit_callbacks(execute=True):
        castres.title = "Eau potable et assainissement à Huye"
        castres.save()
    versions_forget()
    filters = LaureateFilters(campaign=published.campaign)
    assert not readmodel.current(published.campaign.pk) and readmodel.published(filters) is None
    assert "assainissement" in client.get("/campagnes/2025/").content.decode()
    assert "assainissement" in json.dumps(client.get("/api/v1/laureates?campaign=2025").json(), ensure_ascii=False)
    state = readmodel.rebuild(published.campaign.pk)
    assert state.version == f"{versions().of(published.campaign.pk)}/{readmodel.ROW_FORMAT}"
    assert readmodel.current(published.campaign.pk)
    cache.clear()
    rows = list(csv.DictReader(io.StringIO(download(client, "/campagnes/2025/laureats.csv")[1].decode())))
    assert "Eau potable et assainissement à Huye" in {row["intitule"] for row in rows}


def test_a_country_page_pages_its_laureates_with_the_counts_of_all(client, published, monkeypatch):
    from coopdec.directory import selectors as directory

    monkeypatch.setattr(directory, "COUNTRY_PAGE_SIZE", 1)
    first, second = (client.get("/pays/RW/", {"page": n}).content.decode() for n in (1, 2))
    for page in (first, second):
        assert "2 collectivités françaises, 2 projets lauréats" in re.sub(r"\s+", " ", page).replace("\u00a0", " ")
    # By French authority in French order: « CA du Sicoval » before « Castres ».
    assert "Agroécologie" in first and "Eau potable à Huye" not in first
    assert "Eau potable à Huye" in second and "Agroécologie" not in second and "page 2 sur 2" in second


@pytest.mark.postgres
def test_the_plans_use_the_indexes_built_for_the_read_model(published):
    """EXPLAIN ANALYZE of the cold queries: each reads its index, never the whole table. The
    planner prefers a sequential scan of a table this small, so it is told not to, as it would not
    at 55,000 rows (bench/READMODEL.md has the plans at that size)."""
    campaign = published.campaign
    departement = Departement.objects.get(code="81")
    queries = {
        "published_departement_idx": readmodel.published(LaureateFilters(campaign=campaign, departement=departement)),
        "published_region_idx": readmodel.published(LaureateFilters(campaign=campaign,
                                                                    region=Region.objects.get(code="76"))),
        "published_lead_idx": readmodel.published(LaureateFilters(campaign=None)).filter(lead_authority_id=1),
        "published_country_page_idx": readmodel.country_rows(Country.objects.get(iso2="RW")),
    }
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for index, rows in queries.items():
            sql, params = rows.values_list("pk")[:50].query.sql_with_params()
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
            plan = json.dumps(cursor.fetchone()[0])
            assert f'"Index Name": "{index}"' in plan, (index, plan)
            assert '"Node Type": "Seq Scan"' not in plan, (index, plan)


# ---------------------------------------------------------------- bulk files


@pytest.fixture
def private(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path / "donnees"


@pytest.fixture
def open_data(django_capture_on_commit_callbacks, settings):
    """The open-data laureates (dates, amounts, a campaign's award date), committed."""
    from tests.opendata.conftest import build

    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        found = build()
    versions_forget()
    return found


@pytest.mark.parametrize("path", ["/donnees/laureats-tous.csv", "/donnees/laureats-2025.xlsx",
                                  "/donnees/laureats-2025-excel.csv", "/donnees/laureats-tous.json",
                                  "/donnees/360giving-tous.json", "/donnees/360giving-2025.csv"])
def test_a_bulk_file_is_written_once_per_version_then_served_from_disk(
        client, open_data, private, path, django_capture_on_commit_callbacks):
    first_response, first = download(client, path)
    assert first_response.streaming and first and [p.name for p in private.iterdir()] == [
        next(private.iterdir()).name]  # one complete file, no partial left
    again_response, again = download(client, path)
    assert again == first and type(again_response).__name__ == "FileResponse"
    assert again_response["Content-Disposition"] == first_response["Content-Disposition"]
    with django_capture_on_commit_callbacks(execute=True):
        castres = open_data.castres
        castres.granted_amount = 31000
        castres.save()
    versions_forget()
    changed_response, changed = download(client, path)
    assert type(changed_response).__name__ != "FileResponse"  # written anew for the new version
    files = list(private.iterdir())
    assert len(files) == 1 and files[0].read_bytes() == changed  # the older version removed


def test_every_download_answers_304_to_its_validators(client, open_data, private):
    for path in ("/donnees/laureats-tous.csv", "/donnees/iati.xml", "/donnees/360giving-tous.json",
                 "/donnees/iati-2025.xml", "/campagnes/2025/laureats.xlsx", "/campagnes/2025/laureats.pdf",
                 "/campagnes/2025/regions/occitanie/laureats.csv"):
        response = client.get(path)
        assert response.status_code == 200 and response["ETag"].startswith('W/"'), path
        assert client.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304, path
        assert client.get(path, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304, path


def test_an_interrupted_download_leaves_no_file(client, open_data, private):
    response = client.get("/donnees/laureats-tous.csv")
    chunks = iter(response.streaming_content)
    next(chunks)
    response.close()  # the client went away: the generator is closed midway
    assert not private.exists() or not any(private.iterdir())


def test_the_tables_show_the_granted_amount_where_recorded(client, published):
    """Castres's 30 000 € in its line of the page (read from the read model), in the widget and
    the PDF as in the downloads; « non enregistrée » where no amount is recorded."""
    rows = readmodel.published(LaureateFilters(campaign=published.campaign))
    assert rows is not None  # the page reads the read model's lines
    castres = rows.get(application_id=published.laureates["castres"].pk)
    assert "<td>30\u00a0000\u00a0€</td>" in castres.html
    page = client.get("/campagnes/2025/regions/occitanie/").content.decode()
    assert "Subvention accordée</th>" in page and "<td>30\u00a0000\u00a0€</td>" in page
    assert "non enregistrée" in page  # Barjac's
    widget = client.get("/reseaux/occitanie-cooperation/2025/widget/").content.decode()
    assert "Subvention accordée</th>" in widget and "30\u00a0000\u00a0€" in widget
    csv_rows = list(csv.DictReader(io.StringIO(download(client, "/campagnes/2025/laureats.csv")[1].decode())))
    assert {row["intitule"]: row["subvention_accordee"] for row in csv_rows}["Eau potable à Huye"] == "30000.00"


def test_rows_built_in_an_older_shape_are_not_read_and_are_rebuilt(published):
    """A new column changes the kept lines' shape (`ROW_FORMAT`): a build of the old shape is
    behind whatever its data version, until `rebuild_stale` builds it again."""
    campaign = published.campaign
    state = ReadModelState.objects.get(campaign_id=campaign.pk)
    assert state.version == f"{versions().of(campaign.pk)}/{readmodel.ROW_FORMAT}"
    ReadModelState.objects.filter(pk=state.pk).update(version=versions().of(campaign.pk))  # shape 1's label
    readmodel._forget_states()
    assert not readmodel.current(campaign.pk) and readmodel.published(LaureateFilters(campaign=campaign)) is None
    assert campaign.pk in [s.campaign_id for s in readmodel.rebuild_stale()]
    assert readmodel.current(campaign.pk)
