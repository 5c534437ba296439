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


# ---------------------------------------------------------------- the call's rules in view

def test_every_step_shows_the_call_s_deadline_time_left_documents_and_durations(client, applicant):
    application, _ = applicant
    for step in ("identite", "budget", "recapitulatif"):
        page = client.get(_step(application.pk, step)).content.decode()
        assert "Les règles de l&#x27;appel" in page or "Les règles de l'appel" in page, step
        assert "(heure de Paris), il reste <strong>" in page and " jours</strong>" in page, step
        assert "Pièces exigées&nbsp;: convention de coopération signée (10,0" in page, step
        assert "Durée du projet&nbsp;: de 12 à 36&nbsp;mois" in page, step
        assert "Les champs marqués d&#x27;un astérisque" in page or "Les champs marqués d'un astérisque" in page


def test_the_odd_are_offered_and_summed_up_with_their_names(client, applicant):
    application, person = applicant
    page = client.get(_step(application.pk, "projet")).content.decode()
    assert f"ODD{NBSP}6{NBSP}: Garantir l’accès de tous à des services d’alimentation en eau" in page
    application_update(application=application, user=person, sdgs=[6])
    summary = client.get(_step(application.pk, "recapitulatif")).content.decode()
    assert "ODD&nbsp;6&nbsp;: Garantir l’accès de tous à des services d’alimentation en eau" in summary


def test_required_fields_are_starred():
    from coopdec.applications.forms import IdentityForm
    html = str(IdentityForm())
    title, summary = html.split('for="id_summary"')
    assert "fr-required-marker" in title and "fr-required-marker" not in summary  # the summary is optional


# ---------------------------------------------------------------- co-applicants found by name

def _partners(application, **extra):
    return {"partenaire-TOTAL_FORMS": "1", "partenaire-INITIAL_FORMS": "0",
            "partenaire-0-name": "District de Huye", "partenaire-0-country": "RW", **extra}


@pytest.fixture
def castres(client):
    from coopdec.territories.models import Authority
    castres = Authority.objects.get(kind="commune", code="81065")
    application, person = draft(authority=castres, call_obj=open_call())
    client.force_login(person)
    return application


def test_a_co_applicant_is_found_by_its_name(client, castres):
    response = client.post(_step(castres.pk, "partenaires"), _partners(castres, co_applicant_name="Albi"))
    assert response.status_code == 302
    (co,) = castres.co_applicants.select_related("authority")
    assert (co.authority.kind, co.authority.code, co.name) == ("commune", "81004", "Albi")
    page = client.get(_step(castres.pk, "partenaires")).content.decode()
    assert "Albi (Tarn, 81)" in page and "commune:31555" not in page


def test_homonyms_are_offered_to_pick_from_and_everything_typed_is_kept(client, castres):
    page = client.post(_step(castres.pk, "partenaires"),
                       _partners(castres, co_applicant_name="Saint-Denis")).content.decode()
    assert "« Saint-Denis » désigne plusieurs collectivités" in page
    assert "Saint-Denis (Seine-Saint-Denis, 93)" in page and "Saint-Denis (La Réunion, 974)" in page
    assert 'value="District de Huye"' in page and not castres.co_applicants.exists()
    from coopdec.territories.models import Authority
    reunion = Authority.objects.get(kind="commune", code="97411")
    client.post(_step(castres.pk, "partenaires"), _partners(
        castres, co_applicant_name="Saint-Denis", co_applicant_pick=str(reunion.pk)))
    assert [c.authority_id for c in castres.co_applicants.all()] == [reunion.pk]


def test_an_unknown_name_is_refused_in_french_and_an_unchecked_co_applicant_removed(client, castres):
    page = client.post(_step(castres.pk, "partenaires"),
                       _partners(castres, co_applicant_name="Zzyzx-sur-Mer")).content.decode()
    assert "Aucune collectivité enregistrée dans CoopDec ne porte le nom « Zzyzx-sur-Mer »." in page
    client.post(_step(castres.pk, "partenaires"), _partners(castres, co_applicant_name="Albi"))
    albi = castres.co_applicants.get().authority_id
    client.post(_step(castres.pk, "partenaires"), _partners(castres, co_applicants=[str(albi)]))
    assert [c.authority_id for c in castres.co_applicants.all()] == [albi]  # kept while checked
    client.post(_step(castres.pk, "partenaires"), _partners(castres))
    assert not castres.co_applicants.exists()
