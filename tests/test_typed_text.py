"""What an applicant types is cleaned once, at the door (`readers.base.typed`): NFC, `\\n` line
breaks, control characters dropped (NUL included), right-to-left marks and tabs kept; by every
form of the site (`hardening.RefuseBadRequests`) and by every import (`readers.base.clean`,
`readers.text.decode`). The outputs are robust on their own as well (tests/writers)."""
import io

import openpyxl
import pytest
from django.urls import reverse

from coopdec.applications.models import Application
from coopdec.readers.base import clean, typed
from coopdec.readers.text import decode
from tests import factories
from tests.applications.people import member, ministry_officer, open_call

DIRTY = "Jumelage\x01 sco\x1blaire\x7f à Cre\u0301py\x85\x9b\x00"
CLEAN = "Jumelage scolaire à Crépy"


def test_typed_drops_controls_normalises_and_keeps_what_prints():
    assert typed(DIRTY) == CLEAN
    assert typed("ligne 1\r\nligne 2\rligne 3") == "ligne 1\nligne 2\nligne 3"
    assert typed("a\tb\u200fعربي\u200e") == "a\tb\u200fعربي\u200e"  # tab, RLM, LRM stay
    assert typed("\ud800x\ufffe\uffff") == "x"
    assert typed("") == ""


def test_imports_clean_the_same_way():
    assert clean(DIRTY) == CLEAN
    text, label = decode("liste.csv", "Cre\u0301py\x01;Huye\r\n".encode())
    assert (text, label) == ("Crépy;Huye\n", "UTF-8")


@pytest.fixture
def _dossier_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.mark.django_db
def test_a_title_typed_with_control_characters_is_stored_clean_and_every_list_reads_it(client, _dossier_settings):
    call = open_call()
    authority = factories.authority(name="Castres-test")
    client.force_login(member(authority))
    response = client.post(reverse("applications:draft-new"),
                           {"call": call.pk, "authority": authority.pk, "title": DIRTY})
    assert response.status_code == 302
    application = Application.objects.get(lead_authority=authority)
    assert application.title == CLEAN
    # A text area's line breaks are stored as \n, whatever the browser sent.
    client.post(reverse("applications:step", args=[application.pk, "projet"]),
                {"duration_months": "24", "gender_marker": "1", "themes": "eau",
                 "description": "Un\r\nDeux\x1b"})
    application.refresh_from_db()
    assert application.description == "Un\nDeux"

    Application.objects.filter(pk=application.pk).update(state="depose")  # the ministry sees no draft
    client.force_login(ministry_officer())
    response = client.get(reverse("applications:instruction"), {"format": "xlsx"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert CLEAN in [cell.value for row in book.active.iter_rows() for cell in row]
