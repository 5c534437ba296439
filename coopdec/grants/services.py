"""Writes on grants: the schedule of a retained dossier, its payments, its reports and their
reminders. Each refusal raises `GrantRefused` with its reason in French and writes nothing. Every
write on reports keeps the lead authority's reports by year (`AuthorityReportYear`) in step: the
eligibility check of its next dossiers reads them there, without knowing grants."""
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coopdec.applications import workflow
from coopdec.applications.messages import notify_dossier
from coopdec.applications.models import Application, AuthorityReportYear, BudgetLine
from coopdec.applications.services import document_name, upload_checked
from coopdec.french.text import date_fr, euros, french_spaces
from coopdec.notifications import events
from coopdec.territories.models import Authority

from . import rules, selectors
from .models import Report, ReportDocument, ReportEvent, ReportReminder, StatementLine, Tranche
from .permissions import can_file_report, can_record_payment, can_review_report

# How many days before its due date a report is announced (RAPPORT_ATTENDU).
REMINDER_DAYS = 30


class GrantRefused(Exception):
    """A grant write refused; `reason` says why, in French."""

    def __init__(self, reason):
        reason = french_spaces(reason)  # shown to people as is
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Plan:
    tranches: list[Tranche]
    reports: list[Report]


def _ends_on(application, years) -> date:
    """When the project ends, for the final report's due date: its recorded end; else its start
    plus its duration; else (a dossier filed here records neither) the last day of its last
    budget year, which is what the budget says."""
    return rules.project_end(ends_on=application.ends_on, starts_on=application.starts_on,
                             duration_months=application.duration_months, years=years)[0]


def _schedule(application) -> tuple[list[rules.Payment], list[rules.ReportDue]]:
    if application.state != workflow.RETENU and application.decision != Application.Decision.RETENU:
        raise GrantRefused(f"Le dossier « {application.title} » n'est pas retenu "
                           f"(il est « {application.state_label} ») : aucun échéancier.")
    if not application.granted_amount:
        raise GrantRefused(f"Le dossier « {application.title} » n'a pas de subvention accordée : aucun échéancier.")
    yearly: dict = {}
    for year, amount in application.budget_lines.filter(kind=BudgetLine.Kind.EXPENSE).values_list("year", "amount"):
        yearly[year] = yearly.get(year, Decimal("0")) + amount
    if not yearly:
        raise GrantRefused(f"Le dossier « {application.title} » n'a pas de budget annuel (aucune dépense "
                           f"par année) : l'échéancier suit ce budget.")
    try:
        payments = rules.tranche_schedule(grant=application.granted_amount, yearly_costs=yearly)
    except rules.ScheduleRefused as refused:
        raise GrantRefused(str(refused)) from refused
    years = sorted({p.year for p in payments})
    dues = rules.report_deadlines(
        years=years, ends_on=_ends_on(application, years),
        intermediate_months=application.call.intermediate_report_months,
        final_months=application.call.final_report_months)
    return payments, dues


def _same(tranches, reports, payments, dues) -> bool:
    return ([(t.order, t.year, t.amount, t.condition, t.share) for t in tranches]
            == [(p.order, p.year, p.amount, p.condition.value, p.share) for p in payments]
            and [(r.kind, r.year, r.due_on) for r in reports] == [(d.kind.value, d.year, d.due_on) for d in dues])


@transaction.atomic
def grant_plan(*, application) -> Plan:
    """Write the tranche schedule of a retained dossier (from its granted amount and its budget's
    yearly expenses) and the reports it owes (from the call's report delays).

    Idempotent: a second call finds the same plan and writes nothing. A plan nothing has happened
    on yet (no payment, no report filed) is replaced when the decision's amount changed (a session
    reopened); once something has, a different plan is refused."""
    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    payments, dues = _schedule(locked)
    tranches = list(locked.tranches.order_by("order"))
    reports = list(locked.reports.order_by("due_on", "pk"))
    if tranches or reports:
        if _same(tranches, reports, payments, dues):
            return Plan(tranches, reports)
        if any(t.paid for t in tranches) or any(r.state != Report.State.ATTENDU for r in reports):
            raise GrantRefused("L'échéancier de ce dossier a déjà des versements ou des rapports déposés : "
                               "il ne peut plus être recalculé.")
        locked.tranches.all().delete()
        locked.reports.all().delete()
    tranches = Tranche.objects.bulk_create([
        Tranche(application=locked, order=p.order, year=p.year, amount=p.amount, condition=p.condition.value,
                share=p.share) for p in payments])
    reports = Report.objects.bulk_create([
        Report(application=locked, kind=d.kind.value, year=d.year, due_on=d.due_on) for d in dues])
    report_years_refresh(application_id=locked.pk)
    return Plan(tranches, reports)


