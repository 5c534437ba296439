"""Signing in with ProConnect, against a real OpenID Connect provider on the loopback (see
proconnect.py): discovery, authorisation code with PKCE, nonce and state, the provider's own login
and consent forms, token, signed id_token and userinfo; then the account, and the membership
request from the agent's SIRET."""
import time
from html import unescape
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from cryptography.hazmat.primitives.asymmetric import ec
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from coopdec import settings as project_settings
from coopdec.accounts.models import Membership
from coopdec.accounts.proconnect.views import ProConnectAdapter
from coopdec.accounts.selectors import authority_for_siret
from coopdec.territories.models import Authority
from tests.accounts import people, proconnect

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
LOGIN = reverse("openid_connect_login", kwargs={"provider_id": "proconnect"})


@pytest.fixture
def start_provider(settings, tmp_path):
    """Starts the provider with the agent (fields given replace theirs) and points the site at it."""
    started = []

    def start(**account):
        started.append(proconnect.provider(SITE, log_path=tmp_path / f"provider-{len(started)}.log", **account))
        issuer = started[-1].__enter__()
        proconnect.configure(settings, issuer)
        return issuer

    yield start
    for provider in reversed(started):
        provider.__exit__(None, None, None)


def _authorize(client):
    """The ProConnect button's form, posted: the site's redirect to the provider."""
    response = client.post(LOGIN)
    assert response.status_code == 302
    return response["Location"]


def _sign_in(client, issuer, **at_provider):
    """The whole sign-in, the agent's browser being Django's test client on the site and a
    `requests` session at the provider. Returns the site's answer to the provider's redirect."""
    back = proconnect.sign_in_at_provider(_authorize(client), issuer, **at_provider)
    assert back.is_redirect and back.headers["Location"].startswith(SITE + proconnect.CALLBACK), back.text
    return client.get(back.headers["Location"].removeprefix(SITE))


def test_an_agent_signs_in_and_asks_to_join_the_authority_of_their_siret(client, start_provider):
    issuer = start_provider()
    login_page = client.get(reverse("account_login")).content.decode()
    assert "S’identifier avec" in login_page and 'class="fr-connect fr-connect--proconnect"' in login_page
    assert f'action="{LOGIN}?process=login"' in login_page

    authorize = urlsplit(_authorize(client))
    asked = {name: values[0] for name, values in parse_qs(authorize.query).items()}
    assert f"{authorize.scheme}://{authorize.netloc}{authorize.path}" == f"{issuer}/auth"
    assert set(asked["scope"].split()) == {"openid", "email", "given_name", "usual_name", "uid", "siret"}
    assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) == 43
    assert len(asked["state"]) >= 32 and len(asked["nonce"]) >= 32  # ProConnect's minimums
    assert asked["redirect_uri"] == SITE + proconnect.CALLBACK and asked["response_type"] == "code"

    client.logout()
    response = _sign_in(client, issuer)
    assert response.status_code == 302 and response["Location"] == reverse("applications:space")
    agent = get_user_model().objects.get(email=proconnect.AGENT["email"])
    assert int(client.session["_auth_user_id"]) == agent.pk
    assert (agent.first_name, agent.last_name, agent.has_usable_password()) == ("Camille", "Durand", False)
    assert SocialAccount.objects.get(user=agent).uid == "agent-de-castres"
    assert agent.emailaddress_set.get().verified

    membership = Membership.objects.get(user=agent)
    assert membership.authority.siren == "218100659" and membership.state == Membership.State.REQUESTED
    space = unescape(client.get(response["Location"]).content.decode())
    assert "Votre demande de rattachement à Castres (Tarn), d'après le SIRET transmis par ProConnect" in space


def test_a_siret_that_names_no_authority_asks_nothing_and_says_why(client, start_provider):
    issuer = start_provider(siret="22810001800016")  # the Tarn's council: départements have no SIREN here
    response = _sign_in(client, issuer)
    assert "_auth_user_id" in client.session
    assert not Membership.objects.exists()
    space = unescape(client.get(response["Location"]).content.decode())
    assert ("Le SIRET «\u00a022810001800016\u00a0» transmis par ProConnect ne correspond à aucune collectivité "
            "enregistrée dans CoopDec\u00a0: aucune demande de rattachement n'a été faite.") in space


