from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from coopdec.calls.forms import AmountField
from coopdec.french.text import number_fr, parse_amount
from coopdec.territories.models import Authority
from coopdec.territories.resolve import Status, resolve_authority
from coopdec.territories.wording import authority_label

from . import workflow
from .models import Application, BudgetLine, Document
from .sdgs import sdg_names
from .selectors import InstructionFilters


class LeadConfirmForm(forms.Form):
    """Pick one of the candidates the resolver proposed, or name another by its official code."""

    candidate = forms.ChoiceField(label=_("Collectivité proposée"), required=False, widget=forms.RadioSelect)
    other_code = forms.CharField(
        label=_("Ou une autre collectivité, par son code officiel (INSEE ou SIREN)"), required=False,
        max_length=9,
    )

    def __init__(self, *args, candidates=(), **kwargs):
        """`candidates`: the authorities proposed, in the resolver's order, with their département."""
        super().__init__(*args, **kwargs)
        self.candidates = {f"{a.kind}:{a.code}": a for a in candidates}
        self.fields["candidate"].choices = [(key, authority_label(a)) for key, a in self.candidates.items()]

    def clean(self):
        data = super().clean()
        if data.get("other_code"):
            found = list(Authority.objects.filter(code=data["other_code"].strip())[:2])
            if len(found) != 1:
                raise forms.ValidationError(_("Aucune collectivité unique n'a ce code."))
            data["authority"] = found[0]
        elif data.get("candidate"):
            data["authority"] = self.candidates[data["candidate"]]
        else:
            raise forms.ValidationError(_("Choisissez une candidate ou saisissez un code."))
        return data


# ---------------------------------------------------------------------------------------------
# The dossier's steps. Choices arrive as lists from the view, so a template never queries.

NBSP = "\u00a0"
SDG_CHOICES = [(n, f"ODD{NBSP}{n}") for n in range(1, 18)]
MONEY = {"max_digits": 12}  # as BudgetLine.amount; typed the French way (« 20 000,50 »): FrenchAmountField


