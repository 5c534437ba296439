"""Back office of the geography: reference rows are read-only, aliases are people's to extend."""
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from coopdec.territories.models import (
    Authority, AuthorityAlias, Country, Departement, ForeignAuthority, Region,
)
from coopdec.territories.partner_services import foreign_authority_key
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
        key = name_key(cleaned.get("original") or "")
        if not key:
            raise forms.ValidationError(_("Saisissez le nom tel qu'il est écrit dans les listes."))
        authority = cleaned.get("authority")
        taken = AuthorityAlias.objects.filter(text=key, authority=authority).exclude(pk=self.instance.pk)
        if authority and taken.exists():
            raise forms.ValidationError(_("Cet alias existe déjà pour cette collectivité."))
        self.instance.text = key
        return cleaned


class AliasInline(admin.TabularInline):
    model = AuthorityAlias
    form = AliasForm
    fields = ["original", "source", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    extra = 0


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "departement", "region", "population"]
    list_filter = ["kind", "region"]
    list_select_related = ["departement", "region"]
    search_fields = ["name", "code", "siren"]
    inlines = [AliasInline]
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
