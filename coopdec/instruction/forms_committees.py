"""Forms of the committee pages (/instruction/comites/)."""
from django import forms
from django.db.models import Exists, OuterRef, Q
from dsfr.forms import DsfrBaseForm

from coopdec.applications import workflow
from coopdec.applications.models import Application
from coopdec.calls.models import Call


class SessionOpenForm(DsfrBaseForm):
    appel = forms.ModelChoiceField(label="Appel", queryset=Call.objects.none(), empty_label="Choisir un appel")
    date = forms.DateField(label="Date du comité", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The calls a committee can sit for: those with an envelope or with dossiers under instruction.
        under_review = Application.objects.filter(
            call=OuterRef("pk"), provenance=Application.Provenance.PLATFORM,
            state__in={workflow.EN_INSTRUCTION, *workflow.DECIDED})
        self.fields["appel"].queryset = (
            Call.objects.filter(Q(envelope__isnull=False) | Exists(under_review))
            .select_related("campaign").order_by("-campaign__year", "name"))
        self.fields["appel"].label_from_instance = lambda call: f"{call.name} ({call.campaign.year})"


class ReasonForm(DsfrBaseForm):
    motif = forms.CharField(label="Motif de la réouverture (obligatoire, enregistré)",
                            widget=forms.Textarea(attrs={"rows": 2}))
