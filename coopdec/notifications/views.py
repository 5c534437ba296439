"""/espace/messages/ (a person's messages), one message, and the attachments it promises.

Thin views: a message the user may not read answers 404, never 403, as the dossiers do.
"""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from . import selectors, services
from .attachments import LABELS, attachment_codes, attachment_draw
from .models import Message
from .permissions import can_view_message


@login_required
def inbox(request):
    page = Paginator(selectors.inbox(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {
        "title": "Mes messages", "page": page, "unread": selectors.unread_count(request.user),
    })


def _readable(request, pk) -> Message:
    found = Message.objects.select_related("application", "recipient").filter(pk=pk).first()
    if found is None or not can_view_message(request.user, found):
        raise Http404("Aucun message à cette adresse.")
    return found


@login_required
def message(request, pk):
    found = _readable(request, pk)
    services.message_read(message=found, user=request.user)
    return render(request, "notifications/message.html", {
        "title": found.subject, "message_shown": found,
        "attachments": [(code, LABELS[code]) for code in attachment_codes(found)],
    })


@login_required
def attachment(request, pk, code):
    """/espace/messages/<id>/pieces/<code>: the document the message says is attached, drawn
    afresh from the records as the e-mail's was; 404 while it does not exist yet."""
    drawn = attachment_draw(_readable(request, pk), code)
    if drawn is None:
        raise Http404("Cette pièce n'existe pas (encore) : elle sera disponible une fois le document établi.")
    name, content, kind = drawn
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
