"""Writes of instruction and selection: assignments (one by one or in batch), opinions, scores;
committee sessions, decisions within the call's envelope, the applicants told when a session
closes, a session's laureates published.

Every refusal names its reason in French (`InstructionRefused.reason`, `DecisionRefused.reason`),
from the same permission functions the pages ask, so what a page offers and what the service
accepts never disagree. Every decision goes through `decision_record`, one by one or in batch
(`decisions_record`), and every change of a dossier's state through
`applications.services.transition`.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from coopdec.accounts.models import Membership
from coopdec.accounts.selectors import is_ministry
from coopdec.applications import workflow
from coopdec.applications.models import Application
from coopdec.applications.services import TransitionRefused, transition
from coopdec.calls.models import MONEY, Call
from coopdec.calls.selectors import RulesMissing
from coopdec.dataversion.changes import data_changed
from coopdec.french.text import date_fr, euros, parse_amount
from coopdec.grants.services import GrantRefused, grant_plan

from . import rules, selectors
from .messages import decision_notify, opinion_given_notify, opinion_late_notify, opinion_request_notify
from .models import Annotation, Assignment, CommitteeSession, Decision, Opinion, OpinionRequest, Score, SessionEvent
from .permissions import (
    MINISTRY_ONLY, UNDER_REVIEW, can_act_on_session, can_annotate, can_answer_request, can_assign_application,
    can_decide_application, can_hold_committees, can_record_opinion, can_request_opinions, can_score_application,
    can_set_opinion_visibility,
)
from .selectors import assignable_dossiers, grid


class InstructionRefused(Exception):
    """An instruction step refused; `reason` says why, in French."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class AssignmentRefused(InstructionRefused):
    """An assignment refused: not the ministry, a dossier not under review, an instructor whose
    role does not cover it, already given to them, or a conflict of interest."""


def _refuse_unless(decision, refusal=InstructionRefused):
    if not decision:
        raise refusal(decision.reason)


def _locked(application) -> Application:
    """The dossier's row locked until the transaction ends (PostgreSQL), read afresh with what
    the permission checks read."""
    return (Application.objects.select_for_update(of=("self",)).select_related("call", "lead_authority")
            .get(pk=application.pk))


@transaction.atomic
def assignment_create(*, application, instructor, by) -> Assignment:
    """Give a dossier to an instructor. The first assignment of a dossier « déposé » puts it in
    instruction (the workflow's move, recorded with the instructor's name)."""
    locked = _locked(application)
    _refuse_unless(can_assign_application(by, locked, instructor), AssignmentRefused)
    assignment = Assignment.objects.create(application=locked, instructor=instructor, by=by)
    if locked.state == workflow.DEPOSE:
        transition(application=locked, to=workflow.EN_INSTRUCTION, by=by,
                   reason=f"Attribué pour instruction à {instructor.email}")
    return assignment


@dataclass
class BatchResult:
    """What a batch did: the assignments made, and each dossier refused with its reason."""

    assigned: list[Assignment] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)


@transaction.atomic
def assignments_create(*, instructor, by, call=None, country=None) -> BatchResult:
    """Give an instructor every dossier under review of a call, or with a partner in a country.
    Each dossier is assigned whole or refused with its reason (a conflict of interest, a dossier
    already theirs); the refusals do not stop the others."""
    if not is_ministry(by):
        raise AssignmentRefused("Seul un agent du ministère attribue les dossiers.")
    if (call is None) == (country is None):
        raise AssignmentRefused("Choisissez soit un appel, soit un pays partenaire.")
    result = BatchResult()
    for application in assignable_dossiers(call=call, country=country):
        try:
            result.assigned.append(assignment_create(application=application, instructor=instructor, by=by))
        except AssignmentRefused as refused:
            result.refused.append((application, refused.reason))
    return result


ISSUERS, RECOMMENDATIONS = dict(Opinion.Issuer.choices), dict(Opinion.Recommendation.choices)


