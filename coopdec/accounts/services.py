"""Writes of accounts: users for the demo and commands, membership requests and decisions, roles.

Every service checks its permission itself and raises `PermissionDenied` with the French reason,
so a view, a command and the demo all obey the same rules.
"""
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coopdec.accounts import permissions
from coopdec.accounts.adapter import username_for
from coopdec.accounts.models import Membership, Role
from coopdec.accounts.selectors import authority_for_siret
from coopdec.french.text import french_spaces

MINISTRY_GROUP = "Ministère"


@transaction.atomic
def user_create(*, email, password, first_name="", last_name="", email_verified=True):
    """An account that signs in with its e-mail address, which is recorded as verified unless
    told otherwise (the demo's accounts can sign in at once)."""
    email = get_user_model().objects.normalize_email(email).lower()
    if EmailAddress.objects.filter(email__iexact=email).exists():
        raise ValidationError(f"Un compte existe déjà pour l'adresse {email}.")
    user = get_user_model().objects.create_user(
        username=username_for(email)
        or get_adapter().generate_unique_username([email, first_name, last_name]),
        email=email, password=password, first_name=first_name, last_name=last_name,
    )
    EmailAddress.objects.create(user=user, email=email, verified=email_verified, primary=True)
    return user


def _refuse_unless(decision):
    if not decision:
        raise PermissionDenied(decision.reason)


@transaction.atomic
def membership_request(*, user, authority) -> Membership:
    """Ask to act for an authority; asking again after a refusal reopens the request."""
    _refuse_unless(permissions.can_request_membership(user, authority))
    membership, _ = Membership.objects.update_or_create(
        user=user, authority=authority,
        defaults={"state": Membership.State.REQUESTED, "requested_at": timezone.now(),
                  "decided_by": None, "decided_at": None, "reason": ""},
    )
    return membership


@transaction.atomic
def membership_request_from_siret(*, user, siret: str) -> Membership | None:
    """Ask, for a user who signed in with ProConnect, to act for the authority of the SIRET it
    gave — a request, which a confirmed member or the ministry decides as any other. None when the
    user already has a membership of that authority, whatever its state: signing in again never
    reopens a refused request. Refused, with the reason, when the SIRET names no authority."""
    authority = authority_for_siret(siret)
    if authority is None:
        given = (f"Le SIRET « {siret} » transmis par ProConnect ne correspond à aucune collectivité enregistrée "
                 "dans CoopDec" if siret else "ProConnect n'a pas transmis de SIRET")
        raise PermissionDenied(french_spaces(
            f"{given} : aucune demande de rattachement n'a été faite. Si vous agissez pour une collectivité, "
            "cherchez-la dans « Mes collectivités » pour demander à la rejoindre."))
    if Membership.objects.filter(user=user, authority=authority).exists():
        return None
    return membership_request(user=user, authority=authority)


@transaction.atomic
def membership_decide(*, membership, by, confirm: bool, reason="") -> Membership:
    """Confirm or refuse a pending request; the row is locked so two deciders cannot both act."""
    membership = Membership.objects.select_for_update().select_related("authority").get(pk=membership.pk)
    _refuse_unless(permissions.can_decide_membership(by, membership))
    membership.state = Membership.State.CONFIRMED if confirm else Membership.State.REFUSED
    membership.decided_by = by
    membership.decided_at = timezone.now()
    membership.reason = reason
    membership.save(update_fields=["state", "decided_by", "decided_at", "reason"])
    return membership


def _ministry_group() -> Group:
    """The admin group of ministry officers: every permission on CoopDec's own tables (set again
    at each grant, so the tables added since are included), and reading the accounts."""
    group, _ = Group.objects.get_or_create(name=MINISTRY_GROUP)
    labels = [config.label for config in apps.get_app_configs() if config.name.startswith("coopdec.")]
    group.permissions.set(Permission.objects.filter(
        Q(content_type__app_label__in=labels) | Q(content_type__app_label="auth", codename="view_user")))
    return group


@transaction.atomic
def role_grant(*, user, kind, by, call=None, country=None, region=None) -> Role:
    """Grant a role (idempotent). A ministry officer also gets the back office (`is_staff` and
    the « Ministère » group). `by=None` is for commands and the demo, run by the operator."""
    if by is not None:
        _refuse_unless(permissions.can_grant_role(by))
    role, _ = Role.objects.get_or_create(
        user=user, kind=kind, call=call, country=country, region=region,
        defaults={"granted_by": by},
    )
    if kind == Role.Kind.MINISTRY:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(_ministry_group())
    return role
