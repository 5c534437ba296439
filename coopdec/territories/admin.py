"""Back office of the geography: reference rows are read-only, aliases are people's to extend,
confirmations are people's record (deleted when wrong, never rewritten)."""
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from coopdec.french.text import french_spaces
from coopdec.territories.models import (
    Authority, AuthorityAlias, AuthorityConfirmation, Country, Departement, ForeignAuthority, Region,
)
from coopdec.territories.partner_services import foreign_authority_key
from coopdec.territories.resolve import others_named
from coopdec.territories.text import name_key


class ReferenceAdmin(admin.ModelAdmin):
    """Rows loaded by `load_territories`: shown and searched, changed only by the next load."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReferenceAdmin):
    list_display = ["code", "name", "slug"]
    search_fields = ["code", "name"]


@admin.register(Departement)
class DepartementAdmin(ReferenceAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name"]


@admin.register(Country)
class CountryAdmin(ReferenceAdmin):
    list_display = ["iso2", "name_fr", "name_en", "oda_class", "classification"]
    list_filter = ["oda_class"]
    search_fields = ["iso2", "name_fr", "name_en"]


class AliasForm(forms.ModelForm):
    """The name as people write it; its normalised key is what the resolver looks up."""

    class Meta:
        model = AuthorityAlias
        fields = ["original", "authority", "source"]

    def clean(self):
        cleaned = super().clean()
        original = cleaned.get("original") or ""
        key = name_key(original)
        if not key:
            raise forms.ValidationError(_("Saisissez le nom tel qu'il est écrit dans les listes."))
        authority = cleaned.get("authority") or getattr(self.instance, "authority", None)
        taken = AuthorityAlias.objects.filter(text=key, authority=authority).exclude(pk=self.instance.pk)
        if authority and taken.exists():
            raise forms.ValidationError(_("Cet alias existe déjà pour cette collectivité."))
        others = others_named(original, authority_id=authority.pk) if authority else []
        if others:
            raise forms.ValidationError(french_spaces(
                f"« {original.strip()} » désigne aussi {', '.join(_short(c) for c in others[:5])} : un alias "
                "déciderait pour toutes les listes. Confirmez ce nom sur le lauréat importé "
                "(dossiers « à confirmer »), où le choix est gardé avec le contexte de la liste."))
        self.instance.text = key
        return cleaned


def _short(candidate) -> str:
    return f"{candidate.name} ({candidate.departement_code})" if candidate.departement_code else candidate.name


class AliasInline(admin.TabularInline):
    model = AuthorityAlias
    form = AliasForm
    fields = ["original", "source", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    extra = 0


class ConfirmationInline(admin.TabularInline):
    model = AuthorityConfirmation
    fields = ["name", "publisher", "region", "partner_country", "partner", "seen_in", "confirmed_by",
              "confirmed_at"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "departement", "region", "population"]
    list_filter = ["kind", "region"]
    list_select_related = ["departement", "region"]
    search_fields = ["name", "code", "siren"]
    inlines = [AliasInline, ConfirmationInline]
    _reference_fields = ["kind", "code", "siren", "name", "epci_type", "departement", "region", "population"]

    def get_readonly_fields(self, request, obj=None):
        """Official bodies come from the reference file; only "other" groupings are typed here."""
        if obj is not None and obj.kind != Authority.Kind.OTHER:
            return self._reference_fields
        return []

    def save_formset(self, request, form, formset, change):
        for alias in formset.save(commit=False):
            alias.created_by = alias.created_by or request.user
            alias.save()
        for alias in formset.deleted_objects:
            alias.delete()


@admin.register(AuthorityAlias)
class AuthorityAliasAdmin(admin.ModelAdmin):
    """Where people teach the resolver a name: it takes effect at the next resolution."""

    form = AliasForm
    list_display = ["original", "text", "authority", "source", "created_by", "created_at"]
    list_filter = ["source", "authority__kind"]
    list_select_related = ["authority", "created_by"]
    search_fields = ["text", "original", "authority__name", "authority__code"]
    autocomplete_fields = ["authority"]

    def save_model(self, request, obj, form, change):
        obj.created_by = obj.created_by or request.user
        super().save_model(request, obj, form, change)


@admin.register(AuthorityConfirmation)
class AuthorityConfirmationAdmin(admin.ModelAdmin):
    """What people confirmed, with where: read-only; a wrong one is deleted, then confirmed again."""

    list_display = ["name", "authority", "publisher", "region", "partner", "partner_country", "confirmed_by",
                    "confirmed_at"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter),
                   ("partner_country", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["authority__departement", "region", "partner_country", "confirmed_by"]
    search_fields = ["name", "name_key", "publisher", "partner", "authority__name", "authority__code"]
    fields = ["name", "name_key", "authority", "publisher", "region", "partner_country", "partner",
              "partner_key", "seen_in", "confirmed_by", "confirmed_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ForeignAuthority)
class ForeignAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "country"]
    list_filter = ["country"]
    list_select_related = ["country"]
    search_fields = ["name", "key"]
    autocomplete_fields = ["country"]
    readonly_fields = ["key"]

    def save_model(self, request, obj, form, change):
        obj.key = foreign_authority_key(obj.name, obj.country_id)
        super().save_model(request, obj, form, change)
