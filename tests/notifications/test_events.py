"""One entry point, one e-mail per event and recipient: each event about a dossier gives exactly
one Message and one e-mail to each person told, with the event's wording and attachments."""
import io
from datetime import date
from decimal import Decimal as D

import pdfplumber
import pytest
from django.core import mail

from coopdec.applications.messages import notify_dossier, transition_values
from coopdec.instruction.messages import decision_notify, decision_values
from coopdec.notifications import events
from coopdec.notifications.models import Message, NotificationTemplate
from coopdec.notifications.services import NotificationRefused
from tests.applications.people import member

from .conftest import decide

pytestmark = pytest.mark.django_db

CONTEXTS = {
    events.DOSSIER_RECU: lambda application: {
        "transition": transition_values(application.transitions.get(to_state="depose")), "message": ""},
    events.COMPLEMENTS_DEMANDES: lambda application: {"message": "Joignez la délibération."},
    events.COMPLEMENTS_APPORTES: lambda application: {"message": "Délibération jointe."},
    events.DECISION: lambda application: decision_values(decide(application)),
    events.TRANCHE_VERSEE: lambda application: {"tranche": 1, "amount": D("27000"), "paid_on": date(2026, 10, 2)},
    events.RAPPORT_ATTENDU: lambda application: {"report_label": "rapport final", "due_on": date(2028, 3, 31)},
    events.RAPPORT_EN_RETARD: lambda application: {"report_label": "rapport final", "due_on": date(2028, 3, 31)},
    events.AVIS_DEMANDE: lambda application: {"issuer": "l'ambassade de France (Rwanda)", "due_on": date(2026, 9, 30)},
    events.AVIS_RENDU: lambda application: {"issuer": "l'ambassade de France (Rwanda)", "due_on": date(2026, 9, 30),
                                            "opinion": {"recommendation": "favorable", "text": "Partenaire fiable."}},
    events.AVIS_EN_RETARD: lambda application: {"issuer": "la préfecture de région (Occitanie)",
                                                "due_on": date(2026, 9, 30)},
    events.CO_PORTAGE_INVITE: lambda application: {"co_applicant": {"name": "Dole"},
                                                   "space_url": "https://coopdec.example.fr/espace/"},
}
SAYS = {
    events.DOSSIER_RECU: "a été déposé le 1er juin 2026 à 12:00:00 (heure de Paris)",
    events.COMPLEMENTS_DEMANDES: "Joignez la délibération.",
    events.COMPLEMENTS_APPORTES: "Délibération jointe.",
    events.DECISION: "Subvention accordée\u00a0: 45\u00a0000\u00a0€.",
    events.TRANCHE_VERSEE: "tranche 1 de la subvention",
    events.RAPPORT_ATTENDU: "est attendu pour le 31 mars 2028",
    events.RAPPORT_EN_RETARD: "était attendu pour le 31 mars 2028",
    events.AVIS_DEMANDE: "L'avis est attendu pour le 30 septembre 2026",
    events.AVIS_RENDU: "L'ambassade de France (Rwanda) a rendu son avis",
    events.AVIS_EN_RETARD: "L'avis de la préfecture de région (Occitanie)",
    events.CO_PORTAGE_INVITE: "Besançon nomme Dole collectivité co-porteuse",
}
# Where each e-mail sends its reader: the dossier, or their space for an invitation (a dossier's
# page is its lead's until the co-applicant confirms).
LINK = {events.CO_PORTAGE_INVITE: "https://coopdec.example.fr/espace/"}
ATTACHED = {events.DOSSIER_RECU: "accuse-reception-dossier-{}.pdf",
            events.DECISION: "lettre-de-decision-dossier-{}.pdf"}


# The events about a dossier; the APD reminder (about an authority's declaration) is tested in
# tests/apd/test_reminders.py.
DOSSIER_EVENTS = [code for code, event in events.EVENTS.items() if event.about_dossier]


def test_every_event_has_its_context_and_wording_listed():
    assert set(CONTEXTS) == set(DOSSIER_EVENTS) == set(SAYS)
    assert set(events.EVENTS) - set(DOSSIER_EVENTS) == {
        events.APD_RAPPEL, events.PARTENARIAT_MESSAGE, events.PARTENARIAT_ECHEANCE}


