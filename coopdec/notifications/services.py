"""One entry point for every notification (as Hypha's `messenger()`): `notify`; and the writes
around messages (read, sent again)."""
from django.conf import settings
from django.db import transaction
from django.urls import reverse
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


def _links(event: str, application) -> dict:
    """The addresses every message may give: the dossier's page, and the decision letter."""
    if application is None:
        return {}
    links = {"dossier_url": settings.SITE_URL + reverse("applications:dossier", args=[application.pk])}
    if event == events.DECISION:
        links["letter_url"] = settings.SITE_URL + reverse("notifications:decision-letter", args=[application.pk])
    return links


@transaction.atomic
def notify(*, event: str, application, recipients, context: dict | None = None) -> list[Message]:
    """Tell each recipient (users) about `event` on `application`: one `Message` each, kept for
    /espace/messages/, and one e-mail each sent by the task queue once the transaction commits
    (so a rolled-back action sends nothing, and the request never waits for SMTP or a PDF).

    `context` gives the variables `events.EVENTS[event].variables` lists; `application` and the
    links are added here. A recipient named twice gets one message.
    """
    from .tasks import message_email

    if event not in events.EVENTS:
        raise NotificationRefused(f"Événement inconnu : {event}")
    decision = (context or {}).get("decision")
    if event == events.DECISION and (decision is None or decision.session.state != decision.session.State.CLOSED):
        # the letter goes with it, and a decision may change until its session is closed
        raise NotificationRefused("Une décision se notifie une fois la séance du comité close.")
    subject, body = _wording(event)
    context = {**_links(event, application), **(context or {}), "application": application}
    subject, body = " ".join(render(subject, context).splitlines()).strip(), render(body, context)
    messages = [Message.objects.create(recipient=user, application=application, event=event,
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


def application_messages_read(*, application, user) -> int:
    """The recipient opened the dossier's page, where its messages are shown: all read."""
    return Message.objects.filter(application=application, recipient=user, read_at__isnull=True).update(
        read_at=timezone.now())


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
