"""Applications (dossiers): one canonical record per project, filed or imported."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopdec.calls.models import Call
from coopdec.territories.models import Authority, Departement, ForeignAuthority, Region


class Application(models.Model):
    class Decision(models.TextChoices):
        PENDING = "en_attente", _("en attente")
        RETENU = "retenu", _("retenu")
        NON_RETENU = "non_retenu", _("non retenu")
        SANS_SUITE = "sans_suite", _("classé sans suite")

    class GenderMarker(models.IntegerChoices):
        NOT_TARGETED = 0, _("0 — non ciblé")
        SIGNIFICANT = 1, _("1 — objectif significatif")
        PRINCIPAL = 2, _("2 — objectif principal")

    class Provenance(models.TextChoices):
        PLATFORM = "platform", _("déposé sur CoopDec")
        IMPORT = "import", _("importé d'une liste publiée")

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("appel")
    )
    title = models.TextField(_("intitulé du projet"))
    title_key = models.CharField(_("intitulé normalisé"), max_length=500, db_index=True)
    lead_authority = models.ForeignKey(
        Authority, null=True, blank=True, on_delete=models.PROTECT,
        related_name="led_applications", verbose_name=_("collectivité cheffe de file"),
    )
    lead_name = models.CharField(
        _("collectivité telle que publiée"), max_length=300,
        help_text=_("Le nom tel qu'il figure dans la source, gardé même une fois résolu."),
    )
    lead_name_key = models.CharField(_("collectivité normalisée"), max_length=300, db_index=True)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="applications",
        verbose_name=_("région"), help_text=_("Celle de la collectivité cheffe de file ; à défaut, celle de la liste publiée."),
    )
    departement = models.ForeignKey(
        Departement, null=True, blank=True, on_delete=models.PROTECT, related_name="applications",
        verbose_name=_("département"),
    )
    decision = models.CharField(
        _("décision"), max_length=12, choices=Decision.choices, default=Decision.PENDING
    )
    provenance = models.CharField(_("provenance"), max_length=10, choices=Provenance.choices)
    summary = models.TextField(_("résumé"), blank=True)
    gender_marker = models.PositiveSmallIntegerField(
        _("marqueur égalité femmes-hommes (CAD)"), null=True, blank=True, choices=GenderMarker.choices,
    )
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    granted_amount = models.DecimalField(
        _("subvention accordée (€)"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=_("Vide quand la source ne le publie pas."),
    )
    search_document = models.TextField(
        _("texte indexé"), blank=True, editable=False,
        help_text=_("Intitulé, collectivités, partenaires, pays et appel : ce que la recherche lit."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        ordering = ["call__name", "lead_name_key", "title_key"]
        verbose_name = _("dossier")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "lead_authority", "title_key"],
                condition=models.Q(lead_authority__isnull=False),
                name="application_natural_key",
            ),
            models.UniqueConstraint(
                fields=["call", "lead_name_key", "title_key"],
                condition=models.Q(lead_authority__isnull=True),
                name="application_natural_key_unresolved",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_laureate(self):
        return self.decision == self.Decision.RETENU

    @property
    def lead_resolved(self):
        return self.lead_authority_id is not None


class CoApplicant(models.Model):
    """A French authority that applies with the lead ("projet mutualisé")."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="co_applicants", verbose_name=_("dossier")
    )
    authority = models.ForeignKey(
        Authority, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("collectivité")
    )
    name = models.CharField(_("nom tel que publié"), max_length=300)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("co-porteur")


class Partnership(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("dossier")
    )
    foreign_authority = models.ForeignKey(
        ForeignAuthority, on_delete=models.PROTECT, related_name="partnerships",
        verbose_name=_("collectivité étrangère partenaire"),
    )
    name = models.CharField(_("nom tel que publié"), max_length=300)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("partenariat")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "foreign_authority"], name="partnership_unique"
            )
        ]
