"""Grants: what a retained dossier is paid (its tranches, each recorded once paid) and what it owes
the ministry in return (its reports, filed by the applicant and reviewed by the ministry).

The schedule is computed by the pure `rules.tranche_schedule` and written by
`services.grant_plan`; nothing here is typed by hand.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopdec.applications.models import Application, BudgetLine, private_storage
from coopdec.calls.models import MONEY

from . import rules

USER = settings.AUTH_USER_MODEL


class Tranche(models.Model):
    """One payment of a grant, in the order it is paid: its planned amount and condition, and once
    the ministry pays it, the date, the amount actually paid (never above the planned one) and who
    recorded it."""

    class Condition(models.TextChoices):
        NONE = rules.Condition.NONE.value, rules.CONDITION_LABELS[rules.Condition.NONE]
        INTERMEDIATE_REPORT = (rules.Condition.INTERMEDIATE_REPORT.value,
                               rules.CONDITION_LABELS[rules.Condition.INTERMEDIATE_REPORT])
        FINAL_REPORT = rules.Condition.FINAL_REPORT.value, rules.CONDITION_LABELS[rules.Condition.FINAL_REPORT]

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="tranches",
                                    verbose_name=_("dossier"))
    order = models.PositiveSmallIntegerField(_("ordre"))
    year = models.PositiveSmallIntegerField(_("année budgétaire"))
    amount = models.DecimalField(_("montant prévu (€)"), **MONEY)
    condition = models.CharField(_("condition"), max_length=20, choices=Condition.choices)
    share = models.DecimalField(_("part de la tranche annuelle"), max_digits=3, decimal_places=2)
    paid_on = models.DateField(_("versée le"), null=True, blank=True)
    paid_amount = models.DecimalField(_("montant versé (€)"), null=True, blank=True, **MONEY)
    paid_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("versement enregistré par"))
    paid_recorded_at = models.DateTimeField(_("versement enregistré le"), null=True, blank=True)

    class Meta:
        ordering = ["application", "order"]
        verbose_name = _("tranche")
        constraints = [
            models.UniqueConstraint(fields=["application", "order"], name="tranche_order_unique"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="tranche_amount_not_negative"),
            models.CheckConstraint(
                condition=(models.Q(paid_on__isnull=True, paid_amount__isnull=True)
                           | models.Q(paid_on__isnull=False, paid_amount__gt=0,
                                      paid_amount__lte=models.F("amount"))),
                name="tranche_paid_within_amount",
            ),
        ]

    def __str__(self):
        return f"{self.application} — tranche {self.order}"

    @property
    def paid(self) -> bool:
        return self.paid_on is not None


class Report(models.Model):
    """A report a grant owes: intermediate (one per budget year followed by another tranche) or
    final, with its due date from the call's delays. The applicant files it (narrative, financial
    statement, documents); the ministry accepts it or asks for changes, and the applicant files
    again."""

    class Kind(models.TextChoices):
        INTERMEDIATE = rules.ReportKind.INTERMEDIATE.value, _("rapport intermédiaire technique et financier")
        FINAL = rules.ReportKind.FINAL.value, _("rapport final")

    class State(models.TextChoices):
        ATTENDU = "attendu", _("attendu")
        DEPOSE = "depose", _("déposé")
        ACCEPTE = "accepte", _("accepté")
        MODIFICATIONS = "modifications", _("modifications demandées")

    # The states in which the applicant owes a filing: never filed, or sent back.
    OWED = (State.ATTENDU, State.MODIFICATIONS)
    # The states that count as « remis » for next year's eligibility: a report sent back for
    # changes is not remis until it is filed again.
    FILED = (State.DEPOSE, State.ACCEPTE)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reports",
                                    verbose_name=_("dossier"))
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("année couverte"), null=True, blank=True,
                                            help_text=_("Vide pour le rapport final."))
    due_on = models.DateField(_("à remettre le"))
    state = models.CharField(_("état"), max_length=14, choices=State.choices, default=State.ATTENDU)
    narrative = models.TextField(_("compte rendu technique"), blank=True)
    filed_on = models.DateField(_("déposé le"), null=True, blank=True)
    filed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("déposé par"))
    review_comment = models.TextField(_("commentaire du ministère"), blank=True)
    reviewer = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("examiné par"))
    reviewed_at = models.DateTimeField(_("examiné le"), null=True, blank=True)

    class Meta:
        ordering = ["application", "due_on", "pk"]
        verbose_name = _("rapport")
        constraints = [
            models.UniqueConstraint(fields=["application", "year"], condition=models.Q(kind="intermediate"),
                                    name="report_intermediate_once_a_year"),
            models.UniqueConstraint(fields=["application"], condition=models.Q(kind="final"),
                                    name="report_final_once"),
            models.CheckConstraint(condition=models.Q(kind="final", year__isnull=True)
                                   | models.Q(kind="intermediate", year__isnull=False),
                                   name="report_year_iff_intermediate"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if self.kind == self.Kind.FINAL:
            return "Rapport final"
        return f"Rapport intermédiaire {self.year}"

    def overdue_on(self, today) -> bool:
        """Owed and past its due date on `today`."""
        return self.state in self.OWED and self.due_on < today


class StatementLine(models.Model):
    """The financial statement of a report: what was spent per expense category of the budget
    (the same categories as `applications.BudgetLine.Expense`), so that the ministry reads it
    beside the planned budget of the same years, line for line."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="statement_lines",
                               verbose_name=_("rapport"))
    category = models.CharField(_("poste"), max_length=24, choices=BudgetLine.Expense.choices)
    amount = models.DecimalField(_("dépensé (€)"), **MONEY)

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("ligne de l'état financier")
        verbose_name_plural = _("lignes de l'état financier")
        constraints = [
            models.UniqueConstraint(fields=["report", "category"], name="statement_line_unique"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="statement_line_not_negative"),
        ]


