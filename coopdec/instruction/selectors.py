"""Reads of instruction and selection (committee part: sessions, ranked dossiers, the envelope).

Each read fetches its relations up front: the session page costs a fixed number of queries,
whatever the number of dossiers.
"""
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet, Sum

from coopdec.applications import workflow
from coopdec.applications.models import Application, Partnership
from coopdec.applications.selectors import application_budget, budget_totals
from coopdec.calls import rules
from coopdec.calls.models import Call
from coopdec.calls.selectors import RulesMissing, call_ruleset

from .models import CommitteeSession, Decision, Score

ZERO = Decimal("0.00")
SCORE_SCALE = 20  # the ranking's weighted average, brought to a mark out of 20


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
    return rules.max_grant(call_ruleset(application.call), application_budget(application))


def call_scores(call: Call) -> dict[int, tuple[Decimal, int]]:
    """Each scored dossier of the call: its weighted average out of 20 (each criterion's mean
    over its instructors, brought to its scale, weighted by the grid) and how many instructors
    scored it: one query. (The instruction side's `call_ranking` supersedes this at the merge.)"""
    means = defaultdict(list)
    instructors = defaultdict(set)
    rows = (Score.objects.filter(application__call=call)
            .values_list("application_id", "instructor_id", "criterion_id", "criterion__weight",
                         "criterion__scale_max", "value"))
    by_criterion = defaultdict(list)
    weights = {}
    for application_id, instructor_id, criterion_id, weight, scale_max, value in rows:
        by_criterion[(application_id, criterion_id)].append(Decimal(value) / scale_max)
        weights[criterion_id] = weight
        instructors[application_id].add(instructor_id)
    for (application_id, criterion_id), values in by_criterion.items():
        means[application_id].append((weights[criterion_id], sum(values) / len(values)))
    return {
        application_id: (
            (sum(w * m for w, m in pairs) / sum(w for w, _ in pairs) * SCORE_SCALE)
            .quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            len(instructors[application_id]),
        )
        for application_id, pairs in means.items()
    }


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
    score, each with its requested grant, the rules' maximum and its decision; the envelope,
    committed and left; the session's events."""
    call = session.call
    partnerships = Partnership.objects.select_related("foreign_authority")
    applications = list(
        Application.objects.filter(call=call, provenance=Application.Provenance.PLATFORM,
                                   state__in={workflow.EN_INSTRUCTION, *workflow.DECIDED})
        .select_related("committee_decision__session", "lead_authority")
        .prefetch_related("budget_lines", Prefetch("partnerships", queryset=partnerships))
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
            maximum = rules.max_grant(ruleset, application_budget(application, totals))
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
