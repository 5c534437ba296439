from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Call, Campaign, PublishedFigure


class PublishedFigureInline(admin.TabularInline):
    """A campaign's figures as their sources published them, each with its source."""

    model = PublishedFigure
    extra = 0
    fields = ["name", "value", "source_label", "source_url", "published_on", "note"]


class CallInline(admin.TabularInline):
    model = Call
    extra = 0
    fields = ["name", "kind", "partner_country", "opens_on", "closes_on"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["year"]
    inlines = [PublishedFigureInline, CallInline]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["name", "campaign", "kind", "partner_country", "opens_on", "closes_on"]
    list_filter = ["campaign", "kind"]
    list_select_related = ["campaign", "partner_country"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["source_row"]
    fieldsets = [
        (None, {"fields": ["campaign", "name", "slug", "kind", "partner_country"]}),
        (_("Calendrier"), {"fields": ["periodicity", "cycle", ("opens_on", "opens_note"),
                                   ("closes_on", "closes_note")]}),
        (_("Provenance"), {"fields": ["source_url", "source_row"]}),
    ]
