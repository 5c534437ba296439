from django import forms
from django.utils.translation import gettext_lazy as _

from coopdec.territories.models import Authority
from coopdec.territories.wording import authority_label


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
