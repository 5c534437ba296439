"""Submission: the deadline in Paris time (across daylight-saving changes), the blocking checks,
once only, and the acknowledgement PDF by e-mail."""
import io
from datetime import date, datetime

import pdfplumber
import pytest
from django.core import mail

from coopdec.applications import workflow
from coopdec.applications.models import AuthorityYearStatus
from coopdec.applications.services import SubmissionRefused, application_submit
from coopdec.calls.models import PARIS
from coopdec.french.text import date_fr
from tests import factories
from tests.applications.people import complete, draft, member, ministry_officer, open_call

pytestmark = pytest.mark.django_db


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


def _ready(closes, opens=date(2026, 1, 5)):
    """A complete draft of a call closing on `closes`: filled in while the call was open (after its
    deadline a draft is read-only), then the call's closing day set."""
    call = open_call(opens=opens)
    application, person = draft(call_obj=call)
    complete(application, person)
    call.closes_on = closes
    call.save()
    application.refresh_from_db()
    return application, person


# The last Sunday of March 2026 (29th) clocks go to summer time; of October (25th), back to winter.
@pytest.mark.parametrize("closes, last_second, first_late", [
    (date(2026, 3, 29), paris(2026, 3, 29, 23, 59, 59), paris(2026, 3, 30, 0, 0, 0)),
    (date(2026, 10, 25), paris(2026, 10, 25, 23, 59, 59), paris(2026, 10, 26, 0, 0, 0)),
    (date(2026, 3, 28), paris(2026, 3, 28, 23, 59, 59), paris(2026, 3, 29, 0, 0, 0)),
])
def test_the_last_second_of_the_closing_day_in_paris_is_in_time_the_next_one_is_not(closes, last_second, first_late):
    late, person = _ready(closes)
    with pytest.raises(SubmissionRefused) as refused:
        application_submit(application=late, user=person, at=first_late)
    assert refused.value.reason == (
        f"L'appel «\u00a0{late.call.name}\u00a0» est clos depuis le {date_fr(closes)} à 23:59:59 "
        "(heure de Paris)\u00a0: le dossier ne peut plus être déposé.")
    late.refresh_from_db()
    assert late.state == workflow.BROUILLON
    in_time, person = _ready(closes)
    application_submit(application=in_time, user=person, at=last_second)
    in_time.refresh_from_db()
    assert in_time.state == workflow.DEPOSE
    assert in_time.transitions.get(to_state=workflow.DEPOSE).at == last_second


def test_before_the_opening_a_dossier_is_refused_with_the_opening_instant():
    application, person = _ready(closes=date(2026, 6, 30), opens=date(2026, 4, 1))
    with pytest.raises(SubmissionRefused, match="ouvre le 1er avril 2026 à 00:00:00 \\(heure de Paris\\)"):
        application_submit(application=application, user=person, at=paris(2026, 3, 31, 23, 59, 59))


def test_blocking_checks_are_named_and_nothing_changes():
    call = open_call()
    application, person = draft(call_obj=call)
    with pytest.raises(SubmissionRefused) as refused:
        application_submit(application=application, user=person)
    reason = refused.value.reason
    assert reason.startswith("Le dossier ne peut pas encore être déposé\u00a0: ")
    for expected in ("Indiquez le coût total du projet.", "Indiquez au moins un pays partenaire.",
                     "Indiquez la durée du projet en mois.", "Renseignez le marqueur genre",
                     "Pièces manquantes\u00a0: convention de coopération signée."):
        assert expected in reason
    application.refresh_from_db()
    assert application.state == workflow.BROUILLON
    assert list(application.transitions.values_list("to_state", flat=True)) == [workflow.BROUILLON]


def test_an_unbalanced_budget_or_a_missing_aid_declaration_blocks():
    application, person = _ready(closes=date(2026, 12, 31))
    AuthorityYearStatus.objects.filter(authority=application.lead_authority).update(apd_declared=False)
    with pytest.raises(SubmissionRefused, match="déclaration d'aide publique au développement de 2025 n'est pas faite"):
        application_submit(application=application, user=person, at=paris(2026, 6, 1, 12, 0))


def test_a_second_click_or_tab_submits_once_and_says_when(django_capture_on_commit_callbacks):
    application, person = _ready(closes=date(2026, 12, 31))
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=application, user=person, at=paris(2026, 6, 1, 12, 0, 5))
    stale_tab = application  # still says « brouillon » in memory
    with pytest.raises(SubmissionRefused, match="déjà été déposé le 1er juin 2026 à 12:00:05"):
        application_submit(application=stale_tab, user=person, at=paris(2026, 6, 1, 12, 0, 6))
    assert application.transitions.filter(to_state=workflow.DEPOSE).count() == 1
    assert len(mail.outbox) == 1


def test_the_acknowledgement_is_mailed_as_a_pdf_to_the_applicant(django_capture_on_commit_callbacks):
    application, person = _ready(closes=date(2026, 12, 31))
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=application, user=person, at=paris(2026, 6, 1, 9, 30))
    (message,) = mail.outbox
    assert message.to == [person.email]
    assert message.subject == f"Dossier reçu\u00a0: {application.title}"
    assert "déposé le 1er juin 2026 à 09:30:00 (heure de Paris)" in message.body
    (name, content, kind), = message.attachments
    assert (name, kind) == (f"accuse-reception-dossier-{application.pk}.pdf", "application/pdf")
    text = pdf_text(content)
    assert f"Accusé de réception du dossier n° {application.pk}" in text  # the text layer has plain spaces
    assert "1er juin 2026 à 09:30:00" in text and application.title in text
    assert "convention.pdf" in text


def pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_only_a_member_of_the_lead_authority_submits():
    application, _ = _ready(closes=date(2026, 12, 31))
    for stranger in (member(factories.authority(name="Albi")), ministry_officer()):
        with pytest.raises(SubmissionRefused, match="membre confirmé|n'est pas celui"):
            application_submit(application=application, user=stranger, at=paris(2026, 6, 1, 12, 0))
