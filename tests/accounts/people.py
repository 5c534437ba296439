"""The people of the accounts tests: one per role, made through the services as the site makes them."""
import itertools

from allauth.mfa.totp.internal.auth import (
    TOTP, format_hotp_value, generate_totp_secret, hotp_value, yield_hotp_counters_from_time,
)

from coopdec.accounts.models import Membership, Role
from coopdec.accounts.services import membership_request, role_grant, user_create

PASSWORD = "un mot de passe assez long"
_seq = itertools.count(1)


def user(email=None, **extra):
    return user_create(email=email or f"personne{next(_seq)}@exemple.fr", password=PASSWORD, **extra)


def ministry_officer(totp=True, **extra):
    """An officer who has set up TOTP (the staff pages demand it) unless `totp=False`."""
    officer = user(**extra)
    role_grant(user=officer, kind=Role.Kind.MINISTRY, by=None)
    if totp:
        TOTP.activate(officer, generate_totp_secret())
    return officer


def member(authority, **extra):
    """A confirmed member of `authority` (the decision itself is tested in test_memberships)."""
    person = user(**extra)
    membership = membership_request(user=person, authority=authority)
    Membership.objects.filter(pk=membership.pk).update(state=Membership.State.CONFIRMED)
    return person


def current_code(secret) -> str:
    """The code an authenticator app shows now (the middle of allauth's tolerance window)."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))
