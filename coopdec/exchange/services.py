"""The writes of the partnership exchange: publish, renew, withdraw, write and reply, remind
before expiry. Each refusal raises `ListingRefused` with its reason in French.

No e-mail address crosses: the messages name authorities (an embassy, a network), the e-mails
carry a link back to CoopDec, and the reply is forwarded the same way.
"""
import calendar
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from coopdec.accounts.selectors import embassy_countries, is_member, is_ministry, network_regions
from coopdec.notifications import events
from coopdec.notifications.services import notify
from coopdec.readers.base import typed
from coopdec.territories.models import ForeignAuthority
from coopdec.territories.text import name_key

from . import selectors
from .models import Contact, Listing

VALIDITY_MONTHS = 6
CONTACTS_PER_DAY = 10
TITLE_MAX, TEXT_MAX, MESSAGE_MAX, THEMES_MAX = 200, 5000, 5000, 10


class ListingRefused(Exception):
    """An exchange action refused; `reason` says why, in French."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def months_later(day: date, months: int) -> date:
    """`day` plus `months` calendar months, the last day of a shorter month when needed."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _text(value: str, *, label: str, limit: int) -> str:
    cleaned = typed(value or "").strip()
    if not cleaned:
        raise ListingRefused(f"{label} est vide.")
    if len(cleaned) > limit:
        raise ListingRefused(f"{label} dépasse {limit} caractères ({len(cleaned)}).")
    return cleaned


def _themes(themes) -> list[str]:
    seen = {}
    for theme in themes:
        theme = " ".join(typed(theme).split())
        if name_key(theme):
            seen.setdefault(name_key(theme), theme)  # « eau » after « Eau » is the same theme
    found = list(seen.values())
    if not found:
        raise ListingRefused("Indiquez au moins un thème.")
    if len(found) > THEMES_MAX or any(len(t) > 80 for t in found):
        raise ListingRefused(f"Au plus {THEMES_MAX} thèmes de 80 caractères chacun.")
    return found


def themes_key(themes) -> str:
    return "|" + "|".join(name_key(t) for t in themes) + "|" if themes else ""


def _check_side(*, user, authority, foreign_country, on_behalf, network_region):
    if not (user and user.is_authenticated and user.is_active):
        raise ListingRefused("Connectez-vous pour publier une annonce.")
    if authority is not None:
        if foreign_country is not None:
            raise ListingRefused("Une annonce est celle d'une collectivité française ou d'une collectivité "
                                 "étrangère, pas des deux.")
        if not is_member(user, authority):
            raise ListingRefused(f"Seul un membre confirmé de {authority.name} publie en son nom.")
        return Listing.OnBehalf.MEMBER, None
    if foreign_country is None:
        raise ListingRefused("Indiquez la collectivité qui publie : française, ou étrangère avec son pays.")
    if on_behalf == Listing.OnBehalf.EMBASSY:
        if not embassy_countries(user).filter(pk=foreign_country.pk).exists():
            raise ListingRefused(f"Seul un agent de l'ambassade de France en {foreign_country.name_fr} publie "
                                 "pour une collectivité de ce pays.")
        return Listing.OnBehalf.EMBASSY, None
    if on_behalf == Listing.OnBehalf.NETWORK:
        if network_region is None or not network_regions(user).filter(pk=network_region.pk).exists():
            raise ListingRefused("Seul un membre d'un réseau régional publie au titre de ce réseau.")
        return Listing.OnBehalf.NETWORK, network_region
    raise ListingRefused("Une collectivité étrangère publie par l'ambassade de France de son pays ou par un "
                         "réseau régional qui la connaît.")


