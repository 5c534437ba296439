"""/instruction/avis/: the opinions of embassies and prefectures asked in CoopDec. Their agents
list the requests of their scope and answer them on a read-only view of the dossier; the ministry
asks on one dossier (from its instruction page) or in batch (a call's dossiers), follows the late
ones and decides which opinion the applicant reads.

Thin views: permissions say who, selectors read, services write. A request outside the agent's
scope answers 404 (an embassy for Senegal learns nothing of a Mali dossier)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coopdec.accounts.decorators import staff_page
from coopdec.accounts.selectors import is_ministry
from coopdec.applications.sdgs import sdg_entries
from coopdec.applications.selectors import budget_table, budget_totals
from coopdec.french.text import counted_fr, french_spaces

from . import permissions, selectors, services
from .forms import OpinionAnswerForm, OpinionBatchForm, OpinionRequestForm
from .models import Opinion
from .views import _page


def _tell(request, result: services.RequestResult) -> None:
    """What a request or a batch did, in the page's messages."""
    if result.created:
        messages.success(request, french_spaces(
            f"{counted_fr(len(result.created), 'avis demandé', 'avis demandés')} ; les agents concernés sont "
            "prévenus par message et par courriel."))
    if result.already:
        messages.info(request, french_spaces(
            f"{counted_fr(len(result.already), 'avis était', 'avis étaient')} déjà "
            f"demandé{'s' if len(result.already) > 1 else ''} : rien n'est envoyé de nouveau."))
    for asked in result.unheard:
        messages.warning(request, french_spaces(
            f"« {asked.application.title} » : {asked.issuer_name} n'a encore aucun agent dans CoopDec ; la demande "
            "est enregistrée, personne n'en est prévenu (attribuez le rôle dans « Rôles attribués »)."))
    for application, reason in result.refused:
        messages.warning(request, french_spaces(f"« {application.title} » (n° {application.pk}) : {reason}"))
    if not (result.created or result.already or result.refused):
        messages.info(request, "Aucun dossier en instruction à consulter.")


@login_required
def opinions(request):
    """An agent's requests (their embassy's or prefecture's only); the ministry's follow-up."""
    allowed = permissions.can_view_opinion_requests(request.user)
    if not allowed:
        raise PermissionDenied(allowed.reason)
    today = timezone.localdate()
    context = {"title": "Avis des ambassades et des préfectures", "today": today,
               "ministry": is_ministry(request.user)}
    if context["ministry"]:
        context["overview"] = selectors.requests_overview(today=today)
    context["requests"] = selectors.requests_for_agent(request.user)
    return render(request, "instruction/opinions.html", context)


@staff_page
def opinions_batch(request):
    """Ask the embassies and/or prefectures of a call's dossiers under review (all, or those ticked)."""
    calls = list(selectors.requestable_calls())
    by_pk = {call.pk: call for call in calls}
    raw = request.POST.get("appel") or request.GET.get("appel") or ""
    call = by_pk.get(int(raw)) if raw.isdigit() else None
    dossiers = selectors.requestable_dossiers(call) if call else []
    form = OpinionBatchForm(request.POST or None, dossiers=dossiers) if call else None
    if request.method == "POST":
        if call is None:
            messages.error(request, "Choisissez un appel dont des dossiers sont en instruction.")
            return redirect("instruction:opinions-batch")
        if form.is_valid():
            try:
                result = services.opinion_requests_create(
                    applications=form.chosen(), issuer_kinds=form.cleaned_data["emetteurs"], by=request.user,
                    due_on=form.cleaned_data["echeance"])
            except services.InstructionRefused as refused:
                form.add_error(None, refused.reason)
            else:
                _tell(request, result)
                return redirect(f"{reverse('instruction:opinions-batch')}?appel={call.pk}")
    return render(request, "instruction/opinions_batch.html", {
        "title": "Demander des avis en nombre", "calls": calls, "call": call, "dossiers": dossiers,
        "form": form, "today": timezone.localdate(),
    }, status=400 if form is not None and form.errors else 200)


def _request(request, pk):
    asked = selectors.request_get(pk)
    if asked is None or not permissions.can_view_request(request.user, asked):
        raise Http404("Aucune demande d'avis à cette adresse.")
    return asked


@login_required
def opinion_request(request, pk):
    """A request: the dossier as the embassy or prefecture needs it, read-only, and the answer."""
    asked = _request(request, pk)
    allowed = permissions.can_answer_request(request.user, asked)
    form = None
    status = 200
    if allowed:
        form = OpinionAnswerForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.opinion_answer(request=asked, user=request.user, **form.cleaned_data)
            except services.InstructionRefused as refused:
                messages.error(request, french_spaces(refused.reason))
                return redirect("instruction:opinion-request", pk=pk)
            except ValidationError as error:
                for name, problems in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            else:
                messages.success(request, "Votre avis est enregistré ; le ministère en est prévenu.")
                return redirect("instruction:opinion-request", pk=pk)
        if form.errors:
            status = 400
    elif request.method == "POST":
        messages.error(request, french_spaces(allowed.reason))
        return redirect("instruction:opinion-request", pk=pk)
    application = asked.application
    return render(request, "instruction/opinion_request.html", {
        "title": f"Avis demandé — {application.title}", "asked": asked, "application": application,
        "budget": budget_totals(application.budget_lines.all()), "table": budget_table(application.budget_lines.all()),
        "form": form, "refusal": "" if allowed else allowed.reason, "today": timezone.localdate(),
        "ministry": is_ministry(request.user), "sdgs": sdg_entries(application.sdgs),
    }, status=status)


def _dossier(request, pk):
    application = selectors.instruction_application(pk)
    if application is None or not permissions.can_view_instruction(request.user, application):
        raise Http404("Aucun dossier à instruire à cette adresse.")
    if not is_ministry(request.user):
        raise PermissionDenied(permissions.MINISTRY_ONLY)
    return application


@require_POST
@login_required
def opinion_ask(request, pk):
    """Ask the embassy and/or the prefecture of one dossier, from its instruction page."""
    application = _dossier(request, pk)
    form = OpinionRequestForm(request.POST)
    if not form.is_valid():
        return _page(request, application, request_form=form)
    try:
        result = services.opinion_request(application=application, issuer_kinds=form.cleaned_data["emetteurs"],
                                          by=request.user, due_on=form.cleaned_data["echeance"])
    except services.InstructionRefused as refused:
        messages.error(request, french_spaces(refused.reason))
    else:
        _tell(request, result)
    return redirect(f"{reverse('instruction:dossier', args=[pk])}#avis")


@require_POST
@login_required
def opinion_visibility(request, pk, opinion_pk):
    """Let the applicant read an opinion, or not."""
    application = _dossier(request, pk)
    opinion = Opinion.objects.filter(pk=opinion_pk, application=application).first()
    if opinion is None:
        raise Http404("Aucun avis de ce dossier à cette adresse.")
    visible = request.POST.get("visible") == "oui"
    try:
        services.opinion_visibility_set(opinion=opinion, visible=visible, user=request.user)
    except services.InstructionRefused as refused:
        messages.error(request, french_spaces(refused.reason))
    else:
        messages.success(request, "Le demandeur lit désormais cet avis sur la page de son dossier." if visible
                         else "Le demandeur ne lit plus cet avis.")
    return redirect(f"{reverse('instruction:dossier', args=[pk])}#avis")
