"""Campaigns, their calls with their rules, and the figures a source published about them."""
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

from coopdec.territories.models import Country


class Campaign(models.Model):
    year = models.PositiveSmallIntegerField(_("année"), unique=True)
    # Who signs the campaign's decision letters (an administrative decision names its author).
    signatory_name = models.CharField(_("signataire des décisions"), max_length=200, blank=True,
                                      help_text=_("Prénom et nom, tels qu'ils figurent sous la signature."))
    signatory_function = models.CharField(
        _("fonction du signataire"), max_length=300, blank=True,
        default="Le délégué pour l'action extérieure des collectivités territoriales",
        help_text=_("Sa fonction, telle qu'elle figure sous la signature."))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("campagne")

    def __str__(self):
        return f"Campagne {self.year}"


PARIS = ZoneInfo("Europe/Paris")


def opening_at(day: date | None) -> datetime | None:
    """A published opening day: 00:00 Paris time that day."""
    return datetime.combine(day, time(0, 0), tzinfo=PARIS) if day else None


def closing_at(day: date | None) -> datetime | None:
    """A published closing day: 23:59:59 Paris time that day."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=PARIS) if day else None


def paris_day(moment: datetime | None) -> date | None:
    return moment.astimezone(PARIS).date() if moment else None


RATE = {"max_digits": 3, "decimal_places": 2}
MONEY = {"max_digits": 12, "decimal_places": 2}


class RateGrid(models.Model):
    """The ministry's maximum rates of a campaign by partner-country class, and its defaults.

    A call may override any of them (Call's fields of the same names).
    """

    campaign = models.OneToOneField("Campaign", on_delete=models.CASCADE, related_name="rate_grid",
                                    verbose_name=_("campagne"))
    ldc_rate = models.DecimalField(_("taux PMA"), **RATE)
    oda_rate = models.DecimalField(_("taux autres pays éligibles à l'APD"), **RATE)
    none_rate = models.DecimalField(_("taux pays non éligibles à l'APD"), **RATE)
    flat_rate = models.DecimalField(
        _("taux forfaitaire multi-pays"), null=True, blank=True, **RATE,
        help_text=_("Vide : un projet multi-pays compte pays par pays."),
    )
    min_french_share = models.DecimalField(
        _("part française minimale"), null=True, blank=True, **RATE,
        help_text=_("Part du coût total apportée par les collectivités françaises ; vide : aucune."),
    )
    source_label = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("adresse de la source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("grille de taux")
        verbose_name_plural = _("grilles de taux")

    def __str__(self):
        return f"Grille de taux {self.campaign.year}"


class PublishedFigure(models.Model):
    """A campaign figure as a source published it, not computed from our records."""

    class Name(models.TextChoices):
        APPLICATIONS_RECEIVED = "applications_received", _("dossiers de candidature reçus")
        APPLICATIONS_RETAINED = "applications_retained", _("dossiers retenus")
        CALLS = "calls", _("appels à projets lancés")
        ACCEPTANCE_RATE = "acceptance_rate", _("taux d'acceptation")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="figures", verbose_name=_("campagne")
    )
    name = models.CharField(_("chiffre"), max_length=30, choices=Name.choices)
    value = models.DecimalField(_("valeur"), max_digits=12, decimal_places=4)
    source_label = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("adresse de la source"), max_length=300, blank=True)
    published_on = models.DateField(_("publié le"), null=True, blank=True)
    note = models.TextField(
        _("remarque"), blank=True,
        help_text=_("Ce que le lecteur doit savoir du chiffre, par exemple un désaccord entre sources."),
    )

    class Meta:
        verbose_name = _("chiffre publié")
        verbose_name_plural = _("chiffres publiés")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name", "source_label"], name="figure_campaign_name_source"
            )
        ]

    def __str__(self):
        return f"{self.campaign.year} {self.get_name_display()} = {self.value}"


class RequiredDocument(models.TextChoices):
    COOPERATION_AGREEMENT = "cooperation_agreement", _("convention de coopération signée")
    COUNCIL_DELIBERATION = "council_deliberation", _("délibération de l'assemblée")
    LETTERS_OF_INTENT = "letters_of_intent", _("lettres d'intention des partenaires")


class Marker(models.TextChoices):
    GENDER = "gender", _("marqueur genre (CAD de l'OCDE)")


class Call(models.Model):
    class Kind(models.TextChoices):
        GENERALISTE = "generaliste", _("généraliste")
        THEMATIQUE = "thematique", _("thématique")
        FONDS_CONJOINT = "fonds_conjoint", _("fonds conjoint")
        CLES_EN_MAIN = "cles_en_main", _("clés en main")
        AMI = "ami", _("appel à manifestation d'intérêt")

    class Periodicity(models.TextChoices):
        ANNUEL = "annuel", _("annuel")
        BIENNAL = "biennal", _("biennal")
        TRIENNAL = "triennal", _("triennal")
        PONCTUEL = "ponctuel", _("ponctuel")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="calls", verbose_name=_("campagne")
    )
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=100)
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices)
    partner_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="calls",
        verbose_name=_("pays partenaire"),
    )
    periodicity = models.CharField(
        _("périodicité"), max_length=20, choices=Periodicity.choices, blank=True
    )
    cycle = models.CharField(_("cycle"), max_length=20, blank=True)
    opens_at = models.DateTimeField(_("ouverture"), null=True, blank=True)
    opens_note = models.CharField(
        _("remarque sur l'ouverture"), max_length=100, blank=True,
        help_text=_("Telle que la source l'écrit, par exemple « tbc » (date à confirmer)."),
    )
    closes_at = models.DateTimeField(
        _("clôture"), null=True, blank=True,
        help_text=_("Un jour de clôture publié se termine à 23:59:59, heure de Paris."),
    )
    closes_note = models.CharField(
        _("remarque sur la clôture"), max_length=100, blank=True,
        help_text=_("Telle que la source l'écrit, par exemple « extended from 2023-01-31 »."),
    )
    duration_min = models.PositiveSmallIntegerField(_("durée minimale (mois)"), null=True, blank=True)
    duration_max = models.PositiveSmallIntegerField(_("durée maximale (mois)"), null=True, blank=True)
    ldc_rate = models.DecimalField(_("taux PMA"), null=True, blank=True, **RATE,
                                   help_text=_("Vide : celui de la grille de la campagne."))
    oda_rate = models.DecimalField(_("taux autres pays éligibles à l'APD"), null=True, blank=True, **RATE,
                                   help_text=_("Vide : celui de la grille de la campagne."))
    none_rate = models.DecimalField(_("taux pays non éligibles à l'APD"), null=True, blank=True, **RATE,
                                    help_text=_("Vide : celui de la grille de la campagne."))
    flat_rate = models.DecimalField(_("taux forfaitaire multi-pays"), null=True, blank=True, **RATE,
                                    help_text=_("Vide : celui de la grille de la campagne."))
    min_french_share = models.DecimalField(_("part française minimale"), null=True, blank=True, **RATE,
                                           help_text=_("Vide : celle de la grille de la campagne."))
    min_partner_share = models.DecimalField(
        _("part partenaire minimale"), null=True, blank=True, **RATE,
        help_text=_("Part du coût total apportée par les partenaires étrangers ; vide : aucune."),
    )
    partner_share_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("pays des partenaires tenus à une part"),
    )
    in_kind_cap = models.DecimalField(
        _("plafond de la valorisation"), default=Decimal("0.50"), **RATE,
        help_text=_("Part au plus de la contribution de la collectivité française (numéraire et "
                    "valorisation) que la valorisation peut représenter."),
    )
    grant_ceiling = models.DecimalField(_("subvention maximale par projet"), null=True, blank=True, **MONEY)
    min_total_cost = models.DecimalField(_("budget minimal d'un projet"), null=True, blank=True, **MONEY)
    envelope = models.DecimalField(
        _("enveloppe de l'appel"), null=True, blank=True, **MONEY,
        help_text=_("Ce que le comité peut engager en tout sur cet appel ; vide : aucune décision "
                    "d'attribution n'est possible tant qu'elle n'est pas fixée."),
    )
    eligible_countries = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name=_("pays éligibles"),
        help_text=_("Vide : tous les pays, sauf ceux des fonds conjoints de la campagne pour un appel "
                    "généraliste ; un fonds conjoint admet son pays partenaire."),
    )
    intermediate_report_months = models.PositiveSmallIntegerField(
        _("délai du rapport intermédiaire (mois)"), default=3,
        help_text=_("Le rapport intermédiaire d'une année budgétaire est dû ce nombre de mois après "
                    "le 31 décembre de cette année."),
    )
    final_report_months = models.PositiveSmallIntegerField(
        _("délai du rapport final (mois)"), default=3,
        help_text=_("Le rapport final est dû ce nombre de mois après la fin du projet."),
    )
    required_documents = models.JSONField(_("pièces exigées"), default=list, blank=True)
    required_markers = models.JSONField(_("marqueurs exigés"), default=list, blank=True)
    source_url = models.TextField(_("sources"), blank=True)
    source_row = models.JSONField(
        _("ligne source"), default=dict, blank=True,
        help_text=_("La ligne de la liste des appels dont l'appel a été chargé, telle quelle, "
                    "avec ses remarques (nom complet, nature, pays)."),
    )

    class Meta:
        ordering = ["campaign", "name"]
        verbose_name = _("appel à projets")
        verbose_name_plural = _("appels à projets")
        constraints = [models.UniqueConstraint(fields=["campaign", "slug"], name="call_campaign_slug")]

    def __str__(self):
        return self.name

    @property
    def opens_on(self) -> date | None:
        """The opening day in Paris; setting a day opens the call at 00:00 Paris time."""
        return paris_day(self.opens_at)

    @opens_on.setter
    def opens_on(self, day: date | None):
        self.opens_at = opening_at(day)

    @property
    def closes_on(self) -> date | None:
        """The closing day in Paris; setting a day closes the call at 23:59:59 Paris time."""
        return paris_day(self.closes_at)

    @closes_on.setter
    def closes_on(self, day: date | None):
        self.closes_at = closing_at(day)

    def is_open_at(self, moment: datetime) -> bool:
        """Whether the call takes submissions at `moment`: from its opening to the last instant
        of its closing second (23:59:59.999… Paris time on the closing day). A call whose dates
        are not known takes none."""
        if self.opens_at is None or self.closes_at is None:
            return False
        return self.opens_at <= moment < self.closes_at + timedelta(seconds=1)

    @property
    def is_call_for_projects(self):
        """An AMI is not an appel à projets: published counts keep them apart."""
        return self.kind != self.Kind.AMI


class ScoringCriterion(models.Model):
    """One line of a call's scoring grid: each instructor gives every criterion a value from 0 to
    `scale_max`; the dossier's score is the average of the criteria weighted by `weight`. A setting
    of the call, copied with it."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("appel"))
    label = models.CharField(_("critère"), max_length=200)
    weight = models.DecimalField(_("poids"), max_digits=5, decimal_places=2, default=Decimal("1"))
    scale_max = models.PositiveSmallIntegerField(_("note maximale"), default=5)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["call", "order", "pk"]
        verbose_name = _("critère de notation")
        verbose_name_plural = _("critères de notation")
        constraints = [
            models.UniqueConstraint(fields=["call", "label"], name="criterion_call_label"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=models.Q(scale_max__gt=0), name="criterion_scale_positive"),
        ]

    def __str__(self):
        return self.label
