"""Reads of dossiers: one dossier with what its pages show, the applicant's space, the ministry's
lists. Querysets fetch their relations up front so templates never query."""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from coopdec.accounts.models import Membership
from coopdec.accounts.selectors import member_authorities, user_memberships

from . import workflow
from .models import Application, BudgetLine, Document, Transition

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class BudgetTotals:
    """A dossier's budget added up: costs by year and in all, resources by category."""

    expenses_by_year: dict = field(default_factory=dict)
    total_cost: Decimal = ZERO
    resources: dict = field(default_factory=dict)

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
    for line in lines:
        if line.kind == BudgetLine.Kind.EXPENSE:
            by_year[line.year] += line.amount
        else:
            resources[line.category] = resources.get(line.category, ZERO) + line.amount
    return BudgetTotals(dict(sorted(by_year.items(), key=lambda item: item[0] or 0)),
                        sum(by_year.values(), ZERO), resources)


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


def application_applicant_emails(application) -> list[str]:
    """The e-mail addresses of the lead authority's confirmed members."""
    return sorted(set(
        Membership.objects.filter(authority_id=application.lead_authority_id, state=Membership.State.CONFIRMED)
        .exclude(user__email="").values_list("user__email", flat=True)
    ))


def application_corrections_asker(application):
    """The officer who last asked for corrections (whom the answer goes to)."""
    asked = application.transitions.filter(to_state=workflow.A_COMPLETER).select_related("by").last()
    return asked.by if asked else None


def application_evaluation(application):
    """The call's money rules and checks applied to the dossier as it stands."""
    from coopdec.calls.rules import evaluate  # noqa: F401  (completed once the rules land)

    raise NotImplementedError
