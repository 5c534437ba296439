"""The committee's pages under /instruction/comites/: who may open them, the ranked dossiers with
the envelope, decisions in batch from the page (a refusal keeps what was typed), closing, reopening
and publishing; query counts that do not grow with the dossiers."""
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from coopdec.accounts.models import Role
from coopdec.accounts.services import role_grant
from coopdec.applications import workflow
from coopdec.calls.models import ScoringCriterion
from coopdec.instruction.models import CommitteeSession, Decision, Score
from coopdec.instruction.services import decision_record
from tests.committee.people import (
    call_with_envelope, close, communes, in_instruction, member, ministry_officer, session,
)
from tests.accounts.people import user
from tests.queries import assert_counts_do_not_grow

pytestmark = pytest.mark.django_db
LIST = reverse("committees:list")


@pytest.fixture
def officer():
    return ministry_officer()


@pytest.fixture
def board(officer):
    """A call of 100 000 € with a two-criteria grid, two dossiers under instruction (the second
    better scored), and its open session."""
    call = call_with_envelope("100000")
    quality = ScoringCriterion.objects.create(call=call, label="Qualité", weight=D("2"), scale_max=5)
    partners = ScoringCriterion.objects.create(call=call, label="Partenariat", weight=D("1"), scale_max=10)
    first, second = (in_instruction(call, commune, officer, title=f"Projet {i}")[0]
                     for i, commune in enumerate(communes(2)))
    _score(first, officer, {quality: 3, partners: 5})
    _score(second, officer, {quality: 5, partners: 8})
    return call, first, second, session(call, officer)


def _score(application, instructor, values):
    for criterion, value in values.items():
        Score.objects.create(application=application, instructor=instructor, criterion=criterion, value=value)


def test_only_ministry_officers_reach_the_committees(client, board):
    call, first, second, held = board
    pages = [LIST, reverse("committees:session", args=[held.pk])]
    posts = [reverse(name, args=[held.pk]) for name in ("committees:close", "committees:reopen", "committees:publish")]
    instructor = user()
    role_grant(user=instructor, kind=Role.Kind.INSTRUCTOR, by=None, call=call)
    for page in pages + posts:  # the public is sent to sign in
        response = client.post(page) if page in posts else client.get(page)
        assert response.status_code == 302 and "/comptes/login/" in response.url
    for person in (member(first.lead_authority), instructor):
        client.force_login(person)
        for page in pages:
            assert client.get(page).status_code == 403
        for page in posts:
            assert client.post(page).status_code == 403
    held.refresh_from_db()
    assert held.state == CommitteeSession.State.OPEN
    client.force_login(ministry_officer())
    for page in pages:
        assert client.get(page).status_code == 200
    assert client.get(reverse("committees:session", args=[held.pk + 1000])).status_code == 404


def test_the_session_shows_the_ranking_the_envelope_committed_and_left(client, officer, board):
    call, first, second, held = board
    decision_record(application=first, decision="retenu", amount="30000", user=officer)
    client.force_login(officer)
    page = client.get(reverse("committees:session", args=[held.pk])).content.decode()
    # second: (2·5/5 + 1·8/10)/3·20 = 18,67; first: (2·3/5 + 1·5/10)/3·20 = 11,33
    assert page.index("Projet 1") < page.index("Projet 0")
    assert "18,67/20" in page and "11,33/20" in page
    assert "Enveloppe&nbsp;: 100\u00a0000\u00a0€" in page
    assert "Engagé&nbsp;: 30\u00a0000\u00a0€" in page and "Reste&nbsp;: 70\u00a0000\u00a0€" in page
    assert "70\u00a0000\u00a0€" in page  # the rules' maximum of each dossier


def test_decisions_in_batch_from_the_page_all_or_nothing_keeping_what_was_typed(client, officer, board):
    call, first, second, held = board
    client.force_login(officer)
    url = reverse("committees:session", args=[held.pk])
    refused = client.post(url, {f"decision-{second.pk}": "retenu", f"montant-{second.pk}": "70 000",
                                f"decision-{first.pk}": "retenu", f"montant-{first.pk}": "40 000"})
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Aucune décision n&#x27;a été enregistrée : 1 refusée" in page
    assert "il reste 30\u00a0000\u00a0€, et ce dossier en demande 40\u00a0000\u00a0€" in page
    assert 'value="40 000"' in page and 'value="70 000"' in page  # nothing typed is lost
    assert not Decision.objects.exists()
    done = client.post(url, {f"decision-{second.pk}": "retenu", f"montant-{second.pk}": "70 000",
                             f"decision-{first.pk}": "non_retenu", f"motif-{first.pk}": "Budget à revoir"})
    assert done.status_code == 302
    assert dict(Decision.objects.values_list("application", "outcome")) == {
        second.pk: "retenu", first.pk: "non_retenu"}
    assert "2 décisions enregistrées." in client.get(url).content.decode()


