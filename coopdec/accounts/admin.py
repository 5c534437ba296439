"""The back office of memberships and roles, in French."""
from django.contrib import admin

from coopdec.accounts.models import Membership, Role


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "authority", "state", "requested_at", "decided_by", "decided_at"]
    list_filter = ["state"]
    search_fields = ["user__email", "authority__name", "authority__code"]
    autocomplete_fields = ["user", "authority", "decided_by"]
    readonly_fields = ["requested_at"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "call", "country", "region", "granted_by", "granted_at"]
    list_filter = ["kind"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user", "call", "country", "region", "granted_by"]
    readonly_fields = ["granted_at"]
