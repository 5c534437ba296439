"""The grant's pages: who sees them (404 for anyone but the lead authority's members and the
ministry), filing a report, recording a payment and reviewing a report from them, and query
counts that do not grow with the grants shown."""
from datetime import timedelta
from decimal import Decimal as D

from django.urls import reverse
from django.utils import timezone

from coopdec.grants.models import Report, Tranche
from coopdec.grants.services import grant_plan, report_file
from tests import factories
from tests.accounts.people import user
from tests.applications.files import EXE, PDF, upload
from tests.applications.people import member
from tests.grants.conftest import retained
from tests.queries import assert_counts_do_not_grow


def _urls(application):
    return [reverse("grants:reports", args=[application.pk])]


def test_the_reports_page_is_404_for_anyone_but_members_and_the_ministry(client, grant):
    application, person, officer = grant
    grant_plan(application=application)
    report = application.reports.get(kind="intermediate")
    report_file(report=report, user=person, narrative="Réalisé.", statement={"personnel": "1"},
                documents=[upload("bilan.pdf", PDF)])
    document = report.documents.get()
    urls = _urls(application) + [reverse("grants:report-document", args=[application.pk, document.pk])]
    assert client.get(urls[0]).status_code == 302  # the public is sent to sign in
    client.force_login(member(factories.authority(name="Albi")))
    for url in urls:
        assert client.get(url).status_code == 404, url
    final = application.reports.get(kind="final")
    response = client.post(urls[0], {"rapport": final.pk, f"rapport-{final.pk}-narrative": "Intrus"})
    assert response.status_code == 404
    assert Report.objects.get(pk=final.pk).state == "attendu"
    client.force_login(officer)
    assert client.get(urls[1]).getvalue() == PDF
    client.force_login(person)
    assert client.get(urls[1]).getvalue() == PDF
    # The ministry's page: the public signs in, an applicant is refused.
    assert client.get(reverse("grants:overview")).status_code == 403


def test_the_member_sees_the_schedule_and_files_a_report_from_the_page(client, grant):
    application, person, officer = grant
    grant_plan(application=application)
    client.force_login(person)
    url = reverse("grants:reports", args=[application.pk])
    assert url in client.get(reverse("applications:dossier", args=[application.pk])).content.decode()
    page = client.get(url).content.decode()
    assert "42\u00a0000\u00a0€" in page and "22\u00a0400\u00a0€" in page and "5\u00a0600\u00a0€" in page
    assert "Après acceptation du rapport final" in page
    assert "Rapport intermédiaire 2026" in page and "31 mars 2027" in page
    report = application.reports.get(kind="intermediate")
    prefix = f"rapport-{report.pk}"
    refused = client.post(url, {"rapport": report.pk, f"{prefix}-narrative": "Forages.",
                                f"{prefix}-depense_personnel": "41 000", f"{prefix}-documents": upload("x.pdf", EXE)})
    # A refused report is shown again with its errors summed up at the top (issue 15: it answered 400).
    assert refused.status_code == 200
    page = refused.content.decode()
    assert page.index('id="erreurs"') < page.index("Échéancier des versements")
    assert f'<a href="#{prefix}">Rapport intermédiaire 2026&nbsp;: ' in page and "est un fichier EXE" in page
    assert f'<fieldset class="fr-fieldset fr-fieldset--error" id="{prefix}">' in page
    assert "Forages.</textarea>" in page  # what was typed is kept
    empty = client.post(url, {"rapport": report.pk, f"{prefix}-narrative": "Forages."})
    assert empty.status_code == 200 and "état financier est vide" in empty.content.decode()
    bad = client.post(url, {"rapport": report.pk, f"{prefix}-narrative": "Forages.",
                            f"{prefix}-depense_personnel": "beaucoup"}).content.decode()
    assert f'<a href="#id_{prefix}-depense_personnel">Rapport intermédiaire 2026 — Dépensé — personnel (€)&nbsp;:' in bad
    assert Report.objects.get(pk=report.pk).state == "attendu"
    response = client.post(url, {"rapport": report.pk, f"{prefix}-narrative": "Forages réalisés.",
                                 f"{prefix}-depense_personnel": "41 000,50",
                                 f"{prefix}-documents": [upload("bilan.pdf", PDF), upload("photos.pdf", PDF)]})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "depose" and report.documents.count() == 2
    assert report.statement_lines.get().amount == D("41000.50")
    page = client.get(url).content.decode()
    assert "Forages réalisés." in page and "41\u00a0000,50\u00a0€" in page and "bilan.pdf" in page


