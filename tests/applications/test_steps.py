"""The dossier's steps help the applicant: amounts typed and shown back the French way, a refused
step keeps what was typed and sums its errors up at its top, the eligibility panel on every step."""
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from coopdec.applications import workflow
from coopdec.applications.forms import BudgetForm, ExpenseFormSet
from coopdec.applications.models import BudgetLine
from coopdec.applications.services import application_budget_set, application_update
from tests.applications.people import complete, draft, open_call

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
CASH = BudgetLine.Resource.FRENCH_CASH


@pytest.fixture
def applicant(client):
    application, person = draft(call_obj=open_call())
    client.force_login(person)
    return application, person


def _step(pk, step):
    return reverse("applications:step", args=[pk, step])


@pytest.mark.parametrize("typed, amount", [("20 000", D("20000")), ("60 000,50", D("60000.50")),
                                           ("20 000 €", D("20000")), (f"60{NBSP}000,50", D("60000.50"))])
def test_a_budget_amount_is_read_as_a_french_person_types_it(typed, amount):
    form = BudgetForm(data={CASH: typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data[CASH] == amount


def test_a_wrong_amount_gets_a_french_error_that_shows_how_to_type_it():
    form = BudgetForm(data={CASH: "vingt mille"})
    assert not form.is_valid()
    assert form.errors[CASH] == ["« vingt mille » n'est pas un montant (exemple : 20 000 ou 60 000,50)."]


def test_amounts_are_shown_back_grouped_with_cents_only_when_there_are_some():
    form = BudgetForm(initial={CASH: D("60000.00"), "requested_grant": D("60000.50")})
    html = str(form[CASH]) + str(form["requested_grant"])
    assert f'value="60{NBSP}000"' in html and f'value="60{NBSP}000,50"' in html
    assert "60000,00" not in html and "60000.00" not in html


def test_the_budget_step_shows_recorded_amounts_the_french_way_and_no_zero_for_empty_ones(client, applicant):
    application, person = applicant
    application_budget_set(application=application, user=person,
                           expenses=[(2026, "personnel", D("60000.00"))],
                           resources={"french_cash": D("20000.50")})
    page = client.get(_step(application.pk, "budget")).content.decode()
    assert f'value="60{NBSP}000"' in page and f'value="20{NBSP}000,50"' in page
    assert "60000,00" not in page and 'value="0,00"' not in page
    assert 'name="french_in_kind" inputmode="decimal" autocomplete="off" class="fr-input" id="id_french_in_kind">' in page
    assert f"Coût total du projet (somme des dépenses)&nbsp;: <strong>60{NBSP}000{NBSP}€" in page


def test_a_refused_budget_keeps_everything_typed_and_sums_the_errors_up_at_the_top(client, applicant):
    application, _ = applicant
    data = {"depense-TOTAL_FORMS": "2", "depense-INITIAL_FORMS": "0",
            "depense-0-year": "2026", "depense-0-category": "personnel", "depense-0-amount": "60 000,50",
            "depense-1-amount": "1 000",  # no year nor category
            "french_cash": "vingt mille", "requested_grant": "40 000"}
    response = client.post(_step(application.pk, "budget"), data)
    assert response.status_code == 200
    page = response.content.decode()
    summary = page[page.index('id="erreurs"'):page.index('id="formulaire-etape"')]
    assert "2&nbsp;erreurs empêchent d'enregistrer cette étape" in summary
    assert 'href="#depense-1">Dépense 2&nbsp;: Une dépense a une année et un poste.' in summary
    assert 'href="#id_french_cash">Apport financier des collectivités françaises (€)&nbsp;: « vingt mille »' in summary
    assert 'value="60 000,50"' in page and 'value="1 000"' in page and 'value="40 000"' in page
    assert 'value="vingt mille"' in page
    assert not application.budget_lines.exists()


@pytest.mark.parametrize("step", ["identite", "partenaires", "projet", "budget", "pieces", "recapitulatif"])
def test_the_eligibility_panel_is_on_every_step(client, applicant, step):
    application, _ = applicant
    page = client.get(_step(application.pk, step)).content.decode()
    assert "Subvention maximale" in page and "Indiquez le coût total du projet." in page


def test_a_refused_partner_line_is_named_in_the_summary_and_keeps_the_other_lines(client, applicant):
    application, _ = applicant
    response = client.post(_step(application.pk, "partenaires"), {
        "co_applicants": "", "partenaire-TOTAL_FORMS": "2", "partenaire-INITIAL_FORMS": "0",
        "partenaire-0-name": "District de Huye", "partenaire-0-country": "RW",
        "partenaire-1-name": "Kigali"})
    page = response.content.decode()
    assert 'href="#id_partenaire-1-country">Partenaire étranger 2 — Pays&nbsp;: Indiquez le pays de ce partenaire.' in page
    assert 'value="District de Huye"' in page and 'value="Kigali"' in page
    assert not application.partnerships.exists()


def test_an_expense_formset_reads_french_amounts():
    formset = ExpenseFormSet(prefix="depense", data={
        "depense-TOTAL_FORMS": "1", "depense-INITIAL_FORMS": "0",
        "depense-0-year": "2026", "depense-0-category": "missions", "depense-0-amount": "12 345,67"})
    assert formset.is_valid(), formset.errors
    assert formset.cleaned_data[0]["amount"] == D("12345.67")


# ---------------------------------------------------------------- before submitting, and after the deadline

@pytest.fixture
def ready(client):
    """A complete draft of an open call, its member signed in."""
    application, person = draft(call_obj=open_call())
    complete(application, person)
    application_update(application=application, user=person, description="Deux forages.\nUn château d'eau.",
                       themes=["eau", "santé"], sdgs=[6, 3])
    client.force_login(person)
    return application, person


def test_the_summary_shows_everything_the_dossier_says_before_it_is_submitted(client, ready):
    application, _ = ready
    page = client.get(_step(application.pk, "recapitulatif")).content.decode()
    for said in ("Deux forages.<br>Un château d&#x27;eau.", "eau, santé", "ODD&nbsp;3", "ODD&nbsp;6",
                 "Missions et déplacements", f"40{NBSP}000{NBSP}€", f"100{NBSP}000{NBSP}€", "Coût total",
                 "Subvention demandée au ministère", f"70{NBSP}000{NBSP}€", "Total des ressources",
                 "convention.pdf", "Déclaration sur l'honneur</h2>", "Je certifie sur l&#x27;honneur"):
        assert said in page, said
    assert page.index("ODD&nbsp;3") < page.index("ODD&nbsp;6")


def test_a_dossier_is_submitted_only_with_the_sworn_statement_ticked_which_is_recorded(client, ready):
    application, _ = ready
    submit = reverse("applications:submit", args=[application.pk])
    refused = client.post(submit, {})
    assert refused.status_code == 200
    assert "Cochez la déclaration sur l&#x27;honneur pour déposer le dossier." in refused.content.decode()
    application.refresh_from_db()
    assert application.state == workflow.BROUILLON
    confirmed = client.post(submit, {"declaration": "on"}, follow=True).content.decode()
    application.refresh_from_db()
    assert application.state == workflow.DEPOSE
    assert f"Votre dossier est déposé{NBSP}: n°{NBSP}{application.pk}, reçu le " in confirmed
    assert application.transitions.last().reason.startswith("Déclaration sur l'honneur : Je certifie sur l'honneur")


def test_after_the_deadline_a_draft_is_read_only_and_clos_in_the_space(client, ready):
    application, person = ready
    call = application.call
    call.closes_on = timezone.localdate() - timedelta(days=1)
    call.save()
    response = client.get(_step(application.pk, "budget"))
    assert response.status_code == 302 and response.url == reverse("applications:dossier", args=[application.pk])
    page = client.get(response.url).content.decode()
    assert "est clos" in page and "Modifier le dossier" not in page and "Vérifier et déposer" not in page
    space = client.get(reverse("applications:space")).content.decode()
    assert ">clos</p>" in space and "Appel clos&nbsp;: ce brouillon ne peut plus être modifié ni déposé." in space
    client.post(reverse("applications:submit", args=[application.pk]), {"declaration": "on"})
    client.post(_step(application.pk, "identite"), {"title": "Autre intitulé"})
    application.refresh_from_db()
    assert application.state == workflow.BROUILLON and application.title == "Eau potable à Huye"


# ---------------------------------------------------------------- as many lines as needed

def test_ajouter_une_ligne_without_javascript_saves_nothing_and_keeps_what_was_typed(client, applicant):
    application, _ = applicant
    data = {"depense-TOTAL_FORMS": "2", "depense-INITIAL_FORMS": "0",
            "depense-0-year": "2026", "depense-0-category": "personnel", "depense-0-amount": "60 000",
            "depense-1-year": "2027", "depense-1-category": "missions", "depense-1-amount": "40 000,50",
            "french_cash": "20 000", "ajouter-ligne": "depense"}
    page = client.post(_step(application.pk, "budget"), data).content.decode()
    assert 'name="depense-TOTAL_FORMS" value="3"' in page and 'name="depense-2-amount"' in page
    assert 'value="60 000"' in page and 'value="40 000,50"' in page and 'value="20 000"' in page
    assert 'id="erreurs"' not in page
    assert f"Total des dépenses (coût total du projet)&nbsp;: 100{NBSP}000,50{NBSP}€" in page
    assert f"Total des ressources&nbsp;: 20{NBSP}000{NBSP}€" in page
    assert not application.budget_lines.exists()
    data.update({"depense-TOTAL_FORMS": "3", "depense-2-year": "2027", "depense-2-category": "autre",
                 "depense-2-amount": "1 000"})
    del data["ajouter-ligne"]
    client.post(_step(application.pk, "budget"), data)
    assert sorted(application.budget_lines.filter(kind="expense").values_list("amount", flat=True)) == [
        D("1000"), D("40000.50"), D("60000")]


def test_a_partner_line_is_added_without_saving(client, applicant):
    application, _ = applicant
    page = client.post(_step(application.pk, "partenaires"), {
        "co_applicants": "", "partenaire-TOTAL_FORMS": "2", "partenaire-INITIAL_FORMS": "0",
        "partenaire-0-name": "District de Huye", "partenaire-0-country": "RW",
        "partenaire-1-name": "Kigali", "partenaire-1-country": "RW", "ajouter-ligne": "partenaire"}).content.decode()
    assert 'name="partenaire-TOTAL_FORMS" value="3"' in page and 'name="partenaire-2-name"' in page
    assert 'value="Kigali"' in page and not application.partnerships.exists()


def test_the_panel_refreshed_while_typing_brings_the_totals_rows_along(client, applicant):
    application, _ = applicant
    page = client.post(reverse("applications:eligibility", args=[application.pk]), {
        "depense-TOTAL_FORMS": "1", "depense-INITIAL_FORMS": "0", "depense-0-year": "2026",
        "depense-0-category": "personnel", "depense-0-amount": "12 000", "requested_grant": "5 000"}).content.decode()
    assert 'id="total-depenses" hx-swap-oob="true"' in page and f"12{NBSP}000{NBSP}€" in page
    assert 'id="total-ressources" hx-swap-oob="true"' in page