@transaction.atomic
def listing_publish(*, user, kind, title, text, themes, authority=None, foreign_name="", foreign_country=None,
                    on_behalf=None, network_region=None, countries=(), regions=(), at=None) -> Listing:
    """Publish an offer or a request, for a French authority (a confirmed member) or a foreign one
    (its country's French embassy, or a regional network). It shows for six months."""
    at = at or timezone.now()
    if kind not in Listing.Kind.values:
        raise ListingRefused("Choisissez une offre ou une recherche de partenaires.")
    on_behalf, network_region = _check_side(user=user, authority=authority, foreign_country=foreign_country,
                                            on_behalf=on_behalf, network_region=network_region)
    foreign_authority = None
    if authority is None:
        foreign_name = _text(foreign_name, label="Le nom de la collectivité étrangère", limit=200)
        foreign_authority = ForeignAuthority.objects.filter(key=name_key(foreign_name),
                                                            country=foreign_country).first()
        countries, regions = (), regions
    else:
        foreign_name, regions = "", ()
        if not countries:
            raise ListingRefused("Indiquez au moins un pays où vous cherchez des partenaires.")
    found_themes = _themes(themes)
    listing = Listing.objects.create(
        kind=kind, authority=authority, foreign_authority=foreign_authority,
        foreign_name="" if foreign_authority else foreign_name,
        foreign_country=foreign_country, on_behalf=on_behalf, network_region=network_region, published_by=user,
        title=_text(title, label="L'intitulé", limit=TITLE_MAX), text=_text(text, label="Le texte", limit=TEXT_MAX),
        themes=found_themes, themes_key=themes_key(found_themes), published_at=at,
        expires_on=months_later(timezone.localdate(at), VALIDITY_MONTHS),
    )
    listing.countries.set(countries)
    listing.regions.set(regions)
    return listing


def _check_manage(user, listing):
    if not selectors.may_manage(user, listing):
        raise ListingRefused("Seuls l'auteur de l'annonce et ceux qui parlent pour la même collectivité "
                             "la renouvellent ou la retirent.")


@transaction.atomic
def listing_renew(*, listing, user, at=None) -> Listing:
    """Six more months from today (never earlier than the date already set)."""
    at = at or timezone.now()
    _check_manage(user, listing)
    if listing.withdrawn_at:
        raise ListingRefused("Une annonce retirée ne se renouvelle pas : publiez-en une nouvelle.")
    listing.expires_on = max(listing.expires_on, months_later(timezone.localdate(at), VALIDITY_MONTHS))
    listing.renewed_at = at
    listing.save(update_fields=["expires_on", "renewed_at"])
    return listing


@transaction.atomic
def listing_withdraw(*, listing, user, at=None) -> Listing:
    """The listing leaves the public pages and takes no more messages (the ministry may withdraw
    any listing, as moderation)."""
    if not is_ministry(user):
        _check_manage(user, listing)
    if listing.withdrawn_at:
        raise ListingRefused("Cette annonce est déjà retirée.")
    listing.withdrawn_at = at or timezone.now()
    listing.save(update_fields=["withdrawn_at"])
    return listing


