"""Notifications: the ministry's templates per event, and every message sent to a person
(shown in /espace/ and sent by e-mail through the task queue)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import events


class NotificationTemplate(models.Model):
    """The ministry's wording of one event; without one, `events.EVENTS` gives the default."""

    event = models.CharField(_("événement"), max_length=30, choices=events.CHOICES, unique=True)
    subject = models.CharField(_("objet"), max_length=300)
    body = models.TextField(_("texte"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("modifié par"))
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        ordering = ["event"]
        verbose_name = _("modèle de notification")
        verbose_name_plural = _("modèles de notification")

    def __str__(self):
        return self.get_event_display()


class Message(models.Model):
    """One notification to one person, as rendered when it was sent."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages",
                                  verbose_name=_("destinataire"))
    application = models.ForeignKey("applications.Application", null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="messages", verbose_name=_("dossier"))
    event = models.CharField(_("événement"), max_length=30, choices=events.CHOICES)
    subject = models.CharField(_("objet"), max_length=300)
    body = models.TextField(_("texte"))
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("envoyé par courriel le"), null=True, blank=True)
    read_at = models.DateTimeField(_("lu le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message")
        indexes = [models.Index(fields=["recipient", "-created_at"], name="message_recipient_recent")]

    def __str__(self):
        return self.subject