@transaction.atomic
def opinion_record(*, application, issuer_kind, issuer, recommendation, comment="", user) -> Opinion:
    """Record the opinion of an embassy or a prefecture, as the ministry received it."""
    locked = _locked(application)
    _refuse_unless(can_record_opinion(user, locked))
    errors = {}
    if issuer_kind not in ISSUERS:
        errors["issuer_kind"] = "Choisissez l'émetteur de l'avis : ambassade ou préfecture."
    if not issuer.strip():
        errors["issuer"] = "Nommez le service qui a donné l'avis (par exemple « Ambassade de France au Sénégal »)."
    if recommendation not in RECOMMENDATIONS:
        errors["recommendation"] = "Choisissez l'avis : favorable, réservé ou défavorable."
    if errors:
        raise ValidationError(errors)
    return Opinion.objects.create(application=locked, issuer_kind=issuer_kind, issuer=" ".join(issuer.split()),
                                  recommendation=recommendation, comment=comment.strip(), author=user)


# ---------------------------------------------------------------- opinions asked in CoopDec

# How often an unanswered request past its due date is reminded to its embassy or prefecture.
REMIND_EVERY_DAYS = 7


@dataclass
class RequestResult:
    """What asking opinions did: the requests made (their agents told), those already made
    (nothing sent again), each dossier or issuer refused with its reason, and the requests
    whose embassy or prefecture has no agent in CoopDec yet (recorded, nobody told)."""

    created: list[OpinionRequest] = field(default_factory=list)
    already: list[OpinionRequest] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)
    unheard: list[OpinionRequest] = field(default_factory=list)


def _scopes(application, issuer_kind) -> list[dict]:
    """Whom an opinion of this kind is asked of: the embassy of each partner country of the
    dossier, or the prefecture of its région. Raises InstructionRefused when there is none."""
    if issuer_kind == Opinion.Issuer.AMBASSADE:
        countries = sorted({p.foreign_authority.country_id for p in application.partnerships.all()
                            if p.foreign_authority_id and p.foreign_authority.country_id})
        if not countries:
            raise InstructionRefused(f"« {application.title} » n'a aucun partenaire dont le pays est connu : "
                                     "aucune ambassade à consulter.")
        return [{"country_id": iso2} for iso2 in countries]
    if issuer_kind == Opinion.Issuer.PREFECTURE:
        region = application.region_id or (application.lead_authority.region_id if application.lead_authority_id
                                           else None)
        if not region:
            raise InstructionRefused(f"« {application.title} » n'a pas de région connue : "
                                     "aucune préfecture à consulter.")
        return [{"region_id": region}]
    raise InstructionRefused(f"Émetteur inconnu : « {issuer_kind} » (ambassade ou préfecture).")


def _due_on_check(due_on) -> date:
    if not isinstance(due_on, date):
        raise InstructionRefused("Indiquez la date à laquelle l'avis est attendu.")
    if due_on < timezone.localdate():
        raise InstructionRefused(f"L'avis ne peut être attendu pour le {date_fr(due_on)}, une date passée.")
    return due_on


@transaction.atomic
def opinion_request(*, application, issuer_kinds, by, due_on, result: RequestResult | None = None) -> RequestResult:
    """Ask the embassy of each partner country of a dossier and/or the prefecture of its région
    for their opinion by `due_on`. Idempotent: a request already made for the same dossier and
    embassy or prefecture is kept as it is (its due date too) and nobody is told again. The
    agents holding that embassy's or prefecture's role are told (AVIS_DEMANDE)."""
    result = result if result is not None else RequestResult()
    locked = _locked(application)
    _refuse_unless(can_request_opinions(by, locked))
    due_on = _due_on_check(due_on)
    if not issuer_kinds:
        raise InstructionRefused("Choisissez à qui demander l'avis : l'ambassade, la préfecture ou les deux.")
    dossier = (Application.objects.select_related("call__campaign", "lead_authority", "region")
               .prefetch_related("partnerships__foreign_authority").get(pk=locked.pk))
    for kind in dict.fromkeys(issuer_kinds):
        for scope in _scopes(dossier, kind):
            request, created = OpinionRequest.objects.get_or_create(
                application=dossier, issuer_kind=kind, **scope, defaults={"requested_by": by, "due_on": due_on})
            if not created:
                result.already.append(request)
                continue
            request = OpinionRequest.objects.select_related("country", "region", "application__call__campaign").get(
                pk=request.pk)
            result.created.append(request)
            holders = selectors.scope_holders(request)
            if holders:
                opinion_request_notify(request=request, recipients=holders)
            else:
                result.unheard.append(request)
    return result