def _report_document_path(document, filename):
    """Under its dossier, beside the dossier's own documents, never under a public URL."""
    return f"dossiers/{document.report.application_id}/rapports/{document.report_id}/{filename}"


class ReportDocument(models.Model):
    """A file attached to a report, kept in private storage as dossiers' documents are and
    served only through a view that checks who asks."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="documents",
                               verbose_name=_("rapport"))
    file = models.FileField(_("fichier"), storage=private_storage, upload_to=_report_document_path,
                            max_length=300)
    name = models.CharField(_("nom du fichier"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("déposé par"))
    at = models.DateTimeField(_("déposé le"))

    class Meta:
        ordering = ["report", "at", "pk"]
        verbose_name = _("pièce d'un rapport")
        verbose_name_plural = _("pièces des rapports")

    def __str__(self):
        return self.name


class ReportEvent(models.Model):
    """The audit trail of a report: each filing and each review, with its comment."""

    class Kind(models.TextChoices):
        FILED = "filed", _("déposé")
        ACCEPTED = "accepted", _("accepté")
        CHANGES = "changes", _("modifications demandées")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events",
                               verbose_name=_("rapport"))
    kind = models.CharField(_("événement"), max_length=10, choices=Kind.choices)
    comment = models.TextField(_("commentaire"), blank=True)
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("par"))
    at = models.DateTimeField(_("le"))

    class Meta:
        ordering = ["report", "at", "pk"]
        verbose_name = _("événement d'un rapport")


class ReportReminder(models.Model):
    """A notice sent about a report (due soon, overdue): one per report and event, which is what
    makes `manage.py reports_remind` safe to run again."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reminders",
                               verbose_name=_("rapport"))
    event = models.CharField(_("événement"), max_length=30)
    sent_on = models.DateField(_("envoyé le"))

    class Meta:
        ordering = ["report", "sent_on"]
        verbose_name = _("relance de rapport")
        constraints = [models.UniqueConstraint(fields=["report", "event"], name="report_reminder_once")]
