"""Sign-up, e-mail confirmation, sign-in by e-mail, password reset and the sign-in rate limit."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse

from tests.accounts import people

pytestmark = pytest.mark.django_db

EMAIL = "elue@castres.fr"


def _link(message) -> str:
    """The one address of the site in an e-mail, as a path."""
    return re.search(r"http://testserver(/comptes/\S+/)", message.body).group(1)


def _sign_in(client, email, password=people.PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_up_then_confirm_the_email_then_sign_in_with_it(client):
    response = client.post(reverse("account_signup"),
                           {"email": EMAIL, "password1": people.PASSWORD, "password2": people.PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("account_email_verification_sent")
    assert [message.to for message in mail.outbox] == [[EMAIL]]
    assert get_user_model().objects.get(email=EMAIL).username == EMAIL  # the admin names people by it
    assert mail.outbox[0].subject == "[CoopDec] Confirmez votre adresse e-mail"
    assert f"l'utilisateur {EMAIL} a indiqué votre adresse" in mail.outbox[0].body
    assert mail.outbox[0].body.startswith("Bonjour,") and "L'équipe CoopDec" in mail.outbox[0].body

    client.logout()
    unconfirmed = _sign_in(client, EMAIL)
    assert unconfirmed["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    confirmation_page = client.get(_link(mail.outbox[-1]))
    assert "Confirmer" in confirmation_page.content.decode()
    client.post(_link(mail.outbox[-1]))
    client.logout()

    signed_in = _sign_in(client, EMAIL)
    assert signed_in["Location"] == reverse("applications:space")
    page = client.get(reverse("accounts:memberships")).content.decode()
    assert "Se déconnecter" in page and "Mon espace" in page


class CountingHasher(MD5PasswordHasher):
    """A real hasher that counts the passwords it hashes."""
    algorithm = "md5-counted"
    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


def test_signing_up_with_a_known_address_does_the_same_work_as_with_a_new_one(client, settings):
    """The answer's time told whether an address had an account (23–48 ms for a known one,
    377–1,446 ms for a new one: the password's hashing). Both now hash once and send one e-mail,
    and answer alike."""
    settings.PASSWORD_HASHERS = ["tests.accounts.test_sign_in.CountingHasher"]
    people.user(email=EMAIL)
    work = {}
    for email in (EMAIL, "nouvelle@castres.fr"):
        CountingHasher.hashed, sent = 0, len(mail.outbox)
        response = client.post(reverse("account_signup"),
                               {"email": email, "password1": people.PASSWORD, "password2": people.PASSWORD})
        work[email] = (CountingHasher.hashed, len(mail.outbox) - sent, response.status_code, response["Location"])
        client.logout()
    assert work[EMAIL] == work["nouvelle@castres.fr"] == (1, 1, 302, reverse("account_email_verification_sent"))
    assert [message.subject for message in mail.outbox[-2:]] == [
        "[CoopDec] Ce compte existe déjà", "[CoopDec] Confirmez votre adresse e-mail"]


def test_a_short_password_is_refused_in_french(client):
    page = client.post(reverse("account_signup"),
                       {"email": EMAIL, "password1": "court", "password2": "court"}).content.decode()
    assert "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères." in page
    assert not get_user_model().objects.filter(email=EMAIL).exists()


def test_a_wrong_password_is_refused_in_french(client):
    people.user(email=EMAIL)
    page = _sign_in(client, EMAIL, "pas le bon").content.decode()
    assert "fr-input-group" in page and "fr-alert--error" in page
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in page
    assert "_auth_user_id" not in client.session


def test_five_failed_sign_ins_block_the_account_for_a_while_even_with_the_right_password(client):
    people.user(email=EMAIL)
    for _ in range(5):
        assert "Trop de tentatives" not in _sign_in(client, EMAIL, "pas le bon").content.decode()
    blocked = _sign_in(client, EMAIL)
    assert blocked.status_code == 200 and "Trop de tentatives" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_forgotten_password_is_reset_through_an_emailed_link(client):
    people.user(email=EMAIL)
    client.post(reverse("account_reset_password"), {"email": EMAIL})
    assert [message.to for message in mail.outbox] == [[EMAIL]]
    form_page = client.get(_link(mail.outbox[0]), follow=True)
    assert "Modifier le mot de passe" in form_page.content.decode()
    client.post(form_page.request["PATH_INFO"],
                {"password1": "un tout nouveau mot de passe", "password2": "un tout nouveau mot de passe"})
    assert _sign_in(client, EMAIL, people.PASSWORD).status_code == 200
    assert _sign_in(client, EMAIL, "un tout nouveau mot de passe").status_code == 302


def test_the_header_offers_sign_in_to_the_public(client):
    page = client.get(reverse("account_login")).content.decode()
    assert 'href="/comptes/login/"' in page and "Se connecter" in page and "Se déconnecter" not in page
