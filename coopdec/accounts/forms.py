"""The membership forms: ask to join an authority, decide a request; the sign-up form."""
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password

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


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, doing the same work whether the address already has an account or not.

    For a new address allauth hashes the password (most of the time: 0.3 to 1.4 s) and sends the
    confirmation e-mail; for a known one it sent « un compte existe déjà » at once — 23 to 48 ms,
    which told anyone timing the answer that the address had an account. Now the known address's
    password is hashed too (and thrown away): both answers take the hasher's time."""

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
