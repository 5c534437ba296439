from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from coopdec.french.text import counted_fr

from .models import Call, Campaign, Marker, PublishedFigure, RateGrid, RequiredDocument, ScoringCriterion
from .services import CallCopyRefused, call_copy, campaign_next


class PublishedFigureInline(admin.TabularInline):
    """A campaign's figures as their sources published them, each with its source."""

    model = PublishedFigure
    extra = 0
    fields = ["name", "value", "source_label", "source_url", "published_on", "note"]


class RateGridInline(admin.StackedInline):
    model = RateGrid
    extra = 0
    max_num = 1


class ScoringCriterionInline(admin.TabularInline):
    """The call's scoring grid: each instructor scores every criterion from 0 to its maximum; a
    dossier's mark is the mean weighted by the weights (instruction.rules)."""

    model = ScoringCriterion
    extra = 0
    fields = ["order", "label", "weight", "scale_max"]


class CallInline(admin.TabularInline):
    model = Call
    extra = 0
    fields = ["name", "kind", "partner_country", "opens_at", "closes_at"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["year"]
    inlines = [RateGridInline, PublishedFigureInline, CallInline]


class CallForm(forms.ModelForm):
    """The documents and markers a call requires, ticked from the known lists."""

    required_documents = forms.MultipleChoiceField(
        label=_("pièces exigées"), choices=RequiredDocument.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    required_markers = forms.MultipleChoiceField(
        label=_("marqueurs exigés"), choices=Marker.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Call
        fields = "__all__"


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    form = CallForm
    list_display = ["name", "campaign", "kind", "partner_country", "opens_at", "closes_at"]
    list_filter = ["campaign", "kind"]
    list_select_related = ["campaign", "partner_country"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["source_row"]
    autocomplete_fields = ["partner_country", "partner_share_country", "eligible_countries"]
    actions = ["copy_to_next_campaign"]
    fieldsets = [
        (None, {"fields": ["campaign", "name", "slug", "kind", "partner_country"]}),
        (_("Calendrier"), {"fields": ["periodicity", "cycle", ("opens_at", "opens_note"),
                                   ("closes_at", "closes_note")]}),
        (_("Règles"), {
            "description": _("Un taux ou une part laissés vides sont ceux de la grille de taux de la campagne."),
            "fields": [("duration_min", "duration_max"), ("ldc_rate", "oda_rate", "none_rate", "flat_rate"),
                       "min_french_share", ("min_partner_share", "partner_share_country"), "in_kind_cap",
                       ("grant_ceiling", "min_total_cost"), "eligible_countries",
                       "required_documents", "required_markers"],
        }),
        (_("Sélection et suivi"), {"fields": ["envelope", ("intermediate_report_months", "final_report_months")]}),
        (_("Provenance"), {"fields": ["source_url", "source_row"]}),
    ]
    inlines = [ScoringCriterionInline]

    @admin.action(description=_("Copier dans la campagne de l'année suivante (avec leurs règles)"))
    def copy_to_next_campaign(self, request, queryset):
        copied = 0
        for call in queryset.select_related("campaign"):
            try:
                call_copy(call=call, campaign=campaign_next(campaign=call.campaign))
                copied += 1
            except CallCopyRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
        if copied:
            self.message_user(request, f"{counted_fr(copied, 'appel copié', 'appels copiés')}.", messages.SUCCESS)
