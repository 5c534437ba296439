"""The ministry's wording of every event, edited in the back office: the next message says what
it now says; a template that does not compile or names a variable the event does not receive is
refused with a French reason and the previous wording stays."""
import pytest
from django.core import mail

from coopdec.notifications import events
from coopdec.notifications.models import NotificationTemplate
from coopdec.notifications.services import notify

pytestmark = pytest.mark.django_db

LIST = "/admin/notifications/notificationtemplate/"


def change_url(event):
    return f"{LIST}{NotificationTemplate.objects.get(event=event).pk}/change/"


def test_the_back_office_lists_every_event_and_adds_or_deletes_none(admin_client):
    page = admin_client.get(LIST).content.decode()
    for event in events.EVENTS.values():
        assert event.label in page
    assert admin_client.get(f"{LIST}add/").status_code == 403
    template = NotificationTemplate.objects.get(event=events.DECISION)
    assert admin_client.get(f"{LIST}{template.pk}/delete/").status_code == 403


def test_the_change_page_lists_the_variables_and_previews_a_sample_dossier(admin_client):
    page = admin_client.get(change_url(events.DECISION)).content.decode()
    for name in ("application", "dossier_url", "decision", "letter_url"):
        assert f"<code>{{{{ {name} }}}}</code>" in page
    assert "Décision sur le dossier\u00a0: Accès à l&#x27;eau potable à Huye" in page
    assert "Subvention accordée\u00a0: 45\u00a0000\u00a0€." in page


def test_an_edited_template_words_the_next_message(admin_client, admin_user, filed, django_capture_on_commit_callbacks):
    application, person = filed
    response = admin_client.post(change_url(events.COMPLEMENTS_DEMANDES), {
        "subject": "Votre dossier n° {{ application.pk }} est à compléter",
        "body": "Madame, Monsieur,\n\nIl manque : {{ message }}\n\n{% for word in \"ab\" %}{{ word }}{% endfor %}",
    })
    assert response.status_code == 302
    template = NotificationTemplate.objects.get(event=events.COMPLEMENTS_DEMANDES)
    assert template.updated_by == admin_user
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(event=events.COMPLEMENTS_DEMANDES, application=application, recipients=[person],
               context={"message": "la délibération"})
    (email,) = mail.outbox
    assert email.subject == f"Votre dossier n° {application.pk} est à compléter"
    assert email.body == "Madame, Monsieur,\n\nIl manque\u00a0: la délibération\n\nab"


@pytest.mark.parametrize("field, text, reason", [
    ("body", "Bonjour\n{% if application.title %}sans fin", "Le texte contient une erreur de syntaxe de gabarit\u00a0: "
                                                         "la balise «\u00a0if\u00a0» de la ligne 2 n&#x27;est pas fermée."),
    ("subject", "Dossier {{ application.title|inexistant }}", "L&#x27;objet contient une erreur de syntaxe de "
                                                              "gabarit\u00a0: le filtre «\u00a0inexistant\u00a0» n&#x27;existe pas."),
    ("body", "Montant : {{ montant }}", "Le texte utilise la variable «\u00a0montant\u00a0», que l&#x27;événement "
                                        "«\u00a0Compléments demandés\u00a0» ne reçoit pas. Variables disponibles\u00a0: "
                                        "application, dossier_url, message, transition."),
    ("body", "{% load static %}{% static 'x' %}", "Le texte contient une erreur de syntaxe de gabarit\u00a0: la "
                                                  "bibliothèque «\u00a0static\u00a0» n&#x27;est pas disponible"),
    ("body", "{% bonjour %}", "la balise «\u00a0bonjour\u00a0» de la ligne 1 n&#x27;existe pas ou n&#x27;est pas à sa place"),
])
def test_a_bad_template_is_refused_with_its_reason_and_the_wording_stays(admin_client, field, text, reason):
    before = NotificationTemplate.objects.get(event=events.COMPLEMENTS_DEMANDES)
    data = {"subject": before.subject, "body": before.body, field: text}
    response = admin_client.post(change_url(events.COMPLEMENTS_DEMANDES), data)
    assert response.status_code == 200
    assert reason in response.content.decode()
    after = NotificationTemplate.objects.get(event=events.COMPLEMENTS_DEMANDES)
    assert (after.subject, after.body) == (before.subject, before.body)


def test_every_default_wording_passes_its_own_check():
    from coopdec.notifications.wording import template_check

    for event in events.EVENTS.values():
        template_check(event=event.code, text=event.subject, field="L'objet")
        template_check(event=event.code, text=event.body, field="Le texte")


def test_a_preview_shows_the_text_as_typed_without_saving_it(admin_client):
    before = NotificationTemplate.objects.get(event=events.RAPPORT_EN_RETARD)
    page = admin_client.post(change_url(events.RAPPORT_EN_RETARD), {
        "subject": "Retard sur « {{ application.title }} »", "body": "Échéance : {{ due_on|date:'j F Y' }}.",
        "_preview": "Prévisualiser sans enregistrer"}).content.decode()
    assert "Aperçu ci-dessous du texte saisi, non enregistré" in page
    assert "Objet\u00a0: Retard sur «\u00a0Accès à l&#x27;eau potable à Huye\u00a0»" in page
    assert "Échéance\u00a0: 31 mars 2027." in page
    after = NotificationTemplate.objects.get(event=events.RAPPORT_EN_RETARD)
    assert (after.subject, after.body) == (before.subject, before.body)
