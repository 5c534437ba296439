"""Who may request, confirm and refuse a membership, and what each role then acts for."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from coopdec.accounts.models import Membership, Role
from coopdec.accounts.permissions import can_decide_membership, can_view_staff_pages
from coopdec.accounts.selectors import (
    instructor_scope, is_member, is_ministry, member_authorities, network_regions,
)
from coopdec.accounts.services import membership_decide, membership_request, role_grant
from tests import factories
from tests.accounts import people

pytestmark = pytest.mark.django_db


@pytest.fixture
def castres():
    return factories.authority("Castres")


@pytest.fixture
def pending(castres):
    return membership_request(user=people.user(), authority=castres)


def test_a_request_is_pending_until_decided(castres):
    applicant = people.user()
    membership = membership_request(user=applicant, authority=castres)
    assert membership.state == Membership.State.REQUESTED
    assert not is_member(applicant, castres)
    assert list(member_authorities(applicant)) == []


def test_asking_twice_is_refused_with_the_state_of_the_first_request(castres):
    applicant = people.user()
    membership_request(user=applicant, authority=castres)
    with pytest.raises(PermissionDenied, match="Votre demande pour Castres est déjà en attente."):
        membership_request(user=applicant, authority=castres)
    with pytest.raises(PermissionDenied, match="Vous êtes déjà membre de Castres."):
        membership_request(user=people.member(castres), authority=castres)


def test_the_ministry_confirms_and_the_applicant_then_acts_for_the_authority(pending, castres):
    officer = people.ministry_officer()
    membership_decide(membership=pending, by=officer, confirm=True)
    pending.refresh_from_db()
    assert (pending.state, pending.decided_by) == (Membership.State.CONFIRMED, officer)
    assert pending.decided_at is not None
    assert list(member_authorities(pending.user)) == [castres]


def test_a_confirmed_member_of_the_same_authority_may_refuse_with_a_reason(pending, castres):
    colleague = people.member(castres)
    membership_decide(membership=pending, by=colleague, confirm=False, reason="Inconnu du service")
    pending.refresh_from_db()
    assert (pending.state, pending.reason) == (Membership.State.REFUSED, "Inconnu du service")
    assert not is_member(pending.user, castres)


def test_after_a_refusal_the_user_may_ask_again(pending):
    membership_decide(membership=pending, by=people.ministry_officer(), confirm=False)
    again = membership_request(user=pending.user, authority=pending.authority)
    assert (again.pk, again.state, again.decided_by) == (pending.pk, Membership.State.REQUESTED, None)


@pytest.mark.parametrize("who, reason", [
    ("member_elsewhere", "Seuls le ministère et les membres confirmés de Castres"),
    ("pending_colleague", "Seuls le ministère et les membres confirmés de Castres"),
    ("requester", "votre propre demande"),
    ("instructor", "Seuls le ministère et les membres confirmés de Castres"),
    ("network", "Seuls le ministère et les membres confirmés de Castres"),
])
def test_others_may_not_decide(pending, castres, who, reason):
    deciders = {
        "member_elsewhere": lambda: people.member(factories.authority("Albi")),
        "pending_colleague": lambda: membership_request(user=people.user(), authority=castres).user,
        "requester": lambda: pending.user,
        "instructor": lambda: _with_role(Role.Kind.INSTRUCTOR, call=factories.call()),
        "network": lambda: _with_role(Role.Kind.NETWORK, region=factories.region()),
    }
    decider = deciders[who]()
    assert reason in can_decide_membership(decider, pending).reason
    with pytest.raises(PermissionDenied):
        membership_decide(membership=pending, by=decider, confirm=True)
    pending.refresh_from_db()
    assert pending.state == Membership.State.REQUESTED


def test_the_public_may_not_decide(pending):
    decision = can_decide_membership(AnonymousUser(), pending)
    assert not decision and decision.reason == "Connectez-vous pour continuer."


def test_a_decided_request_cannot_be_decided_again(pending):
    officer = people.ministry_officer()
    membership_decide(membership=pending, by=officer, confirm=True)
    with pytest.raises(PermissionDenied, match="déjà confirmée"):
        membership_decide(membership=pending, by=officer, confirm=False)


def _with_role(kind, **scope):
    person = people.user()
    role_grant(user=person, kind=kind, by=None, **scope)
    return person


def test_a_ministry_officer_gets_the_back_office_and_the_staff_pages():
    officer = people.ministry_officer()
    officer.refresh_from_db()
    assert officer.is_staff and is_ministry(officer) and can_view_staff_pages(officer)
    assert officer.has_perm("accounts.change_membership")
    assert not officer.is_superuser


def test_staff_pages_are_refused_to_every_other_role(castres):
    network_member = _with_role(Role.Kind.NETWORK, region=factories.region())
    for person in (people.user(), people.member(castres), network_member):
        decision = can_view_staff_pages(person)
        assert not decision and decision.reason == "Cette page est réservée aux agents du ministère."


def test_roles_carry_their_scope():
    a_call, rwanda, occitanie = factories.call(), factories.country(), factories.region()
    instructor = _with_role(Role.Kind.INSTRUCTOR, call=a_call)
    role_grant(user=instructor, kind=Role.Kind.INSTRUCTOR, country=rwanda, by=None)
    scope = instructor_scope(instructor)
    assert (list(scope.calls), list(scope.countries)) == ([a_call], [rwanda])
    assert list(network_regions(_with_role(Role.Kind.NETWORK, region=occitanie))) == [occitanie]
    assert not instructor_scope(people.user())


def test_only_the_ministry_grants_roles():
    with pytest.raises(PermissionDenied, match="Seul le ministère"):
        role_grant(user=people.user(), kind=Role.Kind.MINISTRY, by=people.user())
    granted = role_grant(user=people.user(), kind=Role.Kind.NETWORK, region=factories.region(),
                         by=people.ministry_officer())
    assert granted.granted_by is not None


def test_a_role_out_of_its_scope_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        Role.objects.create(user=people.user(), kind=Role.Kind.NETWORK)


def test_an_address_has_one_account():
    people.user(email="elue@castres.fr")
    with pytest.raises(ValidationError, match="Un compte existe déjà pour l'adresse elue@castres.fr."):
        people.user(email="Elue@Castres.fr")
