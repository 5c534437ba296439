"""Two-factor authentication for the ministry: no staff page before TOTP is set up."""
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

from coopdec.accounts.selectors import is_ministry

# The sign-in pages themselves (where TOTP is set up) and static files stay reachable.
OPEN_VIEW_MODULES = ("allauth.", "django.contrib.staticfiles.", "django.views.static")


def needs_totp_setup(user) -> bool:
    """A ministry officer or another staff user (a superuser too: the strongest account is the
    last to spare) without a TOTP authenticator, while the rule is on."""
    return (
        settings.COOPDEC_REQUIRE_STAFF_2FA
        and user.is_authenticated
        and (user.is_staff or is_ministry(user))
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    )


class StaffTwoFactorMiddleware:
    """Sends a ministry officer without TOTP to allauth's set-up page before any other page.

    Every page, not a list of staff pages: a page added later is covered without a decorator.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func.__module__.startswith(OPEN_VIEW_MODULES) or not needs_totp_setup(request.user):
            return None
        messages.warning(
            request,
            "Les agents du ministère doivent activer la double authentification avant de continuer\u00a0: "
            "scannez le code avec votre application d'authentification.",
        )
        return redirect("mfa_activate_totp")
