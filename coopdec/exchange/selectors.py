"""Reads of the partnership exchange: what the public sees (neither withdrawn nor expired), who
speaks for a listing, who may write and as whom."""
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from coopdec.accounts.models import Membership, Role
from coopdec.accounts.selectors import embassy_countries, is_member, member_authorities, network_regions
from coopdec.territories.models import Authority, Country, Region
from coopdec.territories.text import name_key

from .models import Contact, Listing

PER_PAGE = 30


def visible(today=None) -> QuerySet[Listing]:
    """The listings the public sees: not withdrawn, not past their expiry date."""
    return Listing.objects.filter(withdrawn_at__isnull=True, expires_on__gte=today or timezone.localdate())


def with_relations(listings: QuerySet[Listing]) -> QuerySet[Listing]:
    return listings.select_related("authority", "foreign_authority", "foreign_country", "network_region").prefetch_related(
        "countries", "regions")


def listing_public(pk) -> Listing | None:
    return with_relations(visible()).filter(pk=pk).first()


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    theme: str = ""
    country: str = ""
    region: str = ""

    @classmethod
    def of(cls, query) -> "Filters":
        kind = query.get("nature", "")
        return cls(kind=kind if kind in Listing.Kind.values else "", theme=" ".join(query.get("theme", "").split())[:80],
                   country=query.get("pays", "").upper()[:2], region=query.get("region", "")[:3])

    def __bool__(self):
        return bool(self.kind or self.theme or self.country or self.region)


def filtered(filters: Filters, today=None) -> QuerySet[Listing]:
    """The visible listings that match: a country is sought by a French authority or is the
    foreign authority's own; a French région is sought by a foreign one or is the French
    authority's."""
    found = visible(today)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.theme and name_key(filters.theme):
        found = found.filter(themes_key__contains=f"|{name_key(filters.theme)}|")
    if filters.country:
        found = found.filter(Q(countries=filters.country) | Q(foreign_country=filters.country))
    if filters.region:
        found = found.filter(Q(regions=filters.region) | Q(authority__region=filters.region))
    if filters.country or filters.region:
        found = found.distinct()
    return with_relations(found)


def theme_choices(today=None) -> list[str]:
    """Every theme of a visible listing, once, in alphabetical order."""
    seen = {}
    for themes in visible(today).values_list("themes", flat=True):
        for theme in themes:
            seen.setdefault(name_key(theme), theme)
    return sorted(seen.values(), key=name_key)


def by_country(today=None) -> list[tuple[Country, int, int]]:
    """Per country, the visible listings that seek partners there and those of its own
    authorities: the exchange's map, drawn as a table."""
    live = visible(today)
    sought = dict(Country.objects.filter(exchange_listings_sought__in=live).annotate(n=Count("exchange_listings_sought", distinct=True)).values_list("pk", "n"))
    own = dict(live.filter(foreign_country__isnull=False).values("foreign_country").annotate(n=Count("pk")).values_list("foreign_country", "n"))
    countries = Country.objects.in_bulk(set(sought) | set(own))
    rows = [(countries[iso], sought.get(iso, 0), own.get(iso, 0)) for iso in countries]
    return sorted(rows, key=lambda row: (-(row[1] + row[2]), row[0].name_fr))


def by_region(today=None) -> list[tuple[Region, int, int]]:
    """Per French région, the visible listings of its authorities and those seeking partners there."""
    live = visible(today)
    own = dict(live.filter(authority__isnull=False).values("authority__region").annotate(n=Count("pk")).values_list("authority__region", "n"))
    sought = dict(Region.objects.filter(exchange_listings_sought__in=live).annotate(n=Count("exchange_listings_sought", distinct=True)).values_list("pk", "n"))
    own.pop(None, None)
    regions = Region.objects.in_bulk(set(own) | set(sought))
    rows = [(regions[code], own.get(code, 0), sought.get(code, 0)) for code in regions]
    return sorted(rows, key=lambda row: row[0].name)


