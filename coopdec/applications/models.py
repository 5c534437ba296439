"""Applications (dossiers): one canonical record per project, filed or imported."""
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopdec.calls.models import Call, RequiredDocument
from coopdec.territories.models import Authority, Departement, ForeignAuthority, Region

from . import workflow


class ApplicationQuerySet(models.QuerySet):
    def received(self):
        """The dossiers that count as candidatures: neither drafts nor withdrawn ones
        (workflow.RECEIVED). Imported laureates count; a draft never reaches a public figure."""
        return self.filter(state__in=workflow.RECEIVED)

    def submitted(self):
        """The dossiers the ministry sees: submitted at least once. A draft, and a draft its
        applicant withdrew without ever submitting it, are the applicant's work alone: out of
        every ministry list, count, export and search."""
        ever = Transition.objects.filter(application=models.OuterRef("pk"), from_state=workflow.BROUILLON,
                                         to_state=workflow.DEPOSE)
        return self.exclude(state=workflow.BROUILLON).exclude(
            models.Q(state=workflow.RETIRE) & ~models.Exists(ever))


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
    state = models.CharField(
        _("état"), max_length=16, choices=workflow.CHOICES, default=workflow.RETENU, db_index=True,
        help_text=_("Un lauréat importé est retenu ; un dossier déposé sur CoopDec naît brouillon "
                    "et ne change d'état que par une transition (applications/workflow.py)."),
    )
    provenance = models.CharField(_("provenance"), max_length=10, choices=Provenance.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("créé par"),
    )
    summary = models.TextField(_("résumé"), blank=True)
    description = models.TextField(_("description"), blank=True)
    themes = models.JSONField(_("thèmes"), default=list, blank=True)
    sdgs = models.JSONField(_("objectifs de développement durable (ODD)"), default=list, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("durée (mois)"), null=True, blank=True)
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

    objects = ApplicationQuerySet.as_manager()

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
    def state_label(self):
        return workflow.label(self.state)

    @property
    def shown_state(self) -> str:
        """The state a page shows: the real one, unless a selector serving the applicant set
        `undecided` (a committee's decision stays « en instruction » for the applicant until its
        session is closed: it may still change, and the letter goes with it)."""
        return workflow.EN_INSTRUCTION if getattr(self, "undecided", False) else self.state

    @property
    def shown_state_label(self) -> str:
        return workflow.label(self.shown_state)

    @property
    def is_laureate(self):
        return self.decision == self.Decision.RETENU

    @property
    def lead_resolved(self):
        return self.lead_authority_id is not None


class CoApplicantQuerySet(models.QuerySet):
    def confirmed(self):
        """The co-applicants that may be shown publicly: confirmed by a member of the authority
        (an imported laureate's, from a published list, are confirmed)."""
        return self.filter(state=CoApplicant.State.CONFIRMED)


class CoApplicant(models.Model):
    """A French authority that applies with the lead ("projet mutualisé"). Named by the lead, it is
    invited: a member of it confirms or declines (services.co_applicant_answer), and until it has
    confirmed it is shown nowhere public."""

    class State(models.TextChoices):
        INVITED = "invite", _("invitée, pas encore confirmée")
        CONFIRMED = "confirme", _("confirmée")
        DECLINED = "decline", _("a décliné")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="co_applicants", verbose_name=_("dossier")
    )
    authority = models.ForeignKey(
        Authority, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("collectivité")
    )
    name = models.CharField(_("nom tel que publié"), max_length=300)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    state = models.CharField(_("consentement"), max_length=8, choices=State.choices, default=State.INVITED,
                             db_index=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("réponse de"))
    answered_at = models.DateTimeField(_("réponse le"), null=True, blank=True)

    objects = CoApplicantQuerySet.as_manager()

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


