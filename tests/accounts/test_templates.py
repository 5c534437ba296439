"""allauth's pages come out in French inside the site's DSFR page."""
import re
from html import unescape

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.accounts import people

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    ("account_login", "Connexion", "fr-input"),
    ("account_signup", "Inscription", "fr-input"),
    ("account_reset_password", "Réinitialisation du mot de passe", "fr-input"),
    ("account_reset_password_done", "Réinitialisation du mot de passe", "fr-container"),
    ("account_email_verification_sent", "Vérifiez votre adresse e-mail", "fr-container"),
]


def _page(response) -> str:
    assert response.status_code == 200
    return unescape(response.content.decode())


def _assert_dsfr_in_french(page, title, component):
    assert re.search(r"<title>\s*(.*?)\s*— CoopDec</title>", page, re.S).group(1) == title
    assert 'class="fr-header' in page and component in page and 'lang="fr"' in page
    for english in ("Sign In", "Sign Up", "Password Reset", "Email", "Submit"):
        assert f">{english}<" not in page


@pytest.mark.parametrize("name, title, component", PUBLIC_PAGES)
def test_public_account_pages(client, name, title, component):
    _assert_dsfr_in_french(_page(client.get(reverse(name))), title, component)


def test_the_sign_out_page(client):
    client.force_login(people.user())
    page = _page(client.get(reverse("account_logout")))
    _assert_dsfr_in_french(page, "Se déconnecter", "fr-btn")
    assert "Êtes-vous sûr(e) de vouloir vous déconnecter" in page


def test_the_second_step_of_a_two_factor_sign_in(client):
    officer = people.ministry_officer(totp=False)
    TOTP.activate(officer, generate_totp_secret())
    client.post(reverse("account_login"), {"login": officer.email, "password": people.PASSWORD})
    page = _page(client.get(reverse("mfa_authenticate")))
    _assert_dsfr_in_french(page, "Connexion", "fr-input")
    assert "Authentification à deux facteurs" in page


def test_form_errors_are_dsfr_errors_tied_to_their_field(client):
    page = _page(client.post(reverse("account_signup"),
                             {"email": "pas-une-adresse", "password1": "a", "password2": "b"}))
    assert "fr-input-group--error" in page and 'class="fr-error-text"' in page
    assert 'aria-describedby="id_email-erreurs"' in page and 'id="id_email-erreurs"' in page


def test_french_typography_in_allauths_own_strings(client):
    assert "Mot de passe oublié\u00a0?" in _page(client.get(reverse("account_login")))
    assert "Vous avez déjà un compte\u00a0?" in _page(client.get(reverse("account_signup")))


@pytest.mark.parametrize("name, title", [
    ("account_email", "Adresses e-mail"),
    ("account_change_password", "Modifier le mot de passe"),
    ("mfa_index", "Authentification à deux facteurs"),
])
def test_the_account_pages_of_a_signed_in_user(client, name, title):
    client.force_login(people.user())
    page = _page(client.get(reverse(name)))
    assert title in page and 'class="fr-btn' in page and 'class="fr-header' in page
