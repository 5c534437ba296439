"""The grant's pages: the applicant's (/espace/dossiers/<id>/rapports/: the schedule, the reports
due, filing one) and the ministry's (/instruction/subventions/: every grant with its tranches,
payments to record, reports to review, overdue reports).

Thin views: read through selectors, write through services, ask permissions. A grant the user
may not see answers 404, as its dossier does.
"""
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from coopdec.accounts.decorators import staff_page
from coopdec.applications.views import error_summary
from coopdec.french.text import date_fr, euros, french_spaces

from . import selectors, services
from .forms import PaymentForm, ReportForm, ReviewForm
from .models import Report
from .permissions import can_file_report, can_record_payment, can_view_grant


@dataclass
class TrancheRow:
    tranche: object
    blocker: str | None
    form: PaymentForm | None = None


@dataclass
class ReportRow:
    report: Report
    overdue: bool
    form: object = None


def _visible(request, pk):
    application = selectors.grant_get(pk)
    if application is None or not can_view_grant(request.user, application):
        raise Http404("Aucun dossier à cette adresse.")
    return application


def _tranche_rows(tranches, reports):
    return [TrancheRow(t, None if t.paid else selectors.tranche_blocker(t, tranches, reports)) for t in tranches]


@login_required
def reports(request, pk):
    """The schedule with each payment and its condition, the reports due and their review; a member
    of the lead authority files a report (or files it again) from here."""
    application = _visible(request, pk)
    tranches, reports = list(application.tranches.all()), list(application.reports.all())
    today = timezone.localdate()
    may_file = bool(reports) and bool(can_file_report(request.user, reports[0]))
    rows = []
    for report in reports:
        row = ReportRow(report, report.overdue_on(today))
        if may_file and report.state in Report.OWED:
            bound = request.method == "POST" and request.POST.get("rapport") == str(report.pk)
            row.form = ReportForm(request.POST if bound else None, request.FILES if bound else None,
                                  prefix=f"rapport-{report.pk}")
            if bound and row.form.is_valid():
                try:
                    services.report_file(report=report, user=request.user, narrative=row.form.cleaned_data["narrative"],
                                         statement=row.form.statement(), documents=row.form.cleaned_data["documents"])
                except services.GrantRefused as refused:
                    row.form.add_error(None, refused.reason)
                else:
                    messages.success(request, f"{report.label} déposé : le ministère va l'examiner.")
                    return redirect("grants:reports", pk=pk)
        rows.append(row)
    if request.method == "POST" and not any(r.form is not None and r.form.is_bound for r in rows):
        raise Http404("Aucun rapport à déposer à cette adresse.")
    # A refused report is shown again (200, as every form of the site) with what was typed, and
    # the summary of its errors at the top, each a link to its field.
    errors = [dict(entry, label=f"{row.report.label} — {entry['label']}" if entry["label"] else row.report.label)
              for row in rows if row.form is not None and row.form.is_bound for entry in error_summary(row.form)]
    return render(request, "grants/reports.html", {
        "title": f"Versements et rapports — {application.title}", "application": application,
        "tranches": _tranche_rows(tranches, reports), "reports": rows, "error_summary": errors,
        "granted": euros(application.granted_amount) if application.granted_amount else None,
        "paid": euros(sum((t.paid_amount for t in tranches if t.paid), start=0)),
    })


@login_required
def report_document(request, pk, document_pk):
    """A report's document, served only to those who may see its dossier."""
    application = _visible(request, pk)
    document = selectors.report_document_get(application_pk=application.pk, document_pk=document_pk)
    if document is None:
        raise Http404("Aucune pièce à cette adresse.")
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name,
                        content_type=document.content_type)


def _bound(request, action, pk):
    return request.method == "POST" and request.POST.get("action") == action and request.POST.get("id") == str(pk)


def _payment_confirmation(request, application, row):
    """The confirmation step of a payment: what will be recorded, the same values posted again
    with `confirme=oui`."""
    form, tranche = row.form, row.tranche
    data = form.cleaned_data
    return render(request, "confirm.html", {
        "title": "Enregistrer ce versement ?",
        "warning": "Un versement enregistré ne se modifie ni ne se supprime dans CoopDec :",
        "consequences": [
            french_spaces(f"tranche {tranche.order} ({tranche.year}) de « {application.title} » "
                          f"({application.lead_name}) : {euros(data['amount'])} versés le {date_fr(data['paid_on'])}"
                          f" sur {euros(tranche.amount)} prévus ;"),
            "le demandeur en est informé par message et par courriel ;",
            "le montant compte dans ce qui a été versé sur la subvention.",
        ],
        "confirm_label": "Confirmer le versement",
        "action_url": reverse("grants:overview"),
        "hidden": [("action", "versement"), ("id", tranche.pk),
                   (form.add_prefix("paid_on"), data["paid_on"].isoformat()),
                   (form.add_prefix("amount"), form.data.get(form.add_prefix("amount"), ""))],
        "cancel_url": f"{reverse('grants:overview')}#subvention-{application.pk}",
        "cancel_label": "Subventions : versements et rapports",
    })


@staff_page
def overview(request):
    """Every grant with its tranches (a payment form where the condition holds), the reports filed
    and waiting for review (accept or ask for changes), and the overdue reports."""
    today = timezone.localdate()
    overview = selectors.grants_overview(today=today)
    lines = []
    acted = False
    for line in overview.grants:
        rows = _tranche_rows(line.tranches, line.reports)
        for row in rows:
            if row.tranche.paid or row.blocker:
                continue
            bound = _bound(request, "versement", row.tranche.pk)
            acted |= bound
            row.form = PaymentForm(request.POST if bound else None, prefix=f"tranche-{row.tranche.pk}",
                                   initial={"paid_on": today, "amount": row.tranche.amount})
            if bound and row.form.is_valid():
                allowed = can_record_payment(request.user, row.tranche)
                if allowed and request.POST.get("confirme") != "oui":  # a payment is not undone: confirm it first
                    return _payment_confirmation(request, line.application, row)
                try:
                    services.payment_record(tranche=row.tranche, paid_on=row.form.cleaned_data["paid_on"],
                                            amount=row.form.cleaned_data["amount"], user=request.user)
                except services.GrantRefused as refused:
                    row.form.add_error(None, refused.reason)
                else:
                    messages.success(request, f"Versement de la tranche {row.tranche.order} de « "
                                              f"{line.application.title} » enregistré.")
                    return redirect("grants:overview")
        lines.append((line, rows))
    reviews = []
    for report in overview.to_review:
        bound = _bound(request, "examen", report.pk)
        acted |= bound
        form = ReviewForm(request.POST if bound else None, prefix=f"examen-{report.pk}")
        if bound and form.is_valid():
            accepted = form.cleaned_data["decision"] == ReviewForm.ACCEPT
            try:
                services.report_review(report=report, user=request.user, accepted=accepted,
                                       comment=form.cleaned_data["comment"])
            except services.GrantRefused as refused:
                form.add_error(None, refused.reason)
            else:
                messages.success(request, f"{report.label} de « {report.application.title} » "
                                          f"{'accepté' if accepted else 'renvoyé pour modifications'}.")
                return redirect("grants:overview")
        reviews.append((report, form))
    if request.method == "POST" and not acted:
        raise Http404("Rien à enregistrer à cette adresse.")
    return render(request, "grants/overview.html", {
        "title": "Subventions : versements et rapports", "lines": lines, "reviews": reviews,
        "overdue": overview.overdue, "today": today,
    }, status=400 if request.method == "POST" else 200)
