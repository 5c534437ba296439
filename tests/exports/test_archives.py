"""ZIP archives of a dossier and of a whole call: the PDF summary, the documents, the decision
letter once its session is closed, the reports' documents; streamed piece by piece (never the
whole call in memory); ministry only."""
import io
import zipfile
from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from coopdec.exports.archives import safe_name
from coopdec.grants.services import report_file
from coopdec.instruction.services import decision_record, session_close, session_open
from tests.applications.files import PDF, upload
from tests.applications.people import member, ministry_officer
from tests.instruction.people import grid_call, instructor, submitted
from tests.committee.people import session as committee_session
from coopdec.instruction.services import assignment_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _archive_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _zip(response) -> tuple[zipfile.ZipFile, list[bytes]]:
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response.streaming
    pieces = list(response.streaming_content)
    return zipfile.ZipFile(io.BytesIO(b"".join(pieces))), pieces


@pytest.fixture
def decided():
    """A retained dossier of a call whose session is closed (so it has a letter and a schedule),
    a second dossier of the same call still under instruction, and the officer."""
    call = grid_call(envelope=D("1000000"))
    officer = ministry_officer(email="agent@ministere.fr")
    application, person = submitted(call)
    other, _ = submitted(call, name="Albi", title="Déchets à Dschang")
    assignment_create(application=application, instructor=instructor(call=call), by=officer)
    assignment_create(application=other, instructor=instructor(call=call), by=officer)
    session = committee_session(call, officer)
    decision_record(application=application, decision="retenu", amount=D("70000"), user=officer)
    session_close(session=session, user=officer)
    report = application.reports.order_by("due_on").first()
    report_file(report=report, user=person, narrative="Forages réalisés.", statement={"personnel": "1000"},
                documents=[upload("bilan/../../etc.pdf", PDF)])
    return call, application, other, officer


def test_the_dossier_archive_holds_its_summary_documents_letter_and_reports(client, decided):
    call, application, other, officer = decided
    client.force_login(officer)
    archive, _ = _zip(client.get(reverse("exports:dossier-zip", args=[application.pk])))
    names = archive.namelist()
    document = application.documents.get()
    report = application.reports.filter(state="depose").get()
    report_document = report.documents.get()
    assert names[0] == f"dossier-{application.pk}-synthese.pdf"
    assert f"pieces/{document.pk}-convention.pdf" in names
    assert f"lettre-de-decision-dossier-{application.pk}.pdf" in names
    assert f"rapports/{report.label}/{report_document.pk}-{safe_name(report_document.name)}" in names
    assert all(".." not in name.split("/") for name in names)
    assert archive.read(f"pieces/{document.pk}-convention.pdf") == PDF
    summary = archive.read(names[0])
    assert summary.startswith(b"%PDF") and len(summary) > 2000
    assert archive.read(f"lettre-de-decision-dossier-{application.pk}.pdf").startswith(b"%PDF")
    # still under instruction: no letter
    archive, _ = _zip(client.get(reverse("exports:dossier-zip", args=[other.pk])))
    assert not any(name.startswith("lettre-de-decision") for name in archive.namelist())


def test_the_call_archive_streams_every_filed_dossier_in_its_folder(client, decided):
    call, application, other, officer = decided
    client.force_login(officer)
    archive, pieces = _zip(client.get(reverse("exports:call-zip", args=[call.pk])))
    names = archive.namelist()
    assert f"dossier-{application.pk}/dossier-{application.pk}-synthese.pdf" in names
    assert f"dossier-{other.pk}/dossier-{other.pk}-synthese.pdf" in names
    assert f"dossier-{application.pk}/lettre-de-decision-dossier-{application.pk}.pdf" in names
    assert archive.testzip() is None
    # streamed: many pieces, none of them the whole archive
    total = sum(len(piece) for piece in pieces)
    assert len(pieces) > len(names) and max(len(piece) for piece in pieces) < total / 2


def test_the_archives_are_for_the_ministry_only(client, decided):
    call, application, other, officer = decided
    urls = [reverse("exports:dossier-zip", args=[application.pk]), reverse("exports:call-zip", args=[call.pk])]
    for url in urls:
        assert client.get(url).status_code == 302  # sign in first
    client.force_login(member(application.lead_authority))
    for url in urls:
        assert client.get(url).status_code == 403
    client.force_login(officer)
    assert client.get(reverse("exports:dossier-zip", args=[10**6])).status_code == 404
    assert client.get(reverse("exports:call-zip", args=[10**6])).status_code == 404
