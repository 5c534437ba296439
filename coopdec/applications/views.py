"""The applicant's space (/espace/) and the ministry's list of dossiers (/instruction/dossiers/).

Thin views: read through selectors, write through services, ask permissions. A dossier the
user may not see answers 404, never 403: its existence is private.
"""
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coopdec.accounts.decorators import staff_page
from coopdec.accounts.selectors import is_ministry, member_authorities
from coopdec.calls.models import RequiredDocument
from coopdec.formsets import ADD_LINE, with_added_line
from coopdec.french.text import counted_fr, of_fr
from coopdec.notifications import selectors as notification_selectors
from coopdec.territories.models import Country

from . import exports, selectors, services, workflow
from .acknowledgement import acknowledgement_pdf
from .forms import (
    SWORN_STATEMENT, BudgetForm, DocumentForm, DraftForm, ExpenseFormSet, IdentityForm, InstructionFilterForm, MessageForm,
    PartnerFormSet, PartnersForm, ProjectForm, SubmitForm,
)
from .messages import dossier_documents, dossier_panels
from .models import BudgetLine
from .sdgs import sdg_entries
from .permissions import (
    SECTIONS, can_edit_section, can_edit_application, can_move_application, can_submit_application, can_view_application, can_view_document,
)

STEPS = [("identite", "Identité"), ("partenaires", "Partenaires"), ("projet", "Projet"),
         ("budget", "Budget"), ("pieces", "Pièces jointes"), ("recapitulatif", "Récapitulatif")]


def _visible(request, pk):
    """The dossier if the user may see it; 404 otherwise, whoever asks."""
    application = selectors.application_get(pk)
    if application is None or not can_view_application(request.user, application):
        raise Http404("Aucun dossier à cette adresse.")
    return application


@login_required
def space(request):
    return render(request, "applications/space.html", {
        "title": "Mon espace", "space": selectors.space_get(request.user), "now": timezone.now(),
        "invitations": selectors.co_applicant_invitations(request.user),
        "unread": notification_selectors.unread_count(request.user),
    })