def listing_side(listing) -> list:
    """Who speaks for a listing and receives its messages (active accounts): its publisher; the
    confirmed members of its French authority; for a foreign one, the embassy agents of its country
    (published by the embassy) or the members of the network that relays it."""
    users = get_user_model().objects.filter(is_active=True)
    who = Q(pk=listing.published_by_id) if listing.published_by_id else Q(pk__in=[])
    if listing.authority_id:
        who |= Q(memberships__authority=listing.authority_id, memberships__state=Membership.State.CONFIRMED)
    elif listing.on_behalf == Listing.OnBehalf.EMBASSY:
        who |= Q(roles__kind=Role.Kind.EMBASSY, roles__country=listing.foreign_country_id)
    elif listing.on_behalf == Listing.OnBehalf.NETWORK:
        who |= Q(roles__kind=Role.Kind.NETWORK, roles__region=listing.network_region_id)
    return list(users.filter(who).distinct().order_by("pk"))


def may_manage(user, listing) -> bool:
    """The publisher and whoever speaks for the same authority (renew, withdraw, answer)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if listing.published_by_id == user.pk:
        return True
    if listing.authority_id:
        return is_member(user, listing.authority)
    if listing.on_behalf == Listing.OnBehalf.EMBASSY:
        return embassy_countries(user).filter(pk=listing.foreign_country_id).exists()
    return network_regions(user).filter(pk=listing.network_region_id).exists()


def mine(user) -> QuerySet[Listing]:
    """Every listing this user may renew or withdraw, expired and withdrawn ones too."""
    if not (user and user.is_authenticated and user.is_active):
        return Listing.objects.none()
    found = Listing.objects.filter(
        Q(published_by=user) | Q(authority__in=member_authorities(user))
        | Q(on_behalf=Listing.OnBehalf.EMBASSY, foreign_country__in=embassy_countries(user))
        | Q(on_behalf=Listing.OnBehalf.NETWORK, network_region__in=network_regions(user))
    ).annotate(messages=Count("contacts", distinct=True))
    return found.select_related("authority", "foreign_authority", "foreign_country", "network_region").order_by(
        "withdrawn_at", "-expires_on", "-pk")


def my_conversations(user) -> QuerySet[Contact]:
    """The conversations this user takes part in: those on the listings they speak for, and those
    they started; with how many messages each holds and the last one's date."""
    from django.db.models import Max

    return (Contact.objects.filter(thread__isnull=True)
            .filter(Q(listing__in=mine(user).values("pk")) | Q(sender=user))
            .annotate(count=Count("replies", distinct=True) + 1, last_at=Max("replies__sent_at"))
            .select_related("listing__authority", "listing__foreign_authority").order_by("-sent_at", "-pk"))


def sender_choices(user) -> list[tuple[str, str]]:
    """As whom this user may write: each authority they are a confirmed member of, each embassy
    and each network they speak for. Names of bodies only, never a person or an address."""
    choices = [(f"fr:{a.pk}", a.name) for a in member_authorities(user)]
    choices += [(f"amb:{c.pk}", f"Ambassade de France — {c.name_fr}") for c in embassy_countries(user).order_by("name_fr")]
    choices += [(f"res:{r.pk}", f"Réseau régional — {r.name}") for r in network_regions(user).order_by("name")]
    return choices


def sender_authority(as_whom: str) -> Authority | None:
    if as_whom.startswith("fr:") and as_whom[3:].isdigit():
        return Authority.objects.filter(pk=int(as_whom[3:])).first()
    return None


def publish_choices(user) -> dict:
    """What this user may publish for: their authorities, their embassies' countries, their networks."""
    return {"authorities": list(member_authorities(user)),
            "countries": list(embassy_countries(user).order_by("name_fr")),
            "regions": list(network_regions(user).order_by("name"))}


def conversation(thread_pk, user) -> tuple[Contact, list[Contact]] | None:
    """A conversation, for its two parties only: its first message and every message in order."""
    thread = Contact.objects.select_related("listing__authority", "listing__foreign_authority").filter(
        pk=thread_pk, thread__isnull=True).first()
    if thread is None or not (user.pk == thread.sender_id or user in listing_side(thread.listing)):
        return None
    messages = [thread, *thread.replies.order_by("sent_at", "pk")]
    return thread, messages
