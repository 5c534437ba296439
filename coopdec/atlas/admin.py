"""Back office of the Atlas. Actions are recorded by their authorities (/espace/atlas/), imports,
embassies and the laureates' sync, through the services: here a person corrects what an action
says, never where it came from (origin, dossier, author), never a laureate's action (it follows its
dossier), and never deletes one (it is withdrawn). Every correction moves the data version."""
from django.contrib import admin

from coopdec.dataversion.changes import data_changed
from coopdec.territories.text import normalise

from .models import (
    Action, ActionAuthority, ActionNote, ActionPartner, AuthorityUpdate, PersonInCharge, UpdateCampaign,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AuthorityInline(ReadOnlyInline):
    model = ActionAuthority
    fields = ["authority", "name", "is_lead", "candidates", "order"]


class PartnerInline(ReadOnlyInline):
    model = ActionPartner
    fields = ["foreign_authority", "name", "country", "country_as_written", "order"]


class NoteInline(ReadOnlyInline):
    model = ActionNote
    fields = ["author", "at", "text"]
    readonly_fields = ["at"]


OWNED = ["origin", "application", "title_key", "created_by", "created_at", "updated_by", "updated_at"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "origin", "updated_at"]
    list_filter = ["origin", "kind", "status"]
    search_fields = ["title", "authorities__name", "partners__name"]
    readonly_fields = OWNED
    raw_id_fields = ["application"]
    inlines = [AuthorityInline, PartnerInline, NoteInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.origin == Action.Origin.LAUREATE:
            return [field.name for field in Action._meta.fields if field.name != "id"]
        return self.readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.title_key = normalise(obj.title)[:500]
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        data_changed()


@admin.register(ActionNote)
class ActionNoteAdmin(admin.ModelAdmin):
    list_display = ["action", "author", "at"]
    list_select_related = ["action", "author"]
    readonly_fields = ["action", "author", "text", "at"]

    def has_add_permission(self, request):
        return False


@admin.register(UpdateCampaign)
class UpdateCampaignAdmin(admin.ModelAdmin):
    list_display = ["year", "opens_on", "closes_on"]
    readonly_fields = ["year", "opened_by"]

    def has_add_permission(self, request):  # opened at /instruction/atlas/ (services.campaign_open)
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuthorityUpdate)
class AuthorityUpdateAdmin(admin.ModelAdmin):
    list_display = ["authority", "campaign", "by", "at"]
    list_filter = ["campaign"]
    list_select_related = ["authority", "campaign", "by"]
    readonly_fields = ["campaign", "authority", "by", "at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PersonInCharge)
class PersonInChargeAdmin(admin.ModelAdmin):
    list_display = ["name", "function", "kind", "authority"]
    list_select_related = ["authority"]
    search_fields = ["name", "authority__name"]
    readonly_fields = ["authority", "updated_by", "updated_at"]

    def has_add_permission(self, request):  # kept by the authority at /espace/atlas/contacts/
        return False