@login_required
def draft_new(request):
    calls = list(selectors.applicant_calls(timezone.now()))
    authorities = list(member_authorities(request.user))
    form = DraftForm(request.POST or None, calls=calls, authorities=authorities)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create_draft(
                user=request.user, call=form.cleaned_data["call"], authority=form.cleaned_data["authority"],
                title=form.cleaned_data["title"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("applications:step", pk=application.pk, step=STEPS[1][0])
    return render(request, "applications/draft_new.html", {
        "title": "Nouveau dossier", "form": form, "calls": calls, "authorities": authorities,
    })


@login_required
def dossier(request, pk):
    application = selectors.applicant_view(_visible(request, pk), request.user)
    moves = [m for m in workflow.MOVES if m.source == application.state and m != workflow.SUBMISSION
             and workflow.COMMITTEE_DECIDED not in m.conditions  # decided on the committee's page
             and can_move_application(request.user, application, m)]  # a draft is submitted from its review
    return render(request, "applications/dossier.html", {
        "title": application.title, "application": application,
        "budget": selectors.budget_totals(application.budget_lines.all()),
        "sdgs": sdg_entries(application.sdgs),
        "submission": selectors.application_submission(application),
        "editable": can_edit_application(request.user, application),
        "can_submit": can_submit_application(request.user, application),
        "moves": moves, "steps": STEPS, "history": selectors.application_history(application),
        "dossier_messages": notification_selectors.application_messages(application, request.user),
        "dossier_messages_all": is_ministry(request.user),
        "documents": dossier_documents(request.user, application),
        "panels": dossier_panels(request.user, application),
        "unreached": unreached_sentences(application),
    })


def _country_choices():
    return list(Country.objects.order_by("name_fr").values_list("iso2", "name_fr"))


def _partners_step(request, application):
    current = [c.authority for c in application.co_applicants.select_related("authority__departement")
               if c.authority_id]
    adding = with_added_line(request, "partenaire")
    data = adding or request.POST or None
    form = PartnersForm(data, current=current, lead_id=application.lead_authority_id)
    partners = PartnerFormSet(
        data, prefix="partenaire", form_kwargs={"countries": _country_choices()},
        initial=[{"name": p.name, "country": p.foreign_authority.country_id} for p in application.partnerships.all()],
    )
    if adding:
        return {"form": form, "formset": partners, "adding": True}
    if request.method == "POST" and form.is_valid() and partners.is_valid():
        services.application_partners_set(
            application=application, user=request.user, co_applicants=form.cleaned_data["authorities"],
            partners=[(f["name"], f["country"]) for f in partners.cleaned_data if f.get("name")])
        for sentence in unreached_sentences(application):
            messages.warning(request, sentence)
        return None
    return {"form": form, "formset": partners, "unreached": unreached_sentences(application)}


def unreached_sentences(application) -> list[str]:
    """What the applicant is told of each co-applicant nobody could be invited from."""
    return [f"Aucun membre {of_fr(name)} n'est enregistré dans CoopDec\u00a0: personne n'a pu être invité à "
            f"confirmer le co-portage. {name} restera «\u00a0à confirmer\u00a0», et n'apparaîtra nulle part en "
            f"public, jusqu'à ce qu'une personne {of_fr(name)} rejoigne sa collectivité dans CoopDec et confirme "
            f"dans son espace." for name in selectors.co_applicants_unreached(application)]


def _budget_forms(request, application, data=None):
    countries = selectors.application_countries(application)
    totals = selectors.budget_totals(application.budget_lines.all())
    initial = {**{c: amount for c, amount in totals.resources.items() if amount},  # none recorded: empty, not « 0 »
               **{f"part_{iso2}": amount for iso2, amount in totals.country_parts.items()}}
    data = data or request.POST or None
    form = BudgetForm(data, initial=initial, countries=countries if len(countries) > 1 else ())
    expenses = ExpenseFormSet(data, prefix="depense", initial=[
        {"year": line.year, "category": line.category, "amount": line.amount}
        for line in application.budget_lines.all() if line.kind == BudgetLine.Kind.EXPENSE])
    return form, expenses


def _budget_values(form, expenses):
    return {"expenses": [(f["year"], f["category"], f["amount"]) for f in expenses.cleaned_data if f.get("amount")],
            "resources": form.resources(), "country_parts": form.country_parts()}


def _budget_step(request, application):
    adding = with_added_line(request, "depense")
    form, expenses = _budget_forms(request, application, adding)
    if adding:
        return {"form": form, "formset": expenses, "adding": True, **_typed_panel(application, form, expenses)}
    if request.method == "POST" and form.is_valid() and expenses.is_valid():
        services.application_budget_set(application=application, user=request.user,
                                        **_budget_values(form, expenses))
        return None
    return {"form": form, "formset": expenses, **_typed_panel(application, form, expenses)}


def _typed_panel(application, form, expenses):
    """The panel on the budget as typed, when what was typed reads (a refused or growing form)."""
    if form.is_bound and form.is_valid() and expenses.is_valid():
        return {"panel": selectors.application_panel(application, BudgetLine.build(
            application, **_budget_values(form, expenses))), "unsaved": True}
    return {}


def _model_step(form_class, fields):
    def handle(request, application):
        initial = {name: getattr(application, name) for name in fields}
        if "themes" in initial:
            initial["themes"] = ", ".join(initial["themes"])
        form = form_class(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.application_update(application=application, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return None
        return {"form": form}
    return handle


def _documents_step(request, application):
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(application=application, user=request.user, kind=form.cleaned_data["kind"],
                                  upload=form.cleaned_data["upload"])
        except ValidationError as error:
            form.add_error("upload", error.message_dict["upload"])
        else:
            messages.success(request, "Pièce jointe enregistrée.")
            return None
    return {"form": form}


def _review_step(request, application, form=None):
    """Everything the dossier says, the call's checks, then the sworn statement and the button."""
    return {"panel": selectors.application_panel(application),
            "budget": selectors.budget_totals(application.budget_lines.all()),
            "table": selectors.budget_table(application.budget_lines.all()),
            "sdgs": sdg_entries(application.sdgs),
            "can_submit": can_submit_application(request.user, application),
            "form": form or SubmitForm()}


STEP_HANDLERS = {
    "identite": _model_step(IdentityForm, ["title", "summary"]),
    "partenaires": _partners_step,
    "projet": _model_step(ProjectForm, ["description", "themes", "sdgs", "gender_marker", "starts_on",
                                        "duration_months"]),
    "budget": _budget_step,
    "pieces": _documents_step,
    "recapitulatif": _review_step,
}


LINE_LABELS = {"partenaires": "Partenaire étranger", "budget": "Dépense"}


def error_summary(form=None, formset=None, *, line_label=""):
    """Every error of a refused step, for the summary at its top (DSFR alert): each with the
    field it is about (a link to it), a line of a formset named by its number."""
    entries = []

    def add(bound_form, prefix=""):
        for name, errors in bound_form.errors.items():
            if name == "__all__":
                target, label = bound_form.prefix or "formulaire-etape", prefix
            else:
                field = bound_form[name]
                target = field.id_for_label or field.auto_id
                label = f"{prefix} — {field.label}" if prefix else str(field.label)
            entries.extend({"target": target, "label": label, "message": message} for message in errors)

    if form is not None and form.is_bound:
        add(form)
    if formset is not None and formset.is_bound:
        for number, line in enumerate(formset, start=1):
            add(line, f"{line_label} {number}")
        entries.extend({"target": "formulaire-etape", "label": "", "message": message}
                       for message in formset.non_form_errors())
    return entries


@login_required
def step(request, pk, step):
    """One step of the form: each one saves the draft, then goes to the next (or stays, for
    documents, so that several can be added)."""
    if step not in STEP_HANDLERS:
        raise Http404("Aucune étape à cette adresse.")
    application = _visible(request, pk)
    allowed = (can_edit_section(request.user, application, step) if step in SECTIONS
               else can_edit_application(request.user, application))
    if not allowed:
        messages.info(request, allowed.reason)
        return redirect("applications:dossier", pk=pk)
    context = STEP_HANDLERS[step](request, application)
    codes = [code for code, _label in STEPS]
    if context is None:
        index = codes.index(step)
        following = step if step == "pieces" else codes[min(index + 1, len(codes) - 1)]
        return redirect("applications:step", pk=pk, step=following)
    return _render_step(request, application, step, context)


@dataclass(frozen=True)
class CallRules:
    """The call's rules the applicant keeps in view on every step."""

    call: object
    left: str  # how long is left before the deadline, « 12 jours », « 3 heures »; empty once closed
    documents: list
    max_bytes: int


def call_rules(call, now) -> CallRules:
    left = ""
    if call.closes_at is not None:
        delta = call.closes_at + timedelta(seconds=1) - now
        if delta.total_seconds() > 0:
            left = (counted_fr(delta.days, "jour", "jours") if delta.days >= 1
                    else counted_fr(max(1, delta.seconds // 3600), "heure", "heures"))
    labels = dict(RequiredDocument.choices)
    return CallRules(call, left, [labels[d] for d in call.required_documents if d in labels],
                     settings.DOCUMENT_MAX_BYTES)


def _render_step(request, application, step, context):
    codes = [code for code, _label in STEPS]
    index = codes.index(step)
    context.setdefault("panel", selectors.application_panel(application))  # the panel on every step
    context["rules"] = call_rules(application.call, timezone.now())
    return render(request, f"applications/step_{step}.html", {
        **context, "error_summary": [] if context.get("adding") else error_summary(
            context.get("form"), context.get("formset"), line_label=LINE_LABELS.get(step, "")),
        "add_line": ADD_LINE,
        "title": f"{dict(STEPS)[step]} — {application.title}", "application": application,
        "steps": STEPS, "step": step, "step_label": dict(STEPS)[step], "step_number": index + 1,
        "next_label": STEPS[index + 1][1] if index + 1 < len(STEPS) else "",
    })


@require_POST
@login_required
def eligibility(request, pk):
    """The eligibility panel for the budget being typed, unsaved (htmx posts the budget form)."""
    application = _visible(request, pk)
    if not can_edit_application(request.user, application):
        raise Http404("Aucun dossier modifiable à cette adresse.")
    form, expenses = _budget_forms(request, application)
    lines = None
    if form.is_valid() and expenses.is_valid():
        lines = BudgetLine.build(application, **_budget_values(form, expenses))
    return render(request, "applications/_eligibility.html", {
        "panel": selectors.application_panel(application, lines), "application": application,
        "unsaved": lines is not None, "oob": True,  # the totals rows under the lines follow
    })


@require_POST
@login_required
def submit(request, pk):
    """The submission: refused, back on the summary with its error, until the sworn statement is ticked."""
    application = _visible(request, pk)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        if not can_edit_application(request.user, application):
            messages.error(request, "Ce dossier ne peut pas être déposé.")
            return redirect("applications:dossier", pk=pk)
        return _render_step(request, application, "recapitulatif", _review_step(request, application, form))
    try:
        services.application_submit(application=application, user=request.user, statement=SWORN_STATEMENT)
    except services.SubmissionRefused as refused:
        messages.error(request, refused.reason)
        return redirect("applications:step", pk=pk, step="recapitulatif") if application.state == workflow.BROUILLON \
            else redirect("applications:dossier", pk=pk)
    received = selectors.application_submission(selectors.application_get(pk))
    messages.success(request, f"Votre dossier est déposé\u00a0: n°\u00a0{pk}, reçu le {services.paris(received.at)}. "
                              "L'accusé de réception vous est envoyé par courriel.")
    return redirect("applications:dossier", pk=pk)


@require_POST
@login_required
def invitation(request, pk):
    """A member of an invited authority confirms or declines co-applying (`reponse`: confirmer|decliner)."""
    found = next((i for i in selectors.co_applicant_invitations(request.user) if i.pk == pk), None)
    answer = request.POST.get("reponse")
    if found is None or answer not in ("confirmer", "decliner"):
        raise Http404("Aucune invitation en attente à cette adresse.")
    try:
        services.co_applicant_answer(co_applicant=found, user=request.user, accept=answer == "confirmer")
    except PermissionDenied as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{found.authority.name} est désormais co-porteuse du projet «\u00a0{found.application.title}\u00a0»."
                         if answer == "confirmer" else
                         f"{found.authority.name} a décliné l'invitation au projet «\u00a0{found.application.title}\u00a0».")
    return redirect("applications:space")


@require_POST
@login_required
def move(request, pk, to):
    """Every other move of the workflow the user may make from the dossier's page, with its message."""
    application = _visible(request, pk)
    if to not in workflow.STATES:
        raise Http404("Aucun état de ce nom dans le parcours d'un dossier.")
    form = MessageForm(request.POST)
    form.is_valid()
    try:
        services.application_move(application=application, user=request.user, to=to,
                                  reason=form.cleaned_data.get("message", ""))
    except services.TransitionRefused as refused:
        messages.error(request, refused.reason)
    else:
        messages.success(request, f"Le dossier est désormais «\u00a0{workflow.label(to)}\u00a0».")
    return redirect("applications:dossier", pk=pk)


@login_required
def document(request, pk, document_pk):
    """A document, served only to those who may see its dossier."""
    application = _visible(request, pk)
    found = next((d for d in application.documents.all() if d.pk == document_pk), None)
    if found is None or not can_view_document(request.user, found):
        raise Http404("Aucune pièce à cette adresse.")
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name,
                        content_type=found.content_type)


@require_POST
@login_required
def document_delete(request, pk, document_pk):
    application = _visible(request, pk)
    found = next((d for d in application.documents.all() if d.pk == document_pk), None)
    if found is None:
        raise Http404("Aucune pièce à cette adresse.")
    try:
        services.document_remove(document=found, user=request.user)
    except PermissionDenied as refused:
        messages.error(request, str(refused))
    return redirect("applications:step", pk=pk, step="pieces")


@login_required
def acknowledgement(request, pk):
    application = _visible(request, pk)
    if selectors.application_submission(application) is None:
        raise Http404("Aucun accusé de réception à cette adresse.")
    response = HttpResponse(acknowledgement_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="accuse-reception-dossier-{application.pk}.pdf"'
    return response


@staff_page
def instruction(request):
    """/instruction/dossiers/: every filed dossier by campaign, call and state, with counts and
    the same list as CSV or XLSX (`?format=csv|xlsx`)."""
    form = InstructionFilterForm(request.GET, options=selectors.instruction_options())
    listing = selectors.instruction_dossiers(form.filters())
    export = request.GET.get("format")
    if export in exports.FORMATS:
        return exports.dossiers_response(listing.dossiers, export)
    return render(request, "applications/instruction.html", {
        "title": "Dossiers déposés sur CoopDec", "listing": listing, "form": form,
        "query": form.query(),
    })
