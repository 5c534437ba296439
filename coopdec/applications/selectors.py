"""Reads of dossiers: one dossier with what its pages show, the applicant's space, the ministry's
lists. Querysets fetch their relations up front so templates never query."""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery, Sum

from coopdec.accounts.models import Membership
from coopdec.accounts.selectors import is_ministry, member_authorities, user_memberships
from coopdec.calls import rules
from coopdec.calls.models import Call
from coopdec.calls.selectors import RulesMissing, call_ruleset
from coopdec.territories.resolve import ResolutionContext

from . import workflow
from .models import (
    Application, AuthorityReportYear, AuthorityYearStatus, BudgetLine, CoApplicant, Document, Transition,
)
from .permissions import draft_closed

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class BudgetTotals:
    """A dossier's budget added up: costs by year and in all, resources by category."""

    expenses_by_year: dict = field(default_factory=dict)
    total_cost: Decimal = ZERO
    resources: dict = field(default_factory=dict)
    country_parts: dict = field(default_factory=dict)

    @property
    def total_resources(self) -> Decimal:
        return sum(self.resources.values(), ZERO)

    @property
    def requested_grant(self) -> Decimal:
        return self.resources[BudgetLine.Resource.REQUESTED]

    @property
    def balanced(self) -> bool:
        return self.total_cost == self.total_resources


def budget_totals(lines) -> BudgetTotals:
    """Totals of budget lines already fetched (a prefetched `budget_lines.all()`)."""
    by_year, resources = defaultdict(lambda: ZERO), dict.fromkeys(BudgetLine.Resource.values, ZERO)
    parts = defaultdict(lambda: ZERO)
    for line in lines:
        if line.kind == BudgetLine.Kind.EXPENSE:
            by_year[line.year] += line.amount
        elif line.kind == BudgetLine.Kind.COUNTRY:
            parts[line.category] += line.amount
        else:
            resources[line.category] = resources.get(line.category, ZERO) + line.amount
    return BudgetTotals(dict(sorted(by_year.items(), key=lambda item: item[0] or 0)),
                        sum(by_year.values(), ZERO), resources, dict(parts))


@dataclass(frozen=True)
class BudgetTable:
    """A budget as the summary shows it: each expense line (year, post, amount) and each resource,
    with their labels, and the totals."""

    expenses: list
    resources: list
    total_cost: Decimal
    total_resources: Decimal


def budget_table(lines) -> BudgetTable:
    """From budget lines already fetched (a prefetched `budget_lines.all()`)."""
    lines = list(lines)
    expense_labels, resource_labels = dict(BudgetLine.Expense.choices), dict(BudgetLine.Resource.choices)
    expenses = [(line.year, expense_labels.get(line.category, line.category), line.amount)
                for line in lines if line.kind == BudgetLine.Kind.EXPENSE]
    totals = budget_totals(lines)
    resources = [(resource_labels[category], amount) for category, amount in totals.resources.items() if amount]
    return BudgetTable(expenses, resources, totals.total_cost, totals.total_resources)


def dossier_queryset() -> QuerySet[Application]:
    """Dossiers with every relation a dossier page, its PDF and its checks read."""
    return Application.objects.select_related(
        "call__campaign", "lead_authority__departement", "region", "created_by",
    ).prefetch_related(
        "co_applicants__authority", "partnerships__foreign_authority__country", "budget_lines",
        Prefetch("documents", queryset=Document.objects.select_related("uploaded_by")),
        Prefetch("transitions", queryset=Transition.objects.select_related("by")),
    )


def application_get(pk) -> Application | None:
    return dossier_queryset().filter(pk=pk).first()


def application_submission(application) -> Transition | None:
    """The transition that submitted the dossier (the last one, after corrections)."""
    submitted = [t for t in application.transitions.all()
                 if t.to_state == workflow.DEPOSE and t.from_state == workflow.BROUILLON]
    return submitted[-1] if submitted else None


def application_acknowledgement(application) -> dict:
    """What the acknowledgement says, from the recorded submission."""
    application = application_get(application.pk)
    return {
        "application": application,
        "submitted": application_submission(application),
        "co_applicants": [c.name for c in application.co_applicants.all()],
        "partners": [
            f"{p.name} ({p.foreign_authority.country.name_fr})" if p.foreign_authority.country_id else p.name
            for p in application.partnerships.all()
        ],
        "budget": budget_totals(application.budget_lines.all()),
        "documents": list(application.documents.all()),
    }