@transaction.atomic(savepoint=False)  # inside the write that changed the reports, at no extra cost
def report_years_refresh(*, application_id: int) -> None:
    """Count again the reports of the authority that leads `application_id`, by the year they
    fall due (`AuthorityReportYear`), in the transaction that changed them. The authority's row is
    locked first, so that two writes on its reports count one after the other, each seeing the
    other's. Also run when a report is deleted (`apps.GrantsConfig.ready`)."""
    authority_id = Application.objects.filter(pk=application_id).values_list("lead_authority_id", flat=True).first()
    if authority_id is None:
        return
    list(Authority.objects.select_for_update().filter(pk=authority_id).values_list("pk"))
    AuthorityReportYear.objects.filter(authority_id=authority_id).delete()
    AuthorityReportYear.objects.bulk_create([
        AuthorityReportYear(authority_id=authority_id, year=year, due=c.due, filed=c.filed, accepted=c.accepted)
        for year, c in selectors.authority_report_years(authority_id).items()])


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value).replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise GrantRefused(f"« {value} » n'est pas un montant.") from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise GrantRefused(f"« {value} » n'est pas un montant en euros et centimes.")
    return amount


@transaction.atomic
def payment_record(*, tranche, paid_on, amount, user) -> Tranche:
    """Record that the ministry paid `tranche` on `paid_on`: once, never above its planned amount,
    and only when its condition holds (the previous year's intermediate report accepted, or the
    final report accepted). The applicant is told (TRANCHE_VERSEE)."""
    allowed = can_record_payment(user, tranche)
    if not allowed:
        raise GrantRefused(allowed.reason)
    application = Application.objects.select_for_update().get(pk=tranche.application_id)
    tranches = list(application.tranches.order_by("order"))
    locked = next(t for t in tranches if t.pk == tranche.pk)
    if locked.paid:
        raise GrantRefused(f"La tranche {locked.order} est déjà versée (le {date_fr(locked.paid_on)}).")
    refusal = selectors.tranche_blocker(locked, tranches, list(application.reports.all()))
    if refusal:
        raise GrantRefused(refusal)
    amount = _amount(amount)
    if amount <= 0:
        raise GrantRefused("Le montant versé doit être positif.")
    if amount > locked.amount:
        raise GrantRefused(f"Le montant versé ({euros(amount)}) dépasse celui de la tranche "
                           f"{locked.order} ({euros(locked.amount)}).")
    if paid_on is None:
        raise GrantRefused("Indiquez la date du versement.")
    if paid_on > timezone.localdate():
        raise GrantRefused("La date du versement est dans le futur : enregistrez un versement une fois fait.")
    locked.paid_on, locked.paid_amount, locked.paid_by = paid_on, amount, user
    locked.paid_recorded_at = timezone.now()
    locked.save(update_fields=["paid_on", "paid_amount", "paid_by", "paid_recorded_at"])
    notify_dossier(event=events.TRANCHE_VERSEE, application=application,
                   recipients=selectors.applicant_users(application),
                   values={"tranche": locked.order, "amount": amount, "paid_on": paid_on})
    return locked


def _statement(statement) -> list[tuple[str, Decimal]]:
    """The financial statement as (category, amount) of the budget's expense categories."""
    known = dict(BudgetLine.Expense.choices)
    lines = []
    for category, value in dict(statement).items():
        if category not in known:
            raise GrantRefused(f"« {category} » n'est pas un poste de dépense du budget.")
        if value in (None, ""):
            continue
        amount = _amount(value)
        if amount < 0:
            raise GrantRefused(f"Le montant du poste « {known[category]} » est négatif.")
        lines.append((category, amount))
    if not any(amount for _, amount in lines):
        raise GrantRefused("L'état financier est vide : indiquez ce qui a été dépensé, poste par poste.")
    return lines


