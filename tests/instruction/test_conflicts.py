"""Conflict of interest on every ministry action on a dossier, through its page: an officer whose
membership of the dossier's authority is only requested may not assign it, score it, record an
opinion on it, send it back for corrections, put it back in instruction, decide it (alone or in a
session's batch), nor close, reopen or publish a session that decided it. Each refusal names the
conflict and changes nothing. (Payments and report reviews: tests/grants/test_conflicts.py.)"""
from decimal import Decimal as D
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from coopdec.accounts.services import membership_request
from coopdec.applications import workflow
from coopdec.applications.services import application_answer_corrections, application_ask_corrections
from coopdec.instruction.models import Assignment, CommitteeSession, Decision, Opinion, Score
from coopdec.instruction.services import (
    assignment_create, decision_record, session_close, session_open, session_publish,
)
from tests.committee.people import close
from tests.instruction.people import criteria_ids, grid_call, instructor, ministry_officer, submitted

pytestmark = pytest.mark.django_db

CONFLICT = "Conflit d'intérêts : agent@castres.fr est membre de Castres (demande de rattachement en cours), " \
           "collectivité cheffe de file"


@pytest.fixture
def world(client):
    """A dossier of Castres submitted to a call with a grid and an envelope; a clean officer; and
    an officer, signed in, who has asked to join Castres."""
    call = grid_call(envelope=D("100000"))
    application, applicant = submitted(call)
    conflicted = ministry_officer(email="agent@castres.fr")
    membership_request(user=conflicted, authority=application.lead_authority)
    client.force_login(conflicted)
    return {"call": call, "application": application, "applicant": applicant, "officer": ministry_officer(),
            "conflicted": conflicted, "instructor": instructor(call=call, email="ines@exemple.fr")}


def _said(response) -> str:
    page = unescape(response.content.decode()).replace("\u00a0", " ").replace("\u202f", " ")
    assert CONFLICT in page, page
    return page


def _state(application):
    application.refresh_from_db()
    return application.state


def test_assigning_one_dossier_or_in_batch(client, world):
    application = world["application"]
    page = _said(client.get(reverse("instruction:dossier", args=[application.pk])))  # the page says why
    assert 'name="instructeur"' not in page  # and offers no assignment
    _said(client.post(reverse("instruction:assign", args=[application.pk]),
                      {"instructeur": world["instructor"].pk}, follow=True))
    _said(client.post(reverse("instruction:assignments"),
                      {"instructeur": world["instructor"].pk, "appel": world["call"].pk}, follow=True))
    assert not Assignment.objects.exists() and _state(application) == workflow.DEPOSE


def test_scoring_by_an_instructor_who_asked_to_join_after_being_given_the_dossier(client, world):
    application, person = world["application"], world["instructor"]
    assignment_create(application=application, instructor=person, by=world["officer"])
    membership_request(user=person, authority=application.lead_authority)
    client.force_login(person)
    page = unescape(client.post(reverse("instruction:score", args=[application.pk]),
                                dict(zip([f"critere_{pk}" for pk in criteria_ids(world["call"])], "455")),
                                follow=True).content.decode()).replace("\u00a0", " ")
    assert "Conflit d'intérêts : ines@exemple.fr est membre de Castres (demande de rattachement en cours)" in page
    assert not Score.objects.exists()


def test_recording_an_embassy_s_opinion(client, world):
    application = world["application"]
    page = client.get(reverse("instruction:dossier", args=[application.pk])).content.decode()
    assert 'name="recommendation"' not in page  # the form is not offered
    _said(client.post(reverse("instruction:opinion", args=[application.pk]), {
        "issuer_kind": "ambassade", "issuer": "Ambassade de France au Rwanda", "recommendation": "favorable"},
        follow=True))
    assert not Opinion.objects.exists()


def test_sending_the_dossier_back_for_corrections(client, world):
    application = world["application"]
    assert "Demander des compléments" not in client.get(reverse("instruction:dossier", args=[application.pk])
                                                         ).content.decode()
    _said(client.post(reverse("instruction:corrections", args=[application.pk]),
                      {"message": "Joignez la délibération.", "sections": ["pieces"]}, follow=True))
    assert _state(application) == workflow.DEPOSE


def test_putting_the_dossier_back_in_instruction(client, world):
    application, officer = world["application"], world["officer"]
    assignment_create(application=application, instructor=world["instructor"], by=officer)
    application_ask_corrections(application=application, user=officer, message="Précisez.")
    application_answer_corrections(application=application, user=world["applicant"], message="Précisé.")
    assert "Reprendre l'instruction" not in unescape(
        client.get(reverse("instruction:dossier", args=[application.pk])).content.decode())
    _said(client.post(reverse("instruction:resume", args=[application.pk]), follow=True))
    assert _state(application) == workflow.DEPOSE


@pytest.fixture
def in_session(world):
    """The dossier in instruction and a session of its call open."""
    assignment_create(application=world["application"], instructor=world["instructor"], by=world["officer"])
    close(world["call"])
    return session_open(call=world["call"], held_on=timezone.localdate(), user=world["officer"])


def test_deciding_in_the_session_s_batch(client, world, in_session):
    application = world["application"]
    response = client.post(reverse("committees:session", args=[in_session.pk]),
                           {f"decision-{application.pk}": "retenu", f"montant-{application.pk}": "60 000"})
    assert response.status_code == 409
    _said(response)
    assert not Decision.objects.exists() and _state(application) == workflow.EN_INSTRUCTION


@pytest.mark.parametrize("action", ["close", "reopen", "publish"])
def test_closing_reopening_or_publishing_a_session_that_decided_the_dossier(client, world, in_session, action):
    officer = world["officer"]
    decision_record(application=world["application"], decision="retenu", amount="60000", user=officer)
    if action != "close":
        session_close(session=in_session, user=officer)
    if action == "reopen":
        session_publish(session=in_session, user=officer)
    before = CommitteeSession.objects.filter(pk=in_session.pk).values("state", "published_at").get()
    page = _said(client.post(reverse(f"committees:{action}", args=[in_session.pk]), {"motif": "Recours"},
                             follow=True))
    assert "du dossier « Eau potable à Huye »" in page
    assert CommitteeSession.objects.filter(pk=in_session.pk).values("state", "published_at").get() == before
