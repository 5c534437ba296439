"""Reads of instruction and selection: a call's grid, a dossier's sheets and marks, a call's
ranking, an instructor's dossiers, the assignments; committee sessions, their ranked dossiers and
the envelope. Each list is fetched in a fixed number of queries, whatever its rows.
"""
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from coopdec.accounts.models import Role
from coopdec.applications import workflow
from coopdec.applications.models import Application, Partnership
from coopdec.applications.selectors import application_budget, budget_totals, dossier_queryset
from coopdec.calls import rules as call_rules
from coopdec.calls.models import Call, ScoringCriterion
from coopdec.calls.selectors import RulesMissing, call_ruleset
from coopdec.french.text import collation_key
from coopdec.territories.models import Country

from . import rules
from .models import Annotation, Assignment, CommitteeSession, Decision, Opinion, OpinionRequest, Score
from .permissions import UNDER_REVIEW


def grid(criteria) -> list[rules.Criterion]:
    """The call's criteria (already fetched, in their order) as the scoring rules read them."""
    return [rules.Criterion(c.pk, c.label, c.weight, c.scale_max) for c in criteria]


def _sheets(scores) -> dict[int, dict[int, int]]:
    """{instructor id: {criterion id: value}} of a dossier's fetched scores."""
    sheets: dict[int, dict[int, int]] = {}
    for score in scores:
        sheets.setdefault(score.instructor_id, {})[score.criterion_id] = score.value
    return sheets


@dataclass(frozen=True)
class Sheet:
    """One instructor's scores on one dossier: the values by criterion id and the mark out of 20
    (None while a criterion is blank)."""

    instructor: object
    values: dict
    mark: object
    cells: tuple  # the values in the grid's order, None where blank
    comments: tuple = ()  # (criterion label, comment) of the values that have one, in the grid's order
    comment_of: dict = None  # {criterion id: comment}


@dataclass(frozen=True)
class DossierScoring:
    criteria: list  # ScoringCriterion rows, in the grid's order
    score: rules.DossierScore
    sheets: list[Sheet]


def dossier_scoring(application) -> DossierScoring:
    """The call's grid, every instructor's sheet on the dossier, its weighted average and spread."""
    criteria = list(application.call.criteria.all())
    scores = list(Score.objects.filter(application=application).select_related("instructor"))
    people = {s.instructor_id: s.instructor for s in scores}
    rule_grid = grid(criteria)
    sheets = _sheets(scores)
    comments = {(s.instructor_id, s.criterion_id): s.comment for s in scores if s.comment}
    return DossierScoring(
        criteria=criteria,
        score=rules.dossier_score(rule_grid, list(sheets.values())),
        sheets=[Sheet(people[pk], values, rules.sheet_score(rule_grid, values),
                      tuple(values.get(c.pk) for c in criteria),
                      tuple((c.label, comments[pk, c.pk]) for c in criteria if (pk, c.pk) in comments),
                      {c.pk: comments[pk, c.pk] for c in criteria if (pk, c.pk) in comments})
                for pk, values in sorted(sheets.items(), key=lambda item: people[item[0]].email)],
    )


@dataclass(frozen=True)
class RankingRow:
    rank: int | None
    application: Application
    score: rules.DossierScore


def call_ranking(call) -> list[RankingRow]:
    """The dossiers of a call under review or decided, highest weighted average first; equal
    averages share a rank (ties then in French order of the title), unmarked dossiers come last.
    Three queries whatever the number of dossiers."""
    criteria = grid(call.criteria.all())
    dossiers = sorted(
        Application.objects.filter(call=call, provenance=Application.Provenance.PLATFORM)
        .received().select_related("lead_authority", "call__campaign")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by())),
        key=lambda a: collation_key(a.title),
    )
    scores = {a.pk: rules.dossier_score(criteria, list(_sheets(a.scores.all()).values())) for a in dossiers}
    by_pk = {a.pk: a for a in dossiers}
    return [RankingRow(r.rank, by_pk[r.key], scores[r.key])
            for r in rules.ranking([(a.pk, scores[a.pk].average) for a in dossiers])]


@dataclass(frozen=True)
class AssignedDossier:
    application: Application
    scored: int  # criteria this instructor has given a value
    criteria: int  # criteria of the call's grid


def instructor_dossiers(user) -> list[AssignedDossier]:
    """The dossiers given to `user`, those still under review first, each with how far their own
    sheet is filled. Two queries."""
    dossiers = (
        Application.objects.filter(assignments__instructor=user)
        .select_related("call__campaign", "lead_authority")
        .annotate(
            own_scores=Count("scores", filter=Q(scores__instructor=user), distinct=True),
            grid_size=Count("call__criteria", distinct=True),
        )
        .order_by("call__campaign__year", "call__name", "pk")
    )
    rows = [AssignedDossier(a, a.own_scores, a.grid_size) for a in dossiers]
    return sorted(rows, key=lambda row: row.application.state not in UNDER_REVIEW)


