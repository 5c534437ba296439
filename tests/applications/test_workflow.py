"""Transitions allowed and refused for each role, each one recorded (who, when, from, to, why)."""
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from coopdec.applications import workflow
from coopdec.applications.models import Application
from coopdec.applications.services import (
    TransitionRefused, application_answer_corrections, application_ask_corrections, application_create_draft,
    application_update, application_withdraw, transition,
)
from tests import factories
from tests.applications.people import complete, draft, member, ministry_officer, open_call, user

pytestmark = pytest.mark.django_db


def _submitted(application, person):
    """A dossier moved to « déposé » as the submission does, its conditions aside (tested in
    test_submit)."""
    Application.objects.filter(pk=application.pk).update(state=workflow.DEPOSE)
    application.refresh_from_db()
    return application


def test_every_move_goes_between_declared_states_and_every_state_is_reachable():
    declared = set(workflow.STATES)
    assert {m.source for m in workflow.MOVES} | {m.target for m in workflow.MOVES} <= declared
    assert declared - {workflow.BROUILLON} <= {m.target for m in workflow.MOVES}


def test_a_draft_is_created_by_a_member_only_and_recorded_as_brouillon():
    authority = factories.authority()
    application, person = draft(authority)
    assert application.state == workflow.BROUILLON
    assert application.provenance == Application.Provenance.PLATFORM
    assert application.decision == Application.Decision.PENDING
    assert [(t.from_state, t.to_state, t.by) for t in application.transitions.all()] == [
        ("", workflow.BROUILLON, person)
    ]
    with pytest.raises(PermissionDenied, match="membre confirmé"):
        application_create_draft(user=user(), call=application.call, authority=authority, title="Autre")
    with pytest.raises(ValidationError, match="déjà un dossier intitulé"):
        application_create_draft(user=person, call=application.call, authority=authority,
                                 title="  eau potable à HUYE ")


def test_the_applicant_withdraws_a_draft_and_the_move_is_recorded():
    application, person = draft()
    application_withdraw(application=application, user=person, reason="Projet reporté")
    application.refresh_from_db()
    last = application.transitions.last()
    assert application.state == workflow.RETIRE
    assert (last.from_state, last.to_state, last.by, last.reason) == (
        workflow.BROUILLON, workflow.RETIRE, person, "Projet reporté")


@pytest.mark.parametrize("who", ["another applicant", "ministry", "anonymous-like stranger"])
def test_nobody_but_a_member_withdraws(who):
    application, _ = draft()
    stranger = {"another applicant": lambda: member(factories.authority(name="Albi")),
                "ministry": ministry_officer, "anonymous-like stranger": user}[who]()
    with pytest.raises(TransitionRefused):
        application_withdraw(application=application, user=stranger)
    application.refresh_from_db()
    assert application.state == workflow.BROUILLON


def test_only_the_ministry_asks_for_corrections_and_only_with_a_message():
    application, person = draft()
    _submitted(application, person)
    with pytest.raises(TransitionRefused, match="agent du ministère"):
        application_ask_corrections(application=application, user=person, message="Pièce manquante")
    officer = ministry_officer()
    with pytest.raises(TransitionRefused, match="motif est nécessaire"):
        application_ask_corrections(application=application, user=officer, message="  ")
    application_ask_corrections(application=application, user=officer, message="Joignez la délibération.")
    application.refresh_from_db()
    assert application.state == workflow.A_COMPLETER


def test_corrections_asked_then_answered_mail_each_side(django_capture_on_commit_callbacks):
    application, person = draft(call_obj=open_call())
    _submitted(complete(application, person), person)  # the answer passes the checks (test_pages)
    officer = ministry_officer()
    with django_capture_on_commit_callbacks(execute=True):
        application_ask_corrections(application=application, user=officer, message="Joignez la délibération.")
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert "Joignez la délibération." in mail.outbox[0].body
    application.refresh_from_db()
    application_update(application=application, user=person, summary="Résumé complété")
    with django_capture_on_commit_callbacks(execute=True):
        application_answer_corrections(application=application, user=person, message="Jointe.")
    application.refresh_from_db()
    assert application.state == workflow.DEPOSE
    assert mail.outbox[1].to == [officer.email]
    # the submission itself was skipped by `_submitted`: the two moves of the corrections follow the draft
    assert [t.to_state for t in application.transitions.all()] == [
        workflow.BROUILLON, workflow.A_COMPLETER, workflow.DEPOSE]


def test_a_submitted_dossier_is_no_longer_edited_but_can_be_withdrawn_before_instruction():
    application, person = draft()
    _submitted(application, person)
    with pytest.raises(PermissionDenied, match="ne se modifie plus"):
        application_update(application=application, user=person, summary="Trop tard")
    application_withdraw(application=application, user=person)
    application.refresh_from_db()
    assert application.state == workflow.RETIRE


def test_under_review_the_applicant_can_no_longer_withdraw_and_the_ministry_decides():
    application, person = draft()
    _submitted(application, person)
    officer = ministry_officer()
    transition(application=application, to=workflow.EN_INSTRUCTION, by=officer)
    with pytest.raises(TransitionRefused, match="ne peut pas passer à « Retiré »"):
        application_withdraw(application=application, user=person)
    with pytest.raises(TransitionRefused, match="agent du ministère"):
        transition(application=application, to=workflow.RETENU, by=person, reason="Bon projet")
    # Only a committee decides (instruction.services.decision_record, tested in tests/committee).
    with pytest.raises(TransitionRefused, match="Seul un comité de sélection décide"):
        transition(application=application, to=workflow.RETENU, by=officer, reason="Comité du 12 juin")
    application.refresh_from_db()
    assert (application.state, application.decision) == (workflow.EN_INSTRUCTION, Application.Decision.PENDING)


def test_a_move_the_workflow_does_not_declare_is_refused_whoever_asks():
    application, _ = draft()
    with pytest.raises(TransitionRefused, match="« Brouillon » ne peut pas passer à « Retenu »"):
        transition(application=application, to=workflow.RETENU, by=ministry_officer(), reason="x")
