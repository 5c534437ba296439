"""/espace/messages/ (a person's messages) and the decision letter of a dossier.

Thin views: a message or a letter the user may not read answers 404, never 403, as the dossiers do.
"""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from coopdec.applications.selectors import application_get

from . import selectors, services
from .letters import decision_letter_name, decision_letter_pdf
from .models import Message
from .permissions import can_view_decision_letter, can_view_message


@login_required
def inbox(request):
    page = Paginator(selectors.inbox(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {
        "title": "Mes messages", "page": page, "unread": selectors.unread_count(request.user),
    })


@login_required
def message(request, pk):
    found = Message.objects.select_related("application", "recipient").filter(pk=pk).first()
    if found is None or not can_view_message(request.user, found):
        raise Http404("Aucun message à cette adresse.")
    services.message_read(message=found, user=request.user)
    return render(request, "notifications/message.html", {"title": found.subject, "message_shown": found})


def decision_letter(request, pk):
    """/espace/dossiers/<id>/lettre-de-decision.pdf: once the decision's session is closed, to
    the members of the dossier's authorities and the ministry; 404 to anyone else."""
    application = application_get(pk)
    if application is None:
        raise Http404("Aucun dossier à cette adresse.")
    decision = selectors.application_decision(application)
    if not can_view_decision_letter(request.user, application, decision):
        raise Http404("Aucune lettre de décision à cette adresse.")
    response = HttpResponse(decision_letter_pdf(application, decision), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{decision_letter_name(application)}"'
    return response