def application_applicant_members(application) -> list:
    """The lead authority's confirmed members (whom a message to the applicant goes to)."""
    return [membership.user for membership in Membership.objects.filter(
        authority_id=application.lead_authority_id, state=Membership.State.CONFIRMED,
    ).select_related("user").order_by("user__email")]


def authorities_members(authority_ids) -> dict:
    """{authority pk: its confirmed, active members}, in one query (whom an invitation goes to)."""
    found = defaultdict(list)
    for membership in Membership.objects.filter(
            authority_id__in=list(authority_ids), state=Membership.State.CONFIRMED, user__is_active=True,
    ).select_related("user").order_by("user__email"):
        found[membership.authority_id].append(membership.user)
    return found


def co_applicants_unreached(application) -> list[str]:
    """The names of the co-applicants still invited whose authority has no confirmed member in
    CoopDec: nobody there was told, and nobody can confirm until someone joins it."""
    return list(application.co_applicants.filter(state=CoApplicant.State.INVITED).exclude(
        Exists(Membership.objects.filter(authority_id=OuterRef("authority_id"), state=Membership.State.CONFIRMED,
                                         user__is_active=True)),
    ).values_list("name", flat=True))


def application_corrections_asker(application):
    """The officer who last asked for corrections (whom the answer goes to)."""
    asked = application.transitions.filter(to_state=workflow.A_COMPLETER).select_related("by").last()
    return asked.by if asked else None



def application_budget(application, totals: BudgetTotals | None = None) -> rules.Budget:
    """The dossier's figures as the money rules read them. One partner country carries the
    whole cost; several carry the parts the applicant gave them."""
    totals = totals or budget_totals(application.budget_lines.all())
    countries = sorted({p.foreign_authority.country_id for p in application.partnerships.all()} - {None})
    if len(countries) == 1:
        parts = ((countries[0], totals.total_cost),)
    else:
        given = totals.country_parts
        parts = tuple((country, given.get(country, ZERO)) for country in countries)
    resource = totals.resources
    return rules.Budget(
        countries=parts, total_cost=totals.total_cost,
        french_cash=resource[BudgetLine.Resource.FRENCH_CASH],
        french_in_kind=resource[BudgetLine.Resource.FRENCH_IN_KIND],
        partner_contributions=resource[BudgetLine.Resource.PARTNER],
        other_funding=resource[BudgetLine.Resource.OTHER],
        requested_grant=resource[BudgetLine.Resource.REQUESTED],
        duration_months=application.duration_months,
    )


def application_facts(application, status: AuthorityYearStatus | None) -> rules.DossierFacts:
    """What only a filed dossier tells the rules: its documents, its markers, its authority's
    status for the year before the campaign (`status`, as `authority_status_for` finds it)."""
    return rules.DossierFacts(
        documents=frozenset(Document.REQUIREMENT[d.kind] for d in application.documents.all()
                            if d.kind in Document.REQUIREMENT),
        markers={"gender": application.gender_marker},
        authority_status=None if status is None else rules.AuthorityStatus(
            aid_declared=status.apd_declared, reports_filed=status.reports_up_to_date,
            aid_source=status.apd_source if status.apd_declared else ""),
    )


def authority_status_for(application) -> AuthorityYearStatus | None:
    """The lead authority's status for the year before the dossier's campaign."""
    key = (application.lead_authority_id, application.call.campaign.year - 1)
    return _statuses({key}).get(key)


def _statuses(keys) -> dict:
    """The status of each (authority, year) of `keys`: the imported one, whose report counts are
    replaced, for an authority with a grant schedule on CoopDec, by those its grants' reports give
    (`AuthorityReportYear`, kept by grants' services: the reports due by 31 December of the year,
    those filed, those accepted). Such an authority without an imported row gets an unsaved status
    whose APD declaration is unknown (None). Two queries."""
    keys = {key for key in keys if key[0] is not None}
    if not keys:
        return {}
    authorities = {k[0] for k in keys}
    found = {
        (s.authority_id, s.year): s
        for s in AuthorityYearStatus.objects.filter(authority_id__in=authorities, year__in={k[1] for k in keys})
    }
    report_years = defaultdict(list)
    for row in AuthorityReportYear.objects.filter(authority_id__in=authorities):
        report_years[row.authority_id].append(row)
    for authority, year in keys:
        if authority not in report_years:
            continue
        counted = [row for row in report_years[authority] if row.year <= year]
        status = found.get((authority, year)) or AuthorityYearStatus(
            authority_id=authority, year=year, apd_declared=None)
        status.reports_due = sum(row.due for row in counted)
        status.reports_filed = sum(row.filed for row in counted)
        status.reports_accepted = sum(row.accepted for row in counted)
        found[(authority, year)] = status
    return found