def test_the_account_already_opened_with_the_address_is_the_one_signed_in(client, start_provider):
    """…and its refused request for Castres is not reopened by signing in."""
    existing = people.user(email=proconnect.AGENT["email"])
    castres = Authority.objects.get(kind=Authority.Kind.COMMUNE, code="81065")
    Membership.objects.create(user=existing, authority=castres, state=Membership.State.REFUSED)
    _sign_in(client, start_provider())
    assert int(client.session["_auth_user_id"]) == existing.pk
    assert get_user_model().objects.count() == 1 and SocialAccount.objects.get().user == existing
    assert Membership.objects.get().state == Membership.State.REFUSED


def test_an_officer_still_gives_the_totp_code_after_proconnect(client, start_provider):
    """ProConnect's identity providers may sign an agent in with a password alone: ministry staff
    keep their second factor (COOPDEC_REQUIRE_STAFF_2FA)."""
    officer = people.ministry_officer(totp=False, email=proconnect.AGENT["email"])
    secret = generate_totp_secret()
    TOTP.activate(officer, secret)
    response = _sign_in(client, start_provider())
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": people.current_code(secret)})
    assert int(client.session["_auth_user_id"]) == officer.pk
    assert client.get("/admin/").status_code == 200


def test_an_officer_without_totp_is_sent_to_set_it_up(client, start_provider):
    people.ministry_officer(totp=False, email=proconnect.AGENT["email"])
    _sign_in(client, start_provider())
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")


def test_the_providers_answer_is_taken_once(client, start_provider):
    """The code and the state of a sign-in serve once: replayed, they sign no one in."""
    issuer = start_provider()
    back = proconnect.sign_in_at_provider(_authorize(client), issuer).headers["Location"].removeprefix(SITE)
    assert client.get(back).status_code == 302
    client.logout()
    replayed = client.get(back)
    assert replayed.status_code == 401 and "_auth_user_id" not in client.session
    assert "Échec de la connexion avec ProConnect" in unescape(replayed.content.decode())


def test_a_wrong_password_at_the_provider_goes_no_further(client, start_provider):
    issuer = start_provider()
    refused = proconnect.sign_in_at_provider(_authorize(client), issuer, password="pas le bon")
    assert refused.status_code == 401 and "incorrect" in refused.text
    assert not get_user_model().objects.exists()


def test_without_configuration_there_is_no_button(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "ProConnect" not in page and "fr-connect" not in page
    assert client.post(LOGIN).status_code == 404


def test_the_three_settings_go_together_and_production_wants_https(settings):
    with pytest.raises(ImproperlyConfigured, match="together"):
        project_settings.proconnect_settings(client_id="coopdec", secret="", issuer="")
    made = project_settings.proconnect_settings(client_id="c", secret="s", issuer="https://proconnect.example/api/v2/")
    assert made["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["form-action"][-1] == "https://proconnect.example"
    assert made["SOCIALACCOUNT_PROVIDERS"]["openid_connect"]["APPS"][0]["settings"]["server_url"] == (
        "https://proconnect.example/api/v2")
    with pytest.raises(ImproperlyConfigured, match="https://"):
        project_settings.proconnect_settings(client_id="c", secret="s", issuer="proconnect.example")


@pytest.mark.parametrize("siret, found", [
    ("21810065900015", ("commune", "81065")),     # Castres: communes carry their SIREN
    ("24310063300018", ("epci", "243100633")),    # the CA du Sicoval: an EPCI's code is its SIREN
    ("22810001800016", None),                     # the Tarn: no SIREN for départements in the geography
    ("218100659", None),                          # a SIREN is not a SIRET
    ("2181006590001X", None),
])
def test_the_authority_of_a_siret(siret, found):
    authority = authority_for_siret(siret)
    assert (authority and (authority.kind, authority.code)) == found


def test_only_the_providers_own_signature_is_accepted(rf, start_provider):
    """A token signed by another key under the provider's key id, or with the shared secret
    (HS256, which ProConnect offers), is refused; the provider's own ES256 signature is what the
    sign-ins above were accepted on."""
    issuer = start_provider()
    adapter = ProConnectAdapter(rf.get("/"), "proconnect")
    app = adapter.get_provider().app
    kid = requests.get(f"{issuer}/jwks").json()["keys"][0]["kid"]
    claims = {"iss": issuer, "aud": proconnect.CLIENT_ID, "sub": "agent-de-castres", "exp": time.time() + 60}
    other_key = ec.generate_private_key(ec.SECP256R1())
    for forged in (jwt.encode(claims, other_key, algorithm="ES256", headers={"kid": kid}),
                   jwt.encode(claims, proconnect.CLIENT_SECRET, algorithm="HS256", headers={"kid": kid})):
        with pytest.raises(OAuth2Error):
            adapter.verified(forged, app)
