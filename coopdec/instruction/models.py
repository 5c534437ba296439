"""Instruction and selection: who instructs a dossier, the opinions and scores it receives, the
committee sessions of a call and the decisions they record (see applications/workflow.py for the
states a decision moves a dossier to)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopdec.applications.models import Application
from coopdec.calls.models import MONEY, Call, ScoringCriterion
from coopdec.french.text import date_fr
from coopdec.territories.models import Country, Region

USER = settings.AUTH_USER_MODEL


class Assignment(models.Model):
    """A dossier given to an instructor by the ministry."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments",
                                    verbose_name=_("dossier"))
    instructor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="assignments",
                                   verbose_name=_("instructeur"))
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("attribué par"))
    at = models.DateTimeField(_("attribué le"), auto_now_add=True)

    class Meta:
        ordering = ["application", "at"]
        verbose_name = _("attribution")
        constraints = [models.UniqueConstraint(fields=["application", "instructor"], name="assignment_unique")]

    def __str__(self):
        return f"{self.application} → {self.instructor}"


class Opinion(models.Model):
    """The opinion (avis) of an embassy or a prefecture on a dossier. Since opinions are asked in
    CoopDec, it is the answer to an `OpinionRequest`, written by an agent of that embassy or
    prefecture (`author`, through `services.opinion_answer`); the older ones, without a request,
    were typed by the ministry as it received them (`services.opinion_record`), and stay.

    The ministry reads them all, beside the scores on the committee's table; the applicant reads
    only those the ministry marks `visible_to_applicant` (issuer kind, recommendation and text,
    never the author), on their dossier's page."""

    class Issuer(models.TextChoices):
        AMBASSADE = "ambassade", _("ambassade")
        PREFECTURE = "prefecture", _("préfecture")

    class Recommendation(models.TextChoices):
        FAVORABLE = "favorable", _("favorable")
        RESERVE = "reserve", _("réservé")
        DEFAVORABLE = "defavorable", _("défavorable")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="opinions",
                                    verbose_name=_("dossier"))
    issuer_kind = models.CharField(_("émetteur"), max_length=12, choices=Issuer.choices)
    issuer = models.CharField(_("service"), max_length=200,
                              help_text=_("Par exemple « Ambassade de France au Sénégal »."))
    recommendation = models.CharField(_("avis"), max_length=12, choices=Recommendation.choices)
    comment = models.TextField(_("commentaire"), blank=True)
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("saisi par"))
    at = models.DateTimeField(_("saisi le"), auto_now_add=True)
    visible_to_applicant = models.BooleanField(
        _("visible du demandeur"), default=False,
        help_text=_("Le ministère décide si le demandeur lit cet avis sur la page de son dossier."))

    class Meta:
        ordering = ["application", "at"]
        verbose_name = _("avis")
        verbose_name_plural = _("avis")

    def __str__(self):
        return f"{self.issuer} : {self.get_recommendation_display()}"


class OpinionRequest(models.Model):
    """The ministry's invitation to the embassy of a partner country of the dossier, or to the
    prefecture of its région, to give its opinion in CoopDec by `due_on`. The agents holding that
    embassy's or prefecture's role (`accounts.Role`) see it and answer it once (`opinion`); an
    unanswered request past its due date is reminded to them every few days (`reminded_on`)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="opinion_requests",
                                    verbose_name=_("dossier"))
    issuer_kind = models.CharField(_("émetteur"), max_length=12, choices=Opinion.Issuer.choices)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("pays de l'ambassade"))
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("région de la préfecture"))
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("demandé par"))
    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    due_on = models.DateField(_("attendu pour le"))
    opinion = models.OneToOneField(Opinion, null=True, blank=True, on_delete=models.SET_NULL, related_name="request",
                                   verbose_name=_("avis rendu"))
    reminded_on = models.DateField(_("dernière relance le"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("relances"), default=0)

    class Meta:
        ordering = ["application", "issuer_kind", "pk"]
        verbose_name = _("demande d'avis")
        verbose_name_plural = _("demandes d'avis")
        constraints = [
            models.CheckConstraint(
                name="opinion_request_scope_matches_kind",
                condition=(models.Q(issuer_kind="ambassade", country__isnull=False, region__isnull=True)
                           | models.Q(issuer_kind="prefecture", country__isnull=True, region__isnull=False)),
                violation_error_message=_("Une ambassade a un pays, une préfecture une région."),
            ),
            models.UniqueConstraint(fields=["application", "country"], condition=models.Q(issuer_kind="ambassade"),
                                    name="opinion_request_one_per_embassy"),
            models.UniqueConstraint(fields=["application", "region"], condition=models.Q(issuer_kind="prefecture"),
                                    name="opinion_request_one_per_prefecture"),
        ]
        indexes = [models.Index(fields=["due_on"], name="opinion_request_due",
                                condition=models.Q(opinion__isnull=True))]

    def __str__(self):
        return f"{self.application} : avis de {self.issuer_name}"

    @property
    def issuer_name(self) -> str:
        """« l'ambassade de France au Sénégal », « la préfecture de la région Occitanie »."""
        return issuer_name(self.issuer_kind, self.country, self.region)

    @property
    def answered(self) -> bool:
        return self.opinion_id is not None


