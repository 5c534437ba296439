from django.contrib import admin

from .models import ImportBatch, ImportRow


class ImportRowInline(admin.TabularInline):
    model = ImportRow
    extra = 0
    fields = ["row_number", "status", "raw", "application", "reviewed_by", "reviewed_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["file_name", "campaign", "region", "format", "state", "created_at"]
    list_filter = ["campaign", "state", "format"]
    readonly_fields = ["file_name", "sha256", "format", "campaign", "region", "state", "created_by", "created_at"]
    inlines = [ImportRowInline]


@admin.register(ImportRow)
class ImportRowAdmin(admin.ModelAdmin):
    """Rows whose authority is ambiguous or unknown are reviewed from their application."""

    list_display = ["__str__", "status", "application", "reviewed_at"]
    list_filter = ["status", "batch__campaign", "batch"]
    list_select_related = ["batch", "application"]
    readonly_fields = ["batch", "row_number", "raw", "resolution", "status", "application",
                       "reviewed_by", "reviewed_at"]
