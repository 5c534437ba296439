"""Two officers deciding at the same moment on PostgreSQL, each through their own connection: the
call's row lock takes them one after the other, so one wins and the other is refused with the
envelope's figures; nothing half-written, nothing lost."""
import threading
import time
from decimal import Decimal as D

import pytest
from django.db import connections, transaction

from coopdec.applications import workflow
from coopdec.applications.models import Application
from coopdec.instruction.models import Decision
from coopdec.instruction.selectors import call_envelope
from coopdec.instruction.services import DecisionRefused, decision_record
from tests.committee.people import call_with_envelope, communes, in_instruction, ministry_officer, session

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def race():
    """A call of 100 000 €, two dossiers under instruction and two officers, all committed."""
    call = call_with_envelope("100000")
    first, second = ministry_officer(), ministry_officer()
    dossiers = [in_instruction(call, commune, first, title=f"Projet {i}")[0] for i, commune in enumerate(communes(2))]
    session(call, first)
    return call, dossiers, (first, second)


def _in_thread(work):
    """Run `work` in a thread with its own database connection; its result or exception."""
    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        except Exception as error:  # noqa: BLE001 — handed back to the test
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_the_second_officer_waits_for_the_first_and_is_refused_with_what_is_left(race):
    call, (a, b), (first, second) = race
    decided, release = threading.Event(), threading.Event()

    def slow_first():
        with transaction.atomic():  # the first officer's request, still running when the second comes
            decision_record(application=a, decision="retenu", amount="60000", user=first)
            decided.set()
            release.wait(10)

    def second_officer():
        started = time.monotonic()
        try:
            decision_record(application=b, decision="retenu", amount="60000", user=second)
        finally:
            waited["seconds"] = time.monotonic() - started

    waited = {}
    one, first_outcome = _in_thread(slow_first)
    assert decided.wait(10)
    two, second_outcome = _in_thread(second_officer)
    time.sleep(1.0)
    assert two.is_alive(), "the second decision must wait for the first one's lock"
    release.set()
    one.join(10), two.join(10)

    assert "error" not in first_outcome
    refused = second_outcome["error"]
    assert isinstance(refused, DecisionRefused)
    assert refused.reason == ("L'enveloppe de l'appel serait dépassée : 60\u00a0000\u00a0€ déjà engagés sur "
                              "100\u00a0000\u00a0€, il reste 40\u00a0000\u00a0€, et ce dossier en demande "
                              "60\u00a0000\u00a0€.")
    assert waited["seconds"] >= 0.9
    assert list(Decision.objects.values_list("application", "amount")) == [(a.pk, D("60000.00"))]
    assert Application.objects.get(pk=b.pk).state == workflow.EN_INSTRUCTION
    assert call_envelope(call).committed == D("60000")


def test_at_the_same_instant_exactly_one_wins(race):
    call, (a, b), (first, second) = race
    start = threading.Barrier(2)

    def officer(application, user):
        def work():
            start.wait(10)
            return decision_record(application=application, decision="retenu", amount="60000", user=user)
        return work

    threads = [_in_thread(officer(a, first)), _in_thread(officer(b, second))]
    for thread, _ in threads:
        thread.join(20)
    outcomes = [outcome for _, outcome in threads]
    assert sorted("error" in o for o in outcomes) == [False, True]
    loser = next(o["error"] for o in outcomes if "error" in o)
    assert isinstance(loser, DecisionRefused) and loser.reason.startswith("L'enveloppe de l'appel serait dépassée")
    assert Decision.objects.count() == 1
    assert call_envelope(call).committed == D("60000")
