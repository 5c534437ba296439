"""The instruction pages' forms: a sheet built from the call's grid, an opinion, an assignment
(one dossier, or a batch by call or partner country), a request for corrections."""
from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from coopdec.applications.permissions import SECTIONS
from coopdec.french.text import french_spaces


from .models import Opinion


def _weight(value) -> str:
    return format(value.normalize(), "f").replace(".", ",")


class ScoreForm(DsfrBaseForm):
    """One field per criterion of the call's grid (`critere_<id>`), blank allowed: a sheet can be
    filled over several visits, and counts once complete."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"critere_{criterion.pk}"] = forms.IntegerField(
                label=criterion.label, required=False, min_value=0, max_value=criterion.scale_max,
                help_text=french_spaces(f"De 0 à {criterion.scale_max} ; poids {_weight(criterion.weight)}"),
                error_messages={
                    "min_value": french_spaces(f"« {criterion.label} » se note de 0 à {criterion.scale_max}."),
                    "max_value": french_spaces(f"« {criterion.label} » se note de 0 à {criterion.scale_max}."),
                    "invalid": french_spaces(f"« {criterion.label} » se note par un nombre entier."),
                },
            )
            self.fields[f"commentaire_{criterion.pk}"] = forms.CharField(
                label=french_spaces(f"Commentaire sur « {criterion.label} »"), required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Ce qui justifie la note (facultatif)."),
            )

    def values(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"critere_{c.pk}") for c in self.criteria}

    def comments(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"commentaire_{c.pk}", "") for c in self.criteria}


class AnnotationForm(DsfrBaseForm):
    text = forms.CharField(
        label=_("Nouvelle annotation"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Lue par le ministère et les instructeurs du dossier, jamais par le demandeur."),
        error_messages={"required": _("Écrivez l'annotation avant de l'enregistrer.")},
    )


class OpinionForm(DsfrBaseForm):
    issuer_kind = forms.ChoiceField(label=_("Émetteur"), choices=Opinion.Issuer.choices)
    issuer = forms.CharField(label=_("Service"), max_length=200,
                             help_text=_("Par exemple « Ambassade de France au Sénégal »."))
    recommendation = forms.ChoiceField(label=_("Avis"), choices=Opinion.Recommendation.choices)
    comment = forms.CharField(label=_("Commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


def _instructor_choices(instructors):
    return [("", _("Choisir un instructeur"))] + [
        (person.pk, f"{person.email} ({', '.join(str(r.call or r.country) for r in person.instructor_roles)})")
        for person in instructors
    ]


class AssignForm(DsfrBaseForm):
    instructeur = forms.TypedChoiceField(label=_("Instructeur"), coerce=int)

    def __init__(self, *args, instructors, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in instructors}
        self.fields["instructeur"].choices = _instructor_choices(instructors)

    def instructor(self):
        return self.people[self.cleaned_data["instructeur"]]


class BatchForm(AssignForm):
    """An instructor and either a call or a partner country: every dossier under review of it."""

    appel = forms.TypedChoiceField(label=_("Appel"), coerce=int, empty_value=None, required=False)
    pays = forms.ChoiceField(label=_("Ou pays partenaire"), required=False)

    def __init__(self, *args, calls, countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.calls = {call.pk: call for call in calls}
        self.countries = {country.pk: country for country in countries}
        self.fields["appel"].choices = [("", _("Aucun appel"))] + [
            (call.pk, f"{call.name} ({call.campaign.year})") for call in calls]
        self.fields["pays"].choices = [("", _("Aucun pays"))] + [(c.pk, c.name_fr) for c in countries]

    def clean(self):
        data = super().clean()
        if bool(data.get("appel")) == bool(data.get("pays")):
            raise forms.ValidationError(_("Choisissez soit un appel, soit un pays partenaire."))
        return data

    def scope(self) -> dict:
        data = self.cleaned_data
        return {"call": self.calls.get(data.get("appel")), "country": self.countries.get(data.get("pays"))}


class CorrectionsForm(DsfrBaseForm):
    sections = forms.MultipleChoiceField(
        label=_("Parties du dossier à corriger"), choices=list(SECTIONS.items()), widget=forms.CheckboxSelectMultiple,
        help_text=_("Le demandeur ne pourra modifier que celles-ci."),
        error_messages={"required": _("Cochez au moins une partie du dossier à corriger.")},
    )
    message = forms.CharField(
        label=_("Message au demandeur (obligatoire)"), widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Dites au demandeur ce qu'il doit compléter.")},
    )


# ---------------------------------------------------------------- opinions asked in CoopDec

ISSUER_HELP = _("L'ambassade de France de chaque pays partenaire du dossier ; la préfecture de sa région.")


def _default_due_on():
    from datetime import timedelta

    from django.utils import timezone

    return timezone.localdate() + timedelta(days=21)


class OpinionRequestForm(DsfrBaseForm):
    """Ask the embassy and/or the prefecture of one dossier."""

    emetteurs = forms.MultipleChoiceField(
        label=_("Demander l'avis de"), choices=Opinion.Issuer.choices, widget=forms.CheckboxSelectMultiple,
        help_text=ISSUER_HELP, error_messages={"required": _("Cochez l'ambassade, la préfecture ou les deux.")})
    echeance = forms.DateField(
        label=_("Avis attendu pour le"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Passé cette date, l'ambassade ou la préfecture est relancée chaque semaine."),
        error_messages={"required": _("Indiquez la date à laquelle l'avis est attendu."),
                        "invalid": _("Saisissez une date valide, par exemple 31/03/2027.")})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"emetteurs": [k for k, _ in Opinion.Issuer.choices],
                                      "echeance": _default_due_on()})
        super().__init__(*args, **kwargs)


class OpinionBatchForm(OpinionRequestForm):
    """The same for every dossier under review of a call, or for those of it ticked."""

    dossiers = forms.TypedMultipleChoiceField(
        label=_("Dossiers"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Cochez des dossiers pour ne consulter que sur eux ; sans case cochée, tous les dossiers "
                    "en instruction de l'appel."))

    def __init__(self, *args, dossiers, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_pk = {a.pk: a for a in dossiers}
        self.fields["dossiers"].choices = [(a.pk, f"n° {a.pk} — {a.title} ({a.lead_name})") for a in dossiers]

    def chosen(self) -> list:
        picked = self.cleaned_data.get("dossiers") or list(self.by_pk)
        return [self.by_pk[pk] for pk in picked]


class OpinionAnswerForm(DsfrBaseForm):
    recommendation = forms.ChoiceField(
        label=_("Votre avis"), choices=Opinion.Recommendation.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez l'avis : favorable, réservé ou défavorable.")})
    text = forms.CharField(
        label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Obligatoires pour un avis réservé ou défavorable. Lues par le ministère et le comité de "
                    "sélection ; le demandeur ne les lit que si le ministère le décide."))
