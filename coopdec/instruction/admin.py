"""Back office of instruction: to read and search. Assignments, opinions (and their requests), scores and decisions are
written through the pages under /instruction/ (their services check conflicts of interest, the
grid's scales and the envelope), so the back office does not offer a second, unchecked way."""
from django.contrib import admin

from .models import Assignment, CommitteeSession, Decision, Opinion, OpinionRequest, Score, SessionEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    empty_value_display = "—"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["application", "instructor", "by", "at"]
    list_filter = ["application__call__campaign", "application__call"]
    list_select_related = ["application", "instructor", "by"]
    search_fields = ["application__title", "instructor__email"]


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyAdmin):
    list_display = ["application", "issuer", "issuer_kind", "recommendation", "visible_to_applicant", "author", "at"]
    list_filter = ["issuer_kind", "recommendation", "visible_to_applicant", "application__call__campaign"]
    list_select_related = ["application", "author"]
    search_fields = ["application__title", "issuer"]


@admin.register(OpinionRequest)
class OpinionRequestAdmin(ReadOnlyAdmin):
    list_display = ["application", "issuer_kind", "country", "region", "due_on", "opinion", "reminded_on",
                    "requested_by", "requested_at"]
    list_filter = ["issuer_kind", "application__call__campaign", ("opinion", admin.EmptyFieldListFilter)]
    list_select_related = ["application", "country", "region", "opinion", "requested_by"]
    search_fields = ["application__title", "country__name_fr", "region__name"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ["application", "instructor", "criterion", "value", "at"]
    list_filter = ["application__call__campaign", "application__call"]
    list_select_related = ["application", "instructor", "criterion"]
    search_fields = ["application__title", "instructor__email"]


class SessionEventInline(admin.TabularInline):
    model = SessionEvent
    extra = 0
    fields = ["kind", "reason", "by", "at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CommitteeSession)
class CommitteeSessionAdmin(ReadOnlyAdmin):
    list_display = ["call", "held_on", "state", "published_at"]
    list_filter = ["state", "call__campaign"]
    list_select_related = ["call__campaign"]
    inlines = [SessionEventInline]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["application", "outcome", "amount", "session", "by", "at"]
    list_filter = ["outcome", "session__call__campaign"]
    list_select_related = ["application", "session__call", "by"]
    search_fields = ["application__title"]
