"""The membership forms: ask to join an authority, decide a request."""
from django import forms

from coopdec.territories.models import Authority


class MembershipRequestForm(forms.Form):
    authority = forms.ModelChoiceField(
        queryset=Authority.objects.all(), widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Cette collectivité n'existe pas dans CoopDec."},
    )


class MembershipDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", "Confirmer"), ("refuse", "Refuser")])
    reason = forms.CharField(
        label="Motif (communiqué au demandeur)", required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not data.get("reason", "").strip():
            self.add_error("reason", "Donnez le motif du refus\u00a0: le demandeur le lira.")
        return data

    @property
    def confirm(self) -> bool:
        return self.cleaned_data["decision"] == "confirm"