def opinion_requests_create(*, applications, issuer_kinds, by, due_on) -> RequestResult:
    """Ask for opinions on several dossiers (every dossier under review of a call, or a
    selection), through `opinion_request` one dossier at a time: a dossier refused (no partner
    country, a conflict of interest, decided) is named with its reason and does not stop the
    others; a request already made is not made again."""
    if not is_ministry(by):
        raise InstructionRefused(MINISTRY_ONLY)
    _due_on_check(due_on)
    result = RequestResult()
    for application in applications:
        for kind in dict.fromkeys(issuer_kinds):
            try:
                with transaction.atomic():
                    opinion_request(application=application, issuer_kinds=[kind], by=by, due_on=due_on, result=result)
            except InstructionRefused as refused:
                result.refused.append((application, refused.reason))
    return result


@transaction.atomic
def opinion_answer(*, request, user, recommendation, text) -> Opinion:
    """The answer of an embassy's or prefecture's agent to a request: favourable, reserved or
    unfavourable, with a text (required when reserved or unfavourable). Refused, with the reason,
    to anyone outside the request's embassy or prefecture, once answered, and once the dossier
    is no longer under review (decided, withdrawn). The officer who asked is told (AVIS_RENDU).
    The applicant does not read it until the ministry says so (`opinion_visibility_set`)."""
    _locked(request.application)
    request = (OpinionRequest.objects.select_for_update(of=("self",))
               .select_related("application__call__campaign", "application__lead_authority", "country", "region",
                               "requested_by")
               .get(pk=request.pk))
    _refuse_unless(can_answer_request(user, request))
    text = (text or "").strip()
    errors = {}
    if recommendation not in RECOMMENDATIONS:
        errors["recommendation"] = "Choisissez l'avis : favorable, réservé ou défavorable."
    elif recommendation != Opinion.Recommendation.FAVORABLE and not text:
        errors["text"] = (f"Un avis {RECOMMENDATIONS[recommendation]} s'explique : écrivez ce qui le motive, "
                          "le comité de sélection le lira.")
    if errors:
        raise ValidationError(errors)
    name = request.issuer_name
    opinion = Opinion.objects.create(application=request.application, issuer_kind=request.issuer_kind,
                                     issuer=name[0].upper() + name[1:], recommendation=recommendation,
                                     comment=text, author=user)
    request.opinion = opinion
    request.save(update_fields=["opinion"])
    if request.requested_by.is_active:
        opinion_given_notify(request=request, recipients=[request.requested_by])
    return opinion


@transaction.atomic
def opinion_visibility_set(*, opinion, visible: bool, user) -> Opinion:
    """Whether the applicant reads this opinion on their dossier's page (the ministry decides;
    by default they do not)."""
    opinion = Opinion.objects.select_for_update().select_related("application").get(pk=opinion.pk)
    _refuse_unless(can_set_opinion_visibility(user, opinion.application))
    if opinion.visible_to_applicant != bool(visible):
        opinion.visible_to_applicant = bool(visible)
        opinion.save(update_fields=["visible_to_applicant"])
    return opinion


def opinions_to_remind(*, today: date, every_days: int = REMIND_EVERY_DAYS):
    """The unanswered requests past their due date, on dossiers still under review, not reminded
    in the last `every_days` days."""
    since = today - timedelta(days=every_days)
    return (OpinionRequest.objects.filter(opinion__isnull=True, due_on__lt=today,
                                          application__state__in=UNDER_REVIEW)
            .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lte=since))
            .select_related("application__call__campaign", "country", "region").order_by("due_on", "pk"))


