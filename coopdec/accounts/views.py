"""Membership pages: an applicant asks to join an authority; a member or the ministry decides."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from coopdec.accounts import selectors, services
from coopdec.accounts.decorators import staff_page
from coopdec.accounts.forms import MembershipDecisionForm, MembershipRequestForm
from coopdec.accounts.models import Membership

SEARCH_MAX_LENGTH = 200


@login_required
def memberships(request):
    """/comptes/collectivites/: my authorities and requests, and a search to ask for another."""
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    return render(request, "accounts/memberships.html", {
        "title": "Mes collectivités",
        "memberships": list(selectors.user_memberships(request.user)),
        "query": query,
        "results": selectors.authority_search(query) if query else [],
        "to_decide": selectors.membership_requests_to_decide(request.user).count(),
    })


@require_POST
@login_required
def membership_request(request):
    form = MembershipRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["authority"][0])
        return redirect("accounts:memberships")
    authority = form.cleaned_data["authority"]
    try:
        services.membership_request(user=request.user, authority=authority)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Votre demande de rattachement à {authority} est enregistrée. "
                                  "Un membre confirmé de la collectivité ou le ministère la confirmera.")
    return redirect("accounts:memberships")


@login_required
def membership_requests(request):
    """/comptes/collectivites/demandes/: the pending requests this user may decide."""
    return render(request, "accounts/membership_requests.html", {
        "title": "Demandes de rattachement à examiner",
        "requests": list(selectors.membership_requests_to_decide(request.user)),
    })


@require_POST
@login_required
def membership_decide(request, pk):
    """A request the user may not decide answers 404: its existence is private."""
    membership = get_object_or_404(selectors.membership_requests_to_decide(request.user), pk=pk)
    form = MembershipDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect("accounts:membership-requests")
    try:
        decided = services.membership_decide(membership=membership, by=request.user, confirm=form.confirm,
                                             reason=form.cleaned_data["reason"])
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
    else:
        verb = "confirmée" if decided.state == Membership.State.CONFIRMED else "refusée"
        messages.success(request, f"La demande de {decided.user.email} pour {decided.authority} est {verb}.")
    return redirect("accounts:membership-requests")


@staff_page
def roles(request):
    """/comptes/roles/: who holds which role; roles are granted in the back office."""
    return render(request, "accounts/roles.html",
                  {"title": "Rôles attribués", "roles": list(selectors.role_list())})