class BudgetLine(models.Model):
    """One line of a dossier's budget: an expense of a year, a resource of the whole project, or
    the part of the cost spent with one partner country (category = its ISO code) when there are
    several, which the per-country rate ceiling reads."""

    class Kind(models.TextChoices):
        EXPENSE = "expense", _("dépense")
        RESOURCE = "resource", _("ressource")
        COUNTRY = "country", _("part du coût par pays")

    class Resource(models.TextChoices):
        """The resources the money rules read (`calls.rules.Budget`), one line each."""

        FRENCH_CASH = "french_cash", _("apport financier des collectivités françaises")
        FRENCH_IN_KIND = "french_in_kind", _("valorisation des collectivités françaises")
        PARTNER = "partner_contributions", _("apports des partenaires étrangers")
        OTHER = "other_funding", _("autres cofinancements")
        REQUESTED = "requested_grant", _("subvention demandée au ministère")

    class Expense(models.TextChoices):
        STAFF = "personnel", _("personnel")
        TRAVEL = "missions", _("missions et déplacements")
        SERVICES = "prestations", _("prestations et études")
        EQUIPMENT = "equipement", _("équipement et investissement")
        RUNNING = "fonctionnement", _("fonctionnement")
        OTHER = "autre", _("autre")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines",
                                    verbose_name=_("dossier"))
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    kind = models.CharField(_("nature"), max_length=8, choices=Kind.choices)
    category = models.CharField(_("poste"), max_length=24)
    amount = models.DecimalField(
        _("montant (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["kind", "year", "pk"]
        verbose_name = _("ligne de budget")
        verbose_name_plural = _("lignes de budget")

    @classmethod
    def build(cls, application, *, expenses, resources, country_parts=None):
        """Unsaved lines from plain values: `expenses` as (year, category, amount), `resources`
        and `country_parts` as {category: amount}; empty amounts make no line. The service saves
        them, the eligibility panel evaluates them unsaved while the applicant types."""
        Kind = cls.Kind
        return [
            cls(application=application, kind=Kind.EXPENSE, year=year, category=category, amount=amount)
            for year, category, amount in expenses if amount
        ] + [
            cls(application=application, kind=kind, category=category, amount=amount)
            for kind, amounts in ((Kind.RESOURCE, resources), (Kind.COUNTRY, country_parts or {}))
            for category, amount in amounts.items() if amount
        ]


class PrivateStorage(FileSystemStorage):
    """Where dossiers' documents live: `PRIVATE_MEDIA_ROOT`, read when used, with no public URL."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def private_storage():
    """`PRIVATE_MEDIA_ROOT`, unless the settings name another private storage (an object store
    shared by several machines: STORAGES["private"], from PRIVATE_STORAGE_BACKEND)."""
    if "private" in settings.STORAGES:
        return storages["private"]
    return PrivateStorage()


def _document_path(document, filename):
    """Where a document is kept: under its dossier, never under a public URL."""
    return f"dossiers/{document.application_id}/{filename}"


class Document(models.Model):
    """A file attached to a dossier, kept in private storage and served only through a view
    that checks who asks."""

    class Kind(models.TextChoices):
        CONVENTION = "convention", _("convention de coopération")
        DELIBERATION = "deliberation", _("délibération de l'assemblée")
        LETTRE_INTENTION = "lettre_intention", _("lettre d'intention")
        AUTRE = "autre", _("autre pièce")

    # The call's required document (calls.models.RequiredDocument) each kind provides.
    REQUIREMENT = {
        Kind.CONVENTION: RequiredDocument.COOPERATION_AGREEMENT,
        Kind.DELIBERATION: RequiredDocument.COUNCIL_DELIBERATION,
        Kind.LETTRE_INTENTION: RequiredDocument.LETTERS_OF_INTENT,
    }

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents",
                                    verbose_name=_("dossier"))
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("fichier"), storage=private_storage, upload_to=_document_path, max_length=300)
    name = models.CharField(_("nom du fichier"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("déposé par"),
    )
    at = models.DateTimeField(_("déposé le"))

    class Meta:
        ordering = ["kind", "at"]
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")

    def __str__(self):
        return self.name


class Transition(models.Model):
    """One change of a dossier's state: the audit trail (who, when, from, to, why)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions",
                                    verbose_name=_("dossier"))
    from_state = models.CharField(_("de"), max_length=16, choices=workflow.CHOICES, blank=True)
    to_state = models.CharField(_("vers"), max_length=16, choices=workflow.CHOICES)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("par"),
    )
    at = models.DateTimeField(_("le"))
    reason = models.TextField(_("motif"), blank=True)
    # A request for corrections names the parts of the dossier it reopens (the steps of the form,
    # `permissions.SECTIONS`); empty: the whole dossier, as before parts could be named.
    sections = models.JSONField(_("parties rouvertes"), default=list, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("transition")

    def __str__(self):
        return f"{self.from_state or '—'} → {self.to_state}"


class AuthorityYearStatus(models.Model):
    """What the ministry knows of an authority for one year: its development-aid declaration and
    the reports of the projects it co-funded before. The rules' `authority_status` check reads it."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="year_statuses",
                                  verbose_name=_("collectivité"))
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    apd_declared = models.BooleanField(_("déclaration d'APD faite"), default=False)
    apd_declared_on = models.DateField(_("déclarée le"), null=True, blank=True)
    apd_source = models.CharField(
        _("origine de la déclaration d'APD"), max_length=8, choices=[("import", _("import")),
                                                                   ("coopdec", _("déposée dans CoopDec"))],
        default="import",
        help_text=_("« coopdec » : une déclaration déposée dans CoopDec (apd), qu'un import ne remplace pas."))
    reports_due = models.PositiveSmallIntegerField(_("rapports attendus"), default=0)
    reports_filed = models.PositiveSmallIntegerField(_("rapports remis"), default=0)
    reports_accepted = models.PositiveSmallIntegerField(_("rapports acceptés"), default=0)

    class Meta:
        ordering = ["-year", "authority__name"]
        verbose_name = _("situation annuelle d'une collectivité")
        verbose_name_plural = _("situations annuelles des collectivités")
        constraints = [
            models.UniqueConstraint(fields=["authority", "year"], name="authority_year_status_unique")
        ]

    def __str__(self):
        return f"{self.authority} {self.year}"

    @property
    def reports_up_to_date(self):
        return self.reports_filed >= self.reports_due


class AuthorityReportYear(models.Model):
    """The reports owed on the grants an authority leads on CoopDec that fall due in one year: how
    many, how many filed (déposé or accepté: one sent back for changes is not remis until filed
    again), how many accepted. Written by grants' services as reports are planned, filed and
    reviewed; the eligibility check adds up the years to the one it reads, and for an authority
    with such rows these counts stand instead of the imported ones (`selectors.authority_status_for`).
    Kept beside the imported status, not in it: an import rewrites or removes its own row only."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="report_years",
                                  verbose_name=_("collectivité"))
    year = models.PositiveSmallIntegerField(_("année d'échéance"))
    due = models.PositiveSmallIntegerField(_("rapports attendus"))
    filed = models.PositiveSmallIntegerField(_("rapports remis"))
    accepted = models.PositiveSmallIntegerField(_("rapports acceptés"))

    class Meta:
        ordering = ["authority", "year"]
        verbose_name = _("rapports d'une collectivité par année d'échéance")
        verbose_name_plural = _("rapports des collectivités par année d'échéance")
        constraints = [
            models.UniqueConstraint(fields=["authority", "year"], name="authority_report_year_unique")
        ]

    def __str__(self):
        return f"{self.authority} {self.year}"