def opinions_remind(*, today: date, every_days: int = REMIND_EVERY_DAYS) -> int:
    """Remind the embassies' and prefectures' agents of each request past its due date and still
    unanswered (AVIS_EN_RETARD), once every `every_days` days: a run records `reminded_on`, so a
    second run the same day (or the next ones within the period) sends nothing. Each request is
    claimed by a conditional update, so two runs at once never remind it twice. Returns how many
    requests were reminded (those without an agent in CoopDec are recorded as reminded, nobody told)."""
    if every_days < 1:
        raise InstructionRefused("Une relance se fait au plus une fois par jour.")
    since = today - timedelta(days=every_days)
    reminded = 0
    for request in opinions_to_remind(today=today, every_days=every_days):
        with transaction.atomic():
            claimed = (OpinionRequest.objects.filter(pk=request.pk, opinion__isnull=True)
                       .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lte=since))
                       .update(reminded_on=today, reminders=models.F("reminders") + 1))
            if not claimed:
                continue
            holders = selectors.scope_holders(request)
            if holders:
                opinion_late_notify(request=request, recipients=holders)
            reminded += 1
    return reminded


@transaction.atomic
def score_record(*, application, user, values, comments=None) -> dict[int, int]:
    """Write `user`'s sheet on a dossier: `values` maps a criterion of the call's grid (its id) to
    a value on its scale, or to None to clear it; `comments` (optional) maps a criterion to the
    comment that goes with its value (a comment without a value is refused). Every value is
    checked before any is written. Returns the sheet as it now stands."""
    locked = _locked(application)
    _refuse_unless(can_score_application(user, locked))
    criteria = {c.key: c for c in grid(locked.call.criteria.all())}
    comments = {int(key): (text or "").strip() for key, text in (comments or {}).items()}
    errors = {}
    for key in [*values, *comments]:
        if int(key) not in criteria:
            raise InstructionRefused(f"Le critère n° {key} n'est pas dans la grille de l'appel « {locked.call.name} ».")
    for key, value in values.items():
        criterion = criteria[int(key)]
        if value is not None:
            try:
                rules.value_check(criterion, value)
            except rules.ValueRefused as refused:
                errors[f"critere_{criterion.key}"] = str(refused)
        elif comments.get(int(key)):
            errors[f"commentaire_{criterion.key}"] = (
                f"Un commentaire accompagne une note : notez « {criterion.label} » ou effacez ce commentaire.")
    if errors:
        raise ValidationError(errors)
    for key, value in values.items():
        if value is None:
            Score.objects.filter(application=locked, instructor=user, criterion_id=key).delete()
        else:
            defaults = {"value": value}
            if int(key) in comments:
                defaults["comment"] = comments[int(key)]
            Score.objects.update_or_create(application=locked, instructor=user, criterion_id=key,
                                           defaults=defaults)
    return dict(Score.objects.filter(application=locked, instructor=user).values_list("criterion_id", "value"))


@transaction.atomic
def annotation_add(*, application, user, text) -> Annotation:
    """A private annotation on a dossier, by the ministry or one of its instructors (never by
    anyone in a conflict of interest on it)."""
    locked = _locked(application)
    _refuse_unless(can_annotate(user, locked))
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Écrivez l'annotation avant de l'enregistrer."})
    return Annotation.objects.create(application=locked, author=user, text=text)


# ---------------------------------------------------------------- committees

Outcome = Decision.Outcome
OUTCOME_STATE = {Outcome.RETENU: workflow.RETENU, Outcome.NON_RETENU: workflow.NON_RETENU,
                 Outcome.SANS_SUITE: workflow.SANS_SUITE}


