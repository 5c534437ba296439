"""Reads of notifications: a person's inbox, a dossier's messages."""
from django.db.models import QuerySet

from coopdec.accounts.selectors import is_ministry

from .models import Message


def inbox(user) -> QuerySet[Message]:
    """Every message sent to `user`, newest first, with its dossier."""
    return Message.objects.filter(recipient=user).select_related("application")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()


def application_messages(application, user) -> list[Message]:
    """The messages of a dossier that `user` may read on its page: their own, or every one of
    them (with its recipient) for the ministry."""
    messages = Message.objects.filter(application=application).select_related("recipient")
    if not is_ministry(user):
        messages = messages.filter(recipient=user)
    return list(messages)
