"""One entry point for every notification (as Hypha's `messenger()`): `notify`; and the writes
around messages (read, sent again)."""
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from . import events
from .models import Message, NotificationTemplate
from .wording import render


class NotificationRefused(ValueError):
    """A notification that cannot be sent as asked; the message says why, in French."""


def _wording(event: str) -> tuple[str, str]:
    template = NotificationTemplate.objects.filter(event=event).first()
    if template:
        return template.subject, template.body
    default = events.EVENTS[event]
    return default.subject, default.body


_PLAIN = (str, int, float, Decimal, date, datetime, bool, type(None))


def _plain(value, name: str):
    """`value` if it is plain (text, a number, an amount, a date, or a dictionary or list of
    them): a template must not walk from a value to a record and what it holds."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, dict):
        return {key: _plain(item, f"{name}.{key}") for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item, f"{name}.{index}") for index, item in enumerate(value)]
    raise NotificationRefused(f"La valeur « {name} » n'est pas une valeur simple ({type(value).__name__}) : "
                              "un événement ne porte que du texte, des nombres, des dates et des listes de ceux-ci.")


@transaction.atomic
def notify(*, event: str, recipients, values: dict, dossier_id: int | None = None) -> list[Message]:
    """Tell each recipient (users) about `event`: one `Message` each (about dossier `dossier_id`
    when given), kept for /espace/messages/, and one e-mail each sent by the task queue once the
    transaction commits (so a rolled-back action sends nothing, and the request never waits for
    SMTP or a PDF). A recipient named twice gets one message.

    `values` are the plain values `events.variables(event)` declares, built by the sender
    (`applications.messages.notify_dossier` adds the dossier's); anything else is refused.
    """
    from .tasks import message_email

    if event not in events.EVENTS:
        raise NotificationRefused(f"Événement inconnu : {event}")
    context = {name: _plain(value, name) for name, value in values.items()}
    subject, body = _wording(event)
    subject, body = " ".join(render(subject, context).splitlines()).strip(), render(body, context)
    messages = [Message.objects.create(recipient=user, application_id=dossier_id, event=event,
                                       subject=subject[:300], body=body)
                for user in dict.fromkeys(recipients)]
    for message in messages:
        transaction.on_commit(lambda pk=message.pk: message_email.enqueue(message_id=pk))
    return messages


def message_read(*, message, user) -> None:
    """The recipient opened the message: it is read from now on (the first opening counts)."""
    if message.recipient_id == user.pk and message.read_at is None:
        message.read_at = timezone.now()
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=message.read_at)


@transaction.atomic
def message_email_resend(*, messages) -> int:
    """The ministry sends again the e-mails of messages whose every attempt failed (after fixing
    an address or the mail server): their attempts start again. Returns how many are queued."""
    from .tasks import message_email

    pending = list(Message.objects.filter(pk__in=[m.pk for m in messages], emailed_at__isnull=True)
                   .values_list("pk", flat=True))
    Message.objects.filter(pk__in=pending).update(email_attempts=0, email_error="")
    for pk in pending:
        transaction.on_commit(lambda pk=pk: message_email.enqueue(message_id=pk))
    return len(pending)
