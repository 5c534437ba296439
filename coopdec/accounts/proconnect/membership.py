"""After a ProConnect sign-in, a membership request for the authority of the agent's SIRET."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied

from coopdec.accounts import services


def ask_to_join_from_siret(sender, request, user, sociallogin=None, **kwargs):
    """allauth's `user_logged_in`, for every sign-in; only ProConnect's carry a `sociallogin`, whose
    verified userinfo (kept by allauth, refreshed at each sign-in) holds the SIRET. What was done,
    or why nothing was, is said on the next page."""
    if sociallogin is None:
        return
    try:
        membership = services.membership_request_from_siret(
            user=user, siret=sociallogin.account.extra_data["userinfo"].get("siret", ""))
    except PermissionDenied as refusal:
        messages.warning(request, str(refusal))
    else:
        if membership is not None:
            messages.success(request, f"Votre demande de rattachement à {membership.authority}, d'après le SIRET "
                                      "transmis par ProConnect, est enregistrée. Un membre confirmé de la "
                                      "collectivité ou le ministère la confirmera.")