def own_sheet(application, user) -> dict[int, int]:
    """{criterion id: value} of `user`'s scores on the dossier."""
    return dict(Score.objects.filter(application=application, instructor=user).values_list("criterion_id", "value"))


def opinion_list(application) -> QuerySet[Opinion]:
    return Opinion.objects.filter(application=application).select_related("author", "request")


def visible_opinions(application) -> QuerySet[Opinion]:
    """The opinions the ministry lets the applicant read (issuer kind, recommendation, text)."""
    return Opinion.objects.filter(application=application, visible_to_applicant=True).order_by("at", "pk")


# ---------------------------------------------------------------- opinions asked in CoopDec

REQUEST_RELATED = ("application__call__campaign", "application__lead_authority", "country", "region",
                   "requested_by", "opinion__author")


def request_list(application) -> list[OpinionRequest]:
    """The opinions asked on a dossier, with their answers, for the ministry's dossier page."""
    return list(OpinionRequest.objects.filter(application=application).select_related(*REQUEST_RELATED)
                .order_by("issuer_kind", "requested_at", "pk"))


def _scope_filter(user) -> Q:
    """The requests whose embassy (country) or prefecture (région) `user` holds a role of."""
    roles = Role.objects.filter(user=user)
    countries = roles.filter(kind=Role.Kind.EMBASSY).values("country_id")
    regions = roles.filter(kind=Role.Kind.PREFECTURE).values("region_id")
    return (Q(issuer_kind=Opinion.Issuer.AMBASSADE, country_id__in=countries)
            | Q(issuer_kind=Opinion.Issuer.PREFECTURE, region_id__in=regions))


def requests_for_agent(user) -> list[OpinionRequest]:
    """The requests an embassy's or prefecture's agent answers: those of their role's scope only,
    unanswered first (the oldest due date first), then the answered ones, latest first. One query."""
    requests = list(OpinionRequest.objects.filter(_scope_filter(user)).select_related(*REQUEST_RELATED))
    pending = sorted((r for r in requests if r.opinion_id is None), key=lambda r: (r.due_on, r.pk))
    answered = sorted((r for r in requests if r.opinion_id is not None), key=lambda r: r.opinion.at, reverse=True)
    return pending + answered


def request_get(pk) -> OpinionRequest | None:
    """A request with what its page reads: the dossier as its summary shows it (authorities,
    partners, budget, documents)."""
    return (OpinionRequest.objects.select_related("country", "region", "requested_by", "opinion")
            .prefetch_related(Prefetch("application", queryset=dossier_queryset()))
            .filter(pk=pk).first())


@dataclass(frozen=True)
class RequestsOverview:
    """The ministry's view of the opinions asked: counts per call, and the late requests."""

    calls: list  # (call, asked, answered, late)
    late: list[OpinionRequest]


def requests_overview(*, today, limit=200) -> RequestsOverview:
    """Per call, how many opinions were asked, answered and are late; the `limit` most overdue
    unanswered requests. Three queries whatever the number of requests."""
    calls = list(Call.objects.filter(applications__opinion_requests__isnull=False).distinct()
                 .annotate(asked=Count("applications__opinion_requests", distinct=True),
                           answered=Count("applications__opinion_requests",
                                          filter=Q(applications__opinion_requests__opinion__isnull=False),
                                          distinct=True))
                 .select_related("campaign").order_by("-campaign__year", "name"))
    late_counts = dict(OpinionRequest.objects.filter(opinion__isnull=True, due_on__lt=today)
                       .values_list("application__call_id").annotate(n=Count("pk")).order_by())
    late = list(OpinionRequest.objects.filter(opinion__isnull=True, due_on__lt=today)
                .select_related(*REQUEST_RELATED).order_by("due_on", "pk")[:limit])
    return RequestsOverview([(call, call.asked, call.answered, late_counts.get(call.pk, 0)) for call in calls], late)


def requestable_dossiers(call) -> list[Application]:
    """The dossiers of a call an opinion may be asked on (under review, filed on CoopDec), each
    with its requests fetched (`asked`) and its partner countries: the batch's selection."""
    return list(
        Application.objects.filter(call=call, state__in=UNDER_REVIEW, provenance=Application.Provenance.PLATFORM)
        .select_related("lead_authority", "region")
        .prefetch_related("partnerships__foreign_authority__country",
                          Prefetch("opinion_requests", queryset=OpinionRequest.objects.select_related(
                              "country", "region").order_by("issuer_kind", "pk"), to_attr="asked"))
        .order_by("pk"))


