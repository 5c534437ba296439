"""What an event's e-mail carries, drawn when needed: by the e-mail task (never in the request
that notifies, so a submission at the deadline does not wait for WeasyPrint) and by the message's
page, where each attachment the event promises can be downloaded.

The messenger knows no document: the app that owns one registers its drawer here, from its
`AppConfig.ready` (`applications` the acknowledgement, `instruction` the decision letter). A
drawer takes the message's dossier number and returns (file name, content, type), or None when
the document does not exist (yet): the message is sent without it and says where to find it.
"""
from collections.abc import Callable

from . import events

Drawn = tuple[str, bytes, str]
_DRAWERS: dict[str, Callable[[int], Drawn | None]] = {}

LABELS = {
    events.ACKNOWLEDGEMENT_PDF: "Accusé de réception (PDF)",
    events.DECISION_LETTER_PDF: "Lettre de décision (PDF)",
}


def register(code: str, drawer: Callable[[int], Drawn | None]) -> None:
    """`drawer(dossier_id)` draws the attachment `code` (one of `events`' attachment codes)."""
    if code not in LABELS:
        raise ValueError(f"Pièce jointe inconnue : {code}")
    _DRAWERS[code] = drawer


def attachment_codes(message) -> tuple[str, ...]:
    """The attachments the message's event promises (none without a dossier)."""
    return events.EVENTS[message.event].attachments if message.application_id else ()


def attachment_draw(message, code: str) -> Drawn | None:
    if code not in attachment_codes(message):
        return None
    if code not in _DRAWERS:
        raise LookupError(f"Aucune application n'a enregistré de quoi produire la pièce « {code} ».")
    return _DRAWERS[code](message.application_id)


def message_attachments(message) -> list[Drawn]:
    drawn = (attachment_draw(message, code) for code in attachment_codes(message))
    return [attachment for attachment in drawn if attachment is not None]
