"""Back office of grants: read only. Schedules, payments and reviews are written by the services
(from the ministry's page /instruction/subventions/), never typed here."""
from django.contrib import admin

from .models import Report, ReportEvent, StatementLine, Tranche


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatementLineInline(admin.TabularInline):
    model = StatementLine
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReportEventInline(StatementLineInline):
    model = ReportEvent


@admin.register(Tranche)
class TrancheAdmin(ReadOnly):
    list_display = ["application", "order", "year", "amount", "condition", "paid_on", "paid_amount"]
    list_select_related = ["application"]
    list_filter = ["condition", "year"]
    search_fields = ["application__title", "application__lead_name"]


@admin.register(Report)
class ReportAdmin(ReadOnly):
    list_display = ["application", "kind", "year", "due_on", "state", "filed_on"]
    list_select_related = ["application"]
    list_filter = ["state", "kind"]
    search_fields = ["application__title", "application__lead_name"]
    inlines = [StatementLineInline, ReportEventInline]