class DecisionRefused(Exception):
    """A decision, or a change of a committee's session, that cannot be made; `reason` says why,
    in French, as the officer reads it."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class DecisionsRefused(DecisionRefused):
    """A batch of decisions refused as a whole: `refusals` names each dossier refused and why;
    none of the batch is recorded."""

    def __init__(self, refusals: list[tuple[Application, str]]):
        self.refusals = refusals
        super().__init__(" ; ".join(f"« {application.title} » : {reason}" for application, reason in refusals))


def _day(moment) -> str:
    return date_fr(moment)


def _require(decision):
    if not decision:
        raise DecisionRefused(decision.reason)


# ---------------------------------------------------------------- sessions


@transaction.atomic
def session_open(*, call: Call, held_on, user) -> CommitteeSession:
    """A new committee session of `call`, held on `held_on`. One session of a call is open at a
    time: the decisions of the call go to it. A committee sits on the dossiers received by a
    closed call, after its closing day and never on a date to come (`rules.sitting_refusal`)."""
    _require(can_hold_committees(user))
    call = Call.objects.select_for_update().get(pk=call.pk)
    refusal = rules.sitting_refusal(call_name=call.name, closes_at=call.closes_at, held_on=held_on,
                                    now=timezone.now())
    if refusal:
        raise DecisionRefused(refusal)
    already = selectors.open_session(call)
    if already is not None:
        raise DecisionRefused(f"La séance du {_day(already.held_on)} de l'appel « {call.name} » est encore "
                              "ouverte : close-la avant d'en ouvrir une autre.")
    return CommitteeSession.objects.create(call=call, held_on=held_on, created_by=user)


def _require_sitting(session) -> None:
    """A session recorded before its call closed, or dated in the future, neither closes nor
    publishes: its letters would say the committee met on a day it could not."""
    refusal = rules.sitting_refusal(call_name=session.call.name, closes_at=session.call.closes_at,
                                    held_on=session.held_on, now=timezone.now())
    if refusal:
        raise DecisionRefused(refusal)


def _locked_session(session) -> CommitteeSession:
    """The session read afresh under the lock of its call's row, the lock every decision takes."""
    Call.objects.select_for_update().get(pk=session.call_id)
    return CommitteeSession.objects.select_related("call__campaign").get(pk=session.pk)


def _members(application) -> list:
    """The confirmed members of the dossier's lead authority: the applicant's side."""
    return list(get_user_model().objects.filter(
        memberships__authority_id=application.lead_authority_id,
        memberships__state=Membership.State.CONFIRMED,
    ).order_by("pk"))


@transaction.atomic
def session_close(*, session: CommitteeSession, user) -> CommitteeSession:
    """Close the session: its decisions are frozen, and each applicant not told yet of its
    decision (or told of one a reopened session changed) gets the decision message."""
    _require(can_hold_committees(user))
    session = _locked_session(session)
    _require(can_act_on_session(user, session))
    if session.state == CommitteeSession.State.CLOSED:
        raise DecisionRefused("Cette séance est déjà close.")
    _require_sitting(session)
    now = timezone.now()
    session.state = CommitteeSession.State.CLOSED
    session.save(update_fields=["state"])
    SessionEvent.objects.create(session=session, kind=SessionEvent.Kind.CLOSED, by=user)
    _plan_grants(session)
    untold = session.decisions.filter(notified_at__isnull=True).select_related("application__call__campaign",
                                                                              "session")
    for decision in untold:
        decision_notify(decision=decision, recipients=_members(decision.application))
    untold.update(notified_at=now)
    return session


def _plan_grants(session: CommitteeSession) -> None:
    """What follows a retained dossier's decision: its tranche schedule and the reports it owes
    (grants.services.grant_plan, unchanged when already written). A dossier whose grant cannot be
    planned keeps the session open, with the reason: its letter would promise a schedule that
    does not exist."""
    retained = session.decisions.filter(outcome=Decision.Outcome.RETENU).select_related("application")
    for decision in retained:
        try:
            grant_plan(application=decision.application)
        except GrantRefused as refused:
            raise DecisionRefused(f"« {decision.application.title} » : {refused.reason} "
                                  "La séance reste ouverte.") from refused


