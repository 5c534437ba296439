"""One entry point for every notification (as Hypha's `messenger()`): `notify`."""
from django.db import transaction
from django.template import Context, Template

from . import events
from .models import Message, NotificationTemplate


def _wording(event: str) -> tuple[str, str]:
    template = NotificationTemplate.objects.filter(event=event).first()
    if template:
        return template.subject, template.body
    default = events.EVENTS[event]
    return default.subject, default.body


def _render(text: str, context: dict) -> str:
    return Template(text).render(Context(context, autoescape=False))


@transaction.atomic
def notify(*, event: str, application, recipients, context: dict | None = None) -> list[Message]:
    """Tell each recipient (users) about `event` on `application`: one `Message` each, kept for
    /espace/, and an e-mail sent by the task queue once the transaction commits."""
    from .tasks import message_email

    if event not in events.EVENTS:
        raise ValueError(f"Événement inconnu : {event}")
    subject, body = _wording(event)
    context = {"application": application, **(context or {})}
    subject, body = _render(subject, context).strip(), _render(body, context)
    messages = [Message.objects.create(recipient=user, application=application, event=event,
                                       subject=subject[:300], body=body)
                for user in dict.fromkeys(recipients)]
    for message in messages:
        transaction.on_commit(lambda pk=message.pk: message_email.enqueue(message_id=pk))
    return messages
