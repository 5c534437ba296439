"""Decisions through `decision_record`: the rules' maximum, the envelope one decision after
another and in batch, reasons, conflicts of interest, sessions frozen and reopened, notifications."""
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core import mail
from django.utils import timezone

from coopdec.accounts.models import Membership
from coopdec.applications import workflow
from coopdec.applications.models import Application, CoApplicant, Transition
from coopdec.french.text import date_fr
from coopdec.instruction.models import CommitteeSession, Decision, SessionEvent
from coopdec.instruction.selectors import call_envelope
from coopdec.instruction.services import (
    DecisionInput, DecisionRefused, DecisionsRefused, decision_record, decisions_record, session_close,
    session_open, session_publish, session_reopen,
)
from coopdec.notifications.models import Message
from tests.committee.people import (
    call_with_envelope, close, communes, in_instruction, member, ministry_officer, session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return ministry_officer()


@pytest.fixture
def call():
    return call_with_envelope("100000")


@pytest.fixture
def three(call, officer):
    """Three dossiers under instruction in the call, each led by another commune of the Tarn."""
    return [in_instruction(call, commune, officer, title=f"Projet {i}")[0]
            for i, commune in enumerate(communes(3))]


def test_retained_with_an_amount_moves_the_dossier_and_records_everything(call, officer, three):
    held = session(call, officer)
    application = three[0]
    recorded = decision_record(application=application, decision="retenu", amount="60 000", user=officer)
    application.refresh_from_db()
    assert (recorded.session, recorded.outcome, recorded.amount, recorded.by) == (held, "retenu", D("60000"), officer)
    assert (application.state, application.granted_amount) == (workflow.RETENU, D("60000"))
    # Not public yet: the public decision waits for the session's publication.
    assert application.decision == Application.Decision.PENDING
    last = Transition.objects.filter(application=application).last()
    assert (last.from_state, last.to_state, last.by) == (workflow.EN_INSTRUCTION, workflow.RETENU, officer)
    assert f"comité du {date_fr(timezone.localdate())}" in last.reason
    envelope = call_envelope(call)
    assert (envelope.amount, envelope.committed, envelope.left) == (D("100000"), D("60000"), D("40000"))


def test_the_amount_never_exceeds_the_rules_maximum_for_the_dossier(call, officer, three):
    session(call, officer)
    with pytest.raises(DecisionRefused, match="70\u00a0001\u00a0€ dépasse la subvention maximale .* 70\u00a0000\u00a0€"):
        decision_record(application=three[0], decision="retenu", amount=D("70001"), user=officer)
    decision_record(application=three[0], decision="retenu", amount=D("70000"), user=officer)


@pytest.mark.parametrize("amount, message", [
    (None, "demande le montant"), ("0", "supérieure à 0"), ("-5", "supérieure à 0"),
    ("douze", "n'est pas un montant"), ("1000,50", "euros entiers"),
])
def test_a_retained_dossier_needs_a_whole_positive_amount(call, officer, three, amount, message):
    session(call, officer)
    with pytest.raises(DecisionRefused, match=message):
        decision_record(application=three[0], decision="retenu", amount=amount, user=officer)
    assert not Decision.objects.exists()


@pytest.mark.parametrize("outcome", ["non_retenu", "sans_suite"])
def test_not_retained_and_closed_without_follow_up_need_a_reason_for_the_applicant(call, officer, three, outcome):
    session(call, officer)
    with pytest.raises(DecisionRefused, match="demande un motif, que le demandeur lira"):
        decision_record(application=three[0], decision=outcome, reason="  ", user=officer)
    recorded = decision_record(application=three[0], decision=outcome, reason="Budget trop peu détaillé", user=officer)
    three[0].refresh_from_db()
    assert (recorded.amount, three[0].state, three[0].granted_amount) == (None, outcome, None)


def test_the_envelope_is_never_exceeded_one_decision_after_another(call, officer, three):
    session(call, officer)
    decision_record(application=three[0], decision="retenu", amount="60000", user=officer)
    with pytest.raises(DecisionRefused) as refused:
        decision_record(application=three[1], decision="retenu", amount="50000", user=officer)
    assert refused.value.reason == (
        "L'enveloppe de l'appel serait dépassée : 60\u00a0000\u00a0€ déjà engagés sur 100\u00a0000\u00a0€, "
        "il reste 40\u00a0000\u00a0€, et ce dossier en demande 50\u00a0000\u00a0€.")
    decision_record(application=three[1], decision="retenu", amount="40000", user=officer)
    assert call_envelope(call).left == 0
    # Lowering a decision frees its part of the envelope (its own amount is not counted twice).
    decision_record(application=three[0], decision="retenu", amount="50000", user=officer)
    decision_record(application=three[2], decision="retenu", amount="10000", user=officer)
    assert call_envelope(call).committed == D("100000")


def test_without_an_envelope_nothing_is_retained(officer):
    call = call_with_envelope("1")
    type(call).objects.filter(pk=call.pk).update(envelope=None)
    call.refresh_from_db()
    application, _ = in_instruction(call, communes(1)[0], officer)
    session(call, officer)
    with pytest.raises(DecisionRefused, match="n'a pas d'enveloppe"):
        decision_record(application=application, decision="retenu", amount="1000", user=officer)


def test_a_batch_is_all_or_nothing_and_names_each_refusal(call, officer, three):
    session(call, officer)
    with pytest.raises(DecisionsRefused) as refused:
        decisions_record(user=officer, decisions=[
            DecisionInput(three[0], "retenu", "60000"),
            DecisionInput(three[1], "retenu", "50000"),  # the batch's first line leaves 40 000 €
            DecisionInput(three[2], "non_retenu", reason=""),
        ])
    assert [(a, r.split(" :")[0]) for a, r in refused.value.refusals] == [
        (three[1], "L'enveloppe de l'appel serait dépassée"),
        (three[2], "Un dossier non retenu ou classé sans suite demande un motif, que le demandeur lira.")]
    assert "« Projet 1 » : L'enveloppe" in refused.value.reason
    assert not Decision.objects.exists()
    assert set(Application.objects.filter(pk__in=[a.pk for a in three]).values_list("state", flat=True)) == {
        workflow.EN_INSTRUCTION}
    recorded = decisions_record(user=officer, decisions=[
        DecisionInput(three[0], "retenu", "60000"), DecisionInput(three[1], "retenu", "40000"),
        DecisionInput(three[2], "non_retenu", reason="Hors des priorités de l'appel")])
    assert [d.outcome for d in recorded] == ["retenu", "retenu", "non_retenu"]


def test_only_the_ministry_decides_and_never_on_a_dossier_of_its_own_authority(call, officer, three):
    session(call, officer)
    applicant = member(three[0].lead_authority)
    with pytest.raises(DecisionRefused, match="Seul un agent du ministère"):
        decision_record(application=three[0], decision="retenu", amount="1000", user=applicant)
    conflicted = ministry_officer()
    Membership.objects.create(user=conflicted, authority=three[0].lead_authority, state=Membership.State.CONFIRMED)
    with pytest.raises(DecisionRefused, match="Conflit d'intérêts : .* est membre de .*cheffe de file"):
        decision_record(application=three[0], decision="retenu", amount="1000", user=conflicted)
    co_applicant = communes(4)[3]
    CoApplicant.objects.create(application=three[1], authority=co_applicant, name=co_applicant.name)
    Membership.objects.create(user=conflicted, authority=co_applicant, state=Membership.State.CONFIRMED)
    with pytest.raises(DecisionRefused, match="co-porteuse"):
        decision_record(application=three[1], decision="retenu", amount="1000", user=conflicted)
    decision_record(application=three[2], decision="retenu", amount="1000", user=conflicted)


def test_a_decision_needs_an_open_session_and_a_dossier_under_instruction(call, officer, three):
    with pytest.raises(DecisionRefused, match="Aucune séance du comité n'est ouverte"):
        decision_record(application=three[0], decision="retenu", amount="1000", user=officer)
    session(call, officer)
    Application.objects.filter(pk=three[0].pk).update(state=workflow.DEPOSE)
    with pytest.raises(DecisionRefused, match="« Déposé » ne se décide pas"):
        decision_record(application=three[0], decision="retenu", amount="1000", user=officer)
    with pytest.raises(DecisionRefused, match="Décision inconnue"):
        decision_record(application=three[1], decision="peut-etre", user=officer)


def test_one_open_session_per_call(call, officer):
    session(call, officer)
    with pytest.raises(DecisionRefused, match="encore ouverte"):
        session(call, officer)


def test_closing_freezes_tells_each_applicant_once_and_reopening_needs_a_reason(
        call, officer, three, django_capture_on_commit_callbacks):
    held = session(call, officer)
    applicant = three[0].lead_authority.memberships.get().user
    decision_record(application=three[0], decision="retenu", amount="60000", user=officer)
    decision_record(application=three[1], decision="non_retenu", reason="Partenariat trop récent", user=officer)
    assert not Message.objects.filter(event="decision").exists()  # nobody is told before the session closes
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_close(session=held, user=officer)
    assert Message.objects.filter(event="decision").count() == 2
    assert list(Message.objects.filter(recipient=applicant, event="decision").values_list("subject", flat=True)) == [
        "Décision sur le dossier\u00a0: Projet 0"]
    assert len(mail.outbox) == 2
    with pytest.raises(DecisionRefused, match=f"séance du {date_fr(timezone.localdate())}, qui est close : sa décision est figée"):
        decision_record(application=three[0], decision="retenu", amount="50000", user=officer)
    with pytest.raises(DecisionRefused, match="Aucune séance du comité n'est ouverte"):
        decision_record(application=three[2], decision="retenu", amount="1000", user=officer)
    with pytest.raises(DecisionRefused, match="demande un motif"):
        session_reopen(session=held, reason=" ", user=officer)
    session_reopen(session=held, reason="Erreur de montant signalée par le bureau", user=officer)
    assert list(held.events.values_list("kind", "reason")) == [
        ("closed", ""), ("reopened", "Erreur de montant signalée par le bureau")]
    decision_record(application=three[0], decision="retenu", amount="50000", user=officer)
    decision_record(application=three[1], decision="non_retenu", reason="Partenariat trop récent", user=officer)
    session_close(session=held, user=officer)
    # Told again of the changed decision only.
    assert Message.objects.filter(event="decision").count() == 3
    assert Message.objects.filter(application=three[0], event="decision").count() == 2


def test_a_reopened_session_may_change_an_outcome_through_the_workflow(call, officer, three):
    held = session(call, officer)
    decision_record(application=three[0], decision="retenu", amount="60000", user=officer)
    session_close(session=held, user=officer)
    session_reopen(session=held, reason="Recours gracieux", user=officer)
    decision_record(application=three[0], decision="sans_suite", reason="Projet abandonné par la commune",
                    user=officer)
    three[0].refresh_from_db()
    assert (three[0].state, three[0].granted_amount) == (workflow.SANS_SUITE, None)
    assert call_envelope(call).committed == 0
    assert list(three[0].transitions.values_list("to_state", flat=True))[-2:] == [workflow.RETENU, workflow.SANS_SUITE]


def test_publishing_needs_a_closed_session_and_makes_the_decisions_public(call, officer, three):
    held = session(call, officer)
    decision_record(application=three[0], decision="retenu", amount="60000", user=officer)
    decision_record(application=three[1], decision="non_retenu", reason="Hors sujet", user=officer)
    with pytest.raises(DecisionRefused, match="Seule une séance close se publie"):
        session_publish(session=held, user=officer)
    session_close(session=held, user=officer)
    session_publish(session=held, user=officer)
    held.refresh_from_db()
    assert held.published_at is not None
    assert dict(Application.objects.filter(pk__in=[a.pk for a in three]).values_list("pk", "decision")) == {
        three[0].pk: "retenu", three[1].pk: "non_retenu", three[2].pk: "en_attente"}
    assert held.events.last().kind == SessionEvent.Kind.PUBLISHED
    session_reopen(session=held, reason="Recours", user=officer)
    held.refresh_from_db()
    assert (held.state, held.published_at) == (CommitteeSession.State.OPEN, None)


def test_the_sessions_are_the_ministry_s(call, officer):
    outsider = member(communes(1)[0])
    with pytest.raises(DecisionRefused, match="Seul un agent du ministère"):
        session_open(call=call, held_on=timezone.localdate(), user=outsider)


def test_closing_writes_each_retained_dossier_s_tranche_schedule_or_stays_open_saying_why(call, officer, three):
    from coopdec.applications.models import BudgetLine
    from coopdec.grants.models import Tranche

    held = session(call, officer)
    decision_record(application=three[0], decision="retenu", amount="60000", user=officer)
    decision_record(application=three[1], decision="retenu", amount="20000", user=officer)
    BudgetLine.objects.filter(application=three[1], kind=BudgetLine.Kind.EXPENSE).delete()
    with pytest.raises(DecisionRefused, match="« Projet 1 » : .*La séance reste ouverte"):
        session_close(session=held, user=officer)
    held.refresh_from_db()
    assert held.state == CommitteeSession.State.OPEN and not Tranche.objects.exists()
    decision_record(application=three[1], decision="non_retenu", reason="Budget sans année", user=officer)
    session_close(session=held, user=officer)
    tranches = Tranche.objects.filter(application=three[0])
    assert sum(t.amount for t in tranches) == D("60000") and not Tranche.objects.filter(application=three[1]).exists()


def test_the_applicant_sees_a_decision_only_once_its_session_is_closed(client, call, officer, three):
    from django.urls import reverse

    held = session(call, officer)
    decision_record(application=three[0], decision="retenu", amount="60000", user=officer)
    client.force_login(three[0].lead_authority.memberships.get().user)
    pages = (reverse("applications:space"), reverse("applications:dossier", args=[three[0].pk]))
    for page in pages:
        body = client.get(page).content.decode()
        assert "En instruction" in body and "Retenu" not in body
    session_close(session=held, user=officer)
    for page in pages:
        assert "Retenu" in client.get(page).content.decode()


def test_a_committee_sits_on_a_closed_call_on_a_date_that_has_come(call, officer, three):
    """Every door of the service: opening, deciding, closing and publishing. The bug: a session
    dated 20 February 2027 of a call still open was opened, decided, closed and published."""
    today = timezone.localdate()
    with pytest.raises(DecisionRefused, match=f"« {call.name} » est ouvert jusqu'au {date_fr(call.closes_on)}"):
        session_open(call=call, held_on=today, user=officer)
    close(call, on=today - timedelta(days=10))
    with pytest.raises(DecisionRefused, match=f"Le {date_fr(today + timedelta(days=76))} est une date à venir"):
        session_open(call=call, held_on=today + timedelta(days=76), user=officer)
    with pytest.raises(DecisionRefused, match="ne peut pas s'être réuni le .* a été clos le"):
        session_open(call=call, held_on=today - timedelta(days=10), user=officer)
    assert not CommitteeSession.objects.exists()
    held = session_open(call=call, held_on=today - timedelta(days=9), user=officer)
    # The deadline extended afterwards (the admin's door to the call's dates): no decision, no closing.
    close(call, on=today + timedelta(days=5))
    with pytest.raises(DecisionRefused, match="est ouvert jusqu'au"):
        decision_record(application=three[0], decision="retenu", amount="1000", user=officer)
    with pytest.raises(DecisionRefused, match="est ouvert jusqu'au"):
        session_close(session=held, user=officer)
    close(call, on=today - timedelta(days=10))
    decision_record(application=three[0], decision="retenu", amount="1000", user=officer)
    # A session recorded before the rule, dated in the future, neither closes nor publishes.
    CommitteeSession.objects.filter(pk=held.pk).update(held_on=today + timedelta(days=30))
    with pytest.raises(DecisionRefused, match="est une date à venir"):
        session_close(session=held, user=officer)
    CommitteeSession.objects.filter(pk=held.pk).update(held_on=today, state=CommitteeSession.State.CLOSED)
    CommitteeSession.objects.filter(pk=held.pk).update(held_on=today + timedelta(days=1))
    with pytest.raises(DecisionRefused, match="est une date à venir"):
        session_publish(session=held, user=officer)
    assert not Application.objects.filter(decision=Application.Decision.RETENU).exists()
