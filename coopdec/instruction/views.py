"""/instruction/: an instructor's dossiers, a dossier's instruction (sheet, marks, opinions,
assignments, corrections), a call's ranking, the ministry's assignments.

Thin views: permissions say who, selectors read, services write. A dossier whose instruction the
user may not see answers 404 (its existence is private); a page of the ministry answers 403 with
its reason to anyone else signed in.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coopdec.accounts.decisions import allow
from coopdec.accounts.decorators import staff_page
from coopdec.accounts.selectors import is_ministry
from coopdec.applications import workflow
from coopdec.applications.permissions import can_move_application, conflict_of_interest
from coopdec.applications.models import BudgetLine
from coopdec.applications.selectors import application_panel, budget_totals
from coopdec.applications.services import TransitionRefused, application_ask_corrections, application_move
from coopdec.french.text import counted_fr, french_spaces
from coopdec.notifications.selectors import application_messages


from . import permissions, selectors, services
from .forms import AnnotationForm, AssignForm, BatchForm, CorrectionsForm, OpinionForm, OpinionRequestForm, ScoreForm


def _visible(request, pk):
    application = selectors.instruction_application(pk)
    if application is None or not permissions.can_view_instruction(request.user, application):
        raise Http404("Aucun dossier à instruire à cette adresse.")
    return application


@login_required
def home(request):
    """The dossiers given to me; for the ministry, the ways to assign and rank too."""
    allowed = permissions.can_view_instructor_space(request.user)
    if not allowed:
        raise PermissionDenied(allowed.reason)
    ministry = is_ministry(request.user)
    return render(request, "instruction/home.html", {
        "title": "Mes dossiers à instruire", "rows": selectors.instructor_dossiers(request.user),
        "ministry": ministry, "calls": selectors.ranked_calls() if ministry else [],
    })


def _page(request, application, *, score_form=None, opinion_form=None, assign_form=None, corrections_form=None,
          annotation_form=None, request_form=None):
    user = request.user
    ministry = is_ministry(user)
    scoring = selectors.dossier_scoring(application)
    can_score = permissions.can_score_application(user, application)
    own = next((sheet for sheet in scoring.sheets if sheet.instructor.pk == user.pk), None)
    if can_score and score_form is None:
        initial = {f"critere_{k}": v for k, v in (own.values if own else {}).items()}
        initial.update({f"commentaire_{k}": text for k, text in ((own.comment_of or {}) if own else {}).items()})
        score_form = ScoreForm(criteria=scoring.criteria, initial=initial)
    budget = budget_totals(application.budget_lines.all())
    context = {
        "title": f"Instruction — {application.title}", "application": application, "scoring": scoring,
        "own": own, "can_score": can_score, "score_form": score_form if can_score else None,
        "all_scores": permissions.can_view_all_scores(user, application),
        "assignments": selectors.assignment_list(application),
        "ministry": ministry,
        # The dossier itself, in one place: its budget and checks, documents, messages, history.
        "budget": budget,
        "resources": [(BudgetLine.Resource(key).label, amount) for key, amount in budget.resources.items()],
        "panel": application_panel(application),
        "history": list(application.transitions.all()),
        "dossier_messages": application_messages(application, user),
    }
    if permissions.can_view_annotations(user, application):
        context["annotations"] = selectors.annotation_list(application)
        context["annotation_form"] = annotation_form or AnnotationForm()
    if permissions.can_view_opinions(user, application):
        context["opinions"] = selectors.opinion_list(application)
        if permissions.can_record_opinion(user, application):
            context["opinion_form"] = opinion_form or OpinionForm()
        context["opinion_requests"] = selectors.request_list(application)
        context["today"] = timezone.localdate()
        context["can_set_visibility"] = bool(permissions.can_set_opinion_visibility(user, application))
        if permissions.can_request_opinions(user, application):
            context["request_form"] = request_form or OpinionRequestForm()
    conflict = conflict_of_interest(user, application) if ministry else allow()
    context["conflict"] = "" if conflict else conflict.reason
    if ministry and application.state in permissions.UNDER_REVIEW and not context["conflict"]:
        context["assign_form"] = assign_form or AssignForm(instructors=selectors.instructors())
    if permissions.can_ask_corrections(user, application):
        context["corrections_form"] = corrections_form or CorrectionsForm()
    resume = workflow.move(application.state, workflow.EN_INSTRUCTION)
    context["can_resume"] = (ministry and resume is not None and application.assignments.exists()
                             and bool(can_move_application(user, application, resume)))
    return render(request, "instruction/dossier.html", context)


@login_required
def dossier(request, pk):
    return _page(request, _visible(request, pk))


@require_POST
@login_required
def score(request, pk):
    application = _visible(request, pk)
    allowed = permissions.can_score_application(request.user, application)
    if not allowed:
        messages.error(request, french_spaces(allowed.reason))
        return redirect("instruction:dossier", pk=pk)
    form = ScoreForm(request.POST, criteria=list(application.call.criteria.all()))
    if form.is_valid():
        try:
            services.score_record(application=application, user=request.user, values=form.values(),
                                  comments=form.comments())
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            messages.success(request, "Vos notes sont enregistrées.")
            return redirect("instruction:dossier", pk=pk)
    return _page(request, application, score_form=form)


@require_POST
@login_required
def annotate(request, pk):
    """A private annotation: the ministry and the dossier's instructors, without a conflict of interest."""
    application = _visible(request, pk)
    allowed = permissions.can_annotate(request.user, application)
    if not allowed:
        raise PermissionDenied(allowed.reason)
    form = AnnotationForm(request.POST)
    if form.is_valid():
        try:
            services.annotation_add(application=application, user=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name, problems)
        else:
            messages.success(request, "L'annotation est enregistrée.")
            return redirect(f"{reverse('instruction:dossier', args=[pk])}#annotations")
    return _page(request, application, annotation_form=form)


