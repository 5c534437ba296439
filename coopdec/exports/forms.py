"""The officer's export form: format, columns (grouped as the catalogue declares them), and an
optional name to keep the columns as a template."""
from django import forms

from .columns import COLUMNS, GROUPS
from .models import Format


def column_choices():
    return [(group, [(c.key, c.label) for c in COLUMNS if c.group == group])
            for group in GROUPS if any(c.group == group for c in COLUMNS)]


class ExportForm(forms.Form):
    format = forms.ChoiceField(label="Format", choices=Format.choices, widget=forms.RadioSelect,
                               initial=Format.XLSX)
    columns = forms.MultipleChoiceField(
        label="Colonnes", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins une colonne."})
    template_name = forms.CharField(
        label="Garder ces colonnes comme modèle, sous le nom", required=False, max_length=100,
        help_text="Facultatif ; un modèle du même nom est remplacé.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["columns"].choices = column_choices()

    def groups(self):
        """(group, [(key, label, checked)]) for the template, which draws a fieldset per group."""
        chosen = set(self["columns"].value() or [])
        return [(group, [(key, label, key in chosen) for key, label in options])
                for group, options in self.fields["columns"].choices]