def test_close_reopen_with_a_reason_and_publish_from_the_page(client, officer, board):
    call, first, second, held = board
    decision_record(application=second, decision="retenu", amount="50000", user=officer)
    client.force_login(officer)
    url = reverse("committees:session", args=[held.pk])
    client.post(reverse("committees:close", args=[held.pk]), {"confirme": "oui"})
    page = client.get(url).content.decode()
    assert "Enregistrer les décisions" not in page and "Publier la séance" in page
    client.post(reverse("committees:reopen", args=[held.pk]), {"motif": ""})
    held.refresh_from_db()
    assert held.state == CommitteeSession.State.CLOSED
    assert "Rouvrir une séance demande un motif" in client.get(url).content.decode()
    client.post(reverse("committees:publish", args=[held.pk]), {"confirme": "oui"})
    held.refresh_from_db()
    assert held.published_at is not None
    second.refresh_from_db()
    assert second.decision == "retenu"
    client.post(reverse("committees:reopen", args=[held.pk]), {"motif": "Recours de la commune"})
    page = client.get(url).content.decode()
    assert "rouverte par" in page and "Recours de la commune" in page


def test_a_session_is_opened_from_the_list(client, officer):
    call = close(call_with_envelope("50000"))
    client.force_login(officer)
    today = timezone.localdate()
    response = client.post(LIST, {"appel": call.pk, "date": today.isoformat()})
    held = CommitteeSession.objects.get()
    assert response.url == reverse("committees:session", args=[held.pk])
    assert (held.call, held.held_on, held.created_by) == (call, today, officer)
    again = client.post(LIST, {"appel": call.pk, "date": today.isoformat()}).content.decode()
    assert "est encore ouverte : close-la avant d&#x27;en ouvrir une autre" in again
    assert f"{call.name} (2026)" in client.get(LIST).content.decode()


def test_query_counts_of_the_committee_pages_do_not_grow(client, officer, board, django_assert_max_num_queries):
    call, first, second, held = board
    client.force_login(officer)
    criterion = call.criteria.first()

    def add_rows():
        close(call, on=timezone.localdate() + timedelta(days=1))  # open again for more dossiers
        added = [in_instruction(call, commune, officer, title=f"Autre {i}")[0]
                 for i, commune in enumerate(communes(5)[2:])]
        close(call)
        for application in added:
            _score(application, officer, {criterion: 4})
            decision_record(application=application, decision="retenu", amount="1000", user=officer)
        session(call_with_envelope("10"), officer)

    counts = assert_counts_do_not_grow(
        client, [LIST, reverse("committees:session", args=[held.pk])],
        add_rows=add_rows, assert_num_queries=django_assert_max_num_queries)
    assert max(counts.values()) <= 25, counts


def test_no_session_before_the_call_closes_nor_on_a_date_to_come(client, officer):
    """The form's door: an open call, a date to come, a date before the closing are refused with
    the reason, and nothing is written."""
    call = call_with_envelope("50000")
    client.force_login(officer)
    today = timezone.localdate()
    page = client.post(LIST, {"appel": call.pk, "date": today.isoformat()}).content.decode()
    assert f"L&#x27;appel « {call.name} » est ouvert jusqu&#x27;au" in page
    close(call, on=today - timedelta(days=10))
    page = client.post(LIST, {"appel": call.pk, "date": (today + timedelta(days=75)).isoformat()}).content.decode()
    assert "est une date à venir" in page
    page = client.post(LIST, {"appel": call.pk, "date": (today - timedelta(days=20)).isoformat()}).content.decode()
    assert "Le comité ne peut pas s&#x27;être réuni le" in page and "a été clos le" in page
    assert not CommitteeSession.objects.exists()


def test_a_reason_typed_for_a_retained_dossier_is_kept(client, officer, board):
    """The committee's table records a reason per decision, « retenu » included: it is kept on the
    Decision (the letter and the message print it) and shown again on the page."""
    call, first, second, held = board
    client.force_login(officer)
    url = reverse("committees:session", args=[held.pk])
    client.post(url, {f"decision-{second.pk}": "retenu", f"montant-{second.pk}": "50 000",
                      f"motif-{second.pk}": "Premier du classement ; montant réduit aux dépenses d'investissement."})
    recorded = Decision.objects.get(application=second)
    assert (recorded.outcome, recorded.amount) == ("retenu", D("50000"))
    assert recorded.reason == "Premier du classement ; montant réduit aux dépenses d'investissement."
    assert "montant réduit aux dépenses d&#x27;investissement." in client.get(url).content.decode()
