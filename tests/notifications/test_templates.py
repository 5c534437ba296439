"""The ministry's wording of every event, edited in the back office: the next message says what
it now says; a template that does not compile or names a variable the event does not receive is
refused with a French reason and the previous wording stays."""
import pytest
from django.core import mail

from coopdec.applications.messages import notify_dossier
from coopdec.notifications import events
from coopdec.notifications.models import Message, NotificationTemplate

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
    for name in ("application.title", "application.call.campaign.year", "dossier_url", "decision.outcome",
                 "decision.amount", "decision.reason", "decision.session.held_on", "letter_url"):
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
        notify_dossier(event=events.COMPLEMENTS_DEMANDES, application=application, recipients=[person],
               values={"message": "la délibération"})
    (email,) = mail.outbox
    assert email.subject == f"Votre dossier n° {application.pk} est à compléter"
    assert email.body == "Madame, Monsieur,\n\nIl manque\u00a0: la délibération\n\nab"


@pytest.mark.parametrize("field, text, reason", [
    ("body", "Bonjour\n{% if application.title %}sans fin", "Le texte contient une erreur de syntaxe de gabarit\u00a0: "
                                                         "la balise «\u00a0if\u00a0» de la ligne 2 n&#x27;est pas fermée."),
    ("subject", "Dossier {{ application.title|inexistant }}", "L&#x27;objet contient une erreur de syntaxe de "
                                                              "gabarit\u00a0: le filtre «\u00a0inexistant\u00a0» n&#x27;existe pas."),
    ("body", "Montant : {{ montant }}", "Le texte utilise «\u00a0montant\u00a0», que l&#x27;événement "
                                        "«\u00a0Compléments demandés\u00a0» ne reçoit pas. Valeurs disponibles\u00a0: "
                                        "application.pk, application.title, application.lead_name, application.call.name, "
                                        "application.call.campaign.year, dossier_url, message, transition.at, "
                                        "transition.by, transition.reason."),
    # Issue 14: the check read only a name's first word, so these printed an officer's secrets.
    ("body", "{{ transition.by.password }}", "Le texte utilise «\u00a0transition.by.password\u00a0», que l&#x27;événement"),
    ("body", "{{ transition.by.authenticator_set.all.0.data }}",
     "Le texte utilise «\u00a0transition.by.authenticator_set.all.0.data\u00a0»"),
    ("body", "{% if transition.by.password %}x{% endif %}", "Le texte utilise «\u00a0transition.by.password\u00a0»"),
    ("body", "{{ message|default:transition.by.email }}", "Le texte utilise «\u00a0transition.by.email\u00a0»"),
    ("body", "{% with who=application.call.campaign %}{{ who.pk }}{% endwith %}",
     "Le texte utilise «\u00a0application.call.campaign\u00a0»"),
    ("body", "{% debug %}", "Le texte utilise la balise «\u00a0{% debug %}\u00a0», qui n&#x27;est pas permise"),
    ("body", "{% load static %}{% static 'x' %}", "Le texte contient une erreur de syntaxe de gabarit\u00a0: la "
                                                  "bibliothèque «\u00a0static\u00a0» n&#x27;est pas disponible"),
    ("body", "{% bonjour %}", "la balise «\u00a0bonjour\u00a0» de la ligne 1 n&#x27;existe pas ou n&#x27;est pas à sa place"),
])
def test_a_bad_template_is_refused_with_its_reason_and_the_wording_stays(admin_client, field, text, reason):
    """Refused when saved, with the allowed values listed beside the editor."""
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


def test_a_message_carries_plain_values_only_even_from_a_template_saved_before_the_check(
        admin_user, filed, django_capture_on_commit_callbacks):
    """A row written in the database directly (a template saved before the check existed) can
    still name an officer's fields: the event carries the author's name, a string, and the
    walk to the user's password hash or TOTP seed finds nothing."""
    from coopdec.applications.services import application_ask_corrections
    from tests.applications.people import ministry_officer

    application, person = filed
    NotificationTemplate.objects.filter(event=events.COMPLEMENTS_DEMANDES).update(
        body="[{{ transition.by.password }}][{{ transition.by.authenticator_set.all.0.data }}]{{ transition.by }}")
    officer = ministry_officer()
    with django_capture_on_commit_callbacks(execute=True):
        application_ask_corrections(application=application, user=officer, message="Joignez la délibération.")
    body = Message.objects.filter(event=events.COMPLEMENTS_DEMANDES).latest("pk").body
    assert body == f"[][]{officer.get_full_name() or officer.email}"
    assert officer.password not in body
