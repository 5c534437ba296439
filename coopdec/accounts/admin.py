"""The back office of memberships and roles, in French. Decisions and grants go through the
services, so the admin obeys the same rules as the pages (and a ministry role opens the admin)."""
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from coopdec.accounts import services
from coopdec.accounts.models import Membership, Role
from coopdec.french.text import counted_fr


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "authority", "state", "requested_at", "decided_by", "decided_at"]
    list_filter = ["state"]
    list_select_related = ["user", "authority__departement", "decided_by"]
    search_fields = ["user__email", "authority__name", "authority__code"]
    autocomplete_fields = ["user", "authority"]
    readonly_fields = ["state", "requested_at", "decided_by", "decided_at", "reason"]
    actions = ["confirm"]

    def has_change_permission(self, request, obj=None):
        """A request is decided by the service (the « confirmer » action), never rewritten: who
        belongs to which authority is what the conflict-of-interest rule reads."""
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """A request added here is asked through the service, as the person would ask it (the form
        has already refused a second request for the same authority)."""
        obj.pk = services.membership_request(user=obj.user, authority=obj.authority).pk

    @admin.action(description="Confirmer les demandes sélectionnées")
    def confirm(self, request, queryset):
        confirmed = 0
        for membership in queryset.filter(state=Membership.State.REQUESTED):
            try:
                services.membership_decide(membership=membership, by=request.user, confirm=True)
                confirmed += 1
            except PermissionDenied as refusal:
                self.message_user(request, f"{membership}\u00a0: {refusal}", messages.ERROR)
        self.message_user(request, f"{counted_fr(confirmed, 'demande confirmée', 'demandes confirmées')}.")


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "call", "country", "region", "granted_by", "granted_at"]
    list_filter = ["kind"]
    list_select_related = ["user", "call__campaign", "country", "region", "granted_by"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user", "call", "country", "region"]
    readonly_fields = ["granted_by", "granted_at"]

    def has_change_permission(self, request, obj=None):
        """A role is granted by the service, which records by whom, or taken back (deleted); never
        rewritten in place, which would give a ministry role without its record nor its access."""
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """A new role is granted by the service (the « Ministère » group and staff access come
        with a ministry role)."""
        granted = services.role_grant(user=obj.user, kind=obj.kind, by=request.user, call=obj.call,
                                      country=obj.country, region=obj.region)
        obj.pk = granted.pk


class UserAdmin(DjangoUserAdmin):
    """The accounts, for the ministry to find who is who: by e-mail, name or authority, filtered
    by role, membership and state. A ministry officer reads them (`view_user`, given with the
    « Ministère » group) and never edits one here: roles and memberships go through their own
    pages and services; the password shows only as its hash's summary, read-only."""

    list_display = ["email", "full_name", "roles_shown", "is_active", "is_staff", "last_login", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser", "roles__kind", "memberships__state"]
    search_fields = ["email", "username", "first_name", "last_name", "memberships__authority__name"]
    ordering = ["email"]
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("roles")

    @admin.display(description="nom")
    def full_name(self, user):
        return user.get_full_name() or "—"

    @admin.display(description="rôles")
    def roles_shown(self, user):
        return ", ".join(sorted({role.get_kind_display() for role in user.roles.all()})) or "—"


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