def application_evaluation(application, lines=None) -> rules.Evaluation:
    """The call's money rules and checks applied to the dossier as it stands, or with the budget
    `lines` the applicant is typing (unsaved `BudgetLine.build`). Raises RulesMissing when the
    call's campaign has no rate grid."""
    totals = budget_totals(application.budget_lines.all() if lines is None else lines)
    return rules.evaluate(call_ruleset(application.call), application_budget(application, totals),
                          application_facts(application, authority_status_for(application)))


@dataclass(frozen=True)
class DossierLine:
    """One dossier of the applicant's space: its state, its deadline, what it still misses."""

    application: Application
    missing: tuple[str, ...]
    message: str  # the ministry's request when the dossier is « à compléter »
    closed: bool = False  # a draft whose call's deadline has passed: read-only, « clos »


@dataclass(frozen=True)
class Space:
    authorities: list
    pending: list
    dossiers: list[DossierLine]


def _missing(application, rulesets) -> tuple[str, ...]:
    """The failed checks of a dossier the applicant can still change, each in French."""
    if application.state not in workflow.EDITABLE:
        return ()
    try:
        if application.call_id not in rulesets:
            rulesets[application.call_id] = call_ruleset(application.call)
    except RulesMissing as missing:
        return (str(missing),)
    ruleset = rulesets[application.call_id]
    evaluation = rules.evaluate(ruleset, application_budget(application),
                                application_facts(application, application.lead_status))
    return tuple(c.message for c in evaluation.checks if c.status == rules.Status.FAILED)