def issuer_name(kind, country, region) -> str:
    """The embassy or prefecture a request goes to, as a sentence names it: « l'ambassade de
    France (Sénégal) », « la préfecture de région (Occitanie) » (the country's name in brackets:
    French prepositions before 250 country names are not guessed)."""
    if kind == Opinion.Issuer.AMBASSADE:
        return f"l'ambassade de France ({country.name_fr})"
    return f"la préfecture de région ({region.name})"


class Score(models.Model):
    """One instructor's value for one criterion of the call's grid on one dossier."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores",
                                    verbose_name=_("dossier"))
    instructor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="scores",
                                   verbose_name=_("instructeur"))
    criterion = models.ForeignKey(ScoringCriterion, on_delete=models.PROTECT, related_name="scores",
                                  verbose_name=_("critère"))
    value = models.PositiveSmallIntegerField(_("note"))
    comment = models.TextField(_("commentaire"), blank=True,
                               help_text=_("Ce qui justifie la note ; lu par le ministère, jamais par le demandeur."))
    at = models.DateTimeField(_("noté le"), auto_now=True)

    class Meta:
        ordering = ["application", "instructor", "criterion"]
        verbose_name = _("note")
        constraints = [
            models.UniqueConstraint(fields=["application", "instructor", "criterion"], name="score_unique"),
        ]

    def __str__(self):
        return f"{self.criterion} : {self.value}"


class Annotation(models.Model):
    """A private note on a dossier: read by the ministry and the dossier's instructors, never by
    its applicants nor by anyone in a conflict of interest on it (`permissions.can_view_annotations`)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="annotations",
                                    verbose_name=_("dossier"))
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("auteur"))
    text = models.TextField(_("annotation"))
    at = models.DateTimeField(_("écrite le"), auto_now_add=True)

    class Meta:
        ordering = ["application", "at", "pk"]
        verbose_name = _("annotation")

    def __str__(self):
        return f"{self.application} : annotation de {self.author}"


class CommitteeSession(models.Model):
    """A selection committee of a call: it decides within the call's envelope; closing it freezes
    its decisions; publishing it puts its laureates on the public pages."""

    class State(models.TextChoices):
        OPEN = "open", _("ouverte")
        CLOSED = "closed", _("close")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="committee_sessions",
                             verbose_name=_("appel"))
    held_on = models.DateField(_("date du comité"))
    state = models.CharField(_("état"), max_length=8, choices=State.choices, default=State.OPEN)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("ouverte par"))
    created_at = models.DateTimeField(_("ouverte le"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("séance de comité")
        verbose_name_plural = _("séances de comité")

    def __str__(self):
        return f"{self.call} — comité du {date_fr(self.held_on)}"


class SessionEvent(models.Model):
    """The audit trail of a session: closed, reopened (with its reason), published."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("close")
        REOPENED = "reopened", _("rouverte")
        PUBLISHED = "published", _("publiée")

    session = models.ForeignKey(CommitteeSession, on_delete=models.CASCADE, related_name="events",
                                verbose_name=_("séance"))
    kind = models.CharField(_("événement"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("motif"), blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("par"))
    at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        ordering = ["session", "at", "pk"]
        verbose_name = _("événement de séance")

    def __str__(self):
        return f"{self.session} : {self.get_kind_display()}"


class Decision(models.Model):
    """The committee's decision on a dossier (one per dossier), recorded through
    `instruction.services.decision_record` only."""

    class Outcome(models.TextChoices):
        RETENU = "retenu", _("retenu")
        NON_RETENU = "non_retenu", _("non retenu")
        SANS_SUITE = "sans_suite", _("classé sans suite")

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="committee_decision",
                                       verbose_name=_("dossier"))
    session = models.ForeignKey(CommitteeSession, on_delete=models.PROTECT, related_name="decisions",
                                verbose_name=_("séance"))
    outcome = models.CharField(_("décision"), max_length=12, choices=Outcome.choices)
    amount = models.DecimalField(_("subvention accordée (€)"), null=True, blank=True, **MONEY)
    reason = models.TextField(_("motif"), blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("par"))
    at = models.DateTimeField(_("le"), auto_now_add=True)
    # When the applicant was told (at the session's closing); emptied when a reopened session
    # changes the decision, so the next closing tells them again.
    notified_at = models.DateTimeField(_("notifiée le"), null=True, blank=True)

    class Meta:
        ordering = ["session", "at"]
        verbose_name = _("décision")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(outcome="retenu", amount__gt=0)
                           | (~models.Q(outcome="retenu") & models.Q(amount__isnull=True))),
                name="decision_amount_iff_retained",
            ),
        ]

    def __str__(self):
        return f"{self.application} : {self.get_outcome_display()}"
