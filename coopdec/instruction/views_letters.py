"""/espace/dossiers/<id>/lettre-de-decision.pdf: the decision letter, to the members of the
dossier's authorities and the ministry once the session is closed; 404 to anyone else."""
from django.http import Http404, HttpResponse

from coopdec.applications.selectors import application_get

from .letters import application_decision, decision_letter_name, decision_letter_pdf
from .permissions import can_view_decision_letter


def decision_letter(request, pk):
    application = application_get(pk)
    if application is None:
        raise Http404("Aucun dossier à cette adresse.")
    decision = application_decision(application)
    if not can_view_decision_letter(request.user, application, decision):
        raise Http404("Aucune lettre de décision à cette adresse.")
    response = HttpResponse(decision_letter_pdf(application, decision), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{decision_letter_name(application)}"'
    return response
