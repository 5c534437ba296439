"""The Atlas of the external action of French local authorities: every project, twinning or
framework agreement of a French authority with foreign partners, whoever recorded it.

An action comes from an authority's own declaration in `/espace/`, from an imported list (the
Atlas's columns, a network's page), from an embassy, or from a call's laureate (`application`,
kept in step by `services.laureate_actions_sync`: a laureate is never retyped). Names that could
not be resolved are kept as written, with their candidates, for a person to decide (`ActionAuthority`,
`ActionPartner` with no record yet). Public pages show every action that is not withdrawn.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopdec.applications.models import Application
from coopdec.territories.models import Authority, Country, ForeignAuthority

USER = settings.AUTH_USER_MODEL


class Action(models.Model):
    class Kind(models.TextChoices):
        PROJECT = "projet", _("projet")
        TWINNING = "jumelage", _("jumelage")
        AGREEMENT = "accord", _("accord-cadre ou convention de coopération")
        OTHER = "autre", _("autre action")

    class Status(models.TextChoices):
        PLANNED = "prevue", _("prévue")
        ONGOING = "en_cours", _("en cours")
        FINISHED = "terminee", _("terminée")
        SUSPENDED = "suspendue", _("suspendue")
        WITHDRAWN = "retiree", _("retirée")

    class Origin(models.TextChoices):
        AUTHORITY = "collectivite", _("déclarée par la collectivité")
        IMPORT = "import", _("liste importée")
        EMBASSY = "ambassade", _("ambassade de France")
        LAUREATE = "laureat", _("lauréat d'un appel à projets")

    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices, default=Kind.PROJECT)
    title = models.TextField(_("intitulé"))
    title_key = models.CharField(_("intitulé normalisé"), max_length=500, db_index=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.ONGOING)
    themes = models.JSONField(_("thèmes"), default=list, blank=True)
    sdgs = models.JSONField(_("objectifs de développement durable (ODD)"), default=list, blank=True)
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    amount = models.DecimalField(_("montant total (€)"), max_digits=12, decimal_places=2, null=True, blank=True,
                                 help_text=_("Vide quand il n'est pas connu."))
    origin = models.CharField(_("origine"), max_length=12, choices=Origin.choices)
    source = models.CharField(_("source"), max_length=300, blank=True,
                              help_text=_("Le fichier, la page ou la personne d'où vient l'action."))
    source_url = models.URLField(_("adresse de la source"), max_length=500, blank=True)
    source_line = models.PositiveIntegerField(_("ligne de la source"), null=True, blank=True)
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="atlas_action",
        verbose_name=_("dossier lauréat"),
    )
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("créée par"))
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("modifiée par"))
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["title_key", "id"]
        verbose_name = _("action extérieure")
        verbose_name_plural = _("actions extérieures")
        indexes = [models.Index(fields=["status", "kind"], name="atlas_action_status_kind")]

    def __str__(self):
        return self.title


class ActionAuthority(models.Model):
    """A French authority of an action, as written, resolved when a record is known."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="authorities",
                               verbose_name=_("action"))
    authority = models.ForeignKey(Authority, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="atlas_links", verbose_name=_("collectivité"))
    name = models.CharField(_("nom tel qu'écrit"), max_length=300)
    is_lead = models.BooleanField(_("cheffe de file"), default=False)
    candidates = models.JSONField(_("candidats"), default=list, blank=True,
                                  help_text=_("Codes des collectivités possibles, tant qu'une personne n'a pas choisi."))
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["action", "-is_lead", "order"]
        verbose_name = _("collectivité française d'une action")
        verbose_name_plural = _("collectivités françaises d'une action")
        constraints = [
            models.UniqueConstraint(fields=["action", "authority"], condition=models.Q(authority__isnull=False),
                                    name="atlas_action_authority_unique"),
        ]

    def __str__(self):
        return str(self.authority or self.name)


class ActionPartner(models.Model):
    """A foreign partner of an action (or only its country, when no authority is named)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="partners",
                               verbose_name=_("action"))
    foreign_authority = models.ForeignKey(ForeignAuthority, null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="atlas_links", verbose_name=_("collectivité partenaire"))
    name = models.CharField(_("nom tel qu'écrit"), max_length=300, blank=True)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="atlas_partners", verbose_name=_("pays"))
    country_as_written = models.CharField(_("pays tel qu'écrit"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["action", "order"]
        verbose_name = _("partenaire étranger d'une action")
        verbose_name_plural = _("partenaires étrangers d'une action")
        indexes = [models.Index(fields=["country", "action"], name="atlas_partner_country")]

    def __str__(self):
        return self.name or str(self.country or self.country_as_written)


class ActionNote(models.Model):
    """An embassy's (or the ministry's) comment on an action; shown to the back office only."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes", verbose_name=_("action"))
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("auteur"))
    text = models.TextField(_("commentaire"))
    at = models.DateTimeField(_("écrit le"), auto_now_add=True)

    class Meta:
        ordering = ["action", "at"]
        verbose_name = _("commentaire sur une action")
        verbose_name_plural = _("commentaires sur les actions")


class UpdateCampaign(models.Model):
    """The ministry's yearly call to the authorities to bring their actions up to date."""

    year = models.PositiveSmallIntegerField(_("année"), unique=True)
    opens_on = models.DateField(_("ouverture"))
    closes_on = models.DateField(_("clôture"), help_text=_("Dernier jour inclus."))
    opened_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("ouverte par"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("campagne de mise à jour de l'Atlas")
        verbose_name_plural = _("campagnes de mise à jour de l'Atlas")

    def __str__(self):
        return f"Mise à jour {self.year}"


class AuthorityUpdate(models.Model):
    """An authority said, in a campaign, that its actions are up to date."""

    campaign = models.ForeignKey(UpdateCampaign, on_delete=models.CASCADE, related_name="updates",
                                 verbose_name=_("campagne"))
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="atlas_updates",
                                  verbose_name=_("collectivité"))
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("par"))
    at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        ordering = ["campaign", "authority"]
        verbose_name = _("mise à jour d'une collectivité")
        verbose_name_plural = _("mises à jour des collectivités")
        constraints = [models.UniqueConstraint(fields=["campaign", "authority"], name="atlas_update_unique")]


class PersonInCharge(models.Model):
    """Who carries an authority's international action; seen by the ministry, embassies and
    networks only, never on a public page."""

    class Kind(models.TextChoices):
        ELECTED = "elu", _("élu ou élue")
        STAFF = "agent", _("agent ou agente")

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="international_contacts",
                                  verbose_name=_("collectivité"))
    kind = models.CharField(_("qualité"), max_length=6, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=200)
    function = models.CharField(_("fonction"), max_length=200)
    email = models.EmailField(_("adresse électronique"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    updated_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("modifiée par"))
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["authority", "kind", "name"]
        verbose_name = _("personne chargée de l'action internationale")
        verbose_name_plural = _("personnes chargées de l'action internationale")
