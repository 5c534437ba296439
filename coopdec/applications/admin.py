"""Back office of dossiers, with the review of laureates whose French authority is unresolved."""
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .forms import LeadConfirmForm
from .models import Application, CoApplicant, Partnership
from .services import application_lead_confirm


class PartnershipInline(admin.TabularInline):
    model = Partnership
    extra = 0
    autocomplete_fields = ["foreign_authority"]


class CoApplicantInline(admin.TabularInline):
    model = CoApplicant
    extra = 0
    autocomplete_fields = ["authority"]


class LeadResolvedFilter(admin.SimpleListFilter):
    title = _("collectivité française")
    parameter_name = "lead"

    def lookups(self, request, model_admin):
        return [("pending", _("à confirmer")), ("resolved", _("résolue"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(lead_authority__isnull=True)
        if self.value() == "resolved":
            return queryset.filter(lead_authority__isnull=False)
        return queryset


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["title", "lead_column", "call", "region", "decision", "provenance"]
    list_filter = [LeadResolvedFilter, "decision", "provenance", "call__campaign", "call__kind", "region"]
    list_select_related = ["lead_authority", "call", "region"]
    search_fields = ["title", "lead_name", "lead_authority__name", "lead_authority__code"]
    autocomplete_fields = ["lead_authority"]
    readonly_fields = ["lead_name", "lead_name_key", "title_key", "created_at", "updated_at"]
    inlines = [CoApplicantInline, PartnershipInline]

    @admin.display(description=_("collectivité française"), ordering="lead_name_key")
    def lead_column(self, obj):
        if obj.lead_authority_id:
            return str(obj.lead_authority)
        url = reverse("admin:applications_application_resolve", args=[obj.pk])
        return format_html('{} — <a href="{}">à confirmer</a>', obj.lead_name, url)

    def get_urls(self):
        return [
            path("<int:pk>/resoudre/", self.admin_site.admin_view(self.resolve_view),
                 name="applications_application_resolve"),
        ] + super().get_urls()

    def resolve_view(self, request, pk):
        """Show the resolver's candidates and reason; the pick is saved and remembered as an alias."""
        application = get_object_or_404(Application, pk=pk)
        if not self.has_change_permission(request, application):
            return redirect("admin:index")
        row = application.import_rows.order_by("-batch__created_at").first()
        resolution = row.resolution if row else {"reason": "", "candidates": []}
        form = LeadConfirmForm(request.POST or None, candidates=resolution["candidates"])
        if request.method == "POST" and form.is_valid():
            try:
                application_lead_confirm(
                    application=application, authority=form.cleaned_data["authority"], user=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Collectivité confirmée ; le nom publié est retenu comme alias."))
                return redirect("admin:applications_application_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Confirmer la collectivité française"),
            "application": application,
            "resolution": resolution,
            "row": row,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/applications/resolve.html", context)


from .models import AuthorityYearStatus  # noqa: E402  (the admin of the dossier helper, appended)


@admin.register(AuthorityYearStatus)
class AuthorityYearStatusAdmin(admin.ModelAdmin):
    """The ministry enters an authority's yearly status here, or imports a CSV with
    `manage.py import_authority_status`."""

    list_display = ["authority", "year", "apd_declared", "apd_declared_on", "reports_due", "reports_filed",
                    "reports_accepted"]
    list_filter = ["year", "apd_declared"]
    search_fields = ["authority__name", "authority__code"]
    autocomplete_fields = ["authority"]
