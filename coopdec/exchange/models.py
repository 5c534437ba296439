"""The partnership exchange (« bourse des partenariats »): an authority, French or foreign, publishes
an offer or a request for partnership; an interested authority writes through CoopDec, which
forwards the message without disclosing anyone's address.

A French authority publishes through one of its confirmed members; a foreign authority through
the French embassy of its country or a regional network that knows it (`on_behalf`). A listing
is public while it is neither withdrawn nor past `expires_on` (a query filter, not a job); a
renewal moves `expires_on` six months on. Messages (`Contact`) are kept: the first of a
conversation is written to the listing's side, the replies go back and forth through CoopDec.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopdec.territories.models import Authority, Country, ForeignAuthority, Region

USER = settings.AUTH_USER_MODEL


class Listing(models.Model):
    class Kind(models.TextChoices):
        OFFER = "offre", _("offre de partenariat")
        REQUEST = "demande", _("recherche de partenaires")

    class OnBehalf(models.TextChoices):
        MEMBER = "membre", _("membre de la collectivité")
        EMBASSY = "ambassade", _("ambassade de France")
        NETWORK = "reseau", _("réseau régional")

    kind = models.CharField(_("nature"), max_length=8, choices=Kind.choices)
    authority = models.ForeignKey(Authority, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="exchange_listings", verbose_name=_("collectivité française"))
    foreign_authority = models.ForeignKey(ForeignAuthority, null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="exchange_listings",
                                          verbose_name=_("collectivité étrangère enregistrée"))
    foreign_name = models.CharField(_("collectivité étrangère"), max_length=200, blank=True)
    foreign_country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="exchange_listings_from",
                                        verbose_name=_("pays de la collectivité étrangère"))
    on_behalf = models.CharField(_("publiée au titre de"), max_length=10, choices=OnBehalf.choices)
    network_region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="exchange_listings_relayed",
                                       verbose_name=_("réseau régional qui la relaie"))
    published_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="exchange_listings", verbose_name=_("publiée par"))
    title = models.CharField(_("intitulé"), max_length=200)
    text = models.TextField(_("texte"))
    themes = models.JSONField(_("thèmes"), default=list, blank=True)
    themes_key = models.CharField(_("thèmes normalisés"), max_length=1000, blank=True,
                                  help_text=_("« |eau|santé| » : pour filtrer par thème sur toute base."))
    countries = models.ManyToManyField(Country, blank=True, related_name="exchange_listings_sought",
                                       verbose_name=_("pays recherchés"))
    regions = models.ManyToManyField(Region, blank=True, related_name="exchange_listings_sought",
                                     verbose_name=_("régions françaises recherchées"))
    published_at = models.DateTimeField(_("publiée le"))
    expires_on = models.DateField(_("expire le"), db_index=True)
    renewed_at = models.DateTimeField(_("renouvelée le"), null=True, blank=True)
    reminded_for = models.DateField(_("rappel envoyé pour l'échéance du"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("annonce de partenariat")
        verbose_name_plural = _("annonces de partenariat")
        constraints = [
            models.CheckConstraint(
                name="exchange_listing_one_side",
                condition=(Q(authority__isnull=False, foreign_country__isnull=True, foreign_authority__isnull=True,
                             foreign_name="", on_behalf="membre")
                           | Q(authority__isnull=True, foreign_country__isnull=False, on_behalf__in=["ambassade", "reseau"])),
            ),
            models.CheckConstraint(
                name="exchange_listing_network_region",
                condition=Q(on_behalf="reseau", network_region__isnull=False)
                | (~Q(on_behalf="reseau") & Q(network_region__isnull=True)),
            ),
        ]
        indexes = [models.Index(fields=["withdrawn_at", "expires_on"], name="exchange_listing_visible")]

    def __str__(self):
        return self.title

    @property
    def author_name(self) -> str:
        """Who publishes, as the pages name it: the authority, never a person."""
        if self.authority_id:
            return self.authority.name
        return self.foreign_authority.name if self.foreign_authority_id else self.foreign_name

    @property
    def is_foreign(self) -> bool:
        return self.authority_id is None


class Contact(models.Model):
    """A message forwarded by CoopDec: the first of a conversation (`thread` empty) is written to
    the listing's side by an interested authority; the replies (`thread` set) go back and forth."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="contacts",
                                verbose_name=_("annonce"))
    thread = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies",
                               verbose_name=_("premier message de la conversation"))
    sender = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("écrit par"))
    sender_authority = models.ForeignKey(Authority, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("au nom de la collectivité"))
    sender_name = models.CharField(_("au nom de"), max_length=300,
                                   help_text=_("Ce que voit le destinataire : une collectivité, une ambassade, "
                                               "un réseau ; jamais une adresse."))
    from_listing_side = models.BooleanField(_("écrit par le côté de l'annonce"), default=False)
    text = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("envoyé le"), db_index=True)
    forwarded_at = models.DateTimeField(_("transmis le"), null=True, blank=True)
    recipients_count = models.PositiveSmallIntegerField(_("destinataires"), default=0)

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = _("message de la bourse")
        verbose_name_plural = _("messages de la bourse")
        indexes = [models.Index(fields=["sender", "sent_at"], name="exchange_contact_sender")]

    def __str__(self):
        return f"{self.sender_name} → {self.listing}"