def requestable_calls() -> QuerySet[Call]:
    """The calls with dossiers under review, for the batch form."""
    under_review = Q(applications__state__in=UNDER_REVIEW, applications__provenance=Application.Provenance.PLATFORM)
    return (Call.objects.annotate(reviewed=Count("applications", filter=under_review)).filter(reviewed__gt=0)
            .select_related("campaign").order_by("-campaign__year", "name"))


def scope_holders(request) -> list:
    """The agents holding the role of the embassy or prefecture a request goes to."""
    roles = Role.objects.filter(kind=Role.Kind.EMBASSY, country_id=request.country_id) \
        if request.issuer_kind == Opinion.Issuer.AMBASSADE \
        else Role.objects.filter(kind=Role.Kind.PREFECTURE, region_id=request.region_id)
    return list(get_user_model().objects.filter(pk__in=roles.values("user_id"), is_active=True).order_by("pk"))


def annotation_list(application) -> QuerySet[Annotation]:
    return Annotation.objects.filter(application=application).select_related("author")


def assignment_list(application) -> QuerySet[Assignment]:
    return Assignment.objects.filter(application=application).select_related("instructor", "by")


def instructors() -> QuerySet:
    """Everyone holding an instructor role, with their roles (calls and countries) fetched."""
    roles = Role.objects.filter(kind=Role.Kind.INSTRUCTOR).select_related("call__campaign", "country")
    return (get_user_model().objects.filter(roles__kind=Role.Kind.INSTRUCTOR).distinct()
            .prefetch_related(Prefetch("roles", queryset=roles, to_attr="instructor_roles")).order_by("email"))


def assignable_dossiers(*, call=None, country=None) -> QuerySet[Application]:
    """The dossiers under review of a call, or with a partner in a country, for a batch."""
    queryset = Application.objects.filter(state__in=UNDER_REVIEW, provenance=Application.Provenance.PLATFORM)
    if call is not None:
        queryset = queryset.filter(call=call)
    if country is not None:
        queryset = queryset.filter(partnerships__foreign_authority__country=country).distinct()
    return queryset.select_related("call", "lead_authority").prefetch_related(
        "co_applicants__authority", "partnerships__foreign_authority").order_by("pk")


@dataclass(frozen=True)
class AssignmentBoard:
    """The ministry's assignment page: dossiers under review with their instructors, per call."""

    dossiers: list[Application]
    instructors: list
    calls: list[Call]
    countries: list[Country]


def assignment_board(*, call=None) -> AssignmentBoard:
    """Dossiers under review (of one call, or all), each with `assigned` (its assignments and
    instructors fetched); the instructors, the calls and the countries the batch form offers."""
    queryset = Application.objects.filter(state__in=UNDER_REVIEW, provenance=Application.Provenance.PLATFORM)
    if call is not None:
        queryset = queryset.filter(call=call)
    dossiers = list(queryset.select_related("call__campaign", "lead_authority").prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("instructor"), to_attr="assigned"),
        "partnerships__foreign_authority__country",
    ).order_by("call__campaign__year", "call__name", "pk"))
    reviewed = Application.objects.filter(state__in=UNDER_REVIEW)
    calls = list(Call.objects.filter(applications__in=reviewed).distinct().select_related("campaign")
                 .order_by("-campaign__year", "name"))
    countries = list(Country.objects.filter(partners__partnerships__application__in=reviewed)
                     .distinct().order_by("name_fr"))
    return AssignmentBoard(dossiers, list(instructors()), calls, countries)


def call_with_grid(pk) -> Call | None:
    return Call.objects.select_related("campaign").prefetch_related(
        Prefetch("criteria", queryset=ScoringCriterion.objects.order_by("order", "pk"))).filter(pk=pk).first()


def instruction_application(pk) -> Application | None:
    """A dossier with what its instruction page reads: what its dossier page reads (authorities
    for the conflict check, partners for the instructor's scope, budget, documents, history) and
    the call's grid; never a draft, the applicant's alone."""
    return dossier_queryset().submitted().prefetch_related("call__criteria").filter(pk=pk).first()



def ranked_calls() -> QuerySet[Call]:
    """The calls that have received dossiers filed on CoopDec, with their number: those a ranking
    means something for."""
    received = Q(applications__state__in=workflow.RECEIVED,
                 applications__provenance=Application.Provenance.PLATFORM)
    return (Call.objects.annotate(received=Count("applications", filter=received)).filter(received__gt=0)
            .select_related("campaign").order_by("-campaign__year", "name"))


# ---------------------------------------------------------------- committees

ZERO = Decimal("0.00")


def session_list() -> QuerySet[CommitteeSession]:
    return CommitteeSession.objects.select_related("call__campaign").order_by("-held_on", "-pk")


def session_get(pk) -> CommitteeSession:
    """Raises CommitteeSession.DoesNotExist."""
    return CommitteeSession.objects.select_related("call__campaign").get(pk=pk)