@transaction.atomic
def session_reopen(*, session: CommitteeSession, reason: str, user) -> CommitteeSession:
    """Reopen a closed session, for a reason that is recorded: its decisions may change again. A
    published session must be published again for a change to reach the public pages."""
    _require(can_hold_committees(user))
    if not (reason or "").strip():
        raise DecisionRefused("Rouvrir une séance demande un motif : il est enregistré.")
    session = _locked_session(session)
    _require(can_act_on_session(user, session))
    if session.state == CommitteeSession.State.OPEN:
        raise DecisionRefused("Cette séance est déjà ouverte.")
    other = selectors.open_session(session.call)
    if other is not None:
        raise DecisionRefused(f"La séance du {_day(other.held_on)} du même appel est ouverte : "
                              "close-la avant de rouvrir celle-ci.")
    session.state = CommitteeSession.State.OPEN
    session.published_at = None
    session.save(update_fields=["state", "published_at"])
    SessionEvent.objects.create(session=session, kind=SessionEvent.Kind.REOPENED, reason=reason.strip(), by=user)
    data_changed(campaign_id=session.call.campaign_id)  # renewed once the transaction commits
    return session


@transaction.atomic
def session_publish(*, session: CommitteeSession, user) -> CommitteeSession:
    """Publish a closed session: its decisions become the dossiers' public decisions
    (`Application.decision`, which every public page, download, statistic, the API and the open
    data read), so its laureates appear there as they are, nothing retyped."""
    _require(can_hold_committees(user))
    session = _locked_session(session)
    _require(can_act_on_session(user, session))
    if session.state != CommitteeSession.State.CLOSED:
        raise DecisionRefused("Seule une séance close se publie : ses décisions ne changent plus.")
    _require_sitting(session)
    for decision in session.decisions.select_related("application"):
        application = decision.application
        application.decision = decision.outcome
        application.save(update_fields=["decision", "updated_at"])
    session.published_at = timezone.now()
    session.save(update_fields=["published_at"])
    SessionEvent.objects.create(session=session, kind=SessionEvent.Kind.PUBLISHED, by=user)
    data_changed(campaign_id=session.call.campaign_id)  # renewed once the transaction commits
    return session


# ---------------------------------------------------------------- decisions


# What Decision.amount holds (MONEY: 12 digits, 2 after the point).
_AMOUNT_BOUND = Decimal(10) ** (MONEY["max_digits"] - MONEY["decimal_places"])


def _amount(value) -> Decimal:
    if isinstance(value, Decimal):
        amount = value
    else:
        try:  # digits only, the French way: « 1e30 », « sNaN » or « Infinity » are no amounts
            amount = parse_amount(str(value))
        except ValueError:
            raise DecisionRefused(f"« {value} » n'est pas un montant.") from None
    if not amount.is_finite() or amount <= 0:
        raise DecisionRefused("Un dossier retenu reçoit une subvention supérieure à 0 €.")
    if amount != amount.to_integral_value():
        raise DecisionRefused("La subvention accordée s'exprime en euros entiers.")
    if amount >= _AMOUNT_BOUND:
        raise DecisionRefused(f"{euros(amount)} dépasse ce qu'une subvention peut valoir "
                              f"(moins de {euros(_AMOUNT_BOUND)}).")
    return amount.quantize(Decimal("0.01"))


