"""Uploads: a file name of symbols only, a name over 200 characters, a body beyond the limit."""
import io

import pytest
from django.urls import reverse

from coopdec.applications.models import Document
from tests.applications.conftest import _dossier_settings  # noqa: F401  (autouse: documents in a temporary directory)
from tests.applications.files import PDF, upload
from tests.applications.people import draft, open_call

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("sent", "kept"), [
    ("€€€.pdf", "piece.pdf"), ("€€€", "piece.pdf"), ("...", "piece.pdf"), (".pdf", "piece.pdf"),
    ("Convention d'été.pdf", "Convention_dété.pdf"), ("photo.PDF", "photo.pdf"),
    ("c" * 250 + ".pdf", "c" * 196 + ".pdf"),
])
def test_a_document_s_name_is_kept_readable_with_its_extension(client, sent, kept):
    application, person = draft(call_obj=open_call())
    client.force_login(person)
    response = client.post(reverse("applications:step", args=[application.pk, "pieces"]),
                           {"kind": "convention", "upload": upload(sent, PDF)})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Document.objects.get().name == kept


def test_a_report_s_document_is_named_the_same_way(client):
    from tests.grants.conftest import retained
    from coopdec.grants.services import grant_plan

    application, person, _officer = retained()
    grant_plan(application=application)
    report = application.reports.get(kind="intermediate")
    client.force_login(person)
    prefix = f"rapport-{report.pk}"
    response = client.post(reverse("grants:reports", args=[application.pk]),
                           {"rapport": report.pk, f"{prefix}-narrative": "Forages.",
                            f"{prefix}-depense_personnel": "1000",
                            f"{prefix}-documents": [upload("€€€", PDF), upload("r" * 300 + ".pdf", PDF)]})
    assert response.status_code == 302
    assert sorted(report.documents.values_list("name", flat=True)) == ["piece.pdf", "r" * 196 + ".pdf"]


def test_a_body_beyond_the_limit_is_refused_before_it_is_read(client, settings):
    """A 100 MB upload was read whole (to a temporary file) before being refused: its
    Content-Length is enough to answer 413, in French."""
    application, person = draft(call_obj=open_call())
    client.force_login(person)
    settings.REQUEST_BODY_MAX_BYTES = 1024 * 1024
    read = []

    class Watched(io.BytesIO):
        def read(self, *args):
            data = super().read(*args)
            read.append(len(data))
            return data

    body = (b"--B\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nconvention\r\n"
            b"--B\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"gros.pdf\"\r\n"
            b"Content-Type: application/pdf\r\n\r\n" + PDF + b"0" * (2 * 1024 * 1024) + b"\r\n--B--\r\n")
    response = client.generic("POST", reverse("applications:step", args=[application.pk, "pieces"]), b"",
                              content_type="multipart/form-data; boundary=B",
                              **{"wsgi.input": Watched(body), "CONTENT_LENGTH": str(len(body))})
    assert response.status_code == 413
    assert "trop lourde" in response.content.decode() and "1 Mo avec ses fichiers" in response.content.decode()
    assert sum(read) == 0
    assert not Document.objects.exists()


def test_the_upload_handler_stops_reading_at_the_limit_whatever_the_content_length_says(settings):
    """Behind the Content-Length check, the handler counts what it is given and stops there."""
    from django.core.exceptions import RequestDataTooBig

    from coopdec.uploads import LimitedUploadHandler

    settings.REQUEST_BODY_MAX_BYTES = 10
    handler = LimitedUploadHandler()
    handler.handle_raw_input(None, {}, 5, b"B")
    assert handler.receive_data_chunk(b"12345", 0) == b"12345"
    with pytest.raises(RequestDataTooBig):
        handler.receive_data_chunk(b"678901", 5)
    with pytest.raises(RequestDataTooBig):
        handler.handle_raw_input(None, {}, 11, b"B")
