"""Conflict of interest on a grant, through the ministry's page: an officer whose membership of the
dossier's authority is only requested may neither record a payment of its tranches nor review its
reports; the refusal names the conflict and nothing is written (the rule is
applications.permissions.conflict_of_interest, as for every ministry action on a dossier)."""
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from coopdec.accounts.services import membership_request
from coopdec.grants.models import Report, Tranche
from coopdec.grants.services import report_file
from tests.applications.people import ministry_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def conflicted(client, grant):
    application, _, _ = grant
    officer = ministry_officer(email="agent@castres.fr")
    membership_request(user=officer, authority=application.lead_authority)
    client.force_login(officer)
    return officer


def _refused(response):
    assert response.status_code == 400
    page = unescape(response.content.decode()).replace("\u00a0", " ").replace("\u202f", " ")
    assert ("Conflit d'intérêts : agent@castres.fr est membre de Castres (demande de rattachement en cours), "
            "collectivité cheffe de file de ce dossier.") in page


def test_recording_a_payment(client, grant, conflicted):
    application, _, _ = grant
    first = Tranche.objects.get(application=application, order=1)
    _refused(client.post(reverse("grants:overview"), {
        "action": "versement", "id": first.pk, f"tranche-{first.pk}-paid_on": timezone.localdate(),
        f"tranche-{first.pk}-amount": str(first.amount)}))
    assert not Tranche.objects.get(pk=first.pk).paid


@pytest.mark.parametrize("decision", ["accepter", "modifier"])
def test_reviewing_a_report(client, grant, conflicted, decision):
    application, person, _ = grant
    report = application.reports.get(kind="final")
    report_file(report=report, user=person, narrative="Forages réalisés.", statement={"personnel": "41000"})
    prefix = f"examen-{report.pk}"
    _refused(client.post(reverse("grants:overview"), {
        "action": "examen", "id": report.pk, f"{prefix}-decision": decision, f"{prefix}-comment": "Bien."}))
    assert Report.objects.get(pk=report.pk).state == Report.State.DEPOSE
