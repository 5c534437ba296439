"""The bulk files of /donnees/ written ahead by a task when a campaign's data moves (opendata/tasks.py):
the first visitor after a change gets the file from disk, written by the same views."""
import logging

import pytest
from django.core.management import call_command

from coopdec.dataversion.changes import versions_forget
from coopdec.opendata import tasks
from tests.downloads import download
from tests.atlas.factories_public import atlas  # noqa: F401  (a fixture)
from tests.opendata.conftest import build

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
FILES_2025 = ["/donnees/laureats-2025.csv", "/donnees/laureats-2025-excel.csv", "/donnees/laureats-2025.json",
              "/donnees/laureats-2025.xlsx", "/donnees/iati-2025.xml", "/donnees/360giving-2025.json",
              "/donnees/360giving-2025.csv"]
FILES_ALL = ["/donnees/laureats-tous.csv", "/donnees/laureats-tous-excel.csv", "/donnees/laureats-tous.json",
             "/donnees/laureats-tous.xlsx", "/donnees/iati.xml", "/donnees/360giving-tous.json",
             "/donnees/360giving-tous.csv", "/donnees/actions.csv", "/donnees/actions.json"]


@pytest.fixture
def site(settings, tmp_path):
    """The site at http://testserver (the test client's address), its files in a folder of its own."""
    settings.SITE_URL = "http://testserver"
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.BULK_FILES_AHEAD = True
    return tmp_path / "donnees"


@pytest.fixture
def committed(site, settings, django_capture_on_commit_callbacks):
    """The open-data laureates, committed with the tasks run at once: the read model and the files."""
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        found = build()
    versions_forget()
    return found


@pytest.fixture
def committed_alone(site, settings, django_capture_on_commit_callbacks):
    """The open-data laureates, committed; the tasks queued and not run (nothing written yet)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        found = build()
    versions_forget()
    return found


def _written(folder):
    return sorted(path.name for path in folder.iterdir() if ".partial-" not in path.name)


def test_the_files_the_page_links_to_and_only_those(opendata):
    assert tasks.bulk_paths(year=2025) == FILES_2025
    assert tasks.bulk_paths(year=None) == FILES_ALL
    # 2024's laureate has no start date (no IATI activity) and no award date (no 360Giving grant).
    assert tasks.bulk_paths(year=2024) == [path.replace("2025", "2024") for path in FILES_2025[:4]]
    assert tasks.bulk_paths(year=1999) == []


def test_a_change_writes_the_files_before_anybody_asks(client, committed, site):
    # The commit moved both campaigns' versions: each campaign's files and all years', once each.
    names = _written(site)
    assert len(names) == len(FILES_2025) + len(FILES_ALL) + len(tasks.bulk_paths(year=2024))
    for path in FILES_2025 + FILES_ALL:
        response, content = download(client, path)
        assert type(response).__name__ == "FileResponse", path  # from disk: nothing written now
        assert content and response["ETag"]
    assert _written(site) == names


def test_the_file_written_ahead_is_the_one_a_visitor_would_have_written(client, committed_alone, site, settings):
    """Same views, same bytes: the CSV written ahead equals the CSV a visitor writes on another
    address (the IATI file holds the moment it was made, the CSV nothing of the sort)."""
    assert tasks.write_ahead(year=2025)["/donnees/laureats-2025.csv"] == "écrit"
    ahead = next(site.glob("laureats-2025.csv--*")).read_bytes()
    settings.SITE_URL = "http://127.0.0.1:8000"  # another site: its own file, written by its first visitor
    settings.BULK_FILES_AHEAD = False
    response, content = download(client, "/donnees/laureats-2025.csv")
    assert type(response).__name__ == "FileResponse" and content == ahead
    visitor = client.get("/donnees/laureats-2025.csv", HTTP_HOST="localhost")
    assert visitor.status_code == 200 and type(visitor).__name__ != "FileResponse"
    assert b"".join(visitor.streaming_content) == ahead


def test_a_burst_of_changes_writes_once_per_version(client, committed, site, settings, django_capture_on_commit_callbacks):
    assert tasks.bulk_files_write.call(campaign_id=committed.castres.call.campaign_id) == 0  # already written
    with django_capture_on_commit_callbacks(execute=True):
        committed.castres.granted_amount = 31000
        committed.castres.save()
    versions_forget()
    response, content = download(client, "/donnees/360giving-2025.csv")
    assert type(response).__name__ == "FileResponse" and b"31000" in content
    # The older versions are gone: one file per address, at the version now current.
    assert len(list(site.glob("360giving-2025.csv--*"))) == 1


def test_without_the_switch_nothing_is_queued(settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.BULK_FILES_AHEAD = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        build()
    paths = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert "coopdec.publication.tasks.read_model_rebuild" in paths  # the other receivers still queue theirs
    assert "coopdec.opendata.tasks.bulk_files_write" not in paths


def test_a_change_queues_the_task_for_its_campaign(site, settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        found = build()
    queued = [r for r in DBTaskResult.objects.all() if r.task_path == "coopdec.opendata.tasks.bulk_files_write"]
    # One task per move of a campaign's version, as the read model's (a burst costs one writing).
    assert {r.args_kwargs["kwargs"]["campaign_id"] for r in queued} == {
        found.castres.call.campaign_id, found.previous.call.campaign_id}
    assert not site.exists()  # queued, not run: the worker writes


def test_a_site_address_the_server_refuses_writes_nothing_and_says_why(committed_alone, site, settings, caplog):
    settings.SITE_URL = "https://coopdec.example.org"  # not in ALLOWED_HOSTS
    with caplog.at_level(logging.ERROR, logger="coopdec.opendata.tasks"):
        done = tasks.write_ahead(year=2025)
    assert set(done.values()) == {"adresse du site refusée (ALLOWED_HOSTS)"}
    assert "SITE_URL" in caplog.text and not site.exists()


def test_uncommitted_data_is_never_kept(opendata, site):
    assert set(tasks.write_ahead(year=2025).values()) == {"non gardé : données modifiées dans cette transaction"}
    assert not site.exists()


def test_the_command_writes_a_campaign_and_says_what_it_did(committed_alone, site, capsys):
    call_command("bulk_files_write", annee=2025)
    out = capsys.readouterr().out
    assert "/donnees/iati-2025.xml : écrit" in out and "/donnees/iati.xml : écrit" in out
    assert "16 fichiers écrits." in out
    call_command("bulk_files_write", annee=2025)
    assert "0 fichier écrit." in capsys.readouterr().out


def test_the_atlas_files_are_written_with_every_years(site, atlas):  # noqa: F811
    """The Atlas's actions (CSV, JSON, and IATI for those with money) share the version of everything."""
    paths = tasks.bulk_paths(year=None)
    assert paths[-3:] == ["/donnees/actions.csv", "/donnees/actions.json", "/donnees/iati-actions.xml"]
