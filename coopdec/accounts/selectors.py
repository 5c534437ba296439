"""Reads of who a user is for CoopDec: the authorities they act for and the roles they hold."""
import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from coopdec.accounts.models import Membership, Role
from coopdec.calls.models import Call
from coopdec.territories.models import Authority, Country, Region
from coopdec.territories.resolve import resolve_authority


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


def member_authority_choice(user, authority_pk=None) -> tuple[list[Authority], Authority | None]:
    """The authorities a member acts for, and the one a page of their space shows: the one asked
    for (`?collectivite=<pk>`) when it is theirs, else the first by name; None without any."""
    authorities = list(member_authorities(user).select_related("departement"))
    chosen = next((a for a in authorities if str(a.pk) == str(authority_pk)), None) if authority_pk else None
    return authorities, chosen or (authorities[0] if authorities else None)


def embassy_countries(user) -> QuerySet[Country]:
    """The partner countries whose French embassy the user speaks for (opinions, the Atlas)."""
    if not _signed_in(user):
        return Country.objects.none()
    return Country.objects.filter(roles__user=user, roles__kind=Role.Kind.EMBASSY).distinct()


def prefecture_regions(user) -> QuerySet[Region]:
    """The regions whose prefecture the user speaks for (opinions)."""
    if not _signed_in(user):
        return Region.objects.none()
    return Region.objects.filter(roles__user=user, roles__kind=Role.Kind.PREFECTURE).distinct()


def user_memberships(user) -> QuerySet[Membership]:
    """Every membership of a user, requested, confirmed or refused, with its authority."""
    return Membership.objects.filter(user=user).select_related(
        "authority__departement"
    ).order_by("authority__name")


def membership_requests_to_decide(user) -> QuerySet[Membership]:
    """The pending requests this user may decide: all of them for the ministry, those of their
    own authorities for a confirmed member (never their own request)."""
    pending = Membership.objects.filter(state=Membership.State.REQUESTED).exclude(user=user)
    if not is_ministry(user):
        pending = pending.filter(authority__in=member_authorities(user))
    return pending.select_related("user", "authority__departement").order_by("requested_at")


def authority_search(query: str, limit: int = 20) -> list[Authority]:
    """French authorities for a search box: an official code or SIREN exactly (a word with a
    digit); otherwise the resolver's answer and candidates first (it reads accents, articles and
    « CA du … »), then the names that contain the words, largest first."""
    query = query.strip()
    with_departement = Authority.objects.select_related("departement")
    if not query:
        return []
    if " " not in query and any(ch.isdigit() for ch in query):
        return list(with_departement.filter(Q(code=query.upper()) | Q(siren=query))[:limit])
    resolution = resolve_authority(query)
    matches = ((resolution.match,) if resolution.match else ()) + resolution.candidates
    ranked = list(dict.fromkeys(candidate.authority_id for candidate in matches))[:limit]
    found = with_departement.in_bulk(ranked)
    containing = with_departement.filter(name__icontains=query).exclude(pk__in=ranked).order_by(
        "-population", "name"
    )[: limit - len(ranked)]
    return [found[pk] for pk in ranked if pk in found] + list(containing)


SIRET = re.compile(r"[0-9]{14}")


def authority_for_siret(siret: str) -> Authority | None:
    """The French authority of an establishment, by the SIRET's first nine digits (its SIREN):
    communes, EPCI and EPT carry their SIREN in the official geography; départements and régions
    have none there, so their SIRET finds nothing. None for anything but 14 digits."""
    if not SIRET.fullmatch(siret):
        return None
    return Authority.objects.filter(siren=siret[:9]).select_related("departement").first()


def user_display(user) -> str:
    """How allauth names a user in its pages and e-mails: their name, else their e-mail address
    (the generated username means nothing to anyone)."""
    return user.get_full_name() or user.email


def role_list() -> QuerySet[Role]:
    """Every role granted, with whom and what it covers, for the ministry's list."""
    return Role.objects.select_related(
        "user", "call__campaign", "country", "region", "granted_by"
    ).order_by("kind", "user__email")
