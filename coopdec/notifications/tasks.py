"""Background work of notifications, run by django-tasks (database backend; immediate in tests)."""
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task

from .models import Message


@task()
def message_email(*, message_id: int) -> int:
    """Send one message by e-mail (once); returns the number of e-mails sent."""
    message = Message.objects.select_related("recipient").get(pk=message_id)
    if message.emailed_at or not message.recipient.email:
        return 0
    sent = EmailMessage(subject=message.subject, body=message.body, from_email=settings.DEFAULT_FROM_EMAIL,
                        to=[message.recipient.email]).send()
    Message.objects.filter(pk=message.pk).update(emailed_at=timezone.now())
    return sent