def _url(name, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _rate_limit(user, at):
    sent = Contact.objects.filter(sender=user, sent_at__gt=at - timedelta(days=1), sent_at__lte=at).count()
    if sent >= CONTACTS_PER_DAY:
        raise ListingRefused(f"Vous avez envoyé {sent} messages en 24 heures : c'est la limite de la bourse. "
                             "Réessayez demain.")


def _forward(contact, recipients):
    listing = contact.listing
    thread = contact.thread or contact
    notify(event=events.PARTENARIAT_MESSAGE, recipients=recipients, values={
        "sender": {"name": contact.sender_name},
        "listing": {"title": listing.title, "url": _url("exchange:listing", listing.pk)},
        "message": contact.text,
        "reply_url": _url("exchange:conversation", thread.pk),
    })
    contact.forwarded_at = timezone.now()
    contact.recipients_count = len(set(recipients))
    contact.save(update_fields=["forwarded_at", "recipients_count"])


@transaction.atomic
def contact_send(*, listing, user, text, as_whom, at=None) -> Contact:
    """An interested authority writes about a listing: the message goes to the listing's side (its
    publisher, the French authority's confirmed members, the embassy or network that relays a
    foreign one), by CoopDec, with no address. `as_whom` is one of `selectors.sender_choices(user)`."""
    at = at or timezone.now()
    if not (user and user.is_authenticated and user.is_active):
        raise ListingRefused("Connectez-vous pour écrire.")
    if listing.withdrawn_at:
        raise ListingRefused("Cette annonce a été retirée : elle ne reçoit plus de message.")
    if listing.expires_on < timezone.localdate(at):
        raise ListingRefused("Cette annonce a expiré : elle ne reçoit plus de message.")
    choices = dict(selectors.sender_choices(user))
    if not choices:
        raise ListingRefused("Seuls les membres confirmés d'une collectivité, les ambassades et les réseaux "
                             "régionaux écrivent par la bourse.")
    if as_whom not in choices:
        raise ListingRefused("Choisissez au nom de qui vous écrivez, parmi les vôtres.")
    recipients = [person for person in selectors.listing_side(listing) if person.pk != user.pk]
    if not recipients:
        raise ListingRefused("Personne ne peut plus recevoir de message pour cette annonce.")
    _rate_limit(user, at)
    sender_authority = selectors.sender_authority(as_whom)
    contact = Contact.objects.create(listing=listing, sender=user, sender_authority=sender_authority,
                                     sender_name=choices[as_whom], from_listing_side=False,
                                     text=_text(text, label="Le message", limit=MESSAGE_MAX), sent_at=at)
    _forward(contact, recipients)
    return contact


@transaction.atomic
def contact_reply(*, thread, user, text, at=None) -> Contact:
    """A reply in a conversation, forwarded to the other side by CoopDec."""
    at = at or timezone.now()
    listing = thread.listing
    side = selectors.listing_side(listing)
    on_listing_side = user in side
    if not on_listing_side and thread.sender_id != user.pk:
        raise ListingRefused("Seules les deux parties d'une conversation y répondent.")
    if listing.withdrawn_at:
        raise ListingRefused("Cette annonce a été retirée : la conversation est close.")
    _rate_limit(user, at)
    if on_listing_side:
        recipients = [thread.sender] if thread.sender and thread.sender.is_active else []
        name = listing.author_name
    else:
        recipients = [person for person in side if person.pk != user.pk]
        name = thread.sender_name
    if not recipients:
        raise ListingRefused("L'autre partie n'a plus de compte actif dans CoopDec.")
    reply = Contact.objects.create(listing=listing, thread=thread, sender=user, sender_name=name,
                                   sender_authority=None if on_listing_side else thread.sender_authority,
                                   from_listing_side=on_listing_side,
                                   text=_text(text, label="Le message", limit=MESSAGE_MAX), sent_at=at)
    _forward(reply, recipients)
    return reply


def expiry_remind(*, days: int, today=None) -> int:
    """Tell the publishers of the listings expiring within `days` days, once per expiry date
    (a renewal moves the date, and the next reminder comes in time). Returns how many were told."""
    today = today or timezone.localdate()
    due = (Listing.objects.filter(withdrawn_at__isnull=True, expires_on__gte=today,
                                  expires_on__lte=today + timedelta(days=days))
           .exclude(reminded_for=F("expires_on"))
           .select_related("authority", "foreign_authority", "published_by"))
    told = 0
    for listing in due:
        with transaction.atomic():
            recipients = selectors.listing_side(listing)
            if recipients:
                notify(event=events.PARTENARIAT_ECHEANCE, recipients=recipients, values={
                    "listing": {"title": listing.title, "author": listing.author_name,
                                "expires_on": listing.expires_on},
                    "renew_url": _url("exchange:mine"),
                })
                told += 1
            Listing.objects.filter(pk=listing.pk).update(reminded_for=listing.expires_on)
    return told

