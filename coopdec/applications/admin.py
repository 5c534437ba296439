"""Back office of dossiers, with the review of laureates whose French authority is unresolved."""
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from coopdec.french.text import french_spaces
from coopdec.territories.resolve import confirmation_key
from coopdec.territories.selectors import authority_list_by_codes, confirmation_list

from .forms import LeadConfirmForm
from .models import Application, CoApplicant, Partnership
from .selectors import application_import_row
from .services import application_lead_confirm

PENDING = "pending"


class PartnershipInline(admin.TabularInline):
    model = Partnership
    extra = 0
    autocomplete_fields = ["foreign_authority"]


class CoApplicantInline(admin.TabularInline):
    model = CoApplicant
    extra = 0
    autocomplete_fields = ["authority"]
    # The consent is the invited authority's answer, given through `co_applicant_answer`.
    readonly_fields = ["state", "answered_by", "answered_at"]


class LeadResolvedFilter(admin.SimpleListFilter):
    title = _("collectivité française")
    parameter_name = "lead"

    def lookups(self, request, model_admin):
        return [(PENDING, _("à confirmer")), ("resolved", _("résolue"))]

    def queryset(self, request, queryset):
        if self.value() == PENDING:
            return queryset.filter(lead_authority__isnull=True)
        if self.value() == "resolved":
            return queryset.filter(lead_authority__isnull=False)
        return queryset


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """A dossier filed on CoopDec is only read here: its content is the applicant's (/espace/, while
    the workflow lets them edit it), its state, decision and grant the workflow's and the
    committee's (`applications.services.transition`, `instruction.services.decision_record`). An
    imported laureate keeps what its source published editable (a person settles a later list's
    disagreement here), but not its state, decision and provenance, nor its French authority,
    which the confirmation page sets through `application_lead_confirm`. Dossiers are born from a
    draft or an import, never added here; only an imported duplicate is deleted here."""

    list_display = ["title", "lead_column", "call", "region", "decision", "provenance"]
    list_filter = [LeadResolvedFilter, "decision", "provenance", "call__campaign", "call__kind",
                   ("region", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["lead_authority__departement", "call", "region"]
    search_fields = ["title", "lead_name", "lead_authority__name", "lead_authority__code"]
    readonly_fields = ["state", "decision", "provenance", "lead_authority", "lead_name", "lead_name_key", "title_key",
                       "created_by", "created_at", "updated_at"]
    empty_value_display = "—"
    inlines = [CoApplicantInline, PartnershipInline]

    def get_queryset(self, request):
        """Never a draft (`ApplicationQuerySet.submitted`): the applicant's work alone, out of the
        list, its counts and its search."""
        return super().get_queryset(request).submitted()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return _imported_or_list(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _imported_or_list(obj) and super().has_delete_permission(request, obj)

    class Media:
        css = {"all": ["applications/admin.css"]}

    @admin.display(description=_("collectivité française"), ordering="lead_name_key")
    def lead_column(self, obj):
        if obj.lead_authority_id:
            return str(obj.lead_authority)
        url = reverse("admin:applications_application_resolve", args=[obj.pk])
        return format_html('{} — <a href="{}">à confirmer</a>', obj.lead_name, url)

    def changelist_view(self, request, extra_context=None):
        if request.GET.get(LeadResolvedFilter.parameter_name) == PENDING:
            extra_context = {"title": _("Lauréats dont la collectivité française est à confirmer"),
                             **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path("<int:pk>/resoudre/", self.admin_site.admin_view(self.resolve_view),
                 name="applications_application_resolve"),
        ] + super().get_urls()

    def resolve_view(self, request, pk):
        """The resolver's candidates and reason, what people confirmed for this name before, and
        the context the choice will be remembered with; then back to the laureates to confirm."""
        application = get_object_or_404(Application.objects.select_related("call__partner_country"), pk=pk)
        if not self.has_change_permission(request, application):
            return redirect("admin:index")
        row = application_import_row(application)
        resolution = row.resolution if row else {"reason": "", "candidates": []}
        candidates = authority_list_by_codes((c["kind"], c["code"]) for c in resolution["candidates"])
        form = LeadConfirmForm(request.POST if request.method == "POST" else None, candidates=candidates)
        if form.is_bound and form.is_valid():
            try:
                confirmed = application_lead_confirm(
                    application=application, authority=form.cleaned_data["authority"], user=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _confirmed_message(application, confirmed))
                changelist = reverse("admin:applications_application_changelist")
                return redirect(f"{changelist}?lead={PENDING}")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Confirmer la collectivité française"),
            "application": application,
            "reason": french_spaces(resolution["reason"]),
            "row": row,
            "partner": application.partnerships.order_by("order").first(),
            "earlier": list(confirmation_list(name_key=confirmation_key(application.lead_name))),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/applications/resolve.html", context)


def _imported_or_list(application) -> bool:
    """The permission's question asked of one dossier (an imported laureate) or of the list."""
    return application is None or application.provenance == Application.Provenance.IMPORT


def _confirmed_message(application, confirmed) -> str:
    """What the choice will do next time: resolve the name everywhere, or only in its context."""
    authority, name = confirmed.confirmation.authority, french_spaces(f"« {application.lead_name} »")
    if confirmed.alias is not None:
        return french_spaces(f"{authority} confirmée. {name} ne désigne aucune autre collectivité : "
                              "ce nom sera reconnu dans toutes les listes.")
    return french_spaces(f"{authority} confirmée pour {name} dans ce contexte. D'autres collectivités "
                          "portent ce nom : ailleurs, il restera à confirmer, avec votre choix en indice.")


from .models import AuthorityYearStatus  # noqa: E402  (the admin of the dossier helper, appended)


@admin.register(AuthorityYearStatus)
class AuthorityYearStatusAdmin(admin.ModelAdmin):
    """The ministry enters an authority's yearly status here, or imports a CSV with
    `manage.py import_authority_status`."""

    list_display = ["authority", "year", "apd_declared", "apd_declared_on", "reports_due", "reports_filed",
                    "reports_accepted"]
    list_filter = ["year", "apd_declared"]
    readonly_fields = ["apd_source"]  # « coopdec »: written by apd's declaration_submit
    search_fields = ["authority__name", "authority__code"]
    autocomplete_fields = ["authority"]
