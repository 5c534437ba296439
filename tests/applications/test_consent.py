"""A co-applicant named by the lead is invited: a member of it confirms or declines, and until it
has confirmed it is shown nowhere public (Castres named Albi, and Albi's page said « co-porteuse »)."""
from html import unescape

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from coopdec.accounts.models import Membership
from coopdec.applications.models import Application, CoApplicant
from coopdec.applications.services import application_partners_set, co_applicant_answer
from coopdec.notifications import events
from coopdec.notifications.models import Message
from coopdec.territories.models import Authority
from tests import factories
from tests.applications.people import draft, member, open_call, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def castres_names_albi():
    castres = Authority.objects.get(kind="commune", code="81065")
    albi = Authority.objects.get(kind="commune", code="81004")
    application, person = draft(authority=castres, call_obj=open_call())
    application_partners_set(application=application, user=person, co_applicants=[albi],
                             partners=[("District de Huye", "RW")])
    return application, person, albi


def _albi_page(client):
    return client.get("/collectivites/commune/81004/").content.decode()


def test_a_named_co_applicant_is_invited_and_shown_nowhere_public_until_it_confirms(client, castres_names_albi):
    application, _, albi = castres_names_albi
    (co,) = application.co_applicants.all()
    assert co.state == CoApplicant.State.INVITED
    Application.objects.filter(pk=application.pk).update(state="retenu", decision="retenu")  # a laureate now
    assert "co-porteuse" not in _albi_page(client)
    co_applicant_answer(co_applicant=co, user=member(albi, email="albi@exemple.fr"), accept=True)
    assert "1 dont elle est co-porteuse" in _albi_page(client)


def test_only_a_member_of_the_invited_authority_answers_and_only_once(castres_names_albi):
    application, castres_member, albi = castres_names_albi
    co = application.co_applicants.get()
    with pytest.raises(PermissionDenied, match="Seul un membre confirmé de la collectivité invitée"):
        co_applicant_answer(co_applicant=co, user=castres_member, accept=True)
    albi_member = member(albi, email="albi@exemple.fr")
    co_applicant_answer(co_applicant=co, user=albi_member, accept=False)
    co.refresh_from_db()
    assert (co.state, co.answered_by) == (CoApplicant.State.DECLINED, albi_member)
    with pytest.raises(PermissionDenied, match="déjà reçu une réponse"):
        co_applicant_answer(co_applicant=co, user=albi_member, accept=True)


def test_saving_the_partners_again_keeps_the_answer_and_a_new_one_is_invited(castres_names_albi):
    application, person, albi = castres_names_albi
    co_applicant_answer(co_applicant=application.co_applicants.get(), user=member(albi, email="albi@exemple.fr"),
                        accept=True)
    other = factories.authority(name="Gaillac")
    application_partners_set(application=application, user=person, co_applicants=[albi, other],
                             partners=[("District de Huye", "RW")])
    states = dict(application.co_applicants.values_list("authority_id", "state"))
    assert states == {albi.pk: CoApplicant.State.CONFIRMED, other.pk: CoApplicant.State.INVITED}


def test_the_member_sees_the_invitation_in_the_space_and_confirms_it(client, castres_names_albi):
    application, _, albi = castres_names_albi
    client.force_login(member(albi, email="albi@exemple.fr"))
    space = client.get(reverse("applications:space")).content.decode()
    assert "Invitations à co-porter un projet" in space and "Eau potable à Huye" in space
    co = application.co_applicants.get()
    response = client.post(reverse("applications:invitation", args=[co.pk]), {"reponse": "confirmer"}, follow=True)
    assert "Albi est désormais co-porteuse du projet" in response.content.decode()
    co.refresh_from_db()
    assert co.state == CoApplicant.State.CONFIRMED
    assert "Invitations à co-porter un projet" not in client.get(reverse("applications:space")).content.decode()


def test_another_user_cannot_answer_the_invitation(client, castres_names_albi):
    application, castres_member, _ = castres_names_albi
    client.force_login(castres_member)
    co = application.co_applicants.get()
    assert client.post(reverse("applications:invitation", args=[co.pk]), {"reponse": "confirmer"}).status_code == 404
    co.refresh_from_db()
    assert co.state == CoApplicant.State.INVITED


