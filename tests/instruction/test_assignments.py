"""Assignments: one by one or in batch by call or partner country; the first one puts a dossier
in instruction; conflicts of interest (lead or co-applicant members) are refused with the reason."""
import pytest

from coopdec.accounts.models import Membership
from coopdec.accounts.services import membership_request
from coopdec.applications import workflow
from coopdec.applications.permissions import conflict_of_interest
from coopdec.applications.services import (
    application_answer_corrections, application_ask_corrections, application_partners_set, application_submit,
    application_withdraw,
)
from coopdec.instruction.models import Assignment
from coopdec.instruction.services import AssignmentRefused, assignment_create, assignments_create
from coopdec.territories.models import Country
from tests import factories
from tests.instruction.people import complete, draft, grid_call, instructor, ministry_officer, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return grid_call()


def test_the_first_assignment_puts_the_dossier_in_instruction_with_the_instructors_name(call):
    application, _ = submitted(call)
    officer, person = ministry_officer(), instructor(call=call, email="ines@exemple.fr")
    assignment_create(application=application, instructor=person, by=officer)
    application.refresh_from_db()
    assert application.state == workflow.EN_INSTRUCTION
    last = application.transitions.last()
    assert (last.by, last.reason) == (officer, "Attribué pour instruction à ines@exemple.fr")
    second = instructor(call=call)
    assignment_create(application=application, instructor=second, by=officer)
    assert application.transitions.filter(to_state=workflow.EN_INSTRUCTION).count() == 1
    assert set(application.assignments.values_list("instructor", flat=True)) == {person.pk, second.pk}


def _refused(application, person, by, reason):
    with pytest.raises(AssignmentRefused) as refused:
        assignment_create(application=application, instructor=person, by=by)
    assert refused.value.reason == reason
    assert not Assignment.objects.filter(application=application, instructor=person).exists()


def test_refused_to_anyone_but_the_ministry_and_for_a_dossier_not_under_review(call):
    application, applicant = submitted(call)
    person = instructor(call=call)
    _refused(application, person, person, "Seul un agent du ministère attribue les dossiers.")
    _refused(application, person, applicant, "Seul un agent du ministère attribue les dossiers.")
    brouillon, _ = draft(call_obj=call, authority=factories.authority(name="Albi"))
    _refused(brouillon, person, ministry_officer(), "Un dossier « Brouillon » ne s'attribue pas pour instruction.")
    application_withdraw(application=application, user=applicant)
    _refused(application, person, ministry_officer(), "Un dossier « Retiré » ne s'attribue pas pour instruction.")


def test_refused_to_an_instructor_whose_role_covers_neither_the_call_nor_a_partner_country(call):
    application, _ = submitted(call)
    other = grid_call()
    officer = ministry_officer()
    _refused(application, instructor(call=other, email="autre@exemple.fr"), officer,
             f"autre@exemple.fr n'est instructeur ni pour l'appel « {call.name} » ni pour un pays partenaire de ce dossier.")
    _refused(application, ministry_officer(email="agent@exemple.fr"), officer,
             f"agent@exemple.fr n'est instructeur ni pour l'appel « {call.name} » ni pour un pays partenaire de ce dossier.")
    rwanda = instructor(country=Country.objects.get(iso2="RW"))  # the dossier's partner is in Rwanda
    assignment_create(application=application, instructor=rwanda, by=officer)


def test_refused_twice_to_the_same_instructor(call):
    application, _ = submitted(call, title="Eau potable à Huye")
    person, officer = instructor(call=call, email="ines@exemple.fr"), ministry_officer()
    assignment_create(application=application, instructor=person, by=officer)
    with pytest.raises(AssignmentRefused, match="« Eau potable à Huye » est déjà attribué à ines@exemple.fr."):
        assignment_create(application=application, instructor=person, by=officer)


