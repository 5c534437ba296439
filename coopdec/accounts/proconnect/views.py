"""ProConnect's side of the authorisation code flow, over allauth's OpenID Connect adapter.

allauth does what any OpenID Connect provider needs: discovery, `state`, PKCE, the token request.
ProConnect asks for more: a `nonce`, and a userinfo answered as a signed JWT (`application/jwt`),
which allauth's adapter would read as JSON. Both the id_token and the userinfo are checked here —
signature by a key of the provider's JWKS (ES256 or RS256, never the shared-secret HS256), issuer,
audience, expiry — with the nonce of this sign-in and one subject in both, as ProConnect's
documentation asks of a service.
"""
import jwt
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Client, OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404
from django.utils.crypto import constant_time_compare, salted_hmac

SIGNING_ALGORITHMS = ["ES256", "RS256"]


def nonce_for(state: str) -> str:
    """The nonce of one sign-in, bound to its `state`, which allauth keeps in the session and accepts
    once at the callback: it needs no storage of its own, and an id_token replayed into another
    sign-in carries another sign-in's nonce."""
    return salted_hmac("coopdec.accounts.proconnect.nonce", state).hexdigest()


class ProConnectClient(OAuth2Client):
    def get_redirect_url(self, authorization_url, scope, extra_params):
        return super().get_redirect_url(authorization_url, scope, {**extra_params, "nonce": nonce_for(self.state)})


class ProConnectAdapter(OpenIDConnectOAuth2Adapter):
    client_class = ProConnectClient

    def complete_login(self, request, app, token, **kwargs):
        id_token = self.verified(kwargs["response"].get("id_token", ""), app)
        if not constant_time_compare(id_token.get("nonce", ""), nonce_for(request.GET.get("state", ""))):
            raise OAuth2Error("ProConnect: the id_token's nonce is not this sign-in's.")
        userinfo = self.verified(self._userinfo_jwt(token.token), app)
        if userinfo["sub"] != id_token["sub"]:
            raise OAuth2Error("ProConnect: the userinfo names another subject than the id_token.")
        return self.get_provider().sociallogin_from_response(request, {"userinfo": userinfo, "id_token": id_token})

    def _userinfo_jwt(self, access_token: str) -> str:
        with get_adapter().get_requests_session() as session:
            response = session.get(self.profile_url, headers={"Authorization": f"Bearer {access_token}"})
            response.raise_for_status()
        if response.headers.get("content-type", "").split(";")[0].strip() != "application/jwt":
            raise OAuth2Error("ProConnect: the userinfo is not a signed JWT (application/jwt).")
        return response.text

    def verified(self, credential: str, app) -> dict:
        """The claims of a JWT from the provider, once its signature, issuer, audience and expiry are checked."""
        try:
            key = self._keys()[jwt.get_unverified_header(credential)["kid"]]
            return jwt.decode(credential, key=key, algorithms=SIGNING_ALGORITHMS, audience=app.client_id,
                              issuer=self.openid_config["issuer"], options={"require": ["iss", "aud", "sub"]})
        except (jwt.PyJWTError, KeyError) as error:
            raise OAuth2Error(f"ProConnect: {error!r}") from error

    def _keys(self) -> jwt.PyJWKSet:
        """The provider's public keys, fetched once per sign-in (for the id_token and the userinfo)."""
        if not hasattr(self, "_jwks"):
            with get_adapter().get_requests_session() as session:
                response = session.get(self.openid_config["jwks_uri"])
                response.raise_for_status()
            self._jwks = jwt.PyJWKSet.from_dict(response.json())
        return self._jwks


def _view(view_class):
    """allauth's login or callback view, with ProConnect's adapter."""
    def view(request, provider_id):
        try:
            return view_class.adapter_view(ProConnectAdapter(request, provider_id))(request)
        except SocialApp.DoesNotExist:
            raise Http404
    return view


login = _view(OAuth2LoginView)
callback = _view(OAuth2CallbackView)
