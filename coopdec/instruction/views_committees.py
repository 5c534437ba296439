"""The committees' pages (/instruction/comites/), for ministry officers: the sessions, each
session's ranked dossiers within the call's envelope, the decisions in batch, closing, reopening
and publishing. Thin: reads through selectors, writes through services."""
from collections import Counter
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from coopdec.accounts.decorators import staff_page
from coopdec.french.text import counted_fr, date_fr, euros, french_spaces, number_fr, plural_fr

from . import permissions, selectors, services
from .forms_committees import ReasonForm, SessionOpenForm
from .models import CommitteeSession, Decision


def _session(pk) -> CommitteeSession:
    try:
        return selectors.session_get(pk)
    except CommitteeSession.DoesNotExist:
        raise Http404("Aucune séance de comité à cette adresse.") from None


@staff_page
def session_list(request):
    """Every session, the latest first, and the form that opens a new one."""
    form = SessionOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_open(call=form.cleaned_data["appel"], held_on=form.cleaned_data["date"],
                                            user=request.user)
        except services.DecisionRefused as refused:
            form.add_error(None, refused.reason)
        else:
            messages.success(request, "La séance est ouverte : les décisions sur les dossiers de l'appel y sont "
                                      "enregistrées.")
            return redirect("committees:session", pk=session.pk)
    return render(request, "instruction/committees/list.html", {
        "title": "Comités de sélection", "sessions": list(selectors.session_list()), "form": form,
    })


@dataclass
class Line:
    """One dossier of the session's page with what the officer chose (kept when refused)."""

    row: selectors.RankedDossier
    decision: str = ""
    amount: str = ""
    reason: str = ""
    error: str = ""

    @property
    def pk(self):
        return self.row.application.pk


def _lines(board, data=None, errors=None) -> list[Line]:
    lines = []
    for row in board.dossiers:
        if data is not None:
            pk = row.application.pk
            line = Line(row, data.get(f"decision-{pk}", ""), data.get(f"montant-{pk}", ""),
                        data.get(f"motif-{pk}", ""), (errors or {}).get(pk, ""))
        elif row.decision is not None:
            amount = "" if row.decision.amount is None else f"{row.decision.amount:.0f}"
            line = Line(row, row.decision.outcome, amount, row.decision.reason)
        else:
            line = Line(row)
        lines.append(line)
    return lines


@staff_page
def session_page(request, pk):
    """The ranked dossiers with the envelope, committed and left; POST records the decisions
    chosen, all or nothing; a refusal keeps every value typed and names each dossier refused."""
    session = _session(pk)
    board = selectors.session_board(session)
    lines = _lines(board)
    status = 200
    if request.method == "POST":
        chosen = [line for line in _lines(board, request.POST) if line.decision and not line.row.frozen]
        inputs = [services.DecisionInput(line.row.application, line.decision, line.amount or None, line.reason)
                  for line in chosen]
        try:
            recorded = services.decisions_record(decisions=inputs, user=request.user)
        except services.DecisionsRefused as refused:
            errors = {application.pk: reason for application, reason in refused.refusals}
            lines = _lines(board, request.POST, errors)
            messages.error(request, f"Aucune décision n'a été enregistrée : {counted_fr(len(errors), 'refusée', 'refusées')}"
                                    " (voir chaque dossier ci-dessous).")
            status = 409
        else:
            messages.success(request, f"{counted_fr(len(recorded), 'décision enregistrée', 'décisions enregistrées')}.")
            return redirect("committees:session", pk=session.pk)
    return render(request, "instruction/committees/session.html", {
        "title": f"Comité du {date_fr(session.held_on)} — {session.call.name}",
        "session": session, "board": board, "lines": lines, "outcomes": Decision.Outcome.choices,
        "reason_form": ReasonForm(), "is_open": session.state == CommitteeSession.State.OPEN,
        "today": timezone.localdate(),
    }, status=status)


def _act(request, session, action, success):
    try:
        action(session)
    except services.DecisionRefused as refused:
        messages.error(request, refused.reason)
    else:
        messages.success(request, success)
    return redirect("committees:session", pk=session.pk)