def _ministry_post(request, pk):
    """The dossier (404 if hidden) for a ministry action (403 for an instructor)."""
    application = _visible(request, pk)
    if not is_ministry(request.user):
        raise PermissionDenied(permissions.MINISTRY_ONLY)
    return application


@require_POST
@login_required
def opinion(request, pk):
    application = _ministry_post(request, pk)
    form = OpinionForm(request.POST)
    if form.is_valid():
        try:
            services.opinion_record(application=application, user=request.user, **form.cleaned_data)
        except services.InstructionRefused as refused:
            messages.error(request, french_spaces(refused.reason))
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name, problems)
            return _page(request, application, opinion_form=form)
        else:
            messages.success(request, "L'avis est enregistré.")
        return redirect("instruction:dossier", pk=pk)
    return _page(request, application, opinion_form=form)


@require_POST
@login_required
def assign(request, pk):
    application = _ministry_post(request, pk)
    form = AssignForm(request.POST, instructors=selectors.instructors())
    if not form.is_valid():
        return _page(request, application, assign_form=form)
    try:
        services.assignment_create(application=application, instructor=form.instructor(), by=request.user)
    except services.AssignmentRefused as refused:
        messages.error(request, french_spaces(refused.reason))
    else:
        messages.success(request, f"Le dossier est attribué à {form.instructor().email}.")
    return redirect("instruction:dossier", pk=pk)


@require_POST
@login_required
def corrections(request, pk):
    """« Demander des compléments »: the dossier goes back to the applicant with the message."""
    application = _ministry_post(request, pk)
    form = CorrectionsForm(request.POST)
    if not form.is_valid():
        return _page(request, application, corrections_form=form)
    try:
        application_ask_corrections(application=application, user=request.user, message=form.cleaned_data["message"],
                                    sections=form.cleaned_data["sections"])
    except TransitionRefused as refused:
        messages.error(request, french_spaces(refused.reason))
    else:
        messages.success(request, "Le demandeur est invité à compléter son dossier\u00a0; il reçoit votre message.")
    return redirect("instruction:dossier", pk=pk)


@require_POST
@login_required
def resume(request, pk):
    """The applicant answered: the ministry puts the dossier back in instruction."""
    application = _ministry_post(request, pk)
    try:
        application_move(application=application, user=request.user, to=workflow.EN_INSTRUCTION,
                         reason="Reprise de l'instruction après compléments")
    except TransitionRefused as refused:
        messages.error(request, french_spaces(refused.reason))
    else:
        messages.success(request, "Le dossier est de nouveau en instruction.")
    return redirect("instruction:dossier", pk=pk)


@staff_page
def ranking(request, call_pk):
    call = selectors.call_with_grid(call_pk)
    if call is None:
        raise Http404("Aucun appel à cette adresse.")
    return render(request, "instruction/ranking.html", {
        "title": f"Classement — {call.name} ({call.campaign.year})", "call": call,
        "criteria": list(call.criteria.all()), "ranked": selectors.call_ranking(call),
    })


@staff_page
def assignments(request):
    """Every dossier under review with its instructors; a batch by call or partner country."""
    board = selectors.assignment_board()
    form = BatchForm(request.POST or None, instructors=board.instructors, calls=board.calls,
                     countries=board.countries)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.assignments_create(instructor=form.instructor(), by=request.user, **form.scope())
        except services.AssignmentRefused as refused:
            messages.error(request, french_spaces(refused.reason))
        else:
            count = len(result.assigned)
            messages.success(request, f"{counted_fr(count, 'dossier attribué', 'dossiers attribués')} "
                                      f"à {form.instructor().email}.")
            for application, reason in result.refused:
                messages.warning(request, french_spaces(f"« {application.title} » (n° {application.pk}) : {reason}"))
        return redirect("instruction:assignments")
    return render(request, "instruction/assignments.html", {
        "title": "Attribution des dossiers", "board": board, "form": form,
    })
