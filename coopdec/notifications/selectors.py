"""Reads of notifications: a person's inbox, a dossier's messages, what a decision letter says."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from coopdec.accounts.selectors import is_ministry
from coopdec.applications.selectors import budget_totals
from coopdec.grants import rules as grant_rules

from .models import Message


def inbox(user) -> QuerySet[Message]:
    """Every message sent to `user`, newest first, with its dossier."""
    return Message.objects.filter(recipient=user).select_related("application")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()


def application_messages(application, user) -> list[Message]:
    """The messages of a dossier that `user` may read on its page: their own, or every one of
    them (with its recipient) for the ministry."""
    messages = Message.objects.filter(application=application).select_related("recipient")
    if not is_ministry(user):
        messages = messages.filter(recipient=user)
    return list(messages)


def application_decision(application):
    """The committee's decision on the dossier with its session, or None."""
    from coopdec.instruction.models import Decision

    return Decision.objects.select_related("session", "by").filter(application=application).first()


@dataclass(frozen=True)
class Report:
    label: str
    due_on: date


@dataclass(frozen=True)
class Letter:
    """What a decision letter says, from the records."""

    application: object
    decision: object
    lead: str
    co_applicants: list[str]
    partners: list[str]
    grant: Decimal | None
    payments: list  # grants.rules.Payment
    schedule_refused: str  # why no schedule could be drawn, if so
    reports: list[Report]
    ends_on: date | None
    ends_on_estimated: bool  # the project's end was not given: the end of its last budget year


def _project_end(application, years) -> tuple[date | None, bool]:
    if application.ends_on:
        return application.ends_on, False
    if application.starts_on and application.duration_months:
        return grant_rules.months_after(application.starts_on, application.duration_months), False
    return (date(max(years), 12, 31), True) if years else (None, True)


def decision_letter(application, decision) -> Letter:
    """The letter of `decision` on `application` (a dossier from `applications.selectors.
    application_get`, its relations fetched): for a laureate, the tranche schedule of the grant
    over the budget's yearly expenses and the reports it owes; otherwise the reason."""
    yearly_costs = {year: cost for year, cost in budget_totals(application.budget_lines.all()).expenses_by_year.items()
                    if year is not None}
    years = sorted(year for year, cost in yearly_costs.items() if cost > 0)
    ends_on, estimated = _project_end(application, years)
    payments, refused, reports = [], "", []
    retained = decision.outcome == decision.Outcome.RETENU
    if retained:
        try:
            payments = grant_rules.tranche_schedule(grant=decision.amount, yearly_costs=yearly_costs)
        except grant_rules.ScheduleRefused as error:
            refused = str(error)
        if years and ends_on:
            call = application.call
            reports = [
                Report(f"Rapport intermédiaire technique et financier {due.year}" if due.year else "Rapport final",
                       due.due_on)
                for due in grant_rules.report_deadlines(
                    years=years, ends_on=ends_on, intermediate_months=call.intermediate_report_months,
                    final_months=call.final_report_months)
            ]
    return Letter(
        application=application, decision=decision,
        lead=str(application.lead_authority) if application.lead_authority_id else application.lead_name,
        co_applicants=[c.authority.name if c.authority_id else c.name for c in application.co_applicants.all()],
        partners=[f"{p.name} ({p.foreign_authority.country.name_fr})" if p.foreign_authority.country_id else p.name
                  for p in application.partnerships.all()],
        grant=decision.amount if retained else None, payments=payments, schedule_refused=refused,
        reports=reports, ends_on=ends_on, ends_on_estimated=estimated,
    )
