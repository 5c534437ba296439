"""The grants' forms: a report filed by the applicant, a payment recorded and a report reviewed
by the ministry. Plain POST forms that work without JavaScript."""
from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from coopdec.applications.forms import FrenchAmountField
from coopdec.applications.models import BudgetLine

ACCEPTED = "PDF, ODT, DOCX, XLSX, ODS, PNG ou JPEG."


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); an empty input gives []."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ReportForm(DsfrBaseForm):
    """The technical narrative, the financial statement (spent per expense category of the
    budget) and the documents of a report."""

    narrative = forms.CharField(
        label=_("Compte rendu technique"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ce qui a été réalisé sur la période, les écarts au projet et leurs raisons."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in BudgetLine.Expense.choices:
            self.fields[f"depense_{code}"] = FrenchAmountField(label=f"Dépensé — {label} (€)", required=False)
        self.fields["documents"] = MultipleFileField(
            label=_("Pièces justificatives (facultatif)"), required=False,
            help_text=_("Un ou plusieurs fichiers : ") + ACCEPTED)

    def statement(self) -> dict:
        return {code: self.cleaned_data.get(f"depense_{code}") for code in BudgetLine.Expense.values}


class PaymentForm(DsfrBaseForm):
    # A date input sends and shows ISO dates, whatever the page's language.
    paid_on = forms.DateField(label=_("Date du versement"),
                              widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    amount = FrenchAmountField(label=_("Montant versé (€)"))


class ReviewForm(DsfrBaseForm):
    ACCEPT, CHANGES = "accepter", "modifier"
    decision = forms.ChoiceField(label=_("Décision"), widget=forms.RadioSelect, choices=[
        (ACCEPT, _("Accepter le rapport")), (CHANGES, _("Demander des modifications"))])
    comment = forms.CharField(label=_("Commentaire pour le porteur"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Obligatoire pour demander des modifications."))

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.CHANGES and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Dites au porteur ce qu'il faut modifier."))
        return data
