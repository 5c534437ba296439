"""The observatory's choices: GET forms that work without JavaScript."""
from django import forms
from dsfr.forms import DsfrBaseForm

from coopdec.widgets import FastSelect
from coopdec.calls.models import Campaign
from coopdec.territories.models import Region

MEASURES = {"laureats": "lauréat", "partenariats": "partenariat"}


class CampaignForm(DsfrBaseForm):
    """Which campaign: `default` (the latest with results) unless another is chosen, else the
    latest; an unknown year is reported."""

    campagne = forms.ChoiceField(widget=FastSelect, label="Campagne", required=False)

    def __init__(self, data, *, campaigns: list[Campaign], default: Campaign | None = None):
        super().__init__({name: data[name] for name in self.base_fields if name in data} or None)
        self.campaigns = {str(c.year): c for c in campaigns}
        self.default = default
        self.fields["campagne"].choices = [(year, year) for year in self.campaigns]

    def _chosen(self, name: str) -> str:
        """A valid value of one field, even when another field is not valid."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name) or ""

    def selected_campaign(self) -> Campaign | None:
        chosen = self._chosen("campagne")
        return self.campaigns.get(chosen) or self.default or next(iter(self.campaigns.values()), None)


class MapForm(CampaignForm):
    region = forms.ChoiceField(widget=FastSelect, 
        label="Pays partenaires des lauréats de", required=False,
        help_text="Sur la carte du monde\u00a0: les pays partenaires des collectivités de cette région.",
    )
    mesure = forms.ChoiceField(widget=FastSelect, 
        label="Carte de France", required=False,
        choices=[("laureats", "projets lauréats"), ("partenariats", "partenariats des lauréats")],
    )

    def __init__(self, data, *, campaigns: list[Campaign], regions: list[Region], default: Campaign | None = None):
        super().__init__(data, campaigns=campaigns, default=default)
        self.regions = {r.code: r for r in regions}
        self.fields["region"].choices = [("", "Toutes les régions")] + [(r.code, r.name) for r in regions]

    def selected_region(self) -> Region | None:
        return self.regions.get(self._chosen("region"))

    def selected_measure(self) -> str:
        return self._chosen("mesure") or "laureats"
