"""What an event's e-mail carries, drawn by the e-mail task (never in the request that notifies,
so a submission at the deadline does not wait for WeasyPrint).

Each function takes the message's dossier and returns (file name, content, type), or None when
the document does not exist (yet): the message is sent without it and says where to find it.
"""
from . import events


def _acknowledgement(application):
    from coopdec.applications.acknowledgement import acknowledgement_pdf

    return f"accuse-reception-dossier-{application.pk}.pdf", acknowledgement_pdf(application), "application/pdf"


def _decision_letter(application):
    from coopdec.applications.selectors import application_get

    from .letters import decision_letter_name, decision_letter_pdf
    from .selectors import application_decision

    decision = application_decision(application)
    if decision is None or decision.session.state != decision.session.State.CLOSED:
        return None
    return decision_letter_name(application), decision_letter_pdf(application_get(application.pk), decision), \
        "application/pdf"


ATTACHMENTS = {
    events.ACKNOWLEDGEMENT_PDF: _acknowledgement,
    events.DECISION_LETTER_PDF: _decision_letter,
}


def message_attachments(message) -> list[tuple[str, bytes, str]]:
    if message.application_id is None:
        return []
    drawn = (ATTACHMENTS[code](message.application) for code in events.EVENTS[message.event].attachments)
    return [attachment for attachment in drawn if attachment is not None]
