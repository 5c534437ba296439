"""Every dossier page and download for every role: the member and the ministry see it, another
applicant gets 404 (never 403), the public is sent to sign in; and the pages do what they say."""
from datetime import date, datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from coopdec.applications import workflow
from coopdec.applications.models import Document
from coopdec.applications.services import application_submit
from coopdec.calls.models import PARIS
from tests import factories
from tests.applications.files import EXE, PDF, upload
from tests.applications.people import complete, draft, member, ministry_officer, open_call

pytestmark = pytest.mark.django_db

STEPS = ["identite", "partenaires", "projet", "budget", "pieces", "recapitulatif"]


@pytest.fixture
def filed():
    """A submitted dossier with its convention, its member and its ministry officer."""
    call = open_call(opens=date(2026, 1, 5), closes=date(2026, 12, 31))
    application, person = draft(call_obj=call)
    complete(application, person)
    application_submit(application=application, user=person, at=datetime(2026, 6, 1, 12, tzinfo=PARIS))
    return application, person


def _pages(application):
    """(method, url) of every page and download of one dossier."""
    pk = application.pk
    document = application.documents.get()
    return [("get", reverse("applications:dossier", args=[pk])),
            ("get", reverse("applications:document", args=[pk, document.pk])),
            ("get", reverse("applications:acknowledgement", args=[pk])),
            *[("get", reverse("applications:step", args=[pk, step])) for step in STEPS],
            ("post", reverse("applications:eligibility", args=[pk])),
            ("post", reverse("applications:submit", args=[pk])),
            ("post", reverse("applications:move", args=[pk, workflow.RETIRE])),
            ("post", reverse("applications:document-delete", args=[pk, document.pk]))]


def test_another_applicant_gets_404_on_every_page_and_download_and_nothing_changes(client, filed):
    application, _ = filed
    client.force_login(member(factories.authority(name="Albi")))
    for method, url in _pages(application):
        assert getattr(client, method)(url).status_code == 404, url
    application.refresh_from_db()
    assert application.state == workflow.DEPOSE
    assert application.documents.count() == 1


def test_the_public_is_sent_to_sign_in_from_every_page_whether_the_dossier_exists_or_not(client, filed):
    application, _ = filed
    for method, url in _pages(application) + [("get", reverse("applications:dossier", args=[999999]))]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith("/comptes/login/"), url


