"""An e-mail that cannot leave is never lost silently: each attempt is recorded on the message,
retried up to three times, then left « en échec » in the back office, which sends it again.
The mail server here is a real SMTP connection to a port nobody listens on."""
import socket
from datetime import date

import pytest
from django.core import mail

from coopdec.applications.messages import notify_dossier
from coopdec.notifications import events
from coopdec.notifications.models import EMAIL_ATTEMPTS, Message

pytestmark = pytest.mark.django_db

REPORT = {"report_label": "rapport final", "due_on": date(2028, 3, 31)}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free once closed: connections to it are refused


def test_a_failed_email_is_retried_then_shown_and_sent_again_from_the_back_office(
        settings, filed, admin_client, django_capture_on_commit_callbacks):
    application, person = filed
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _closed_port(), 2
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = notify_dossier(event=events.RAPPORT_EN_RETARD, application=application, recipients=[person],
                            values=REPORT)
    message.refresh_from_db()
    assert (message.emailed_at, message.email_attempts, message.email_state) == (None, EMAIL_ATTEMPTS, "en échec")
    assert "ConnectionRefusedError" in message.email_error
    failed = admin_client.get("/admin/notifications/message/?courriel=echec").content.decode()
    assert message.subject in failed

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/notifications/message/", {
            "action": "resend", "_selected_action": [message.pk]}, follow=True)
    assert "1 courriel(s) remis dans la file d&#x27;envoi." in response.content.decode()
    message.refresh_from_db()
    assert message.emailed_at and message.email_state == "envoyé" and message.email_error == ""
    assert [email.to for email in mail.outbox] == [[person.email]]
    assert message.subject not in admin_client.get("/admin/notifications/message/?courriel=echec").content.decode()


def test_a_person_without_an_address_still_reads_the_message_in_their_space(filed, django_capture_on_commit_callbacks):
    application, person = filed
    type(person).objects.filter(pk=person.pk).update(email="")
    person.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = notify_dossier(event=events.RAPPORT_ATTENDU, application=application, recipients=[person],
                            values=REPORT)
    assert mail.outbox == []
    assert Message.objects.get(pk=message.pk).email_state == "sans adresse"
