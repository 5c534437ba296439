"""Back office of the partnership exchange: read only (listings are published, renewed and
withdrawn through the services, messages are forwarded by them); the ministry may withdraw a
listing, as moderation, with the action below."""
from django.contrib import admin, messages

from . import services
from .models import Contact, Listing


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Listing)
class ListingAdmin(ReadOnly):
    list_display = ["title", "kind", "author_name", "on_behalf", "published_at", "expires_on", "withdrawn_at"]
    list_filter = ["kind", "on_behalf", "expires_on"]
    list_select_related = ["authority", "foreign_authority"]
    search_fields = ["title", "authority__name", "foreign_name", "foreign_authority__name"]
    actions = ["withdraw"]

    @admin.action(description="Retirer les annonces choisies (modération)")
    def withdraw(self, request, queryset):
        done = 0
        for listing in queryset.filter(withdrawn_at__isnull=True):
            try:
                services.listing_withdraw(listing=listing, user=request.user)
            except services.ListingRefused as refused:
                self.message_user(request, refused.reason, messages.ERROR)
            else:
                done += 1
        self.message_user(request, f"{done} annonce(s) retirée(s).")


@admin.register(Contact)
class ContactAdmin(ReadOnly):
    list_display = ["listing", "sender_name", "from_listing_side", "sent_at", "forwarded_at"]
    list_select_related = ["listing"]
    search_fields = ["listing__title", "sender_name"]
