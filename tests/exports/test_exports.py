"""The ministry's exports of dossiers: chosen columns, templates per officer, large exports
written by a background task and downloaded by their owner only, and a task killed midway that
ends failed instead of « en cours » forever."""
import csv
import io
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coopdec.accounts.models import Role
from coopdec.accounts.services import role_grant
from coopdec.applications import workflow
from coopdec.applications.models import Application
from coopdec.exports import columns, rules, services
from coopdec.exports.models import ExportJob, ExportTemplate
from tests import factories
from tests.accounts.people import member, ministry_officer, user
from tests.downloads import download

pytestmark = pytest.mark.django_db
NEW = reverse("exports:new")
INDEX = reverse("exports:index")


def dossiers(n, call=None, **extra):
    call = call or factories.call("Généraliste 2026", campaign_obj=factories.campaign(2026))
    return [factories.application(call_obj=call, title=extra.pop("title", None) or f"Projet {i}",
                                  provenance=Application.Provenance.PLATFORM, decision=Application.Decision.PENDING,
                                  granted_amount=Decimal("1500.5"), **extra)
            for i in range(n)]


@pytest.fixture
def officer(client):
    person = ministry_officer()
    client.force_login(person)
    return person


def rows_of(content, *, delimiter=";"):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def test_only_ministry_staff_reach_the_exports(client):
    assert client.get(NEW).status_code == 302 and client.get(INDEX).status_code == 302
    client.force_login(member(factories.authority(name="Gaillac")))
    assert client.get(NEW).status_code == 403 and client.get(INDEX).status_code == 403
    instructor = user()
    role_grant(user=instructor, kind=Role.Kind.INSTRUCTOR, by=None, country=factories.country())
    client.force_login(instructor)
    assert client.post(NEW, {"format": "csv", "columns": ["numero"]}).status_code == 403


def test_a_small_export_streams_the_chosen_columns_with_formulas_neutralised(client, officer):
    first, second = dossiers(2)
    Application.objects.filter(pk=first.pk).update(state=workflow.BROUILLON)
    Application.objects.filter(pk=second.pk).update(title="=HYPERLINK(\"http://x\")", state=workflow.DEPOSE)
    listing = client.get(reverse("applications:instruction"), {"etat": workflow.DEPOSE}).content.decode()
    assert f'href="{NEW}?etat={workflow.DEPOSE}"' in listing
    form = client.get(NEW).content.decode()
    assert 'value="subvention_accordee"' in form and "1&nbsp;dossier&nbsp;:" in form  # the draft is not the ministry's
    response = client.post(NEW + "?etat=" + workflow.DEPOSE, {
        "format": "csv", "columns": ["intitule", "numero", "etat", "subvention_accordee"]})
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    rows = rows_of(b"".join(response.streaming_content))
    # The catalogue's order, whatever the order ticked; only the state filtered on.
    assert rows == [["Numéro", "Intitulé", "État", "Subvention accordée (€)"],
                    [str(second.pk), "'=HYPERLINK(\"http://x\")", "Déposé", "1500.50"]]
    assert not ExportJob.objects.exists()


def test_a_small_xlsx_export_has_amounts_as_numbers(client, officer):
    dossiers(3)
    response, content = download_post(client, NEW, {"format": "xlsx", "columns": ["numero", "subvention_accordee"]})
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Numéro", "Subvention accordée (€)")
    assert [row[1] for row in values[1:]] == [1500.5] * 3


def download_post(client, path, data):
    response = client.post(path, data)
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


def test_no_column_is_a_clear_error(client, officer):
    dossiers(1)
    page = client.post(NEW, {"format": "csv"}).content.decode()
    assert "Choisissez au moins une colonne." in page


def test_templates_are_kept_per_officer(client, officer):
    dossiers(1)
    client.post(NEW, {"format": "csv", "columns": ["numero", "cout_total"], "template_name": "Montants"})
    template = ExportTemplate.objects.get(owner=officer)
    assert (template.name, template.columns, template.format) == ("Montants", ["numero", "cout_total"], "csv")
    form = client.get(NEW, {"modele": template.pk}).content.decode()
    assert 'value="cout_total" id="colonne-cout_total" checked' in form
    assert 'value="intitule" id="colonne-intitule">' in form
    assert "Montants" in client.get(INDEX).content.decode()

    other = ministry_officer()
    client.force_login(other)
    assert "Montants" not in client.get(INDEX).content.decode()
    # Another officer's template is not theirs to use or delete.
    assert 'value="intitule" id="colonne-intitule" checked' in client.get(NEW, {"modele": template.pk}).content.decode()
    assert client.post(reverse("exports:template-delete", args=[template.pk])).status_code == 404
    client.force_login(officer)
    assert client.post(reverse("exports:template-delete", args=[template.pk])).status_code == 302
    assert not ExportTemplate.objects.exists()


