"""Imports of published lists: every file and every row kept, with what was resolved."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopdec.applications.models import Application
from coopdec.calls.models import Campaign
from coopdec.territories.models import Region


class ImportBatch(models.Model):
    class State(models.TextChoices):
        PREVIEWED = "previewed", _("prévisualisé")
        COMMITTED = "committed", _("enregistré")

    file_name = models.CharField(_("fichier"), max_length=300)
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, db_index=True)
    format = models.CharField(_("format"), max_length=8)
    source_label = models.CharField(
        _("publication"), max_length=200, blank=True,
        help_text=_("Qui a publié la liste et où, tel qu'on le cite : « Occitanie Coopération, 8 septembre 2025 »."),
    )
    source_url = models.URLField(_("adresse de la publication"), max_length=500, blank=True)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="imports", verbose_name=_("campagne")
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("région de la liste")
    )
    state = models.CharField(_("état"), max_length=10, choices=State.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name=_("importé par"),
    )
    created_at = models.DateTimeField(_("importé le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import de liste publiée")
        verbose_name_plural = _("imports de listes publiées")

    def __str__(self):
        return f"{self.file_name} ({self.campaign.year})"


class ImportRow(models.Model):
    class Status(models.TextChoices):
        RESOLVED = "resolved", _("résolue")
        AMBIGUOUS = "ambiguous", _("ambiguë")
        UNKNOWN = "unknown", _("inconnue")

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="rows", verbose_name=_("import")
    )
    row_number = models.PositiveIntegerField(_("ligne"))
    raw = models.JSONField(_("cellules"))
    resolution = models.JSONField(_("résolution"))
    status = models.CharField(_("collectivité"), max_length=10, choices=Status.choices)
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="import_rows",
        verbose_name=_("dossier"),
    )
    conflicts = models.JSONField(
        _("désaccords avec l'enregistré"), default=dict, blank=True,
        help_text=_("Ce que la liste dit autrement que CoopDec (un autre montant, un autre pays de "
                    "partenaire) : rien n'a été remplacé, une personne décide."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name=_("relu par"),
    )
    reviewed_at = models.DateTimeField(_("relu le"), null=True, blank=True)

    class Meta:
        ordering = ["batch", "row_number"]
        verbose_name = _("ligne importée")
        verbose_name_plural = _("lignes importées")

    def __str__(self):
        return f"{self.batch.file_name}, ligne {self.row_number}"