def test_the_ministry_sees_an_unconfirmed_co_applicant_marked(client, castres_names_albi):
    from tests.applications.people import ministry_officer
    application, _, _ = castres_names_albi
    Application.objects.filter(pk=application.pk).update(state="depose")  # the ministry sees no draft
    client.force_login(ministry_officer())
    page = client.get(reverse("applications:dossier", args=[application.pk])).content.decode()
    assert "Albi <span class=\"fr-badge fr-badge--sm fr-badge--warning\">invitée, pas encore confirmée</span>" in page


@pytest.mark.django_db(transaction=True)
def test_the_migration_confirms_the_imported_co_applicants_and_leaves_the_filed_ones_invited():
    from tests.calls.test_migrations import migrate, migrate_to_latest
    try:
        old = migrate(("applications", "0008_authority_report_years"))
        call = factories.call("Généraliste 2031")  # calls' tables are as they are now: today's model
        Application, CoApplicantOld = old.get_model("applications", "Application"), old.get_model(
            "applications", "CoApplicant")
        for provenance in ("import", "platform"):
            application = Application.objects.create(
                call_id=call.pk, title=provenance, title_key=provenance, lead_name="Castres", lead_name_key="castres",
                provenance=provenance, state="retenu" if provenance == "import" else "brouillon")
            CoApplicantOld.objects.create(application=application, name="Albi")
        new = migrate(("applications", "0009_coapplicant_consent"))
        states = dict(new.get_model("applications", "CoApplicant").objects.values_list(
            "application__provenance", "state"))
        assert states == {"import": "confirme", "platform": "invite"}
    finally:
        migrate_to_latest()


@pytest.fixture
def _mail(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://coopdec.example.fr"


def test_the_members_of_a_named_co_applicant_are_invited_by_message_and_e_mail_and_nobody_else(
        _mail, django_capture_on_commit_callbacks):
    castres = Authority.objects.get(kind="commune", code="81065")
    albi = Authority.objects.get(kind="commune", code="81004")
    application, person = draft(authority=castres, call_obj=open_call())
    albi_member = member(albi, email="albi@exemple.fr")
    member(factories.authority(name="Gaillac"), email="gaillac@exemple.fr")  # not named
    Membership.objects.create(user=user(email="demande@exemple.fr"), authority=albi,
                              state=Membership.State.REQUESTED)  # not yet a member
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_partners_set(application=application, user=person, co_applicants=[albi],
                                 partners=[("District de Huye", "RW")])
    (message,) = Message.objects.filter(event=events.CO_PORTAGE_INVITE)
    assert message.recipient == albi_member and message.application_id is None  # the dossier's page is Castres's
    assert message.subject == f"Invitation à co-porter\u00a0: {application.title}"
    assert "Castres nomme Albi collectivité co-porteuse" in message.body
    assert "https://coopdec.example.fr/espace/" in message.body
    assert [email.to for email in mail.outbox] == [["albi@exemple.fr"]]
    assert "confirmez ou déclinez cette invitation" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):  # saved again: Albi is not invited twice
        application_partners_set(application=application, user=person, co_applicants=[albi],
                                 partners=[("District de Huye", "RW")])
    assert Message.objects.filter(event=events.CO_PORTAGE_INVITE).count() == 1 and len(mail.outbox) == 1


def test_a_co_applicant_without_a_member_gets_no_message_and_the_applicant_is_told(
        client, _mail, django_capture_on_commit_callbacks):
    castres = Authority.objects.get(kind="commune", code="81065")
    albi = Authority.objects.get(kind="commune", code="81004")
    application, person = draft(authority=castres, call_obj=open_call())
    client.force_login(person)
    mail.outbox.clear()
    step = reverse("applications:step", args=[application.pk, "partenaires"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(step, {"co_applicant_name": "Albi", "partenaire-TOTAL_FORMS": "1",
                                      "partenaire-INITIAL_FORMS": "0", "partenaire-0-name": "District de Huye",
                                      "partenaire-0-country": "RW"}, follow=True)
    assert application.co_applicants.get().authority == albi
    assert not Message.objects.filter(event=events.CO_PORTAGE_INVITE).exists() and mail.outbox == []
    told = "Aucun membre d'Albi n'est enregistré dans CoopDec\u00a0: personne n'a pu être invité à confirmer"
    assert told in unescape(response.content.decode())  # on the next step, once
    assert told in unescape(client.get(step).content.decode())
    assert told in unescape(client.get(reverse("applications:dossier", args=[application.pk])).content.decode())
    member(albi, email="albi@exemple.fr")  # someone of Albi joins: the page no longer says so
    assert told not in unescape(client.get(step).content.decode())
