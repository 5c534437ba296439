"""The yearly declaration of official development assistance (« déclaration d'APD ») of a French
authority: what it spent in year N, declared in a window of year N+1 (15 April – 31 May, Paris
time, unless the ministry sets another), line by line in the OECD DAC codelists.

A declaration is a draft until submitted (`services.declaration_submit`); then its lines are read
only, and only the ministry reopens it, at the member's request, every step kept
(`DeclarationEvent`, with the lines as submitted).
"""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopdec.territories.models import Authority, Country

from . import codelists

PARIS = ZoneInfo("Europe/Paris")


def default_window(year: int) -> tuple[datetime, datetime]:
    """The window for the spending of `year`: from 15 April of the next year at 00:00 Paris time,
    to 31 May included (closes at 1 June 00:00 Paris time)."""
    return (datetime.combine(datetime(year + 1, 4, 15), time(), PARIS),
            datetime.combine(datetime(year + 1, 6, 1), time(), PARIS))


# When the members of an authority that has not declared are reminded: days before the window closes.
DEFAULT_REMINDER_DAYS = "14,3"


def reminder_days_parsed(text: str) -> list[int]:
    """« 14,3 » → [14, 3] (the earliest reminder first); ValidationError in French otherwise."""
    try:
        days = {int(part) for part in (text or "").replace(" ", "").split(",") if part}
    except ValueError:
        days = {0}
    if any(day < 1 or day > 60 for day in days):
        raise ValidationError(_("Donnez des nombres de jours entre 1 et 60, séparés par des virgules (« 14,3 »)."))
    return sorted(days, reverse=True)


def _reminder_days_checked(text):
    reminder_days_parsed(text)


class DeclarationWindow(models.Model):
    """When the declarations of one year's spending are received, if not the default window, and
    how many days before it closes the authorities that have not declared are reminded."""

    year = models.PositiveSmallIntegerField(_("année des dépenses déclarées"), unique=True,
                                            validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"), help_text=_("Premier instant où la déclaration est refusée."))
    reminder_days = models.CharField(
        _("rappels (jours avant la clôture)"), max_length=30, default=DEFAULT_REMINDER_DAYS, blank=True,
        validators=[_reminder_days_checked],
        help_text=_("Les membres des collectivités qui n'ont pas déposé leur déclaration sont prévenus ce nombre "
                    "de jours avant la clôture (heure de Paris), une fois par rappel : « 14,3 ». Vide : aucun rappel."))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("période de déclaration d'APD")
        verbose_name_plural = _("périodes de déclaration d'APD")
        constraints = [models.CheckConstraint(condition=models.Q(opens_at__lt=models.F("closes_at")),
                                              name="apd_window_opens_before_closing",
                                              violation_error_message=_("La clôture doit suivre l'ouverture."))]

    def __str__(self):
        return f"APD {self.year}"

    @classmethod
    def for_year(cls, year: int) -> "DeclarationWindow":
        found = cls.objects.filter(year=year).first()
        if found is None:
            opens, closes = default_window(year)
            found = cls(year=year, opens_at=opens, closes_at=closes)
        return found

    def is_open(self, at) -> bool:
        return self.opens_at <= at < self.closes_at

    def reminder_due(self, at) -> int | None:
        """The reminder step due at `at` (days before closing, the closest to the closing once
        several are past: a run that missed the first sends only the latest), None when the window
        is not open or no step has come. A step of 14 days comes 14 days before the closing
        instant, Paris wall-clock time (1 June 00:00 → 18 May 00:00, whatever the clock change)."""
        if not self.is_open(at):
            return None
        closes = self.closes_at.astimezone(PARIS)
        due = [days for days in reminder_days_parsed(self.reminder_days)
               if at >= (closes.replace(tzinfo=None) - timedelta(days=days)).replace(tzinfo=PARIS)]
        return min(due) if due else None


class Declaration(models.Model):
    class State(models.TextChoices):
        DRAFT = "brouillon", _("brouillon")
        SUBMITTED = "deposee", _("déposée")

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="apd_declarations",
                                  verbose_name=_("collectivité"))
    year = models.PositiveSmallIntegerField(_("année des dépenses"),
                                            validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.DRAFT)
    reopened = models.BooleanField(
        _("rouverte par le ministère"), default=False,
        help_text=_("Rouverte à la demande de la collectivité : modifiable et déposable hors période."))
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("déposée par"))
    created_at = models.DateTimeField(_("créée le"))

    class Meta:
        ordering = ["-year", "authority__name"]
        verbose_name = _("déclaration d'APD")
        verbose_name_plural = _("déclarations d'APD")
        constraints = [models.UniqueConstraint(fields=["authority", "year"], name="apd_declaration_unique")]

    def __str__(self):
        return f"APD {self.year} — {self.authority}"

    @property
    def editable(self):
        return self.state == self.State.DRAFT


class Marker(models.IntegerChoices):
    """The OECD DAC policy and Rio markers' scores."""
    NONE = 0, _("0 — non orienté")
    SIGNIFICANT = 1, _("1 — objectif significatif")
    PRINCIPAL = 2, _("2 — objectif principal")


