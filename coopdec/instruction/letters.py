"""The decision letter: what it says, read from the records, and the PDF WeasyPrint draws of it.

An administrative decision that an authority files and can contest: the ministry's block, a
reference, the date, the addressee (the authority's executive, by function), the object, what
it rests on (the code, the call and its committee), the decision with its reasons, the signatory
by name and function, and the routes and delays of appeal. Drawn afresh from the records
whenever asked (download, e-mail, the message's page), so every copy says the same thing as
long as the closed session's decision stands.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from coopdec.applications.selectors import application_get, budget_totals
from coopdec.french.text import euros
from coopdec.grants import rules as grant_rules
from coopdec.territories.models import Authority

from .models import Decision, SessionEvent

# The executive of each kind of authority, to whom the decision is addressed.
EXECUTIVES = {
    Authority.Kind.COMMUNE: "Madame la Maire ou Monsieur le Maire",
    Authority.Kind.DEPARTEMENT: "Madame la Présidente ou Monsieur le Président du conseil départemental",
    Authority.Kind.REGION: "Madame la Présidente ou Monsieur le Président du conseil régional",
    Authority.Kind.EPCI: "Madame la Présidente ou Monsieur le Président",
    Authority.Kind.EPT: "Madame la Présidente ou Monsieur le Président",
}
APPEAL = (
    "La présente décision peut faire l'objet, dans un délai de deux mois à compter de sa notification, "
    "d'un recours gracieux auprès du ministre de l'Europe et des affaires étrangères ou d'un recours "
    "hiérarchique, ainsi que d'un recours contentieux devant le tribunal administratif de Paris "
    "(articles R. 421-1 et suivants du code de justice administrative). Le recours gracieux ou hiérarchique "
    "prolonge le délai du recours contentieux. Le tribunal peut être saisi par l'application Télérecours "
    "citoyens, accessible sur le site www.telerecours.fr."
)


def application_decision(application) -> Decision | None:
    """The committee's decision on the dossier with its session, or None."""
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
    reference: str
    dated: date  # the session's closing: when the decision became final
    addressee_function: str  # the executive of `lead`, to whom the letter is addressed
    lead: str
    co_applicants: list[str]
    partners: list[str]
    grant: Decimal | None
    payments: list  # grants.rules.Payment
    schedule_refused: str  # why no schedule could be drawn, if so
    reports: list[Report]
    ends_on: date | None
    ends_on_estimated: bool  # the project's end was not given: the end of its last budget year
    signatory_name: str
    signatory_function: str
    appeal: str = APPEAL


def decision_letter(application, decision) -> Letter:
    """The letter of `decision` on `application` (a dossier from `applications.selectors.
    application_get`, its relations fetched): for a laureate, the tranche schedule of the grant
    over the budget's yearly expenses and the reports it owes; otherwise the reason."""
    yearly_costs = {year: cost for year, cost in budget_totals(application.budget_lines.all()).expenses_by_year.items()
                    if year is not None}
    years = sorted(year for year, cost in yearly_costs.items() if cost > 0)
    ends_on, estimated = grant_rules.project_end(
        ends_on=application.ends_on, starts_on=application.starts_on,
        duration_months=application.duration_months, years=years)
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
    lead = application.lead_authority if application.lead_authority_id else None
    campaign = application.call.campaign
    closed = decision.session.events.filter(kind=SessionEvent.Kind.CLOSED).order_by("-at").values_list("at", flat=True).first()
    return Letter(
        application=application, decision=decision,
        reference=f"MEAE/DAECT/{campaign.year}/{application.call_id}/{application.pk}",
        dated=timezone.localdate(closed) if closed else decision.session.held_on,
        addressee_function=EXECUTIVES.get(lead.kind, "Madame, Monsieur") if lead else "Madame, Monsieur",
        lead=str(lead) if lead else application.lead_name,
        co_applicants=[c.authority.name if c.authority_id else c.name for c in application.co_applicants.all()
                       if c.state == c.State.CONFIRMED],  # an invitation not accepted binds no one
        partners=[f"{p.name} ({p.foreign_authority.country.name_fr})" if p.foreign_authority.country_id else p.name
                  for p in application.partnerships.all()],
        grant=decision.amount if retained else None, payments=payments, schedule_refused=refused,
        reports=reports, ends_on=ends_on, ends_on_estimated=estimated,
        signatory_name=campaign.signatory_name, signatory_function=campaign.signatory_function,
    )


def decision_letter_pdf(application, decision) -> bytes:
    from weasyprint import HTML  # loads Pango: only a letter pays for it

    letter = decision_letter(application, decision)
    html = render_to_string("instruction/decision_letter_pdf.html", {
        "letter": letter, "application": application, "decision": decision,
        "grant": euros(letter.grant) if letter.grant else "",
        "payments": [(payment, euros(payment.amount)) for payment in letter.payments],
        "generated_at": timezone.now(),
    })
    return HTML(string=html).write_pdf()


def decision_letter_name(application) -> str:
    return f"lettre-de-decision-dossier-{application.pk}.pdf"


def decision_letter_attachment(dossier_id: int):
    """The letter as the decision message's attachment (`notifications.attachments`): None until
    the decision's session is closed."""
    application = application_get(dossier_id)
    decision = application_decision(application) if application else None
    if decision is None or decision.session.state != decision.session.State.CLOSED:
        return None
    return decision_letter_name(application), decision_letter_pdf(application, decision), "application/pdf"
