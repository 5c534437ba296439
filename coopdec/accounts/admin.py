"""The back office of memberships and roles, in French. Decisions and grants go through the
services, so the admin obeys the same rules as the pages (and a ministry role opens the admin)."""
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from coopdec.accounts import services
from coopdec.accounts.models import Membership, Role


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "authority", "state", "requested_at", "decided_by", "decided_at"]
    list_filter = ["state"]
    list_select_related = ["user", "authority__departement", "decided_by"]
    search_fields = ["user__email", "authority__name", "authority__code"]
    autocomplete_fields = ["user", "authority"]
    readonly_fields = ["state", "requested_at", "decided_by", "decided_at"]
    actions = ["confirm"]

    @admin.action(description="Confirmer les demandes sélectionnées")
    def confirm(self, request, queryset):
        confirmed = 0
        for membership in queryset.filter(state=Membership.State.REQUESTED):
            try:
                services.membership_decide(membership=membership, by=request.user, confirm=True)
                confirmed += 1
            except PermissionDenied as refusal:
                self.message_user(request, f"{membership}\u00a0: {refusal}", messages.ERROR)
        plural = "s" if confirmed > 1 else ""
        self.message_user(request, f"{confirmed} demande{plural} confirmée{plural}.")


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "call", "country", "region", "granted_by", "granted_at"]
    list_filter = ["kind"]
    list_select_related = ["user", "call__campaign", "country", "region", "granted_by"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user", "call", "country", "region"]
    readonly_fields = ["granted_by", "granted_at"]

    def save_model(self, request, obj, form, change):
        """A new role is granted by the service (the « Ministère » group and staff access come
        with a ministry role); a changed one is saved as is."""
        if change:
            return super().save_model(request, obj, form, change)
        granted = services.role_grant(user=obj.user, kind=obj.kind, by=request.user, call=obj.call,
                                      country=obj.country, region=obj.region)
        obj.pk = granted.pk
