"""The back office of memberships and roles, used by a ministry officer (not a superuser)."""
from html import unescape

import pytest
from django.urls import reverse

from coopdec.accounts.models import Membership, Role
from coopdec.accounts.services import membership_request
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
