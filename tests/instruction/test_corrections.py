"""A request for corrections says what to correct and reopens only that: the officer ticks the
parts of the dossier, the applicant edits those and nothing else, by the form as by the services."""
from decimal import Decimal as D
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coopdec.applications import workflow
from coopdec.applications.models import Document
from coopdec.applications.services import (
    application_ask_corrections, application_budget_set, application_update, document_add,
)
from tests.applications.files import PDF, upload
from tests.instruction.people import grid_call, ministry_officer, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(client):
    """A submitted dossier whose budget only the officer reopened, through the instruction page."""
    application, applicant = submitted(grid_call())
    officer = ministry_officer(email="agent@ministere.fr")
    client.force_login(officer)
    url = reverse("instruction:corrections", args=[application.pk])
    response = client.post(url, {"message": "Détaillez les missions.", "sections": ["budget"]})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == workflow.A_COMPLETER
    return application, applicant, officer


def _page(response) -> str:
    return unescape(response.content.decode()).replace("\u00a0", " ")


def test_the_applicant_edits_the_reopened_part_and_nothing_else(client, asked):
    application, applicant, _ = asked
    client.force_login(applicant)
    space = _page(client.get(reverse("applications:space")))
    assert "À corriger : Budget." in space and "Détaillez les missions." in space
    assert client.get(reverse("applications:step", args=[application.pk, "budget"])).status_code == 200
    response = client.get(reverse("applications:step", args=[application.pk, "identite"]), follow=True)
    assert "Le ministère a demandé de corriger seulement : Budget. La partie « Identité » ne se modifie pas." in _page(
        response)
    # every door: the services refuse the other parts too
    with pytest.raises(PermissionDenied, match="corriger seulement : Budget"):
        application_update(application=application, user=applicant, title="Autre intitulé")
    with pytest.raises(PermissionDenied, match="Pièces jointes"):
        document_add(application=application, user=applicant, kind=Document.Kind.AUTRE, upload=upload("x.pdf", PDF))
    application_budget_set(application=application, user=applicant,
                           expenses=[(2026, "personnel", D("60000")), (2027, "missions", D("40000"))],
                           resources={"french_cash": D("20000"), "partner_contributions": D("10000"),
                                      "requested_grant": D("70000")})
    application.refresh_from_db()
    assert application.title == "Eau potable à Huye" and application.documents.count() == 1


def test_the_officer_must_say_which_parts_to_correct(client):
    application, _ = submitted(grid_call())
    client.force_login(ministry_officer())
    response = client.post(reverse("instruction:corrections", args=[application.pk]), {"message": "Corrigez."})
    assert response.status_code == 200 and "Cochez au moins une partie du dossier à corriger." in _page(response)
    application.refresh_from_db()
    assert application.state == workflow.DEPOSE


def test_an_unknown_part_is_refused_and_none_named_reopens_everything(client):
    application, applicant = submitted(grid_call())
    officer = ministry_officer()
    with pytest.raises(ValidationError):
        application_ask_corrections(application=application, user=officer, message="x", sections=["signature"])
    application.refresh_from_db()
    assert application.state == workflow.DEPOSE
    application_ask_corrections(application=application, user=officer, message="Relisez tout.")
    application_update(application=application, user=applicant, title="Eau potable à Huye et Gisagara")
    application.refresh_from_db()
    assert application.title == "Eau potable à Huye et Gisagara"
