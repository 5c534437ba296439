"""The membership pages: search an authority, ask to join it, and decide others' requests."""
from html import unescape

import pytest
from django.urls import reverse

from coopdec.accounts.models import Membership
from coopdec.accounts.services import membership_request
from coopdec.territories.models import Authority
from tests import factories
from tests.accounts import people

pytestmark = pytest.mark.django_db


@pytest.fixture
def castres():
    """The real Castres of the official geography the test session loads."""
    return Authority.objects.get(kind=Authority.Kind.COMMUNE, code="81065")


def _page(response) -> str:
    """The page as its reader reads it: entities such as &#x27; and &nbsp; turned into characters."""
    return unescape(response.content.decode())


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_the_pages_ask_the_public_to_sign_in(client):
    for name in ("accounts:memberships", "accounts:membership-requests"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("query", ["Castres", "castres", "81065"])
def test_an_applicant_finds_their_authority_by_name_or_code(client, castres, query):
    page = _page(_signed_in(client, people.user()).get(reverse("accounts:memberships"), {"q": query}))
    assert "Castres (Tarn)" in page and f'name="authority" value="{castres.pk}"' in page
    assert "fr-search-bar" in page


def test_a_search_that_finds_nothing_says_so(client):
    page = _page(_signed_in(client, people.user()).get(reverse("accounts:memberships"), {"q": "Zzyzx"}))
    assert "Aucune collectivité enregistrée dans CoopDec ne correspond à «\u00a0Zzyzx\u00a0»." in page


def test_an_applicant_asks_and_sees_the_request_pending(client, castres):
    applicant = people.user()
    _signed_in(client, applicant)
    response = client.post(reverse("accounts:membership-request"), {"authority": castres.pk}, follow=True)
    page = _page(response)
    assert "Votre demande de rattachement à Castres (Tarn) est enregistrée." in page
    assert "demandée" in page and "fr-badge" in page
    assert Membership.objects.get(user=applicant).state == Membership.State.REQUESTED

    again = client.post(reverse("accounts:membership-request"), {"authority": castres.pk}, follow=True)
    assert "Votre demande pour Castres est déjà en attente." in _page(again)
    assert Membership.objects.filter(user=applicant).count() == 1


def test_an_unknown_authority_is_refused_clearly(client):
    page = _page(_signed_in(client, people.user()).post(
        reverse("accounts:membership-request"), {"authority": "999999999"}, follow=True
    ))
    assert "Cette collectivité n'existe pas dans CoopDec." in page


@pytest.fixture
def pending(castres):
    return membership_request(user=people.user(email="nouvel.agent@castres.fr"), authority=castres)


def _decide(client, membership, decision, reason=""):
    return client.post(reverse("accounts:membership-decide", kwargs={"pk": membership.pk}),
                       {"decision": decision, "reason": reason}, follow=True)


def test_a_confirmed_member_sees_and_confirms_a_colleague(client, pending, castres):
    _signed_in(client, people.member(castres))
    home = _page(client.get(reverse("accounts:memberships")))
    assert "1\u00a0demande de rattachement attend votre décision." in home
    listing = _page(client.get(reverse("accounts:membership-requests")))
    assert "nouvel.agent@castres.fr" in listing and "Castres (Tarn)" in listing
    page = _page(_decide(client, pending, "confirm"))
    assert "La demande de nouvel.agent@castres.fr pour Castres (Tarn) est confirmée." in page
    pending.refresh_from_db()
    assert pending.state == Membership.State.CONFIRMED


def test_a_refusal_needs_a_reason_that_the_applicant_then_reads(client, pending):
    _signed_in(client, people.ministry_officer())
    page = _page(_decide(client, pending, "refuse"))
    assert "Donnez le motif du refus\u00a0: le demandeur le lira." in page
    pending.refresh_from_db()
    assert pending.state == Membership.State.REQUESTED

    _decide(client, pending, "refuse", "Personne inconnue des services de la ville")
    client.force_login(pending.user)
    mine = _page(client.get(reverse("accounts:memberships")))
    assert "refusée" in mine and "Personne inconnue des services de la ville" in mine


@pytest.mark.parametrize("who", ["member_elsewhere", "requester", "applicant_without_authority"])
def test_others_neither_see_nor_decide_the_request(client, pending, who):
    decider = {
        "member_elsewhere": lambda: people.member(factories.authority("Albi")),
        "requester": lambda: pending.user,
        "applicant_without_authority": people.user,
    }[who]()
    _signed_in(client, decider)
    listing = _page(client.get(reverse("accounts:membership-requests")))
    assert "nouvel.agent@castres.fr" not in listing
    assert "Aucune demande de rattachement n'attend votre décision." in listing
    response = client.post(reverse("accounts:membership-decide", kwargs={"pk": pending.pk}),
                           {"decision": "confirm"})
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.state == Membership.State.REQUESTED


def test_the_list_of_requests_does_not_query_per_row(client, django_assert_max_num_queries, castres):
    officer = people.ministry_officer()
    for n in range(6):
        membership_request(user=people.user(), authority=factories.authority(f"Commune {n}"))
    _signed_in(client, officer)
    client.get(reverse("accounts:membership-requests"))  # the session and the first lookups
    with django_assert_max_num_queries(8):
        page = _page(client.get(reverse("accounts:membership-requests")))
    assert page.count('value="confirm"') == 6
