"""Notifications: the ministry's templates per event, and every message sent to a person
(shown in /espace/ and sent by e-mail through the task queue)."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import events
from .wording import TemplateRefused, template_check


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

    def clean(self):
        """A template that does not compile, or names a variable its event does not receive, is
        refused here, so the back office shows why and the messages keep the previous wording."""
        errors = {}
        for name, label in (("subject", "L'objet"), ("body", "Le texte")):
            try:
                template_check(event=self.event, text=getattr(self, name), field=label)
            except TemplateRefused as refused:
                errors[name] = str(refused)
        if errors:
            raise ValidationError(errors)


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
    email_attempts = models.PositiveSmallIntegerField(_("envois par courriel tentés"), default=0)
    email_error = models.TextField(_("dernière erreur d'envoi"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message")
        indexes = [models.Index(fields=["recipient", "-created_at"], name="message_recipient_recent")]

    def __str__(self):
        return self.subject

    @property
    def email_state(self) -> str:
        """« envoyé », « en échec » (every attempt failed: the back office shows it and can send it
        again), « en attente » (queued or retrying), « sans adresse »."""
        if self.emailed_at:
            return "envoyé"
        if not self.recipient.email:
            return "sans adresse"
        if self.email_attempts >= EMAIL_ATTEMPTS:
            return "en échec"
        return "en attente"


EMAIL_ATTEMPTS = 3  # tries of one e-mail before it is left « en échec » for the back office
