"""Reads of grants: a dossier's schedule and reports, the ministry's lists, the reports to remind,
and the authorities' « rapports remis » that next year's eligibility check reads. Querysets fetch
their relations up front so templates never query."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from coopdec.accounts.models import Membership
from coopdec.applications.models import Application
from coopdec.french.text import french_spaces
from coopdec.notifications import events

from .models import Report, ReportDocument, ReportEvent, StatementLine, Tranche


def applicant_users(application) -> list:
    """The confirmed members of the dossier's lead authority: whom a grant's notices go to."""
    if application.lead_authority_id is None:
        return []
    return list(get_user_model().objects.filter(
        memberships__authority_id=application.lead_authority_id,
        memberships__state=Membership.State.CONFIRMED,
    ).distinct().order_by("pk"))


def _reports_queryset() -> QuerySet[Report]:
    return Report.objects.select_related("filed_by", "reviewer").prefetch_related(
        Prefetch("statement_lines", queryset=StatementLine.objects.order_by("pk")),
        Prefetch("documents", queryset=ReportDocument.objects.order_by("at", "pk")),
        Prefetch("events", queryset=ReportEvent.objects.select_related("by").order_by("at", "pk")),
    ).order_by("due_on", "pk")


def grant_get(pk) -> Application | None:
    """A dossier with its tranches (and who recorded each payment) and its reports with their
    statements, documents and history."""
    return Application.objects.select_related("call__campaign", "lead_authority").prefetch_related(
        Prefetch("tranches", queryset=Tranche.objects.select_related("paid_by").order_by("order")),
        Prefetch("reports", queryset=_reports_queryset()),
    ).filter(pk=pk).first()


def report_document_get(*, application_pk, document_pk) -> ReportDocument | None:
    return ReportDocument.objects.select_related("report__application").filter(
        pk=document_pk, report__application_id=application_pk).first()


def tranche_blocker(tranche, tranches, reports) -> str | None:
    """Why `tranche` cannot be paid yet, or None: an earlier tranche unpaid, or its condition (the
    previous budget year's intermediate report, or the final report) not accepted. `tranches` and
    `reports` are its dossier's, already fetched."""
    earlier = [t for t in tranches if t.order < tranche.order and not t.paid]
    if earlier:
        return french_spaces(f"La tranche {earlier[0].order} n'est pas encore versée : les tranches se versent "
                              f"dans l'ordre.")
    if tranche.condition == Tranche.Condition.INTERMEDIATE_REPORT:
        previous_year = max(t.year for t in tranches if t.year < tranche.year)
        report = next((r for r in reports if r.kind == Report.Kind.INTERMEDIATE and r.year == previous_year), None)
        if report is None or report.state != Report.State.ACCEPTE:
            state = report.get_state_display() if report else "absent"
            return french_spaces(f"La tranche {tranche.order} attend l'acceptation du rapport intermédiaire "
                                  f"{previous_year} (il est « {state} »).")
    if tranche.condition == Tranche.Condition.FINAL_REPORT:
        report = next((r for r in reports if r.kind == Report.Kind.FINAL), None)
        if report is None or report.state != Report.State.ACCEPTE:
            state = report.get_state_display() if report else "absent"
            return french_spaces(f"La tranche {tranche.order} attend l'acceptation du rapport final "
                                  f"(il est « {state} »).")
    return None


@dataclass(frozen=True)
class GrantLine:
    """One grant of the ministry's list: its dossier, tranches and reports, what is paid."""

    application: Application
    tranches: list
    reports: list

    @property
    def granted(self):
        return self.application.granted_amount

    @property
    def paid(self):
        return sum((t.paid_amount for t in self.tranches if t.paid), start=0)


@dataclass(frozen=True)
class GrantsOverview:
    grants: list[GrantLine]
    to_review: list[Report]  # filed, waiting for the ministry
    overdue: list[Report]  # owed and past their due date


def grants_overview(*, today: date) -> GrantsOverview:
    """/instruction/subventions/: every dossier with a schedule, the reports to review and the
    overdue ones, in five queries whatever the number of grants."""
    dossiers = list(Application.objects.filter(tranches__isnull=False).distinct()
                    .select_related("call__campaign", "lead_authority").prefetch_related(
                        Prefetch("tranches", queryset=Tranche.objects.order_by("order")),
                        Prefetch("reports", queryset=Report.objects.select_related("filed_by").prefetch_related(
                            Prefetch("statement_lines", queryset=StatementLine.objects.order_by("pk")),
                            Prefetch("documents", queryset=ReportDocument.objects.order_by("at", "pk")),
                        ).order_by("due_on", "pk")))
                    .order_by("-call__campaign__year", "call__name", "title"))
    lines, to_review, overdue = [], [], []
    for application in dossiers:
        reports = list(application.reports.all())
        for report in reports:
            report.application = application  # the list shows the dossier of each report
            if report.state == Report.State.DEPOSE:
                to_review.append(report)
            if report.overdue_on(today):
                overdue.append(report)
        lines.append(GrantLine(application, list(application.tranches.all()), reports))
    return GrantsOverview(lines, sorted(to_review, key=lambda r: (r.filed_on, r.pk)),
                          sorted(overdue, key=lambda r: (r.due_on, r.pk)))


def reports_to_remind(*, today: date, within_days: int) -> list[tuple[Report, str]]:
    """Each owed report with the notice it calls for on `today`: RAPPORT_EN_RETARD once past its
    due date, RAPPORT_ATTENDU within `within_days` before it; none already sent."""
    owed = (Report.objects.filter(state__in=Report.OWED, due_on__lte=today + timedelta(days=within_days))
            .select_related("application__call__campaign", "application__lead_authority")
            .prefetch_related("reminders").order_by("due_on", "pk"))
    found = []
    for report in owed:
        event = events.RAPPORT_EN_RETARD if report.due_on < today else events.RAPPORT_ATTENDU
        if event not in {r.event for r in report.reminders.all()}:
            found.append((report, event))
    return found


@dataclass(frozen=True)
class ReportCounts:
    due: int
    filed: int
    accepted: int


def authority_report_years(authority_id: int) -> dict[int, ReportCounts]:
    """The reports of the grants `authority_id` leads, by the year they fall due: how many, how
    many filed (déposé or accepté: one sent back for changes is not remis until filed again), how
    many accepted. What `services` keeps in `AuthorityReportYear` for the eligibility check. One
    query."""
    found = defaultdict(list)
    for due_on, state in Report.objects.filter(application__lead_authority_id=authority_id).values_list(
            "due_on", "state"):
        found[due_on.year].append(state)
    return {year: ReportCounts(due=len(states), filed=sum(s in Report.FILED for s in states),
                               accepted=sum(s == Report.State.ACCEPTE for s in states))
            for year, states in sorted(found.items())}
