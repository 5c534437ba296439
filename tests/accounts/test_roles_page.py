"""The ministry's list of roles: a staff page, refused to everyone else with the reason."""
from html import unescape

import pytest
from django.urls import reverse

from coopdec.accounts.models import Role
from coopdec.accounts.services import role_grant
from tests import factories
from tests.accounts import people

pytestmark = pytest.mark.django_db


def test_the_ministry_sees_every_role_with_its_scope(client, django_assert_max_num_queries):
    officer = people.ministry_officer(email="agent@diplomatie.gouv.fr")
    role_grant(user=people.user(email="reseau@occitanie.fr"), kind=Role.Kind.NETWORK,
               region=factories.region(), by=officer)
    role_grant(user=people.user(email="instructeur@diplomatie.gouv.fr"), kind=Role.Kind.INSTRUCTOR,
               country=factories.country(), by=officer)
    client.force_login(officer)
    client.get(reverse("accounts:roles"))
    with django_assert_max_num_queries(8):
        page = unescape(client.get(reverse("accounts:roles")).content.decode())
    assert "reseau@occitanie.fr" in page and "membre d'un réseau régional" in page and "Occitanie" in page
    assert "instructeur@diplomatie.gouv.fr" in page and "Rwanda" in page
    assert page.count("agent@diplomatie.gouv.fr") == 3  # an officer themself, and the grantor twice


def test_the_public_is_asked_to_sign_in(client):
    response = client.get(reverse("accounts:roles"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_member_of_an_authority_is_refused(client):
    client.force_login(people.member(factories.authority("Castres")))
    response = client.get(reverse("accounts:roles"))
    assert response.status_code == 403
    assert "Cette page est réservée aux agents du ministère." in response.content.decode()
