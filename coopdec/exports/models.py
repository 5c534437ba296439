"""Exports kept for their owner: templates of columns, and jobs that write a large file apart.

An `ExportJob` is one file being written by a background task (django-tasks): its selection and
columns, its progress (`rows_done` of `rows_total`), a heartbeat the task renews as it writes, and
when done the file's path under `PRIVATE_MEDIA_ROOT`. A task killed midway stops renewing its
heartbeat: `rules.is_stale` then says so and `services.export_jobs_expire` ends the job failed,
so that no job stays « en cours » forever.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Format(models.TextChoices):
    CSV = "csv", _("CSV (point-virgule, pour Excel)")
    XLSX = "xlsx", _("tableur XLSX")


class ExportTemplate(models.Model):
    """An officer's chosen columns, kept under a name for the next export."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="export_templates", verbose_name=_("propriétaire"))
    name = models.CharField(_("nom"), max_length=100)
    columns = models.JSONField(_("colonnes"), default=list)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices, default=Format.XLSX)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("modèle d'export")
        verbose_name_plural = _("modèles d'export")
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="export_template_owner_name")]

    def __str__(self):
        return self.name


class ExportJob(models.Model):
    class Kind(models.TextChoices):
        DOSSIERS = "dossiers", _("dossiers (instruction)")

    class State(models.TextChoices):
        PENDING = "pending", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("prêt")
        FAILED = "failed", _("échoué")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="export_jobs", verbose_name=_("propriétaire"))
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices, default=Kind.DOSSIERS)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    columns = models.JSONField(_("colonnes"), default=list)
    filters = models.JSONField(_("filtres"), default=dict)
    selection = models.CharField(_("sélection"), max_length=300, blank=True)
    state = models.CharField(_("état"), max_length=8, choices=State.choices, default=State.PENDING)
    rows_total = models.PositiveIntegerField(_("lignes à écrire"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("lignes écrites"), default=0)
    file = models.CharField(_("fichier"), max_length=300, blank=True,
                            help_text=_("chemin sous PRIVATE_MEDIA_ROOT, une fois le fichier écrit"))
    error = models.TextField(_("erreur"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("essais"), default=0)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("dernier signe de vie"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["owner", "-created_at"]), models.Index(fields=["state"])]

    def __str__(self):
        return f"Export {self.pk} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def filename(self) -> str:
        return f"{self.kind}-{self.created_at:%Y-%m-%d}-{self.pk}.{self.format}"