def test_a_member_of_the_lead_authority_is_refused_with_the_reason(call):
    castres = factories.authority(name="Castres")
    application, _ = submitted(call, authority=castres)
    person = instructor(call=call, email="elu@castres.fr")
    membership_request(user=person, authority=castres)  # only requested: a conflict already
    _refused(application, person, ministry_officer(),
             "Conflit d'intérêts : elu@castres.fr est membre de Castres (demande de rattachement en cours), "
             "collectivité cheffe de file de ce dossier.")
    Membership.objects.filter(user=person).update(state=Membership.State.CONFIRMED)
    assert conflict_of_interest(person, application).reason == (
        "Conflit d'intérêts : elu@castres.fr est membre de Castres, collectivité cheffe de file de ce dossier.")
    Membership.objects.filter(user=person).update(state=Membership.State.REFUSED)
    assert conflict_of_interest(person, application)  # a refused request ties nobody


def test_a_member_of_a_co_applicant_is_refused_with_the_reason(call):
    albi = factories.authority(name="Albi")
    application, person = draft(call_obj=call, authority=factories.authority(name="Castres"))
    complete(application, person)
    application_partners_set(application=application, user=person, co_applicants=[albi],
                             partners=[("District de Huye", "RW")])
    application_submit(application=application, user=person)
    colleague = instructor(call=call, email="agent@albi.fr")
    Membership.objects.create(user=colleague, authority=albi, state=Membership.State.CONFIRMED)
    _refused(application, colleague, ministry_officer(),
             "Conflit d'intérêts : agent@albi.fr est membre de Albi, collectivité co-porteuse de ce dossier.")


def test_a_batch_by_call_assigns_every_dossier_under_review_and_names_each_refusal(call):
    castres, albi = factories.authority(name="Castres"), factories.authority(name="Albi")
    first, _ = submitted(call, authority=castres, title="Eau à Huye")
    second, _ = submitted(call, authority=albi, title="Déchets à Dschang")
    third, _ = submitted(call, authority=factories.authority(name="Gaillac"), title="Santé à Kayes")
    brouillon, _ = draft(call_obj=call, authority=factories.authority(name="Rodez"))
    elsewhere, _ = submitted(grid_call(), authority=factories.authority(name="Millau"))
    person = instructor(call=call, email="elu@albi.fr")
    member_of_albi = Membership.objects.create(user=person, authority=albi, state=Membership.State.CONFIRMED)
    officer = ministry_officer()
    result = assignments_create(instructor=person, by=officer, call=call)
    assert sorted(a.application_id for a in result.assigned) == [first.pk, third.pk]
    assert [(a.pk, reason) for a, reason in result.refused] == [(second.pk, (
        "Conflit d'intérêts : elu@albi.fr est membre de Albi, collectivité cheffe de file de ce dossier."))]
    assert not brouillon.assignments.exists() and not elsewhere.assignments.exists()
    member_of_albi.delete()
    again = assignments_create(instructor=person, by=officer, call=call)
    assert [a.application_id for a in again.assigned] == [second.pk]
    assert len(again.refused) == 2 and all("déjà attribué" in reason for _a, reason in again.refused)


def test_a_batch_by_partner_country_takes_the_dossiers_with_a_partner_there(call):
    in_rwanda, _ = submitted(call, title="Eau à Huye")
    in_senegal, person = submitted(call, authority=factories.authority(name="Albi"), title="Pêche à Bargny")
    officer = ministry_officer()
    application_ask_corrections(application=in_senegal, user=officer, message="Partenaire ?")
    application_partners_set(application=in_senegal, user=person, co_applicants=[],
                             partners=[("Commune de Bargny", "SN")])
    application_answer_corrections(application=in_senegal, user=person)
    senegal = Country.objects.get(iso2="SN")
    person_sn = instructor(country=senegal)
    result = assignments_create(instructor=person_sn, by=officer, country=senegal)
    assert [a.application_id for a in result.assigned] == [in_senegal.pk] and result.refused == []
    assert not in_rwanda.assignments.exists()


def test_a_batch_needs_the_ministry_and_exactly_one_of_a_call_or_a_country(call):
    person, officer = instructor(call=call), ministry_officer()
    with pytest.raises(AssignmentRefused, match="Choisissez soit un appel, soit un pays partenaire."):
        assignments_create(instructor=person, by=officer)
    with pytest.raises(AssignmentRefused, match="Choisissez soit un appel, soit un pays partenaire."):
        assignments_create(instructor=person, by=officer, call=call, country=Country.objects.get(iso2="RW"))
    with pytest.raises(AssignmentRefused, match="Seul un agent du ministère"):
        assignments_create(instructor=person, by=person, call=call)
