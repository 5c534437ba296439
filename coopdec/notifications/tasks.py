"""Background work of notifications, run by django-tasks (database backend; immediate in tests)."""
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from .attachments import message_attachments
from .models import EMAIL_ATTEMPTS, Message

logger = logging.getLogger(__name__)


class EmailFailed(RuntimeError):
    """An e-mail could not be sent; the message records it and the task result shows it."""


def _retry(message_id: int, attempts: int) -> None:
    """Queue the next attempt: 5, then 25 minutes later where the backend can wait."""
    from . import tasks

    queued = tasks.message_email
    if default_task_backend.supports_defer:
        queued = queued.using(run_after=timezone.now() + timedelta(minutes=5 ** attempts))
    queued.enqueue(message_id=message_id)


@task()
def message_email(*, message_id: int) -> int:
    """Send one message by e-mail, with its attachments drawn now; returns the number sent.

    Once only: the message's row is locked while sending and `emailed_at` records the sending,
    so a second run (a retry, a duplicate) sends nothing. A failure is recorded on the message
    (attempts, error) and tried again, up to `EMAIL_ATTEMPTS`; after that the message stays
    « en échec » in the back office, which can send it again — nothing is lost silently.
    """
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.emailed_at or not message.recipient.email or message.email_attempts >= EMAIL_ATTEMPTS:
            return 0
        try:
            email = EmailMessage(subject=message.subject, body=message.body, from_email=settings.DEFAULT_FROM_EMAIL,
                                 to=[message.recipient.email])
            for name, content, kind in message_attachments(message):
                email.attach(name, content, kind)
            sent = email.send()
        except Exception as error:  # SMTP refusal, network, a PDF that cannot be drawn: all recorded
            failure = f"{type(error).__name__}: {error}"
            message.email_attempts += 1
            message.email_error = failure
            message.save(update_fields=["email_attempts", "email_error"])
        else:
            message.emailed_at = timezone.now()
            message.email_attempts += 1
            message.email_error = ""
            message.save(update_fields=["emailed_at", "email_attempts", "email_error"])
            return sent
    logger.warning("Courriel du message %s non envoyé (tentative %s) : %s", message_id, message.email_attempts,
                   failure)
    if message.email_attempts < EMAIL_ATTEMPTS:
        _retry(message_id, message.email_attempts)
    raise EmailFailed(f"Courriel du message {message_id} non envoyé (tentative {message.email_attempts}) : {failure}")