@transaction.atomic
def report_file(*, report, user, narrative, statement, documents=()) -> Report:
    """File a report (or file it again after changes were asked): the technical narrative, the
    financial statement {expense category: amount spent} and documents (checked by their bytes,
    kept privately). Only a confirmed member of the lead authority files."""
    allowed = can_file_report(user, report)
    if not allowed:
        raise GrantRefused(allowed.reason)
    locked = Report.objects.select_for_update().select_related("application").get(pk=report.pk)
    if locked.state not in Report.OWED:
        raise GrantRefused(f"Ce rapport est « {locked.get_state_display()} » : il ne se dépose plus.")
    narrative = (narrative or "").strip()
    if not narrative:
        raise GrantRefused("Le compte rendu technique est vide : décrivez ce qui a été réalisé.")
    lines = _statement(statement)
    checked = []
    for upload in documents:
        try:
            checked.append((upload, *upload_checked(upload)))
        except ValidationError as error:
            raise GrantRefused(" ".join(error.messages)) from error
    now = timezone.now()
    locked.statement_lines.all().delete()
    StatementLine.objects.bulk_create([StatementLine(report=locked, category=c, amount=a) for c, a in lines])
    for upload, mime, extension in checked:
        document = ReportDocument(report=locked, name=document_name(upload.name, extension),
                                  content_type=mime, size=upload.size, uploaded_by=user, at=now)
        document.file.save(f"rapport-{uuid.uuid4().hex}.{extension}", upload, save=False)
        document.save()
    locked.state, locked.narrative = Report.State.DEPOSE, narrative
    locked.filed_on, locked.filed_by = timezone.localdate(now), user
    locked.save(update_fields=["state", "narrative", "filed_on", "filed_by"])
    ReportEvent.objects.create(report=locked, kind=ReportEvent.Kind.FILED, by=user, at=now)
    report_years_refresh(application_id=locked.application_id)
    return locked


@transaction.atomic
def report_review(*, report, user, accepted: bool, comment="") -> Report:
    """The ministry accepts a filed report, or asks for changes with a comment (then the applicant
    files again)."""
    allowed = can_review_report(user, report)
    if not allowed:
        raise GrantRefused(allowed.reason)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.state != Report.State.DEPOSE:
        raise GrantRefused(f"Ce rapport est « {locked.get_state_display()} » : seul un rapport déposé s'examine.")
    comment = (comment or "").strip()
    if not accepted and not comment:
        raise GrantRefused("Dites au porteur ce qu'il faut modifier : le commentaire est obligatoire.")
    now = timezone.now()
    locked.state = Report.State.ACCEPTE if accepted else Report.State.MODIFICATIONS
    locked.review_comment, locked.reviewer, locked.reviewed_at = comment, user, now
    locked.save(update_fields=["state", "review_comment", "reviewer", "reviewed_at"])
    ReportEvent.objects.create(report=locked, kind=ReportEvent.Kind.ACCEPTED if accepted else ReportEvent.Kind.CHANGES,
                               comment=comment, by=user, at=now)
    report_years_refresh(application_id=locked.application_id)
    return locked


@transaction.atomic
def reports_remind(*, today: date) -> dict[str, int]:
    """Tell the lead authority's members of each report due within `REMINDER_DAYS` (RAPPORT_ATTENDU)
    and of each overdue one (RAPPORT_EN_RETARD), once per report and event whatever the number of
    runs: a `ReportReminder` row records each notice. Returns the notices sent per event."""
    sent = {events.RAPPORT_ATTENDU: 0, events.RAPPORT_EN_RETARD: 0}
    for report, event in selectors.reports_to_remind(today=today, within_days=REMINDER_DAYS):
        _, created = ReportReminder.objects.get_or_create(report=report, event=event, defaults={"sent_on": today})
        if not created:
            continue
        notify_dossier(event=event, application=report.application,
                       recipients=selectors.applicant_users(report.application),
                       values={"report_label": report.label[0].lower() + report.label[1:], "due_on": report.due_on})
        sent[event] += 1
    return sent