def test_the_ministry_records_a_payment_and_reviews_reports_from_its_page(client, grant):
    application, person, officer = grant
    grant_plan(application=application)
    client.force_login(officer)
    url = reverse("grants:overview")
    page = client.get(url).content.decode()
    assert application.title in page and "Aucun rapport en retard" in page
    first = Tranche.objects.get(application=application, order=1)
    today = timezone.localdate()
    too_much = client.post(url, {"action": "versement", "id": first.pk, f"tranche-{first.pk}-paid_on": today,
                                 f"tranche-{first.pk}-amount": "42 001", "confirme": "oui"})
    assert too_much.status_code == 400 and "dépasse celui de la tranche" in too_much.content.decode()
    ok = client.post(url, {"action": "versement", "id": first.pk, f"tranche-{first.pk}-paid_on": today,
                           f"tranche-{first.pk}-amount": "42 000", "confirme": "oui"})
    assert ok.status_code == 302
    assert Tranche.objects.get(pk=first.pk).paid_amount == D("42000")
    second = Tranche.objects.get(application=application, order=2)
    blocked = client.post(url, {"action": "versement", "id": second.pk, f"tranche-{second.pk}-paid_on": today,
                                f"tranche-{second.pk}-amount": "1"})
    assert blocked.status_code == 404  # no form for a tranche whose condition does not hold
    assert "rapport intermédiaire 2026 (il est" in client.get(url).content.decode()

    report = application.reports.get(kind="intermediate")
    report_file(report=report, user=person, narrative="Forages réalisés.", statement={"personnel": "41000"})
    page = client.get(url).content.decode()
    assert "Rapports à examiner" in page and "Forages réalisés." in page
    prefix = f"examen-{report.pk}"
    no_comment = client.post(url, {"action": "examen", "id": report.pk, f"{prefix}-decision": "modifier"})
    assert no_comment.status_code == 400 and "ce qu&#x27;il faut modifier" in no_comment.content.decode()
    client.post(url, {"action": "examen", "id": report.pk, f"{prefix}-decision": "modifier",
                      f"{prefix}-comment": "Joignez les factures."})
    assert Report.objects.get(pk=report.pk).state == "modifications"
    client.force_login(person)
    assert "Joignez les factures." in client.get(reverse("grants:reports", args=[application.pk])).content.decode()
    report_file(report=report, user=person, narrative="Avec factures.", statement={"personnel": "41000"})
    client.force_login(officer)
    client.post(url, {"action": "examen", "id": report.pk, f"{prefix}-decision": "accepter"})
    assert Report.objects.get(pk=report.pk).state == "accepte"
    assert "Enregistrer le versement" in client.get(url).content.decode()  # the second tranche now


def test_overdue_reports_are_shown_to_both_sides(client, grant):
    application, person, officer = grant
    grant_plan(application=application)
    Report.objects.filter(application=application, kind="intermediate").update(
        due_on=timezone.localdate() - timedelta(days=1))
    client.force_login(officer)
    page = client.get(reverse("grants:overview")).content.decode()
    assert "Aucun rapport en retard" not in page and "En retard" in page
    client.force_login(person)
    assert "Ce rapport est en retard" in client.get(reverse("grants:reports", args=[application.pk])).content.decode()


def test_query_counts_do_not_grow_with_grants_reports_and_documents(client, grant, django_assert_num_queries):
    application, person, officer = grant
    grant_plan(application=application)

    def add_rows():
        other, other_person, _ = retained(year=2027)
        grant_plan(application=other)
        for report in list(application.reports.all()) + list(other.reports.all()):
            report_file(report=report, user=person if report.application_id == application.pk else other_person,
                        narrative="Réalisé.", statement={"personnel": "1", "missions": "2"},
                        documents=[upload("a.pdf", PDF), upload("b.pdf", PDF)])

    client.force_login(officer)
    assert_counts_do_not_grow(client, [reverse("grants:overview"), reverse("grants:reports", args=[application.pk])],
                              add_rows=add_rows, assert_num_queries=django_assert_num_queries)


def test_a_signed_in_stranger_gets_404_on_a_dossier_that_does_not_exist(client, db):
    client.force_login(user())
    assert client.get(reverse("grants:reports", args=[999999])).status_code == 404


def test_the_back_office_shows_grants_read_only(client, grant, admin_user):
    application, _, _ = grant
    grant_plan(application=application)
    client.force_login(admin_user)
    report = application.reports.first()
    for name in ("tranche", "report"):
        page = client.get(reverse(f"admin:grants_{name}_changelist"))
        assert page.status_code == 200 and application.title in page.content.decode()
    change = client.get(reverse("admin:grants_report_change", args=[report.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert client.get(reverse("admin:grants_tranche_add")).status_code == 403