def with_undecided(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Each dossier with `undecided`: whether its state records a committee's decision whose
    session is still open — what the applicant must not see yet (`Application.shown_state`)."""
    decision = apps.get_model("instruction", "Decision")  # instruction builds on applications
    return queryset.annotate(undecided=Exists(decision.objects.filter(application=OuterRef("pk"), session__state="open")))


def applicant_view(application, user) -> Application:
    """The dossier as `user` sees it: the ministry and the instructors see its real state, anyone
    else (its applicants) a committee's decision only once its session is closed."""
    if is_ministry(user) or application.assignments.filter(instructor=user).exists():
        return application
    application.undecided = with_undecided(Application.objects.filter(pk=application.pk)).values_list(
        "undecided", flat=True).get()
    return application


def application_history(application) -> list[Transition]:
    """The dossier's transitions as its page lists them: without a committee's decisions while
    the applicant may not see them yet (`applicant_view`)."""
    history = list(application.transitions.all())
    if getattr(application, "undecided", False):
        history = [t for t in history if t.to_state not in workflow.DECIDED]
    return history


def space_get(user) -> Space:
    """What `/espace/` shows: the user's authorities, their pending requests, their dossiers."""
    authorities = list(member_authorities(user))
    dossiers = _with_lead_status(with_undecided(dossier_queryset().filter(
        lead_authority__in=[a.pk for a in authorities], provenance=Application.Provenance.PLATFORM,
    )).order_by("-updated_at"))
    rulesets = {}
    lines = []
    for application in dossiers:
        asked = [t.reason for t in application.transitions.all() if t.to_state == workflow.A_COMPLETER]
        message = asked[-1] if asked and application.state == workflow.A_COMPLETER else ""
        closed = application.state == workflow.BROUILLON and draft_closed(application)
        lines.append(DossierLine(application, () if closed else _missing(application, rulesets), message, closed))
    pending = [m for m in user_memberships(user) if m.state == Membership.State.REQUESTED]
    return Space(authorities, pending, lines)


def _with_lead_status(queryset) -> list[Application]:
    """Each dossier with `lead_status`: its lead authority's status for the year before its
    campaign (None when none is recorded), fetched in two queries for the whole list."""
    dossiers = list(queryset)
    found = _statuses({(a.lead_authority_id, a.call.campaign.year - 1) for a in dossiers})
    for application in dossiers:
        application.lead_status = found.get((application.lead_authority_id, application.call.campaign.year - 1))
    return dossiers


def co_applicant_invitations(user) -> list:
    """The invitations to co-apply awaiting an answer from one of the user's authorities."""
    return list(CoApplicant.objects.filter(
        authority__in=[a.pk for a in member_authorities(user)], state=CoApplicant.State.INVITED,
    ).select_related("authority", "application__call__campaign").order_by("application__call__closes_at", "pk"))


def applicant_calls(now) -> QuerySet:
    """The calls a draft may be started for: open now (Paris time is in the datetimes)."""
    return Call.objects.filter(opens_at__lte=now, closes_at__gte=now).select_related("campaign").order_by(
        "closes_at", "name")


@dataclass(frozen=True)
class InstructionFilters:
    campaign: int | None = None
    call: int | None = None
    state: str | None = None


@dataclass(frozen=True)
class InstructionList:
    dossiers: QuerySet[Application]
    counts: list  # (state code, label, number of dossiers) for every state, within the campaign and call


def _budget_sum(**line):
    lines = BudgetLine.objects.filter(application=OuterRef("pk"), **line).order_by().values("application")
    return Subquery(lines.annotate(total=Sum("amount")).values("total"))


def instruction_dossiers(filters: InstructionFilters) -> InstructionList:
    """Dossiers submitted on CoopDec (never a draft: `ApplicationQuerySet.submitted`), newest first,
    with their submission instant, total cost and requested grant read by subqueries of one query."""
    queryset = Application.objects.filter(provenance=Application.Provenance.PLATFORM).submitted()
    if filters.campaign:
        queryset = queryset.filter(call__campaign__year=filters.campaign)
    if filters.call:
        queryset = queryset.filter(call_id=filters.call)
    counts = dict(queryset.order_by().values_list("state").annotate(n=Count("pk")))
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    submissions = Transition.objects.filter(
        application=OuterRef("pk"), from_state=workflow.BROUILLON, to_state=workflow.DEPOSE
    ).order_by("-at").values("at")[:1]
    dossiers = queryset.select_related("call__campaign", "lead_authority").annotate(
        submitted_at=Subquery(submissions),
        total_cost=_budget_sum(kind=BudgetLine.Kind.EXPENSE),
        requested=_budget_sum(kind=BudgetLine.Kind.RESOURCE, category=BudgetLine.Resource.REQUESTED),
    ).order_by("-updated_at", "-pk")
    return InstructionList(dossiers, [(code, state.label, counts.get(code, 0))
                                      for code, state in workflow.STATES.items() if code != workflow.BROUILLON])


def application_countries(application) -> list[tuple[str, str]]:
    """The partner countries of a dossier (ISO code, French name), from its prefetched partners."""
    countries = {p.foreign_authority.country_id: p.foreign_authority.country.name_fr
                 for p in application.partnerships.all() if p.foreign_authority.country_id}
    return sorted(countries.items(), key=lambda item: item[1])


@dataclass(frozen=True)
class InstructionOptions:
    years: list[int]
    calls: list


def instruction_options() -> InstructionOptions:
    """The campaigns and calls that have submitted dossiers, for the ministry's filters."""
    filed = Application.objects.filter(provenance=Application.Provenance.PLATFORM).submitted()
    calls = list(Call.objects.filter(applications__in=filed).distinct().select_related("campaign")
                 .order_by("-campaign__year", "name"))
    return InstructionOptions(sorted({c.campaign.year for c in calls}, reverse=True), calls)


@dataclass(frozen=True)
class Panel:
    """The eligibility panel: the evaluation, or why there is none."""

    evaluation: rules.Evaluation | None
    problem: str = ""
    totals: BudgetTotals | None = None  # the budget it read: the total cost it asks for, shown with it


def application_panel(application, lines=None) -> Panel:
    totals = budget_totals(application.budget_lines.all() if lines is None else lines)
    try:
        return Panel(application_evaluation(application, lines), totals=totals)
    except RulesMissing as missing:
        return Panel(None, str(missing), totals=totals)



def application_import_row(application):
    """The latest published row this laureate was read from, with its batch; None if filed here."""
    return application.import_rows.select_related("batch__region").order_by("-batch__created_at").first()


def application_resolution_context(application, row) -> ResolutionContext:
    """Where the laureate's lead name was published, as a confirmation of it is remembered:
    the list's publisher (its source label, else its file name) and région, the call's partner
    country, and the first foreign partner named on the row."""
    partner = application.partnerships.order_by("order").values_list("name", flat=True).first()
    batch = row.batch if row else None
    return ResolutionContext(
        publisher=(batch.source_label or batch.file_name) if batch else "",
        region=batch.region_id if batch else None,
        partner_country=application.call.partner_country_id,
        partner=partner or "",
    )
