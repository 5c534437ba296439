"""The laureate filters: a GET form that works without JavaScript."""
from urllib.parse import urlencode

from django import forms
from dsfr.forms import DsfrBaseForm

from coopdec.widgets import FastSelect
from coopdec.french.text import NBSP

from .selectors import FilterOptions, LaureateFilters


class LaureateFilterForm(DsfrBaseForm):
    """Offers only the values the laureates in scope have; a criterion fixed by the page is left out."""

    region = forms.ChoiceField(widget=FastSelect, label="Région", required=False)
    departement = forms.ChoiceField(widget=FastSelect, label="Département", required=False)
    appel = forms.ChoiceField(widget=FastSelect, label="Appel", required=False)
    nature = forms.ChoiceField(widget=FastSelect, label="Nature de l'appel", required=False)
    pays = forms.ChoiceField(widget=FastSelect, label="Pays partenaire", required=False)

    def __init__(self, data, *, scope: LaureateFilters, options: FilterOptions):
        # Only our own keys: "page" and the like are not filters.
        super().__init__({name: data[name] for name in self.base_fields if name in data} or None)
        self.scope = scope
        self.objects = {
            "region": {region.slug: region for region in options.regions},
            "departement": {dep.code: dep for dep in options.departements},
            "appel": {call.slug: call for call in options.calls},
            "nature": dict(options.kinds),
            "pays": {country.iso2: country for country in options.countries},
        }
        everything = {
            "region": "Toutes les régions", "departement": "Tous les départements",
            "appel": "Tous les appels", "nature": "Toutes les natures", "pays": "Tous les pays",
        }
        fixed = {"region"} if scope.region else set()
        if scope.call:
            fixed |= {"appel", "nature"}
        for name in fixed:
            del self.fields[name]
        for name, field in self.fields.items():
            field.choices = [("", everything[name])] + [
                (value, str(obj)) for value, obj in self.objects[name].items()
            ]

    def applied(self) -> dict[str, str]:
        """The valid, non-empty criteria as submitted: {field name: value}."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def filters(self) -> LaureateFilters:
        chosen = {name: self.objects[name][value] for name, value in self.applied().items()}
        return self.scope.narrowed(
            region=chosen.get("region"), departement=chosen.get("departement"),
            call=chosen.get("appel"), kind=self.applied().get("nature", ""),
            country=chosen.get("pays"),
        )

    def query_string(self) -> str:
        """The selection as a query string, for the download links ("" when nothing is chosen)."""
        applied = self.applied()
        return f"?{urlencode(applied)}" if applied else ""

    def description(self) -> str:
        """ "Département : Tarn (81) ; Pays partenaire : Rwanda", or "" without criteria."""
        return f"{NBSP}; ".join(
            f"{self.fields[name].label}{NBSP}: {self.objects[name][value]}"
            for name, value in self.applied().items()
        )
