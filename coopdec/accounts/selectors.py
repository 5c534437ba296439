"""Reads of who a user is for CoopDec: the authorities they act for and the roles they hold."""
from dataclasses import dataclass

from django.db.models import QuerySet

from coopdec.accounts.models import Membership, Role
from coopdec.calls.models import Call
from coopdec.territories.models import Authority, Country, Region


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def member_authorities(user) -> QuerySet[Authority]:
    """The authorities this user acts for: confirmed memberships only."""
    if not _signed_in(user):
        return Authority.objects.none()
    return Authority.objects.filter(
        memberships__user=user, memberships__state=Membership.State.CONFIRMED
    ).order_by("name")


def is_member(user, authority) -> bool:
    return _signed_in(user) and Membership.objects.filter(
        user=user, authority=authority, state=Membership.State.CONFIRMED
    ).exists()


def is_ministry(user) -> bool:
    """A ministry officer holds a `Role(kind=ministry)`; a superuser counts as one."""
    if not _signed_in(user):
        return False
    return user.is_superuser or Role.objects.filter(user=user, kind=Role.Kind.MINISTRY).exists()


@dataclass(frozen=True)
class InstructorScope:
    """The calls and the partner countries an instructor works on."""

    calls: QuerySet[Call]
    countries: QuerySet[Country]

    def __bool__(self):
        return self.calls.exists() or self.countries.exists()


def instructor_scope(user) -> InstructorScope:
    if not _signed_in(user):
        return InstructorScope(Call.objects.none(), Country.objects.none())
    roles = Role.objects.filter(user=user, kind=Role.Kind.INSTRUCTOR)
    return InstructorScope(
        calls=Call.objects.filter(roles__in=roles).distinct(),
        countries=Country.objects.filter(roles__in=roles).distinct(),
    )


def network_regions(user) -> QuerySet[Region]:
    if not _signed_in(user):
        return Region.objects.none()
    return Region.objects.filter(roles__user=user, roles__kind=Role.Kind.NETWORK).distinct()


def user_memberships(user) -> QuerySet[Membership]:
    """Every membership of a user, requested, confirmed or refused, with its authority."""
    return Membership.objects.filter(user=user).select_related("authority").order_by("authority__name")
