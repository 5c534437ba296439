"""Ministry staff set up TOTP before any page but the sign-in ones, then sign in with a code."""
import importlib
import json

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from cryptography.fernet import InvalidToken
from django.apps import apps
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests import factories
from tests.accounts import people

pytestmark = pytest.mark.django_db


def _sign_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": people.PASSWORD})


def _open_totp_setup(client):
    """allauth asks for the password again before a change of authenticator, even after sign-in."""
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    client.post(asked["Location"], {"password": people.PASSWORD})
    return client.get(reverse("mfa_activate_totp"))


@pytest.fixture
def officer():
    return people.ministry_officer(totp=False, email="agent@diplomatie.gouv.fr")


@pytest.mark.parametrize("path", ["/admin/", "/comptes/collectivites/demandes/", "/"])
def test_an_officer_without_totp_is_sent_to_set_it_up(client, officer, path):
    _sign_in(client, officer)
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    password_again = client.get(response["Location"], follow=True).content.decode()
    assert "doivent activer la double authentification" in password_again and "fr-input" in password_again
    setup = _open_totp_setup(client).content.decode()
    assert "Activer l'application d'authentification" in setup and 'src="data:image/svg+xml;base64,' in setup


def test_once_totp_is_activated_the_staff_pages_open(client, officer):
    _sign_in(client, officer)
    _open_totp_setup(client)
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": people.current_code(secret)})
    recovery_codes = client.get(response["Location"]).content.decode()
    assert "Codes de récupération" in recovery_codes and "fr-btn" in recovery_codes
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("accounts:membership-requests")).status_code == 200


def test_an_officer_with_totp_signs_in_with_a_code_and_then_passes(client, officer):
    secret = generate_totp_secret()
    TOTP.activate(officer, secret)
    response = _sign_in(client, officer)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    not_the_code = "111111" if people.current_code(secret) == "000000" else "000000"
    wrong = client.post(reverse("mfa_authenticate"), {"code": not_the_code})
    assert "_auth_user_id" not in client.session and "fr-input-group--error" in wrong.content.decode()
    client.post(reverse("mfa_authenticate"), {"code": people.current_code(secret)})
    assert client.get("/admin/").status_code == 200


def test_applicants_are_not_asked_for_totp(client):
    applicant = people.member(factories.authority("Castres"))
    _sign_in(client, applicant)
    assert client.get(reverse("accounts:memberships")).status_code == 200


def test_the_demo_may_turn_the_rule_off(client, officer, settings):
    settings.COOPDEC_REQUIRE_STAFF_2FA = False
    _sign_in(client, officer)
    assert client.get("/admin/").status_code == 200


def test_a_staff_user_without_a_ministry_role_is_held_to_it_too(client):
    staff = people.user()
    staff.is_staff = True
    staff.save()
    _sign_in(client, staff)
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")


def test_the_operators_superuser_is_held_to_it_too(client, django_user_model):
    operator = django_user_model.objects.create_superuser("operateur", "operateur@exemple.fr", people.PASSWORD)
    client.force_login(operator)
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")


def test_the_superuser_of_the_other_tests_has_set_up_totp(admin_client):
    assert admin_client.get("/admin/").status_code == 200


def test_the_back_office_signs_in_through_allauth_and_its_second_factor(client):
    """Django's own admin form would take a password alone: it sends to the sign-in page instead."""
    answer = client.get("/admin/login/?next=/admin/")
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("account_login"))


def _signs_in_with_totp(client, user, secret) -> bool:
    _sign_in(client, user)
    client.post(reverse("mfa_authenticate"), {"code": people.current_code(secret)})
    return client.session.get("_auth_user_id") == str(user.pk)


def test_the_totp_secret_is_stored_encrypted_and_the_code_still_signs_in(client, officer, settings):
    secret = generate_totp_secret()
    TOTP.activate(officer, secret)
    RecoveryCodes.activate(officer)
    stored = Authenticator.objects.get(user=officer, type=Authenticator.Type.TOTP).data
    assert stored["secret"] != secret and stored["secret"].startswith("fernet:")
    assert secret not in json.dumps(stored)
    seed = Authenticator.objects.get(user=officer, type=Authenticator.Type.RECOVERY_CODES).data["seed"]
    assert seed.startswith("fernet:")
    assert _signs_in_with_totp(client, officer, secret)
    # Under another key, the stored secret is unreadable: the key is what protects it.
    settings.MFA_ENCRYPTION_KEY = "une autre clé de chiffrement, bien assez longue"
    with pytest.raises(InvalidToken):
        TOTP(Authenticator.objects.get(user=officer, type=Authenticator.Type.TOTP)).validate_code("000000")


def test_the_migration_encrypts_the_secrets_stored_in_clear(client, officer):
    secret = generate_totp_secret()
    Authenticator.objects.create(user=officer, type=Authenticator.Type.TOTP, data={"secret": secret})
    Authenticator.objects.create(user=officer, type=Authenticator.Type.RECOVERY_CODES,
                                 data={"seed": "ab" * 40, "migrated_codes": ["12345678"]})
    migration = importlib.import_module("coopdec.accounts.migrations.0002_encrypt_mfa_secrets")
    migration.encrypt(apps, None)
    migration.encrypt(apps, None)  # twice: what is encrypted stays as it is
    totp = Authenticator.objects.get(user=officer, type=Authenticator.Type.TOTP)
    assert totp.data["secret"].startswith("fernet:") and secret not in json.dumps(totp.data)
    codes = Authenticator.objects.get(user=officer, type=Authenticator.Type.RECOVERY_CODES)
    assert codes.data["seed"].startswith("fernet:") and codes.data["migrated_codes"][0].startswith("fernet:")
    assert RecoveryCodes(codes).get_unused_codes() == ["12345678"]
    assert _signs_in_with_totp(client, officer, secret)
    migration.decrypt(apps, None)
    assert Authenticator.objects.get(pk=totp.pk).data == {"secret": secret}
