"""Each request that answered 500 (issue 14 §3) answers a 4xx or a form with its error, on
SQLite and PostgreSQL (those marked « PostgreSQL » failed only there: run them with DATABASE_URL)."""
import json
from decimal import Decimal as D

import pytest
from django.urls import reverse

from coopdec.instruction.models import CommitteeSession, Decision
from coopdec.instruction.services import decision_record, session_close
from tests.applications.people import draft, open_call
from tests.committee.people import call_with_envelope, communes, in_instruction, ministry_officer, session
from tests.grants.conftest import retained
from tests.grants.conftest import _grant_settings  # noqa: F401  (autouse: tasks at once, mail in memory)

pytestmark = pytest.mark.django_db


def test_a_move_to_a_state_the_workflow_does_not_know_is_a_404(client):
    application, person = draft(call_obj=open_call())
    client.force_login(person)
    response = client.post(reverse("applications:move", args=[application.pk, "xyz"]), {"message": ""})
    assert response.status_code == 404


@pytest.mark.parametrize("typed", ["sNaN", "NaN", "-Infinity", "1e30", "1E3"])
def test_an_amount_that_is_no_number_is_a_form_error_on_the_budget_step_and_the_eligibility_panel(client, typed):
    application, person = draft(call_obj=open_call())
    client.force_login(person)
    budget = {"depense-TOTAL_FORMS": "1", "depense-INITIAL_FORMS": "0", "depense-0-year": "2026",
              "depense-0-category": "personnel", "depense-0-amount": "100000", "french_cash": "20000",
              "partner_contributions": "10000", "requested_grant": "70000"}
    step = reverse("applications:step", args=[application.pk, "budget"])
    assert client.post(step, budget).status_code == 302  # the saved lines are the forms' initial values
    hostile = {**budget, "depense-0-amount": typed, "french_cash": typed}
    response = client.post(step, hostile)
    assert response.status_code == 200
    assert f"« {typed} » n&#x27;est pas un montant" in response.content.decode()
    # The panel computes from what is valid; it says nothing of the rest (the step does).
    assert client.post(reverse("applications:eligibility", args=[application.pk]), hostile).status_code == 200
    assert sorted(application.budget_lines.values_list("amount", flat=True)) == [
        D("10000"), D("20000"), D("70000"), D("100000")]


@pytest.fixture
def board():
    officer = ministry_officer()
    call = call_with_envelope("100000")
    first, second = (in_instruction(call, commune, officer, title=f"Projet {i}")[0]
                     for i, commune in enumerate(communes(2)))
    return officer, first, second, session(call, officer)


@pytest.mark.parametrize("typed", ["1e30", "sNaN", "Infinity", "99999999999", "12345678901"])
def test_a_committee_amount_beyond_any_grant_is_refused_with_its_reason(client, board, typed):
    officer, first, _second, held = board
    client.force_login(officer)
    response = client.post(reverse("committees:session", args=[held.pk]),
                           {f"decision-{first.pk}": "retenu", f"montant-{first.pk}": typed})
    assert response.status_code == 409
    page = response.content.decode()
    assert "n&#x27;est pas un montant" in page or "dépasse ce qu&#x27;une subvention peut valoir" in page
    assert not Decision.objects.exists()


def test_a_nul_in_a_committee_s_reason_or_a_reopening_s_is_dropped_not_a_500(client, board):
    """PostgreSQL: a NUL in any text is a DataError (a 500) where it reaches the database."""
    officer, first, second, held = board
    client.force_login(officer)
    url = reverse("committees:session", args=[held.pk])
    response = client.post(url, {f"decision-{first.pk}": "non_retenu", f"motif-{first.pk}": "Budget\x00 à revoir"})
    assert response.status_code == 302
    assert Decision.objects.get(application=first).reason == "Budget à revoir"
    decision_record(application=second, decision="retenu", amount="50000", user=officer)
    session_close(session=held, user=officer)
    response = client.post(reverse("committees:reopen", args=[held.pk]), {"motif": "Recours\x00 de la commune"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.state == CommitteeSession.State.OPEN
    assert "Recours de la commune" in client.get(url).content.decode()


def test_a_report_amount_beyond_what_the_column_holds_is_a_form_error(client):
    """PostgreSQL: the form took 14 digits, the column holds 12 (a DataError, a 500)."""
    from coopdec.grants.services import grant_plan

    application, person, _officer = retained()
    grant_plan(application=application)
    report = application.reports.get(kind="intermediate")
    client.force_login(person)
    prefix = f"rapport-{report.pk}"
    response = client.post(reverse("grants:reports", args=[application.pk]),
                           {"rapport": report.pk, f"{prefix}-narrative": "Forages.",
                            f"{prefix}-depense_personnel": "12345678901.00"})
    assert response.status_code == 200  # shown again with its error, as every form of the site
    assert "pas plus de 12 chiffres" in response.content.decode()
    report.refresh_from_db()
    assert report.state == "attendu" and not report.statement_lines.exists()


@pytest.mark.parametrize("limit", [1e308 * 10, float("nan"), 2.5, 0, "3", True])
def test_a_reconciliation_limit_that_is_no_small_integer_is_a_400(client, limit):
    queries = json.dumps({"q0": {"query": "Castres", "limit": limit}})
    response = client.post("/api/reconcile", {"queries": queries})
    assert response.status_code == 400
    assert "« limit » de la requête « q0 » doit être un entier positif" in response.json()["detail"]


@pytest.mark.parametrize("limit", [int("1" + "0" * 400), 1e300])
def test_a_huge_limit_is_read_as_the_maximum(client, limit):
    """1 followed by 400 zeros was an OverflowError (a 500): it is a positive integer, capped."""
    response = client.post("/api/reconcile", {"queries": json.dumps({"q0": {"query": "Castres", "limit": limit}})})
    assert response.status_code == 200


def test_a_body_beyond_the_limit_to_the_api_is_a_french_413_before_it_is_read(client, settings):
    body = b"{" + b" " * (3 * 1024 * 1024) + b"}"
    response = client.post("/api/v1/cofinancing", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "trop lourde" in response.json()["detail"] and "2 Mo au plus" in response.json()["detail"]
    # A form's body beyond the limit, on a page: the same answer, as a French page.
    response = client.post("/comptes/connexion/", {"login": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "trop lourde" in response.content.decode()


def test_the_assignments_page_without_any_instructor_links_to_the_roles(client):
    """Found by tests/test_hostile_forms.py: a URL name without its namespace, a 500 whenever no
    instructor was recorded."""
    client.force_login(ministry_officer())
    response = client.get(reverse("instruction:assignments"))
    assert response.status_code == 200
    assert f'href="{reverse("accounts:roles")}"' in response.content.decode()
