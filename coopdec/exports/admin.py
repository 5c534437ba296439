from django.contrib import admin

from .models import ExportJob, ExportTemplate


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ("pk", "owner", "kind", "format", "state", "rows_done", "rows_total", "created_at",
                    "heartbeat_at")
    list_filter = ("state", "kind", "format")
    readonly_fields = [field.name for field in ExportJob._meta.fields]

    def has_add_permission(self, request):
        """A job is queued by the export page's service and written by its task, never typed."""
        return False


@admin.register(ExportTemplate)
class ExportTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "format", "updated_at")
