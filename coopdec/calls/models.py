"""Campaigns, their calls, and the figures a source published about them."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopdec.territories.models import Country


class Campaign(models.Model):
    year = models.PositiveSmallIntegerField(_("année"), unique=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("campagne")

    def __str__(self):
        return f"Campagne {self.year}"


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
    opens_on = models.DateField(_("ouverture"), null=True, blank=True)
    opens_note = models.CharField(
        _("remarque sur l'ouverture"), max_length=100, blank=True,
        help_text=_("Telle que la source l'écrit, par exemple « tbc » (date à confirmer)."),
    )
    closes_on = models.DateField(_("clôture"), null=True, blank=True)
    closes_note = models.CharField(
        _("remarque sur la clôture"), max_length=100, blank=True,
        help_text=_("Telle que la source l'écrit, par exemple « extended from 2023-01-31 »."),
    )
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
    def is_call_for_projects(self):
        """An AMI is not an appel à projets: published counts keep them apart."""
        return self.kind != self.Kind.AMI