# The markers a line scores: field, French name, the CRS column it goes to.
MARKERS = [
    ("gender", "Égalité femmes-hommes", "gender"),
    ("environment", "Environnement", "environment"),
    ("climate_mitigation", "Climat — atténuation", "climate_mitigation"),
    ("climate_adaptation", "Climat — adaptation", "climate_adaptation"),
    ("biodiversity", "Biodiversité", "biodiversity"),
    ("desertification", "Désertification", "desertification"),
]


class DeclarationLine(models.Model):
    class Spending(models.TextChoices):
        """The kinds of spending the ministry's guide to the declaration lists."""
        PROJECTS = "projets", _("Projets de coopération et jumelages")
        WATER = "eau", _("1 % eau et assainissement")
        WASTE = "dechets", _("1 % déchets")
        ENERGY = "energie", _("1 % énergie")
        NGO_GRANTS = "ong", _("Subventions aux ONG et associations")
        AWARENESS = "ecsi", _("Éducation au développement et sensibilisation")
        REFUGEES = "refugies", _("Accueil des réfugiés")
        SCHOLARSHIPS = "bourses", _("Bourses et frais d'écolage")
        FOLLOW_UP = "suivi", _("Frais de suivi des projets")
        HUMANITARIAN = "faceco", _("Contributions au fonds humanitaire de l'État (FACECO)")

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="lines",
                                    verbose_name=_("déclaration"))
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("pays partenaire"))
    region_code = models.CharField(_("multi-pays ou région du monde (code CAD)"), max_length=3, blank=True)
    channel_code = models.CharField(_("canal (code CRS)"), max_length=5)
    purpose_code = models.CharField(_("code-objet CAD"), max_length=5)
    spending = models.CharField(_("nature de la dépense"), max_length=10, choices=Spending.choices)
    amount = models.DecimalField(_("montant (€)"), max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    gender = models.PositiveSmallIntegerField(_("égalité femmes-hommes"), choices=Marker.choices, default=0)
    environment = models.PositiveSmallIntegerField(_("environnement"), choices=Marker.choices, default=0)
    climate_mitigation = models.PositiveSmallIntegerField(_("climat — atténuation"), choices=Marker.choices,
                                                          default=0)
    climate_adaptation = models.PositiveSmallIntegerField(_("climat — adaptation"), choices=Marker.choices,
                                                          default=0)
    biodiversity = models.PositiveSmallIntegerField(_("biodiversité"), choices=Marker.choices, default=0)
    desertification = models.PositiveSmallIntegerField(_("désertification"), choices=Marker.choices, default=0)
    application = models.ForeignKey("applications.Application", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("dossier CoopDec"))
    action_url = models.URLField(_("action de l'Atlas (adresse)"), max_length=300, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("ligne de déclaration d'APD")
        verbose_name_plural = _("lignes de déclaration d'APD")
        constraints = [
            # A line goes to one recipient: a country or a DAC region (multi-pays), never both.
            models.CheckConstraint(
                condition=(models.Q(country__isnull=False, region_code="")
                           | models.Q(country__isnull=True) & ~models.Q(region_code="")),
                name="apd_line_one_recipient"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="apd_line_amount_positive"),
        ]

    def __str__(self):
        return f"{self.recipient_name} {self.amount} €"

    @property
    def recipient_name(self):
        if self.country_id:
            return self.country.name_fr
        return codelists.name(codelists.regions(), self.region_code)

    @property
    def purpose_name(self):
        return codelists.name(codelists.purposes(), self.purpose_code)

    @property
    def channel_name(self):
        return codelists.name(codelists.channels(), self.channel_code)


class DeclarationEvent(models.Model):
    """The declaration's history: who did what, when, why; each submission keeps its lines."""

    class Kind(models.TextChoices):
        CREATED = "creee", _("créée")
        SUBMITTED = "deposee", _("déposée")
        CORRECTION_ASKED = "correction", _("correction demandée")
        REOPENED = "rouverte", _("rouverte par le ministère")

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="events",
                                    verbose_name=_("déclaration"))
    kind = models.CharField(_("événement"), max_length=10, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                           verbose_name=_("par"))
    at = models.DateTimeField(_("le"))
    reason = models.TextField(_("motif"), blank=True)
    lines = models.JSONField(_("lignes déposées"), default=list, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("historique d'une déclaration d'APD")
        verbose_name_plural = _("historiques des déclarations d'APD")

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class DeclarationReminder(models.Model):
    """A reminder sent to an authority that had not submitted its declaration of a year, at one
    step (days before the window closes): one per authority, year and step, which is what makes
    `manage.py apd_remind` safe to run again."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="apd_reminders",
                                  verbose_name=_("collectivité"))
    year = models.PositiveSmallIntegerField(_("année des dépenses"))
    days = models.PositiveSmallIntegerField(_("jours avant la clôture"))
    sent_at = models.DateTimeField(_("envoyé le"))
    recipients = models.PositiveSmallIntegerField(_("destinataires"), default=0)

    class Meta:
        ordering = ["-year", "authority__name", "-days"]
        verbose_name = _("rappel de déclaration d'APD")
        verbose_name_plural = _("rappels de déclaration d'APD")
        constraints = [models.UniqueConstraint(fields=["authority", "year", "days"], name="apd_reminder_once")]

    def __str__(self):
        return f"Rappel APD {self.year} J-{self.days} — {self.authority}"
