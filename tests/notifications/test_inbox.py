"""/espace/messages/: each person reads the messages sent to them, with the unread count; a
message is read once opened, and a dossier's messages once its page is opened; another person
gets 404, the public is sent to sign in; the ministry sees every message of a dossier."""
from datetime import date

import pytest
from django.urls import reverse

from coopdec.applications.messages import notify_dossier
from coopdec.notifications import events
from coopdec.notifications.models import Message
from tests import factories
from tests.applications.people import member, ministry_officer

pytestmark = pytest.mark.django_db

REPORT = {"report_label": "rapport final", "due_on": date(2028, 3, 31)}


def test_the_inbox_shows_ones_messages_with_the_unread_count(client, filed):
    application, person = filed
    notify_dossier(event=events.RAPPORT_ATTENDU, application=application, recipients=[person], values=REPORT)
    client.force_login(person)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "<strong>2\u00a0messages non lus</strong> sur 2." in page
    assert f"Rapport attendu\u00a0: {application.title}" in page and f"Dossier reçu\u00a0: {application.title}" in page
    space = client.get(reverse("applications:space")).content.decode()
    assert "2\u00a0non lus" in space and reverse("notifications:inbox") in space


def test_opening_a_message_marks_it_read_and_shows_its_text(client, filed):
    application, person = filed
    (message,) = notify_dossier(event=events.RAPPORT_ATTENDU, application=application, recipients=[person], values=REPORT)
    client.force_login(person)
    page = client.get(reverse("notifications:message", args=[message.pk])).content.decode()
    assert "est attendu pour le 31 mars 2028" in page
    message.refresh_from_db()
    assert message.read_at is not None
    first = message.read_at
    client.get(reverse("notifications:message", args=[message.pk]))
    message.refresh_from_db()
    assert message.read_at == first  # the first opening counts
    assert "<strong>1\u00a0message non lu</strong> sur 2." in client.get(reverse("notifications:inbox")).content.decode()


def test_the_dossier_page_lists_its_messages_and_only_opening_one_reads_it(client, filed):
    """A message listed on the dossier's page is not read until it is opened (issue 15: the
    page showed subjects only, yet marked every message read)."""
    application, person = filed
    (message,) = notify_dossier(event=events.RAPPORT_ATTENDU, application=application, recipients=[person],
                                values=REPORT)
    client.force_login(person)
    page = client.get(reverse("applications:dossier", args=[application.pk])).content.decode()
    assert f"Rapport attendu\u00a0: {application.title}" in page
    assert Message.objects.filter(recipient=person, read_at__isnull=True).count() == 2  # and the acknowledgement
    client.get(reverse("notifications:message", args=[message.pk]))
    message.refresh_from_db()
    assert message.read_at is not None
    assert Message.objects.filter(recipient=person, read_at__isnull=True).count() == 1


def test_another_person_never_reads_a_message_not_sent_to_them(client, filed):
    application, person = filed
    (message,) = Message.objects.filter(recipient=person)
    url = reverse("notifications:message", args=[message.pk])
    colleague = member(application.lead_authority)  # same authority, but not a recipient
    stranger = member(factories.authority(name="Albi"))
    for other in (colleague, stranger):
        client.force_login(other)
        assert client.get(url).status_code == 404
        assert message.subject not in client.get(reverse("notifications:inbox")).content.decode()
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("notifications:inbox")).status_code == 302
    message.refresh_from_db()
    assert message.read_at is None


def test_the_ministry_sees_every_message_of_a_dossier_without_marking_it_read(client, filed):
    application, person = filed
    colleague = member(application.lead_authority)
    notify_dossier(event=events.RAPPORT_ATTENDU, application=application, recipients=[person, colleague], values=REPORT)
    officer = ministry_officer()
    client.force_login(officer)
    page = client.get(reverse("applications:dossier", args=[application.pk])).content.decode()
    assert person.email in page and colleague.email in page and "envoyé" in page
    message = Message.objects.get(recipient=colleague)
    assert colleague.email in client.get(reverse("notifications:message", args=[message.pk])).content.decode()
    assert not Message.objects.filter(read_at__isnull=False).exists()
    # the applicant's page shows only their own messages
    client.force_login(person)
    page = client.get(reverse("applications:dossier", args=[application.pk])).content.decode()
    assert colleague.email not in page


def test_the_inbox_and_the_dossiers_messages_cost_the_same_queries_with_more_messages(
        client, filed, django_assert_num_queries):
    from tests.queries import assert_counts_do_not_grow

    application, person = filed
    colleague = member(application.lead_authority)
    for reader in (person, ministry_officer()):
        client.force_login(reader)
        assert_counts_do_not_grow(
            client, [reverse("notifications:inbox"), reverse("applications:dossier", args=[application.pk])],
            add_rows=lambda: notify_dossier(event=events.RAPPORT_ATTENDU, application=application,
                                    recipients=[person, colleague], values=REPORT),
            assert_num_queries=django_assert_num_queries)


def test_the_message_page_offers_the_attachment_it_promises(client, filed):
    """Issue 15: « L'accusé de réception est joint à ce message » showed no attachment on
    /espace/messages/<id>/; it is now listed there and drawn on demand, for its reader only."""
    application, person = filed
    (message,) = Message.objects.filter(recipient=person, event=events.DOSSIER_RECU)
    client.force_login(person)
    page = client.get(reverse("notifications:message", args=[message.pk])).content.decode()
    url = reverse("notifications:attachment", args=[message.pk, events.ACKNOWLEDGEMENT_PDF])
    assert "L'accusé de réception est joint à ce message" in page.replace("&#x27;", "'")
    assert f'href="{url}"' in page and "Accusé de réception (PDF)" in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"accuse-reception-dossier-{application.pk}.pdf" in response["Content-Disposition"]
    # an attachment the event does not promise, and another reader: 404
    assert client.get(reverse("notifications:attachment", args=[message.pk, events.DECISION_LETTER_PDF])
                      ).status_code == 404
    client.force_login(member(application.lead_authority))
    assert client.get(url).status_code == 404
