"""The public simulator's form: a GET form that works without JavaScript."""
import re
from decimal import Decimal

from django import forms
from dsfr.forms import DsfrBaseForm

from . import rules
from .models import MONEY, Call

COUNTRY_ROWS = 4
_SPACES = re.compile(r"[\s\u00a0\u202f]")
_AMOUNT = re.compile(r"-?\d+(?:\.\d+)?")


class AmountField(forms.DecimalField):
    """Euros as people type them: « 100 000 », « 12 345,50 » or « 12345.50 »; at most what an
    amount column holds (MONEY: 12 digits, 2 after the point), so that no database refuses it."""

    def __init__(self, *, max_digits=MONEY["max_digits"], **kwargs):
        super().__init__(min_value=0, max_digits=max_digits, decimal_places=2, localize=True, **kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = _SPACES.sub("", value).replace(",", ".")
            # Digits only: Decimal() would also read « sNaN », « Infinity » or « 1e30 », which no
            # one types for euros and which break a comparison (has_changed) or a quantize.
            if value and _AMOUNT.fullmatch(value) is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class SimulationForm(DsfrBaseForm):
    appel = forms.ModelChoiceField(label="Appel à projets", queryset=Call.objects.none(),
                                   empty_label="Choisir un appel")
    cout_total = AmountField(label="Coût total du projet (€)")
    numeraire = AmountField(label="Apport en numéraire des collectivités françaises (€)", required=False)
    valorisation = AmountField(
        label="Valorisation des collectivités françaises (€)", required=False,
        help_text="Apports en nature, par exemple le temps de travail des agents.",
    )
    partenaires = AmountField(label="Apports des partenaires étrangers (€)", required=False)
    autres = AmountField(label="Autres cofinancements (€)", required=False)
    subvention = AmountField(label="Subvention demandée au ministère (€)", required=False)
    duree = forms.IntegerField(label="Durée du projet (mois)", required=False, min_value=1, max_value=120)

    def __init__(self, data, *, calls, countries: list[tuple[str, str]]):
        super().__init__(data)
        self.fields["appel"].queryset = calls
        self.fields["appel"].label_from_instance = lambda call: f"{call.name} (campagne {call.campaign.year})"
        for row in range(1, COUNTRY_ROWS + 1):
            self.fields[f"pays_{row}"] = forms.ChoiceField(
                label=f"Pays partenaire {row}", required=row == 1,
                choices=[("", "Choisir un pays")] + countries,
            )
            self.fields[f"part_{row}"] = AmountField(
                label=f"Part du coût dans le pays {row} (€)", required=False,
                help_text="Facultatif pour un seul pays : tout le coût." if row == 1 else "",
            )

    def country_rows(self):
        """The (country, cost) pairs of the form, as bound fields for the template."""
        return [(self[f"pays_{row}"], self[f"part_{row}"]) for row in range(1, COUNTRY_ROWS + 1)]

    def money_fields(self):
        return [self[name] for name in ("cout_total", "numeraire", "valorisation", "partenaires", "autres",
                                        "subvention", "duree")]

    def clean(self):
        cleaned = super().clean()
        chosen = [row for row in range(1, COUNTRY_ROWS + 1) if cleaned.get(f"pays_{row}")]
        for row in range(1, COUNTRY_ROWS + 1):
            if cleaned.get(f"part_{row}") is not None and row not in chosen:
                self.add_error(f"pays_{row}", "Choisissez le pays de cette part du coût.")
        if len(chosen) > 1:
            for row in chosen:
                if cleaned.get(f"part_{row}") is None:
                    self.add_error(f"part_{row}", "Avec plusieurs pays, indiquez la part du coût de chacun.")
        return cleaned

    def budget(self) -> rules.Budget:
        data = self.cleaned_data
        chosen = [row for row in range(1, COUNTRY_ROWS + 1) if data.get(f"pays_{row}")]
        total = data["cout_total"]
        return rules.Budget(
            countries=tuple((data[f"pays_{row}"], total if len(chosen) == 1 and data[f"part_{row}"] is None
                             else data[f"part_{row}"]) for row in chosen),
            total_cost=total,
            **{field: data[name] or Decimal(0) for field, name in (
                ("french_cash", "numeraire"), ("french_in_kind", "valorisation"),
                ("partner_contributions", "partenaires"), ("other_funding", "autres"),
                ("requested_grant", "subvention"))},
            duration_months=data["duree"],
        )
