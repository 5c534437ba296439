"""The back office of memberships and roles, used by a ministry officer (not a superuser)."""
from html import unescape

import pytest
from django.urls import reverse

from coopdec.accounts.models import Membership, Role
from coopdec.accounts.services import membership_request, role_grant
from tests import factories
from tests.accounts import people

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    client.force_login(people.ministry_officer(email="agent@diplomatie.gouv.fr"))
    return client


def _page(response) -> str:
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_the_officer_reads_memberships_and_roles_in_french(officer_client):
    membership_request(user=people.user(email="elue@castres.fr"), authority=factories.authority("Castres"))
    memberships = _page(officer_client.get(reverse("admin:accounts_membership_changelist")))
    assert "rattachements aux collectivités" in memberships.lower() and "elue@castres.fr" in memberships
    assert "demandée" in memberships
    roles = _page(officer_client.get(reverse("admin:accounts_role_changelist")))
    assert "agent du ministère" in roles


def test_a_role_added_in_the_admin_is_granted_by_the_officer(officer_client):
    person, occitanie = people.user(), factories.region()
    officer_client.post(reverse("admin:accounts_role_add"),
                        {"user": person.pk, "kind": Role.Kind.NETWORK, "region": occitanie.pk})
    role = Role.objects.get(user=person)
    assert (role.kind, role.region) == (Role.Kind.NETWORK, occitanie)
    assert role.granted_by.email == "agent@diplomatie.gouv.fr"


def test_a_ministry_role_added_in_the_admin_opens_the_admin(officer_client):
    person = people.user()
    officer_client.post(reverse("admin:accounts_role_add"), {"user": person.pk, "kind": Role.Kind.MINISTRY})
    person.refresh_from_db()
    assert person.is_staff and person.groups.filter(name="Ministère").exists()


def test_a_role_without_its_scope_is_refused_in_french(officer_client):
    page = _page(officer_client.post(reverse("admin:accounts_role_add"),
                                     {"user": people.user().pk, "kind": Role.Kind.NETWORK}))
    assert "un membre de réseau, une région" in page
    assert not Role.objects.filter(kind=Role.Kind.NETWORK).exists()


def test_the_confirm_action_goes_through_the_service(officer_client):
    pending = membership_request(user=people.user(), authority=factories.authority("Castres"))
    officer_client.post(reverse("admin:accounts_membership_changelist"),
                        {"action": "confirm", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.state == Membership.State.CONFIRMED
    assert pending.decided_by.email == "agent@diplomatie.gouv.fr"


def test_a_role_is_never_rewritten_in_the_admin(officer_client):
    """Rewriting a network role as a ministry one would give the ministry's pages without
    `role_grant` (its record, its group, its staff access): a role is granted or taken back."""
    person, occitanie = people.user(), factories.region()
    role = role_grant(user=person, kind=Role.Kind.NETWORK, region=occitanie, by=None)
    response = officer_client.post(reverse("admin:accounts_role_change", args=[role.pk]),
                                   {"user": person.pk, "kind": Role.Kind.MINISTRY})
    assert response.status_code == 403
    assert list(Role.objects.filter(user=person).values_list("kind", "region")) == [(Role.Kind.NETWORK, "76")]
    assert officer_client.post(reverse("admin:accounts_role_delete", args=[role.pk]), {"post": "yes"}).status_code == 302
    assert not Role.objects.filter(user=person).exists()


def test_a_membership_is_asked_through_the_service_and_never_rewritten_in_the_admin(officer_client):
    """Who belongs to which authority is what the conflict-of-interest rule reads: a request is
    added as the person would ask it, decided by the service, never moved to another person."""
    person, castres = people.user(), factories.authority("Castres")
    officer_client.post(reverse("admin:accounts_membership_add"), {"user": person.pk, "authority": castres.pk})
    membership = Membership.objects.get(user=person)
    assert (membership.authority, membership.state) == (castres, Membership.State.REQUESTED)
    response = officer_client.post(reverse("admin:accounts_membership_change", args=[membership.pk]),
                                   {"user": people.user().pk, "authority": factories.authority("Albi").pk,
                                    "state": Membership.State.CONFIRMED})
    assert response.status_code == 403
    membership.refresh_from_db()
    assert (membership.user, membership.authority, membership.state) == (person, castres, Membership.State.REQUESTED)


def test_the_officer_lists_searches_and_filters_users_and_reads_them_without_editing(officer_client):
    elue = people.member(factories.authority("Castres"), email="elue@castres.fr", first_name="Élise",
                         last_name="Martin")
    people.user(email="autre@exemple.fr")
    url = reverse("admin:auth_user_changelist")
    page = _page(officer_client.get(url))
    assert "elue@castres.fr" in page and "autre@exemple.fr" in page and "agent@diplomatie.gouv.fr" in page
    assert "agent du ministère" in page  # the officer's role, in the list
    found = _page(officer_client.get(url, {"q": "Castres"}))
    assert "elue@castres.fr" in found and "autre@exemple.fr" not in found
    ministry = _page(officer_client.get(url, {"roles__kind__exact": Role.Kind.MINISTRY}))
    assert "agent@diplomatie.gouv.fr" in ministry and "elue@castres.fr" not in ministry
    change = reverse("admin:auth_user_change", args=[elue.pk])
    detail = _page(officer_client.get(change))
    assert "pbkdf2_sha256" in detail or "algorithme" in detail.lower()  # the hash's summary, read-only
    assert 'name="password"' not in detail and 'type="submit" value="Enregistrer"' not in detail
    assert officer_client.post(change, {"email": "pirate@exemple.fr", "is_superuser": "on"}).status_code == 403
    elue.refresh_from_db()
    assert elue.email == "elue@castres.fr" and not elue.is_superuser