@pytest.mark.parametrize("event", DOSSIER_EVENTS)
def test_each_event_sends_one_message_and_one_email_to_each_recipient(event, filed, django_capture_on_commit_callbacks):
    application, person = filed
    colleague = member(application.lead_authority)
    mail.outbox.clear()
    Message.objects.all().delete()
    context = CONTEXTS[event](application)
    with django_capture_on_commit_callbacks(execute=True):
        sent = notify_dossier(event=event, application=application, recipients=[person, colleague, person], values=context)

    assert sorted(m.recipient.email for m in sent) == sorted([person.email, colleague.email])
    assert Message.objects.filter(event=event).count() == 2 == Message.objects.count()
    assert sorted(email.to[0] for email in mail.outbox) == sorted([person.email, colleague.email])
    assert all(len(email.to) == 1 for email in mail.outbox)
    label = events.EVENTS[event].subject.split(" :")[0]
    for email in mail.outbox:
        assert email.subject == f"{label}\u00a0: {application.title}"
        assert SAYS[event] in email.body, email.body
        assert LINK.get(event, f"https://coopdec.example.fr/espace/dossiers/{application.pk}/") in email.body
        assert [name for name, _, _ in email.attachments] == (
            [ATTACHED[event].format(application.pk)] if event in ATTACHED else [])
        for _, content, kind in email.attachments:
            assert kind == "application/pdf" and content.startswith(b"%PDF")
    assert all(m.emailed_at and m.email_state == "envoyé" for m in Message.objects.all())
    assert Message.objects.filter(recipient=colleague).get().body == Message.objects.get(recipient=person).body


def test_an_email_is_sent_once_even_if_its_task_runs_again(filed, django_capture_on_commit_callbacks):
    from coopdec.notifications.tasks import message_email

    application, person = filed
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = notify_dossier(event=events.RAPPORT_ATTENDU, application=application, recipients=[person],
                            values=CONTEXTS[events.RAPPORT_ATTENDU](application))
    assert message_email.call(message_id=message.pk) == 0
    assert len(mail.outbox) == 1


def test_nothing_is_sent_when_the_action_is_rolled_back(filed, django_capture_on_commit_callbacks):
    from django.db import transaction

    application, person = filed
    mail.outbox.clear()
    before = Message.objects.count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            notify_dossier(event=events.RAPPORT_ATTENDU, application=application, recipients=[person],
                   values=CONTEXTS[events.RAPPORT_ATTENDU](application))
            raise RuntimeError("l'action échoue après le message")
    assert Message.objects.count() == before and mail.outbox == []


def test_an_unknown_event_is_refused(filed):
    application, person = filed
    with pytest.raises(NotificationRefused, match="Événement inconnu : felicitations"):
        notify_dossier(event="felicitations", application=application, recipients=[person])

    with pytest.raises(NotificationRefused, match="n'est pas une valeur simple"):
        notify_dossier(event=events.COMPLEMENTS_DEMANDES, application=application, recipients=[person],
                       values={"message": person})


def test_a_decision_is_notified_only_once_its_session_is_closed(filed):
    application, person = filed
    with pytest.raises(NotificationRefused, match="une fois la séance du comité close"):
        decision_notify(decision=decide(application, closed=False), recipients=[person])
    assert not Message.objects.filter(event=events.DECISION).exists()


def test_the_submission_acknowledgement_goes_through_notify_with_the_pdf_drawn_in_the_task(filed):
    application, person = filed
    (message,) = Message.objects.filter(event=events.DOSSIER_RECU)
    assert (message.recipient, message.application) == (person, application)
    assert message.subject == f"Dossier reçu\u00a0: {application.title}"


def test_the_decision_email_carries_the_letter(filed, django_capture_on_commit_callbacks):
    application, person = filed
    mail.outbox.clear()
    decision = decide(application)
    with django_capture_on_commit_callbacks(execute=True):
        decision_notify(decision=decision, recipients=[person])
    (email,) = mail.outbox
    (name, content, _), = email.attachments
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert f"Lettre de décision — dossier n° {application.pk}" in text
    assert f"https://coopdec.example.fr/espace/dossiers/{application.pk}/lettre-de-decision.pdf" in email.body


def test_the_seeded_templates_hold_every_event_with_its_default_wording(db):
    rows = {t.event: t for t in NotificationTemplate.objects.all()}
    assert set(rows) == set(events.EVENTS)
    for code, event in events.EVENTS.items():
        assert (rows[code].subject, rows[code].body) == (event.subject, event.body)