def open_session(call: Call) -> CommitteeSession | None:
    """The call's open session: decisions on its dossiers go there (one at a time per call)."""
    return call.committee_sessions.filter(state=CommitteeSession.State.OPEN).order_by("pk").first()


def committed(call: Call, *, excluding: Application | None = None) -> Decimal:
    """What the committee has granted on the call so far: the amounts of its « retenu » decisions,
    over all its sessions (without `excluding`'s, when that dossier's decision is being changed)."""
    decisions = Decision.objects.filter(session__call=call, outcome=Decision.Outcome.RETENU)
    if excluding is not None:
        decisions = decisions.exclude(application=excluding)
    return decisions.aggregate(total=Sum("amount"))["total"] or ZERO


@dataclass(frozen=True)
class Envelope:
    """The call's envelope, what is committed and what is left (None without an envelope)."""

    amount: Decimal | None
    committed: Decimal

    @property
    def left(self) -> Decimal | None:
        return None if self.amount is None else self.amount - self.committed


def call_envelope(call: Call) -> Envelope:
    return Envelope(call.envelope, committed(call))


def dossier_max_grant(application: Application) -> Decimal:
    """The most the call's rules allow for the dossier as it stands: what its eligibility panel
    shows (`calls.rules.max_grant` over `calls.selectors.call_ruleset` and the dossier's budget).
    Raises RulesMissing."""
    return call_rules.max_grant(call_ruleset(application.call), application_budget(application))


def call_scores(call: Call) -> dict[int, tuple[Decimal, int]]:
    """Each marked dossier of the call: its weighted average out of 20 and how many complete
    sheets it has, as the call's ranking reads them (`call_ranking`), so the committee's board
    and the ranking never disagree."""
    return {row.application.pk: (row.score.average, row.score.complete)
            for row in call_ranking(call) if row.score.average is not None}


@dataclass(frozen=True)
class RankedDossier:
    rank: int | None  # None for a dossier not scored yet (listed last)
    application: Application
    score: Decimal | None
    scored_by: int
    requested: Decimal | None
    max_grant: Decimal | None  # None when the call's rules cannot be computed
    decision: Decision | None

    @property
    def frozen(self) -> bool:
        """Decided in a closed session: the decision stands until that session is reopened."""
        return self.decision is not None and self.decision.session.state == CommitteeSession.State.CLOSED


@dataclass(frozen=True)
class SessionBoard:
    session: CommitteeSession
    envelope: Envelope
    dossiers: list[RankedDossier]
    events: list
    rules_missing: str = ""

    @property
    def decided(self) -> list[RankedDossier]:
        return [d for d in self.dossiers if d.decision and d.decision.session_id == self.session.pk]


def session_board(session: CommitteeSession) -> SessionBoard:
    """What the session's page shows: the call's dossiers under instruction or decided, ranked by
    score, each with its requested grant, the rules' maximum and its decision, its opinions and the
    opinions asked and not given yet (`unanswered`); the envelope,
    committed and left; the session's events."""
    call = session.call
    partnerships = Partnership.objects.select_related("foreign_authority")
    applications = list(
        Application.objects.filter(call=call, provenance=Application.Provenance.PLATFORM,
                                   state__in={workflow.EN_INSTRUCTION, *workflow.DECIDED})
        .select_related("committee_decision__session", "lead_authority")
        .prefetch_related("budget_lines", Prefetch("partnerships", queryset=partnerships),
                          Prefetch("opinions", queryset=Opinion.objects.order_by("at", "pk")),
                          Prefetch("opinion_requests", to_attr="unanswered", queryset=OpinionRequest.objects
                                   .filter(opinion__isnull=True).select_related("country", "region")
                                   .order_by("issuer_kind", "pk")))
        .order_by("pk")
    )
    scores = call_scores(call)
    try:
        ruleset, missing = call_ruleset(call), ""
    except RulesMissing as refused:
        ruleset, missing = None, str(refused)
    rows = []
    for application in applications:
        totals = budget_totals(application.budget_lines.all())
        score, scored_by = scores.get(application.pk, (None, 0))
        maximum = None
        if ruleset is not None:
            maximum = call_rules.max_grant(ruleset, application_budget(application, totals))
        rows.append((application, score, scored_by, totals.requested_grant or None, maximum,
                     getattr(application, "committee_decision", None)))
    rows.sort(key=lambda row: (row[1] is None, -(row[1] or 0), row[0].pk))
    dossiers = [
        RankedDossier(rank=index if score is not None else None, application=application, score=score,
                      scored_by=scored_by, requested=requested, max_grant=maximum, decision=decision)
        for index, (application, score, scored_by, requested, maximum, decision) in enumerate(rows, start=1)
    ]
    return SessionBoard(session=session, envelope=call_envelope(call), dossiers=dossiers,
                        events=list(session.events.select_related("by")), rules_missing=missing)
