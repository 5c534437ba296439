"""Back office of notifications: the ministry's wording of every event (checked when saved, with
its variables and a preview on a sample dossier), and every message with its e-mail's fate."""
from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import events
from .models import EMAIL_ATTEMPTS, Message, NotificationTemplate
from .samples import sample_context
from .services import message_email_resend
from .wording import TemplateRefused, render, template_check


class NotificationTemplateForm(forms.ModelForm):
    class Meta:
        model = NotificationTemplate
        fields = ["subject", "body"]

    def clean(self):
        """« Prévisualiser sans enregistrer » keeps the form from saving: the page comes back with
        the preview of the text as typed (the instance holds it), and the saved wording stays."""
        cleaned = super().clean()
        if "_preview" in self.data:
            raise forms.ValidationError(
                "Aperçu ci-dessous du texte saisi, non enregistré\u00a0: cliquez sur «\u00a0Enregistrer\u00a0» "
                "pour l'adopter.",
                code="preview")
        return cleaned


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(admin.ModelAdmin):
    """One row per event (seeded by migration): edited, never added nor deleted."""

    form = NotificationTemplateForm

    list_display = ["event", "subject", "updated_at", "updated_by"]
    fields = ["event", "subject", "body", "variables", "preview", "updated_by", "updated_at"]
    readonly_fields = ["event", "variables", "preview", "updated_by", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("variables disponibles"))
    def variables(self, obj):
        return format_html("<ul>{}</ul>", format_html_join(
            "", "<li><code>{{{{ {} }}}}</code> : {}</li>", events.variables(obj.event).items()))

    @admin.display(description=_("aperçu (dossier fictif n° 1234)"))
    def preview(self, obj):
        """The saved wording rendered on the sample dossier, as the recipient would read it."""
        context = sample_context(obj.event)
        try:
            template_check(event=obj.event, text=obj.subject, field="L'objet")
            template_check(event=obj.event, text=obj.body, field="Le texte")
        except TemplateRefused:  # the form shows why; the wording saved before is unchanged
            return "Aucun aperçu tant que l'erreur signalée plus haut n'est pas corrigée."
        return format_html(
            '<div class="coopdec-preview"><p><strong>Objet\u00a0: {}</strong></p>{}</div>',
            render(obj.subject, context).strip(), mark_safe(linebreaks(render(obj.body, context), autoescape=True)))

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class EmailStateFilter(admin.SimpleListFilter):
    title = _("courriel")
    parameter_name = "courriel"

    def lookups(self, request, model_admin):
        return [("echec", _("en échec")), ("attente", _("en attente")), ("envoye", _("envoyé"))]

    def queryset(self, request, queryset):
        pending = queryset.filter(emailed_at__isnull=True).exclude(recipient__email="")
        if self.value() == "echec":
            return pending.filter(email_attempts__gte=EMAIL_ATTEMPTS)
        if self.value() == "attente":
            return pending.filter(email_attempts__lt=EMAIL_ATTEMPTS)
        if self.value() == "envoye":
            return queryset.filter(emailed_at__isnull=False)
        return queryset


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "application", "event", "created_at", "email_state", "read_at"]
    list_filter = [EmailStateFilter, "event"]
    list_select_related = ["recipient", "application"]
    search_fields = ["subject", "recipient__email", "application__title", "=application__pk"]
    readonly_fields = ["recipient", "application", "event", "subject", "body", "created_at", "emailed_at",
                       "read_at", "email_attempts", "email_error"]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("courriel"))
    def email_state(self, obj):
        return obj.email_state

    @admin.action(description=_("Renvoyer le courriel des messages non envoyés"))
    def resend(self, request, queryset):
        count = message_email_resend(messages=list(queryset))
        self.message_user(request, f"{count} courriel(s) remis dans la file d'envoi.", messages.SUCCESS)
