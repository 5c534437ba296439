"""Back office of imports: batches and rows are written by the import's commit
(`ingest.services`), so they are read here, never added; a person reviews what they say."""
from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .models import ImportBatch, ImportRow
from .rules import conflict_lines


@admin.display(description=_("désaccords avec l'enregistré"))
def conflicts_shown(row):
    """What the list says otherwise than CoopDec, in words, for a person to decide."""
    lines = conflict_lines(row.conflicts or {})
    return format_html_join("", "<p>{}</p>", ((line,) for line in lines)) if lines else "—"


class ConflictFilter(admin.SimpleListFilter):
    title = _("désaccord avec l'enregistré")
    parameter_name = "desaccord"

    def lookups(self, request, model_admin):
        return [("oui", _("à trancher")), ("non", _("aucun"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.exclude(conflicts={})
        if self.value() == "non":
            return queryset.filter(conflicts={})
        return queryset


class ImportRowInline(admin.TabularInline):
    model = ImportRow
    extra = 0
    fields = ["row_number", "status", "raw", "application", conflicts_shown, "reviewed_by", "reviewed_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class NotAdded(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(NotAdded):
    list_display = ["file_name", "campaign", "region", "format", "state", "created_at"]
    list_filter = ["campaign", "state", "format"]
    readonly_fields = ["file_name", "sha256", "format", "source_label", "source_url", "campaign", "region",
                       "state", "created_by", "created_at"]
    inlines = [ImportRowInline]


@admin.register(ImportRow)
class ImportRowAdmin(NotAdded):
    """Rows whose authority is ambiguous or unknown are reviewed from their application; rows that
    contradict the record (another amount, another partner's country) are listed here to decide."""

    list_display = ["__str__", "status", "application", conflicts_shown, "reviewed_at"]
    list_filter = [ConflictFilter, "status", "batch__campaign", "batch"]
    list_select_related = ["batch", "application"]
    readonly_fields = ["batch", "row_number", "raw", "resolution", "status", "application", conflicts_shown,
                       "reviewed_by", "reviewed_at"]
    exclude = ["conflicts"]
