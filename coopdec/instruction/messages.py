"""What instruction gives the messenger and the dossier's page: the decision's values, the
decision letter as the message's attachment, and the letter's link on the dossier's page."""
from django.conf import settings
from django.urls import reverse

from coopdec.applications.messages import dossier_documents_register, notify_dossier
from coopdec.notifications import attachments, events
from coopdec.notifications.services import NotificationRefused

from .letters import application_decision, decision_letter_attachment
from .permissions import can_view_decision_letter


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


def register() -> None:
    attachments.register(events.DECISION_LETTER_PDF, decision_letter_attachment)
    dossier_documents_register(_letter_link)
