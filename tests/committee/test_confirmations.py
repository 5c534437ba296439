"""Confirmation before what cannot be undone: closing a session and publishing it go through a
confirmation step (a page that works without JavaScript); the server acts only on a POST that
carries `confirme=oui`, and offers no step to an officer it would refuse."""
from html import unescape

import pytest
from django.urls import reverse

from coopdec.accounts.services import membership_request
from coopdec.instruction.models import CommitteeSession
from coopdec.instruction.services import decision_record
from tests.committee.test_pages import board, officer  # noqa: F401 (fixtures)
from tests.applications.people import ministry_officer

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return unescape(response.content.decode()).replace("\u00a0", " ").replace("\u202f", " ")


def test_closing_a_session_asks_for_confirmation_first_and_only_then_closes(client, officer, board):
    call, first, second, held = board
    decision_record(application=second, decision="retenu", amount="50000", user=officer)
    decision_record(application=first, decision="non_retenu", reason="Hors priorités", user=officer)
    client.force_login(officer)
    url = reverse("committees:close", args=[held.pk])
    for response in (client.get(url), client.post(url), client.post(url, {"confirme": "non"})):
        page = _text(response)
        assert response.status_code == 200 and "Clore la séance ?" in page
        assert "2 décisions sont figées (non retenu : 1, retenu : 1)" in page
        assert "2 demandeurs reçoivent la décision" in page and 'name="confirme" value="oui"' in page
        held.refresh_from_db()
        assert held.state == CommitteeSession.State.OPEN
    response = client.post(url, {"confirme": "oui"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.state == CommitteeSession.State.CLOSED


def test_publishing_a_session_asks_for_confirmation_first_and_only_then_publishes(client, officer, board):
    call, first, second, held = board
    decision_record(application=second, decision="retenu", amount="50000", user=officer)
    client.force_login(officer)
    client.post(reverse("committees:close", args=[held.pk]), {"confirme": "oui"})
    url = reverse("committees:publish", args=[held.pk])
    response = client.post(url)
    page = _text(response)
    assert response.status_code == 200 and "Publier la séance ?" in page
    assert "1 lauréat (50 000 € accordés) apparaît sur les pages publiques" in page
    held.refresh_from_db()
    assert held.published_at is None
    client.post(url, {"confirme": "oui"})
    held.refresh_from_db()
    assert held.published_at is not None


def test_an_officer_in_a_conflict_of_interest_gets_the_refusal_not_the_confirmation(client, officer, board):
    call, first, second, held = board
    decision_record(application=second, decision="retenu", amount="50000", user=officer)
    conflicted = ministry_officer(email="agent@commune.fr")
    membership_request(user=conflicted, authority=second.lead_authority)
    client.force_login(conflicted)
    response = client.get(reverse("committees:close", args=[held.pk]))
    assert response.status_code == 302
    assert "Conflit d'intérêts" in _text(client.get(response.url))
    client.post(reverse("committees:close", args=[held.pk]), {"confirme": "oui"})
    held.refresh_from_db()
    assert held.state == CommitteeSession.State.OPEN
