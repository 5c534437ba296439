"""Back office of the APD declarations: the ministry sets a year's window here; the declarations
themselves are read only (members write them at /espace/apd/<year>/, the ministry reopens them
at /instruction/apd/, through the services)."""
from django.contrib import admin

from .models import Declaration, DeclarationEvent, DeclarationLine, DeclarationReminder, DeclarationWindow


@admin.register(DeclarationWindow)
class DeclarationWindowAdmin(admin.ModelAdmin):
    list_display = ["year", "opens_at", "closes_at", "reminder_days"]


@admin.register(DeclarationReminder)
class DeclarationReminderAdmin(admin.ModelAdmin):
    """The reminders sent (`manage.py apd_remind`): read only."""
    list_display = ["authority", "year", "days", "sent_at", "recipients"]
    list_filter = ["year", "days"]
    list_select_related = ["authority"]
    search_fields = ["authority__name", "authority__code"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LineInline(admin.TabularInline):
    model = DeclarationLine
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(LineInline):
    model = DeclarationEvent


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin):
    list_display = ["authority", "year", "state", "submitted_at"]
    list_filter = ["year", "state"]
    list_select_related = ["authority"]
    search_fields = ["authority__name", "authority__code"]
    inlines = [LineInline, EventInline]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
