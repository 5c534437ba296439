"""The Atlas's forms: an action, its co-authorities (found by name as the dossier's co-applicant
picker finds them) and partners (a name and a country in French order), persons in charge,
the ministry's campaign and decisions, an embassy's completion and comments. The services check
everything again (every door)."""
from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from coopdec.applications.forms import SDG_CHOICES, FrenchAmountField, PartnerForm, PartnersForm
from coopdec.applications.sdgs import sdg_names
from coopdec.territories.wording import authority_label

from .models import Action, PersonInCharge

NBSP = "\u00a0"
STATUSES = [(value, label) for value, label in Action.Status.choices if value != Action.Status.WITHDRAWN]


def _date(label):
    return forms.DateField(label=label, required=False,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class CompletionForm(DsfrBaseForm):
    """What an embassy completes: the state, the dates, the description."""

    status = forms.ChoiceField(label=_("État"), choices=STATUSES)
    starts_on = _date(_("Début"))
    ends_on = _date(_("Fin"))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("La fin ne peut pas précéder le début."))
        return data


class ActionForm(CompletionForm):
    """An action as its authority's member records it."""

    kind = forms.ChoiceField(label=_("Nature"), choices=Action.Kind.choices)
    title = forms.CharField(label=_("Intitulé"), max_length=500)
    themes = forms.CharField(label=_("Thèmes"), required=False, max_length=500,
                             help_text=_("Séparés par des virgules, par exemple : eau, jeunesse, climat."))
    sdgs = forms.TypedMultipleChoiceField(label=_("Objectifs de développement durable (ODD)"), choices=SDG_CHOICES,
                                          coerce=int, required=False, widget=forms.CheckboxSelectMultiple)
    amount = FrenchAmountField(label=_("Montant total (€)"), required=False,
                               help_text=_("Par exemple 12 000 ou 12 000,50 ; vide quand il n'est pas connu."))

    field_order = ["kind", "title", "description", "status", "starts_on", "ends_on", "amount", "themes", "sdgs"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = sdg_names()
        self.fields["sdgs"].choices = [(n, f"ODD{NBSP}{n}{NBSP}: {names[n]}" if n in names else label)
                                       for n, label in SDG_CHOICES]
        if isinstance(self.initial.get("themes"), list):
            self.initial["themes"] = ", ".join(self.initial["themes"])

    def clean_themes(self):
        return [t.strip() for t in self.cleaned_data["themes"].split(",") if t.strip()]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in
                ("kind", "title", "description", "status", "starts_on", "ends_on", "amount", "themes", "sdgs")}


class CoAuthoritiesForm(PartnersForm):
    """The French authorities of the action beside its lead, found by name (homonyms to pick from)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {"co_applicants": _("Autres collectivités françaises de l'action"),
                  "co_applicant_name": _("Ajouter une collectivité française"),
                  "co_applicant_pick": _("Plusieurs collectivités portent ce nom : laquelle ?")}
        for name, label in labels.items():
            if name in self.fields:
                self.fields[name].label = label


PartnerFormSet = forms.formset_factory(PartnerForm, extra=2)


class PartnerNameForm(DsfrBaseForm):
    name = forms.CharField(label=_("Nom du partenaire"), max_length=300)


class NoteForm(DsfrBaseForm):
    text = forms.CharField(label=_("Commentaire"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                           help_text=_("Visible du ministère et des ambassades, jamais du public."))


class PersonForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = PersonInCharge
        fields = ["kind", "name", "function", "email", "phone"]
        widgets = {"kind": forms.RadioSelect}


class CampaignForm(DsfrBaseForm):
    year = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100)
    opens_on = forms.DateField(label=_("Ouverture"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    closes_on = forms.DateField(label=_("Clôture (dernier jour inclus)"),
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("La clôture ne peut pas précéder l'ouverture."))
        return data


class DecideForm(DsfrBaseForm):
    """Which of the candidates a name written on one action meant."""

    authority = forms.TypedChoiceField(label=_("Collectivité désignée"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {a.pk: a for a in candidates}
        self.fields["authority"].choices = [(a.pk, authority_label(a)) for a in candidates]

    def clean_authority(self):
        return self.candidates[self.cleaned_data["authority"]]


class CountryDecideForm(DsfrBaseForm):
    """The country of a partner written without one CoopDec knows."""

    country = forms.ChoiceField(label=_("Pays du partenaire"))

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]