class FrenchAmountInput(forms.TextInput):
    """An amount shown back the French way: « 20 000 », « 60 000,50 » (never « 60000,00 »);
    what the user typed is shown back as typed when the form is refused."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return value
        amount = Decimal(value)
        return number_fr(amount, 0 if amount == amount.to_integral_value() else 2)


class FrenchAmountField(AmountField):
    """Euros read by `french.text.parse_amount` (« 20 000 », « 60 000,50 », « 20 000 € ») and shown
    back by `number_fr`; a clear French error for anything else."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.localize = False
        self.widget = FrenchAmountInput()

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            value = parse_amount(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None
        return forms.DecimalField.to_python(self, value)


class DraftForm(DsfrBaseForm):
    call = forms.ChoiceField(label=_("Appel à projets ouvert"))
    authority = forms.ChoiceField(label=_("Collectivité cheffe de file"),
                                  help_text=_("Parmi les collectivités dont vous êtes membre confirmé."))
    title = forms.CharField(label=_("Intitulé du projet"), max_length=300)

    def __init__(self, *args, calls, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.calls = {str(c.pk): c for c in calls}
        self.authorities = {str(a.pk): a for a in authorities}
        self.fields["call"].choices = [
            (key, f"{c.name} (campagne {c.campaign.year})") for key, c in self.calls.items()]
        self.fields["authority"].choices = [(key, str(a)) for key, a in self.authorities.items()]

    def clean(self):
        data = super().clean()
        data["call"] = self.calls.get(data.get("call"))
        data["authority"] = self.authorities.get(data.get("authority"))
        return data


class IdentityForm(DsfrBaseForm):
    title = forms.CharField(label=_("Intitulé du projet"), max_length=300)
    summary = forms.CharField(label=_("Résumé"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                              help_text=_("Quelques lignes : ce que le projet fait, avec qui, pour qui."))


class PartnersForm(DsfrBaseForm):
    """The French co-applicants, found by name as the reconciliation finds them (« Albi » → Albi
    (Tarn, 81004)); homonyms are offered to pick from. Works without JavaScript: type, save, pick."""

    co_applicants = forms.TypedMultipleChoiceField(
        label=_("Collectivités françaises co-porteuses"), coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Décochez une collectivité pour la retirer."))
    co_applicant_name = forms.CharField(
        label=_("Ajouter une collectivité co-porteuse"), required=False, max_length=200,
        help_text=_("Son nom, par exemple Albi ; en cas d'homonymes, précisez le département : "
                    "Saint-Denis (Réunion)."))
    co_applicant_pick = forms.TypedChoiceField(
        label=_("Plusieurs collectivités portent ce nom : laquelle ?"), coerce=int, required=False,
        widget=forms.RadioSelect, empty_value=None)

    def __init__(self, data=None, *, current=(), lead_id=None, **kwargs):
        """`current`: the co-applicant authorities recorded; `lead_id`: the lead authority's pk."""
        if data is not None:  # a blank value (an older form's empty text box) is no choice
            data = data.copy()
            data.setlist("co_applicants", [v for v in data.getlist("co_applicants") if str(v).strip()])
        super().__init__(data, **kwargs)
        self.lead_id = lead_id
        wanted = {int(v) for v in (data.getlist("co_applicants") if data is not None else ()) if str(v).isdigit()}
        known = {a.pk: a for a in current}
        missing = wanted - set(known)
        if missing:
            known.update({a.pk: a for a in Authority.objects.filter(pk__in=missing).select_related("departement")})
        self.known = known
        self.fields["co_applicants"].choices = [(pk, authority_label(a)) for pk, a in known.items()]
        self.initial.setdefault("co_applicants", [a.pk for a in current])
        if not known:
            del self.fields["co_applicants"]
        self.resolution = None
        name = (data.get("co_applicant_name") or "").strip() if data is not None else ""
        if name:
            self.resolution = resolve_authority(name)
            found = {a.pk: a for a in Authority.objects.filter(
                pk__in=[c.authority_id for c in self.resolution.candidates]).select_related("departement")}
            self.candidates = [found[c.authority_id] for c in self.resolution.candidates if c.authority_id in found]
            self.fields["co_applicant_pick"].choices = [(a.pk, authority_label(a)) for a in self.candidates]
        else:
            del self.fields["co_applicant_pick"]

    def clean(self):
        data = super().clean()
        chosen = [self.known[pk] for pk in data.get("co_applicants") or [] if pk in self.known]
        resolution = self.resolution
        if resolution is not None:
            picked = data.get("co_applicant_pick")
            name = data.get("co_applicant_name", "")
            if picked:
                chosen.append(next(a for a in self.candidates if a.pk == picked))
            elif resolution.status == Status.RESOLVED and resolution.match is not None:
                chosen.append(next(a for a in self.candidates if a.pk == resolution.match.authority_id))
            elif self.candidates:
                self.add_error("co_applicant_pick", _("« {name} » désigne plusieurs collectivités : choisissez "
                                                      "la bonne.").format(name=name))
            else:
                self.add_error("co_applicant_name", _("Aucune collectivité enregistrée dans CoopDec ne porte le "
                                                      "nom « {name} ».").format(name=name))
        if any(a.pk == self.lead_id for a in chosen):
            self.add_error("co_applicant_name", _("La collectivité cheffe de file n'est pas sa propre co-porteuse."))
        data["authorities"] = list(dict.fromkeys(chosen))
        return data


class PartnerForm(DsfrBaseForm):
    name = forms.CharField(label=_("Collectivité étrangère partenaire"), max_length=300, required=False)
    country = forms.ChoiceField(label=_("Pays"), required=False)

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—")] + list(countries)

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("country"):
            self.add_error("country", _("Indiquez le pays de ce partenaire."))
        if data.get("country") and not data.get("name"):
            self.add_error("name", _("Indiquez le nom de ce partenaire."))
        return data


PartnerFormSet = forms.formset_factory(PartnerForm, extra=2)


class ProjectForm(DsfrBaseForm):
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 8}), required=False)
    themes = forms.CharField(label=_("Thèmes"), required=False, max_length=500,
                             help_text=_("Séparés par des virgules, par exemple : eau, jeunesse, climat."))
    sdgs = forms.TypedMultipleChoiceField(label=_("Objectifs de développement durable (ODD)"),
                                          choices=SDG_CHOICES, coerce=int, required=False,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = sdg_names()  # each ODD with its name (data/reference/sdgs.csv)
        self.fields["sdgs"].choices = [(n, f"ODD{NBSP}{n}{NBSP}: {names[n]}" if n in names else label)
                                       for n, label in SDG_CHOICES]
    gender_marker = forms.TypedChoiceField(
        label=_("Marqueur égalité femmes-hommes (CAD de l'OCDE)"), coerce=int, empty_value=None,
        choices=[(v, label) for v, label in Application.GenderMarker.choices], widget=forms.RadioSelect,
        required=False,
    )
    starts_on = forms.DateField(label=_("Début du projet"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    duration_months = forms.IntegerField(label=_("Durée (mois)"), min_value=1, max_value=120, required=False)

    def clean_themes(self):
        return [t.strip() for t in self.cleaned_data["themes"].split(",") if t.strip()]


class BudgetForm(DsfrBaseForm):
    """The resources, and each partner country's part of the cost when there are several."""

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        for category, label in BudgetLine.Resource.choices:
            self.fields[category] = FrenchAmountField(label=f"{capfirst(label)} (€)", required=False, **MONEY)
        for iso2, name in countries:
            self.fields[f"part_{iso2}"] = FrenchAmountField(
                label=_("Part du coût avec {name} (€)").format(name=name), required=False, **MONEY)
        self.countries = [iso2 for iso2, _name in countries]

    def resources(self):
        return {c: self.cleaned_data.get(c) for c in BudgetLine.Resource.values}

    def country_parts(self):
        return {iso2: self.cleaned_data.get(f"part_{iso2}") for iso2 in self.countries}


class ExpenseForm(DsfrBaseForm):
    year = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100, required=False)
    category = forms.ChoiceField(label=_("Poste"), choices=[("", "—")] + BudgetLine.Expense.choices, required=False)
    amount = FrenchAmountField(label=_("Montant (€)"), required=False, **MONEY)

    def clean(self):
        data = super().clean()
        if data.get("amount") and not (data.get("year") and data.get("category")):
            raise forms.ValidationError(_("Une dépense a une année et un poste."))
        return data


ExpenseFormSet = forms.formset_factory(ExpenseForm, extra=2)


class DocumentForm(DsfrBaseForm):
    kind = forms.ChoiceField(label=_("Nature de la pièce"), choices=Document.Kind.choices)
    upload = forms.FileField(label=_("Fichier"), help_text=_("PDF, ODT, DOCX, XLSX, ODS, PNG ou JPEG."))


SWORN_STATEMENT = ("Je certifie sur l'honneur l'exactitude des informations de ce dossier et de ses pièces, "
                  "et que la collectivité cheffe de file m'a autorisé à le déposer en son nom.")


class SubmitForm(DsfrBaseForm):
    """The sworn statement ticked before a dossier is submitted; recorded with the submission."""

    declaration = forms.BooleanField(
        label=SWORN_STATEMENT,
        error_messages={"required": _("Cochez la déclaration sur l'honneur pour déposer le dossier.")})


class MessageForm(DsfrBaseForm):
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class InstructionFilterForm(DsfrBaseForm):
    """The ministry's filters: a GET form that works without JavaScript."""

    campagne = forms.TypedChoiceField(label=_("Campagne"), coerce=int, empty_value=None, required=False)
    appel = forms.TypedChoiceField(label=_("Appel"), coerce=int, empty_value=None, required=False)
    etat = forms.ChoiceField(label=_("État"), required=False,
                             choices=[("", _("Tous les états"))] + [
                                 (code, label) for code, label in workflow.CHOICES if code != workflow.BROUILLON])

    def __init__(self, data, *, options):
        super().__init__({name: data[name] for name in self.base_fields if name in data} or None)
        self.fields["campagne"].choices = [("", _("Toutes les campagnes"))] + [(y, str(y)) for y in options.years]
        self.fields["appel"].choices = [("", _("Tous les appels"))] + [
            (c.pk, f"{c.name} ({c.campaign.year})") for c in options.calls]

    def filters(self):
        data = self.cleaned_data if self.is_valid() else {}
        return InstructionFilters(campaign=data.get("campagne"), call=data.get("appel"), state=data.get("etat") or None)

    def query(self) -> str:
        """The filters as a query string, for the export links."""
        return urlencode({k: v for k, v in (self.cleaned_data if self.is_valid() else {}).items() if v})
