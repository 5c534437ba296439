"""Uploads are accepted by what their bytes are, never by their name, and kept out of public files."""
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coopdec.applications.models import Document
from coopdec.applications.services import document_add, document_remove
from tests.applications.files import EXE, PDF, PNG, odt, upload
from tests.applications.people import draft, member
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name, data, kind", [
    ("convention.pdf", PDF, "application/pdf"),
    ("logo sans extension", PNG, "image/png"),
    ("deliberation.odt", odt(), "application/vnd.oasis.opendocument.text"),
])
def test_accepted_by_content_whatever_the_name(name, data, kind, settings):
    application, person = draft()
    document = document_add(application=application, user=person, kind=Document.Kind.CONVENTION,
                            upload=upload(name, data))
    assert (document.content_type, document.size) == (kind, len(data))
    stored = settings.PRIVATE_MEDIA_ROOT / document.file.name
    assert stored.read_bytes() == data
    assert not str(stored).startswith(str(settings.BASE_DIR / "coopdec" / "static"))


def test_an_executable_renamed_pdf_is_refused_with_a_clear_message():
    application, person = draft()
    with pytest.raises(ValidationError) as refused:
        document_add(application=application, user=person, kind=Document.Kind.CONVENTION,
                     upload=upload("convention.pdf", EXE))
    assert refused.value.message_dict["upload"] == [
        "« convention.pdf » est un fichier EXE, quel que soit son nom : seuls les fichiers "
        "PDF, ODT, DOCX, XLSX, ODS, PNG ou JPEG sont acceptés."
    ]
    assert not Document.objects.exists()


def test_text_pretending_to_be_a_pdf_is_refused():
    application, person = draft()
    with pytest.raises(ValidationError, match="fichier de type inconnu"):
        document_add(application=application, user=person, kind=Document.Kind.AUTRE,
                     upload=upload("notes.pdf", b"juste du texte"))


def test_a_file_over_the_cap_is_refused_with_both_sizes(settings):
    settings.DOCUMENT_MAX_BYTES = 100
    application, person = draft()
    with pytest.raises(ValidationError) as refused:
        document_add(application=application, user=person, kind=Document.Kind.CONVENTION,
                     upload=upload("convention.pdf", PDF[:20] + b" " * 100))
    assert refused.value.message_dict["upload"] == [
        "« convention.pdf » pèse 120 octets : la limite est de 100 octets."]


def test_only_a_member_adds_or_removes_a_document():
    application, person = draft()
    stranger = member(factories.authority(name="Albi"))
    with pytest.raises(PermissionDenied):
        document_add(application=application, user=stranger, kind=Document.Kind.AUTRE, upload=upload("a.pdf", PDF))
    document = document_add(application=application, user=person, kind=Document.Kind.AUTRE,
                            upload=upload("a.pdf", PDF))
    with pytest.raises(PermissionDenied):
        document_remove(document=document, user=stranger)
    path = Path(document.file.path)
    document_remove(document=document, user=person)
    assert not Document.objects.exists()
    assert not path.exists()