def _confirmed(request) -> bool:
    """What cannot be undone happens only on a POST that carries the confirmation step's field."""
    return request.method == "POST" and request.POST.get("confirme") == "oui"


def _confirmation(request, session, *, action, title, warning, consequences, confirm_label):
    """The confirmation step (GET, or a POST without `confirme=oui`: nothing is done); none for an
    officer the service would refuse (a conflict of interest): the refusal at once."""
    allowed = permissions.can_act_on_session(request.user, session)
    if not allowed:
        messages.error(request, allowed.reason)
        return redirect("committees:session", pk=session.pk)
    return render(request, "confirm.html", {
        "title": title, "warning": warning, "consequences": consequences, "confirm_label": confirm_label,
        "action_url": reverse(action, args=[session.pk]), "hidden": [],
        "cancel_url": reverse("committees:session", args=[session.pk]),
        "cancel_label": f"Comité du {date_fr(session.held_on)} — {session.call.name}",
    })


def _outcomes(decisions) -> list[str]:
    counts = Counter(decision.get_outcome_display() for decision in decisions)
    return [french_spaces(f"{label} : {number_fr(count)}") for label, count in sorted(counts.items())]


@require_http_methods(["GET", "POST"])
@staff_page
def session_close(request, pk):
    session = _session(pk)
    if _confirmed(request):
        return _act(request, session, lambda s: services.session_close(session=s, user=request.user),
                    "La séance est close : ses décisions sont figées et chaque demandeur en est informé.")
    decisions = list(session.decisions.select_related("application"))
    told = [d for d in decisions if d.notified_at is None]
    return _confirmation(
        request, session, action="committees:close", title="Clore la séance ?",
        warning="Clore la séance ne se défait pas sans la rouvrir, avec un motif enregistré :",
        consequences=[
            f"{counted_fr(len(decisions), 'décision', 'décisions')} {plural_fr(len(decisions), 'est figée', 'sont figées')}"
            + (f" ({', '.join(_outcomes(decisions))})" if decisions else "") + " ;",
            f"{counted_fr(len(told), 'demandeur', 'demandeurs')} {plural_fr(len(told), 'reçoit', 'reçoivent')} la "
            "décision sur son dossier par message et par courriel, avec la lettre de décision ; un message envoyé "
            "ne se reprend pas ;",
            "chaque dossier retenu reçoit son échéancier de versements et les rapports qu'il doit.",
        ],
        confirm_label="Confirmer la clôture")


@require_POST
@staff_page
def session_reopen(request, pk):
    return _act(request, _session(pk), lambda s: services.session_reopen(session=s, reason=request.POST.get("motif", ""),
                                                                         user=request.user),
                "La séance est rouverte : ses décisions peuvent changer ; publiez-la de nouveau une fois close.")


@require_http_methods(["GET", "POST"])
@staff_page
def session_publish(request, pk):
    session = _session(pk)
    if _confirmed(request):
        return _act(request, session, lambda s: services.session_publish(session=s, user=request.user),
                    "La séance est publiée : ses lauréats figurent sur les pages publiques, les téléchargements, "
                    "les statistiques, l'API et les données ouvertes.")
    retained = [d for d in session.decisions.all() if d.outcome == Decision.Outcome.RETENU]
    total = sum((d.amount for d in retained), start=0)
    return _confirmation(
        request, session, action="committees:publish", title="Publier la séance ?",
        warning="Une publication ne se reprend pas : les données ouvertes et les téléchargements sont copiés "
                "par leurs lecteurs dès leur mise en ligne.",
        consequences=[
            f"{counted_fr(len(retained), 'lauréat', 'lauréats')} ({euros(total)} accordés) "
            f"{plural_fr(len(retained), 'apparaît', 'apparaissent')} sur les pages publiques, les téléchargements, "
            "les statistiques, l'API et les données ouvertes ;",
            "leurs montants et leurs collectivités y sont lus tels que le comité les a décidés.",
        ],
        confirm_label="Confirmer la publication")