def test_a_large_export_is_written_in_the_background_for_its_owner_only(
        client, officer, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_BACKGROUND_ROWS = 2
    made = dossiers(3)
    assert "tâche de fond" in client.get(NEW).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, {"format": "csv", "columns": ["numero", "intitule"]})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exports:job", args=[job.pk])
    assert (job.state, job.rows_total, job.rows_done, job.attempts) == (ExportJob.State.DONE, 3, 3, 1)
    page = client.get(response["Location"]).content.decode()
    assert "Le fichier est prêt" in page and reverse("exports:job-file", args=[job.pk]) in page
    assert "hx-get" not in page and 'http-equiv="refresh"' not in page
    file_response, content = download(client, reverse("exports:job-file", args=[job.pk]))
    assert file_response["Content-Disposition"].startswith("attachment")
    assert sorted(rows_of(content)[1:]) == sorted([[str(a.pk), a.title] for a in made])
    assert job.pk and f"{job.pk}-" in job.file and not list((settings.PRIVATE_MEDIA_ROOT / "exports").glob("*.partial"))

    client.force_login(ministry_officer())
    assert client.get(reverse("exports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("exports:job-file", args=[job.pk])).status_code == 404
    assert client.post(reverse("exports:job-retry", args=[job.pk])).status_code == 404


def test_the_progress_is_polled_by_htmx_and_refreshed_without_javascript(client, officer):
    job = ExportJob.objects.create(owner=officer, format="xlsx", columns=["numero"], state=ExportJob.State.RUNNING,
                                   rows_total=4000, rows_done=1000, started_at=timezone.now(),
                                   heartbeat_at=timezone.now())
    url = reverse("exports:job", args=[job.pk])
    page = client.get(url).content.decode()
    assert "1\u00a0000\u00a0lignes sur 4\u00a0000 (25&nbsp;%)" in page and 'value="25"' in page
    assert f'hx-get="{url}"' in page and 'hx-trigger="every 2s"' in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="progression"') and "<html" not in fragment
    assert client.get(reverse("exports:job-file", args=[job.pk])).status_code == 404


def test_the_stale_rule():
    now = timezone.now()
    after = timedelta(minutes=5)
    assert rules.is_stale(state="running", heartbeat_at=now - timedelta(minutes=6), started_at=None, now=now,
                          stale_after=after)
    assert not rules.is_stale(state="running", heartbeat_at=now - timedelta(minutes=4), started_at=None, now=now,
                              stale_after=after)
    assert rules.is_stale(state="running", heartbeat_at=None, started_at=now - timedelta(hours=1), now=now,
                          stale_after=after)
    assert not rules.is_stale(state="pending", heartbeat_at=None, started_at=None, now=now, stale_after=after)
    assert not rules.is_stale(state="done", heartbeat_at=now - timedelta(days=1), started_at=None, now=now,
                              stale_after=after)


def test_an_export_killed_midway_ends_failed_and_can_be_run_again(
        client, officer, settings, django_capture_on_commit_callbacks):
    """A task killed -9 leaves its job « en cours » with a heartbeat that no longer moves: past
    EXPORT_STALE_SECONDS the job ends failed, says so, and runs again on request."""
    dossiers(2)
    settings.EXPORT_STALE_SECONDS = 300
    long_ago = timezone.now() - timedelta(seconds=301)
    killed = ExportJob.objects.create(owner=officer, format="csv", columns=["numero"], state=ExportJob.State.RUNNING,
                                      rows_total=2, rows_done=1, started_at=long_ago, heartbeat_at=long_ago,
                                      attempts=1)
    alive = ExportJob.objects.create(owner=officer, format="csv", columns=["numero"], state=ExportJob.State.RUNNING,
                                     started_at=long_ago, heartbeat_at=timezone.now())
    directory = settings.PRIVATE_MEDIA_ROOT / "exports"
    directory.mkdir(parents=True)
    left = directory / f"{killed.pk}-0123456789abcdef.csv.partial"
    left.write_text("Numéro\r\n1\r\n")
    kept = directory / f"{alive.pk}-0123456789abcdef.csv.partial"
    kept.write_text("Numéro\r\n")
    page = client.get(reverse("exports:job", args=[killed.pk])).content.decode()
    assert not left.exists() and kept.exists()
    killed.refresh_from_db()
    alive.refresh_from_db()
    assert killed.state == ExportJob.State.FAILED and killed.finished_at
    assert alive.state == ExportJob.State.RUNNING
    assert "interrompu" in page and "Relancer" in page
    # The killed task, delivered again by the queue, does not overwrite the ended job.
    assert services.export_job_run(job_id=killed.pk) == ExportJob.State.FAILED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exports:job-retry", args=[killed.pk]))
    again = ExportJob.objects.exclude(pk__in=[killed.pk, alive.pk]).get()
    assert response["Location"] == reverse("exports:job", args=[again.pk])
    assert again.state == ExportJob.State.DONE and again.rows_done == 2


@pytest.fixture
def extra_column():
    """A column registered as another app registers its own; removed after the test."""
    added = []

    def add(column):
        columns.register(column)
        added.append(column)
        return column

    yield add
    for column in added:
        columns.COLUMNS.remove(column)


def test_a_failure_midway_ends_failed_and_leaves_no_file(officer, settings, extra_column):
    dossiers(3)

    def breaks(values):
        raise ValueError("boom")

    extra_column(columns.DossierColumn("casse", "Casse", columns.INSTRUCTION, ("pk",), breaks))
    job = ExportJob.objects.create(owner=officer, format="xlsx", columns=["numero", "casse"])
    assert services.export_job_run(job_id=job.pk) == ExportJob.State.FAILED
    job.refresh_from_db()
    assert job.state == ExportJob.State.FAILED and "a échoué (ValueError)" in job.error and not job.file
    assert not any((settings.PRIVATE_MEDIA_ROOT / "exports").iterdir())


def test_a_job_ended_while_its_task_writes_is_never_made_ready(officer, settings, extra_column, monkeypatch):
    """The stale rule may end a job whose task is only slow: the task then stops at its next
    heartbeat and leaves no file, instead of turning « prêt » a job the officer saw fail."""
    dossiers(3)
    monkeypatch.setattr("coopdec.exports.writers.PROGRESS_EVERY", 1)

    def ended_elsewhere(values):
        ExportJob.objects.filter(state=ExportJob.State.RUNNING).update(state=ExportJob.State.FAILED,
                                                                        error=services.KILLED)
        return values["pk"]

    extra_column(columns.DossierColumn("arret", "Arrêt", columns.INSTRUCTION, ("pk",), ended_elsewhere))
    job = ExportJob.objects.create(owner=officer, format="csv", columns=["arret"])
    assert services.export_job_run(job_id=job.pk) == ExportJob.State.FAILED
    job.refresh_from_db()
    assert job.state == ExportJob.State.FAILED and job.error == services.KILLED and not job.file
    assert not any((settings.PRIVATE_MEDIA_ROOT / "exports").iterdir())


def test_a_new_column_is_one_entry(client, officer, extra_column):
    dossiers(1)
    extra_column(columns.DossierColumn("note", "Note moyenne", columns.INSTRUCTION, ("pk",), lambda v: 14))
    assert 'value="note"' in client.get(NEW).content.decode()
    response, content = download_post(client, NEW, {"format": "csv", "columns": ["numero", "note"]})
    assert rows_of(content)[0] == ["Numéro", "Note moyenne"] and rows_of(content)[1][1] == "14"
    with pytest.raises(ValueError):
        columns.register(columns.DossierColumn("note", "Doublon", columns.INSTRUCTION, ("pk",), lambda v: 0))


def test_the_export_query_count_does_not_grow_with_dossiers(client, officer):
    call = factories.call("Généraliste 2026", campaign_obj=factories.campaign(2026))
    every = [column.key for column in columns.COLUMNS]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            download_post(client, NEW, {"format": "csv", "columns": every})
        return len(captured)

    dossiers(2, call=call)
    small = queries()
    dossiers(25, call=call)
    assert queries() == small
