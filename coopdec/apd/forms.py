from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from coopdec.french.text import parse_amount

from . import codelists
from .models import MARKERS, DeclarationLine, Marker

EMPTY = [("", "—")]


class EurosField(forms.CharField):
    """Euros as people type them (« 12 000 », « 12 000,50 »), read by french.text.parse_amount."""

    def __init__(self, **kwargs):
        super().__init__(max_length=30, widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                         **kwargs)

    def clean(self, value):
        text = super().clean(value)
        try:
            return parse_amount(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class LineForm(DsfrBaseForm):
    """A line of the declaration; the service checks it against the codelists (every door)."""

    country = forms.ChoiceField(label=_("Pays partenaire"), required=False)
    region_code = forms.ChoiceField(label=_("Ou, pour une dépense multi-pays, la région du monde"), required=False,
                                    help_text=_("Régions du Comité d'aide au développement (OCDE)."))
    channel_code = forms.ChoiceField(label=_("Canal"), help_text=_(
        "Par qui passe la dépense : la collectivité elle-même, une ONG, une organisation multilatérale… "
        "(codes CRS de l'OCDE)."))
    purpose_code = forms.ChoiceField(label=_("Code-objet CAD (secteur)"),
                                     help_text=_("Liste des codes-objet à 5 chiffres de l'OCDE."))
    spending = forms.ChoiceField(label=_("Nature de la dépense"), choices=EMPTY + DeclarationLine.Spending.choices)
    amount = EurosField(label=_("Montant (€)"), help_text=_("Par exemple 12 000 ou 12 000,50."))
    application = forms.ChoiceField(label=_("Dossier CoopDec concerné (facultatif)"), required=False)
    action_url = forms.URLField(label=_("Adresse de l'action dans l'Atlas (facultatif)"), required=False,
                                max_length=300, assume_scheme="https")
    description = forms.CharField(label=_("Description (facultatif)"), required=False, max_length=300)

    def __init__(self, *args, countries=(), applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = EMPTY + list(countries)
        self.fields["region_code"].choices = EMPTY + codelists.region_choices()
        self.fields["channel_code"].choices = EMPTY + codelists.channel_choices()
        self.fields["purpose_code"].choices = EMPTY + codelists.purpose_choices()
        self.applications = {str(a.pk): a for a in applications}
        self.fields["application"].choices = EMPTY + [(pk, f"n° {pk} — {a.title}") for pk, a in self.applications.items()]
        for field, label, _crs in MARKERS:
            self.fields[field] = forms.TypedChoiceField(label=_("Marqueur « {} »").format(label), coerce=int,
                                                        choices=Marker.choices, initial=0)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["application"] = self.applications.get(data.get("application") or "")
        return data


class ReasonForm(DsfrBaseForm):
    reason = forms.CharField(label=_("Ce qu'il faut corriger, et pourquoi"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)