def test_the_member_sees_the_dossier_its_history_document_and_acknowledgement(client, filed):
    application, person = filed
    client.force_login(person)
    page = client.get(reverse("applications:dossier", args=[application.pk])).content.decode()
    assert "Déposé le 1er juin 2026 à 12:00:00 (heure de Paris)" in page
    assert "Création du brouillon" in page and "convention.pdf" in page
    download = client.get(reverse("applications:document", args=[application.pk, application.documents.get().pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    pdf = client.get(reverse("applications:acknowledgement", args=[application.pk]))
    assert pdf.content.startswith(b"%PDF")


def test_a_submitted_dossier_steps_send_the_member_back_to_the_dossier(client, filed):
    application, person = filed
    client.force_login(person)
    response = client.get(reverse("applications:step", args=[application.pk, "budget"]))
    assert response.status_code == 302 and response.url == reverse("applications:dossier", args=[application.pk])


def test_the_ministry_sees_every_dossier_and_asks_for_corrections_from_its_page(client, filed):
    application, person = filed
    client.force_login(ministry_officer())
    for method, url in _pages(application)[:3]:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("applications:dossier", args=[application.pk])).content.decode()
    assert "Demander des compléments" in page and "Mettre en instruction" in page
    client.post(reverse("applications:move", args=[application.pk, workflow.A_COMPLETER]),
                {"message": "Joignez la délibération."})
    application.refresh_from_db()
    assert application.state == workflow.A_COMPLETER
    client.force_login(person)
    space = client.get(reverse("applications:space")).content.decode()
    assert "Le ministère demande&nbsp;: Joignez la délibération." in space
    page = client.get(reverse("applications:dossier", args=[application.pk])).content.decode()
    assert "Répondre aux demandes de compléments" in page and "Demander des compléments" not in page
    client.post(reverse("applications:move", args=[application.pk, workflow.DEPOSE]), {"message": "Jointe."})
    application.refresh_from_db()
    assert application.state == workflow.DEPOSE


def test_answering_corrections_runs_the_blocking_checks_again(client, filed):
    """The probe: asked for corrections, the applicant removed every partner and asked
    900 000 000 € on a 1 000 € cost, then answered, and the dossier was « déposé » again. The
    answer passes the same blocking checks as the submission, or stays « à compléter » saying why."""
    application, person = filed
    client.force_login(ministry_officer())
    client.post(reverse("instruction:corrections", args=[application.pk]), {"message": "Précisez le budget.",
                                                                          "sections": ["identite", "partenaires", "projet", "budget", "pieces"]})
    client.force_login(person)
    step = lambda name: reverse("applications:step", args=[application.pk, name])  # noqa: E731
    client.post(step("partenaires"), {"co_applicants": "", "partenaire-TOTAL_FORMS": "1",
                                      "partenaire-INITIAL_FORMS": "0", "partenaire-0-name": "",
                                      "partenaire-0-country": ""})
    client.post(step("budget"), {"depense-TOTAL_FORMS": "1", "depense-INITIAL_FORMS": "0", "depense-0-year": "2026",
                                 "depense-0-category": "personnel", "depense-0-amount": "1000",
                                 "requested_grant": "900000000"})
    assert not application.partnerships.exists()
    assert application.budget_lines.get(category="requested_grant").amount == D("900000000")
    answer = reverse("applications:move", args=[application.pk, workflow.DEPOSE])
    page = client.post(answer, {"message": "Voilà."}, follow=True).content.decode()
    application.refresh_from_db()
    assert application.state == workflow.A_COMPLETER
    assert "Le dossier ne peut pas encore être déposé" in page
    for failed in ("La subvention demandée (900\u00a0000\u00a0000\u00a0€) dépasse le maximum",
                   "Indiquez au moins un pays partenaire", "Le budget n&#x27;est pas équilibré"):
        assert failed in page, failed
    assert [t.to_state for t in application.transitions.all()][-1] == workflow.A_COMPLETER
    complete(application, person)
    client.post(answer, {"message": "Budget et partenaire rétablis."})
    application.refresh_from_db()
    assert application.state == workflow.DEPOSE


def test_every_move_out_of_the_applicant_s_hands_into_a_received_state_runs_the_blocking_checks():
    """A move from a state the applicant edits to a received one the applicant no longer edits
    declares the checks (workflow.py): a move added later is caught here."""
    handing_over = [m for m in workflow.MOVES if m.source in workflow.EDITABLE
                    and m.target in workflow.RECEIVED - workflow.EDITABLE]
    assert {(m.source, m.target) for m in handing_over} == {(workflow.BROUILLON, workflow.DEPOSE),
                                                            (workflow.A_COMPLETER, workflow.DEPOSE)}
    assert all(workflow.CHECKS_PASSED in m.conditions for m in handing_over)


def test_a_draft_acknowledgement_does_not_exist(client):
    application, person = draft(call_obj=open_call())
    client.force_login(person)
    assert client.get(reverse("applications:acknowledgement", args=[application.pk])).status_code == 404


def test_the_steps_save_the_draft_and_the_panel_follows_the_budget(client):
    application, person = draft(call_obj=open_call())
    client.force_login(person)
    url = lambda step: reverse("applications:step", args=[application.pk, step])  # noqa: E731
    response = client.post(url("partenaires"), {
        "co_applicant_name": "Albi", "partenaire-TOTAL_FORMS": "2", "partenaire-INITIAL_FORMS": "0",
        "partenaire-0-name": "District de Huye", "partenaire-0-country": "RW",
        "partenaire-1-name": "", "partenaire-1-country": ""})
    assert response.status_code == 302 and response.url == url("projet")
    client.post(url("projet"), {"duration_months": "24", "gender_marker": "1", "themes": "eau, santé",
                                "sdgs": ["6", "3"], "description": "Réseau d'eau"})
    budget = {"depense-TOTAL_FORMS": "2", "depense-INITIAL_FORMS": "0",
              "depense-0-year": "2026", "depense-0-category": "personnel", "depense-0-amount": "100000",
              "french_cash": "20000", "partner_contributions": "10000", "requested_grant": "80000"}
    panel = client.post(reverse("applications:eligibility", args=[application.pk]), budget).content.decode()
    assert "pas encore enregistré" in panel and "70\u00a0000" in panel
    assert "dépasse le maximum" in panel
    client.post(url("budget"), {**budget, "requested_grant": "70000"})
    application.refresh_from_db()
    assert (application.duration_months, application.themes, sorted(application.sdgs)) == (24, ["eau", "santé"], [3, 6])
    assert [c.name for c in application.co_applicants.all()] == ["Albi"]
    assert sorted(application.budget_lines.values_list("category", "amount")) == [
        ("french_cash", D("20000")), ("partner_contributions", D("10000")), ("personnel", D("100000")),
        ("requested_grant", D("70000"))]


def test_an_executable_renamed_pdf_is_refused_on_the_documents_step(client):
    application, person = draft(call_obj=open_call())
    client.force_login(person)
    page = client.post(reverse("applications:step", args=[application.pk, "pieces"]),
                       {"kind": "convention", "upload": upload("convention.pdf", EXE)}).content.decode()
    assert "est un fichier EXE, quel que soit son nom" in page
    assert not Document.objects.exists()


def test_a_new_draft_is_offered_the_open_calls_and_the_users_authorities(client):
    call = open_call()
    open_call(opens=date(2020, 1, 1), closes=date(2020, 2, 1))  # closed long ago: not offered
    authority = factories.authority(name="Castres-test")
    person = member(authority)
    client.force_login(person)
    page = client.get(reverse("applications:draft-new")).content.decode()
    assert page.count("<option") == 2
    response = client.post(reverse("applications:draft-new"),
                           {"call": call.pk, "authority": authority.pk, "title": "Jumelage scolaire"})
    application = authority.led_applications.get()
    assert response.url == reverse("applications:step", args=[application.pk, "partenaires"])
    assert application.state == workflow.BROUILLON