def _check(application, outcome, amount, reason, session) -> Decimal | None:
    """Everything a decision must satisfy, before anything is written; the amount to record."""
    if outcome not in OUTCOME_STATE:
        raise DecisionRefused(f"Décision inconnue : « {outcome} » (retenu, non_retenu ou sans_suite).")
    existing = getattr(application, "committee_decision", None)
    if existing is not None and existing.session.state == CommitteeSession.State.CLOSED:
        raise DecisionRefused(
            f"Ce dossier a été décidé par la séance du {_day(existing.session.held_on)}, qui est close : "
            "sa décision est figée (rouvrez la séance, avec un motif, pour la changer).")
    if session is None:
        raise DecisionRefused(f"Aucune séance du comité n'est ouverte pour l'appel « {application.call.name} ».")
    # The call's dates may have moved since the session opened (an extended deadline).
    refusal = rules.sitting_refusal(call_name=application.call.name, closes_at=application.call.closes_at,
                                    held_on=session.held_on, now=timezone.now())
    if refusal:
        raise DecisionRefused(refusal)
    if existing is None and application.state != workflow.EN_INSTRUCTION:
        raise DecisionRefused(f"Un dossier « {application.state_label} » ne se décide pas : "
                              "seul un dossier en instruction passe en comité.")
    if outcome != Outcome.RETENU:
        if not (reason or "").strip():
            raise DecisionRefused("Un dossier non retenu ou classé sans suite demande un motif, "
                                  "que le demandeur lira.")
        return None
    if amount in (None, ""):
        raise DecisionRefused("Un dossier retenu demande le montant de la subvention accordée.")
    amount = _amount(amount)
    try:
        maximum = selectors.dossier_max_grant(application)
    except RulesMissing as missing:
        raise DecisionRefused(str(missing)) from None
    if amount > maximum:
        raise DecisionRefused(f"{euros(amount)} dépasse la subvention maximale que les règles de l'appel "
                              f"permettent pour ce dossier : {euros(maximum)}.")
    call = application.call
    if call.envelope is None:
        raise DecisionRefused(f"L'appel « {call.name} » n'a pas d'enveloppe : fixez-la avant de retenir un dossier.")
    already = selectors.committed(call, excluding=application)
    if already + amount > call.envelope:
        raise DecisionRefused(
            f"L'enveloppe de l'appel serait dépassée : {euros(already)} déjà engagés sur "
            f"{euros(call.envelope)}, il reste {euros(call.envelope - already)}, "
            f"et ce dossier en demande {euros(amount)}.")
    return amount


@transaction.atomic
def decision_record(*, application: Application, decision: str, amount=None, reason: str = "",
                    user) -> Decision:
    """Record the committee's decision on a dossier, in its call's open session.

    « retenu » needs an amount above 0, never above the rules' maximum for the dossier nor what
    is left of the call's envelope; « non retenu » and « classé sans suite » need a reason for the
    applicant. The call's row is locked first, so two officers deciding at once are taken one
    after the other: the second sees what the first committed, and is refused if the envelope
    no longer holds its amount. Raises DecisionRefused with the reason.
    """
    Call.objects.select_for_update().get(pk=application.call_id)
    application = (Application.objects.select_for_update(of=("self",))
                   .select_related("call__campaign", "lead_authority", "committee_decision__session")
                   .get(pk=application.pk))
    _require(can_decide_application(user, application))
    session = selectors.open_session(application.call)
    existing = getattr(application, "committee_decision", None)
    if existing is not None and existing.session.state == CommitteeSession.State.OPEN:
        session = existing.session
    amount = _check(application, decision, amount, reason, session)
    now = timezone.now()
    if existing is None:
        record = Decision(application=application, session=session)
    else:
        record = existing
        unchanged = (record.outcome, record.amount, record.reason) == (decision, amount, reason.strip())
        if unchanged:
            return record
    record.outcome, record.amount, record.reason, record.by = decision, amount, reason.strip(), user
    record.at, record.notified_at = now, None
    record.save()
    target = OUTCOME_STATE[decision]
    if application.state != target:
        why = reason.strip() or f"Retenu par le comité du {_day(session.held_on)} : {euros(amount)}."
        try:
            transition(application=application, to=target, by=user, reason=why, at=now, decision=record)
        except TransitionRefused as refused:
            raise DecisionRefused(refused.reason) from refused
    application.granted_amount = amount
    application.save(update_fields=["granted_amount", "updated_at"])
    return record


@dataclass(frozen=True)
class DecisionInput:
    """One line of a batch: the dossier and what the committee decides for it."""

    application: Application
    decision: str
    amount: object = None
    reason: str = ""


@transaction.atomic
def decisions_record(*, decisions: list[DecisionInput], user) -> list[Decision]:
    """Several decisions at once, through `decision_record`, all or nothing: each is checked
    against the envelope as the ones before it in the batch leave it. Raises DecisionsRefused
    naming every dossier refused and why; then none of the batch is recorded."""
    recorded, refusals = [], []
    for line in decisions:
        try:
            with transaction.atomic():
                recorded.append(decision_record(application=line.application, decision=line.decision,
                                                amount=line.amount, reason=line.reason, user=user))
        except DecisionRefused as refused:
            refusals.append((line.application, refused.reason))
    if refusals:
        raise DecisionsRefused(refusals)
    return recorded
