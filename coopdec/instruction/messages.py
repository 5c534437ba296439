"""What instruction gives the messenger and the dossier's page: the decision's values, the
decision letter as the message's attachment, and the letter's link on the dossier's page; the
opinions asked of embassies and prefectures (asked, given, late), and those the ministry lets the
applicant read, on their dossier's page."""
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from coopdec.applications.messages import dossier_documents_register, dossier_panels_register, notify_dossier
from coopdec.notifications import attachments, events
from coopdec.notifications.services import NotificationRefused

from .letters import application_decision, decision_letter_attachment
from .permissions import can_view_decision_letter
from .selectors import visible_opinions


def decision_values(decision) -> dict:
    """The values of the DECISION event, read from the decision and its session."""
    return {
        "decision": {"outcome": decision.get_outcome_display(), "amount": decision.amount,
                     "reason": decision.reason, "session": {"held_on": decision.session.held_on}},
        "letter_url": settings.SITE_URL + reverse("letters:decision-letter", args=[decision.application_id]),
    }


def decision_notify(*, decision, recipients) -> list:
    """Tell `recipients` of `decision`, with its letter: only once its session is closed (the
    letter goes with the message, and a decision may change until then)."""
    if decision.session.state != decision.session.State.CLOSED:
        raise NotificationRefused("Une décision se notifie une fois la séance du comité close.")
    return notify_dossier(event=events.DECISION, application=decision.application, recipients=recipients,
                          values=decision_values(decision))


def _letter_link(user, application) -> list[tuple[str, str]]:
    if not can_view_decision_letter(user, application, application_decision(application)):
        return []
    return [("Lettre de décision (PDF)", reverse("letters:decision-letter", args=[application.pk]))]


def _visible_opinions(user, application) -> str:
    """The opinions the ministry lets the applicant read, on their dossier's page: the issuer's
    kind, the recommendation and the text, never who wrote it."""
    opinions = list(visible_opinions(application))
    if not opinions:
        return ""
    return render_to_string("instruction/_applicant_opinions.html", {"opinions": opinions})


def register() -> None:
    attachments.register(events.DECISION_LETTER_PDF, decision_letter_attachment)
    dossier_documents_register(_letter_link)
    dossier_panels_register(_visible_opinions)


# ---------------------------------------------------------------- opinions asked in CoopDec


def _request_url(request) -> str:
    return settings.SITE_URL + reverse("instruction:opinion-request", args=[request.pk])


def _request_values(request) -> dict:
    return {"issuer": request.issuer_name, "due_on": request.due_on}


def opinion_request_notify(*, request, recipients) -> list:
    """AVIS_DEMANDE to the embassy's or prefecture's agents: the request's page is their dossier's
    address (`dossier_url`, « in the recipient's space »)."""
    return notify_dossier(event=events.AVIS_DEMANDE, application=request.application, recipients=recipients,
                          values={**_request_values(request), "dossier_url": _request_url(request)})


def opinion_late_notify(*, request, recipients) -> list:
    return notify_dossier(event=events.AVIS_EN_RETARD, application=request.application, recipients=recipients,
                          values={**_request_values(request), "dossier_url": _request_url(request)})


def opinion_given_notify(*, request, recipients) -> list:
    """AVIS_RENDU to the ministry's officer who asked: the dossier's instruction page."""
    opinion = request.opinion
    url = settings.SITE_URL + reverse("instruction:dossier", args=[request.application_id]) + "#avis"
    return notify_dossier(event=events.AVIS_RENDU, application=request.application, recipients=recipients,
                          values={**_request_values(request), "dossier_url": url,
                                  "opinion": {"recommendation": opinion.get_recommendation_display(),
                                              "text": opinion.comment}})
