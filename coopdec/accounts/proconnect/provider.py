"""The ProConnect provider: allauth's OpenID Connect provider with ProConnect's scopes and claims."""
from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider

from coopdec.accounts.proconnect.views import ProConnectAdapter

# ProConnect's own scopes, one per claim (it has no `profile`): the agent's names, professional
# address, identifier at their identity provider and the SIRET of their establishment.
SCOPES = ["openid", "email", "given_name", "usual_name", "uid", "siret"]


class ProConnectProvider(OpenIDConnectProvider):
    """`data` is always {"userinfo": …, "id_token": …}, both verified (see `ProConnectAdapter`)."""

    oauth2_adapter_class = ProConnectAdapter

    def get_default_scope(self):
        return list(SCOPES)

    def extract_common_fields(self, data):
        """ProConnect says `usual_name` (the name in use) where OpenID Connect says `family_name`."""
        return {**super().extract_common_fields(data), "last_name": data["userinfo"].get("usual_name")}

    def extract_email_addresses(self, data):
        """The professional address, as verified: ProConnect sends it from the agent's identity
        provider (their administration's directory, or ProConnect Identité, which checks it)
        without an `email_verified` claim. So an agent's account opens without a confirmation
        e-mail, and an account already opened with that address is the one signed in."""
        email = data["userinfo"].get("email")
        return [EmailAddress(email=email, verified=True, primary=True)] if email else []
