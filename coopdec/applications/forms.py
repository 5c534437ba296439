from django import forms
from django.utils.translation import gettext_lazy as _

from coopdec.territories.models import Authority


class LeadConfirmForm(forms.Form):
    """Pick one of the candidates the resolver proposed, or name another by its official code."""

    candidate = forms.ChoiceField(label=_("Candidat"), required=False, widget=forms.RadioSelect)
    other_code = forms.CharField(
        label=_("Ou un autre code officiel (INSEE ou SIREN)"), required=False, max_length=9
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].choices = [
            (f"{c['kind']}:{c['code']}",
             f"{c['name']} — {c['kind']} {c['code']}, département {c['departement'] or '—'}, "
             f"population {c['population'] or '—'}")
            for c in candidates
        ]

    def clean(self):
        data = super().clean()
        if data.get("other_code"):
            found = list(Authority.objects.filter(code=data["other_code"].strip())[:2])
            if len(found) != 1:
                raise forms.ValidationError(_("Aucune collectivité unique n'a ce code."))
            data["authority"] = found[0]
        elif data.get("candidate"):
            kind, code = data["candidate"].split(":", 1)
            data["authority"] = Authority.objects.get(kind=kind, code=code)
        else:
            raise forms.ValidationError(_("Choisissez un candidat ou saisissez un code."))
        return data
