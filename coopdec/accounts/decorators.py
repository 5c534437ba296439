"""Guards of staff pages, for every app's views."""
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from coopdec.accounts.permissions import can_view_staff_pages


def staff_page(view):
    """A ministry page: the public is sent to sign in, anyone else is refused (403) with the reason.
    TOTP is enforced before any view by `StaffTwoFactorMiddleware`."""
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        decision = can_view_staff_pages(request.user)
        if not decision:
            raise PermissionDenied(decision.reason)
        return view(request, *args, **kwargs)
    return guarded
