"""The exchange's forms: they read what is typed; the services decide (every refusal has its reason)."""
from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from coopdec.territories.models import Country, Region

from .models import Listing
from .services import MESSAGE_MAX, TEXT_MAX, TITLE_MAX

EMPTY = [("", "—")]


class PublishForm(DsfrBaseForm):
    kind = forms.ChoiceField(label=_("Nature de l'annonce"), choices=EMPTY + Listing.Kind.choices)
    publisher = forms.ChoiceField(label=_("Au nom de"), help_text=_(
        "Votre collectivité ; ou, pour un agent d'ambassade ou un membre de réseau régional, une collectivité "
        "étrangère que vous connaissez."))
    foreign_name = forms.CharField(label=_("Nom de la collectivité étrangère (si elle publie)"), required=False,
                                   max_length=200)
    foreign_country = forms.ChoiceField(label=_("Pays de la collectivité étrangère (si elle publie par un réseau)"),
                                        required=False)
    title = forms.CharField(label=_("Intitulé"), max_length=TITLE_MAX)
    themes = forms.CharField(label=_("Thèmes"), max_length=500,
                             help_text=_("Séparés par des virgules : eau et assainissement, culture, jeunesse…"))
    countries = forms.MultipleChoiceField(
        label=_("Pays où la collectivité française cherche des partenaires"), required=False,
        help_text=_("Plusieurs choix possibles (touche Ctrl ou Cmd)."),
        widget=forms.SelectMultiple(attrs={"size": 8}))
    regions = forms.MultipleChoiceField(
        label=_("Régions françaises où la collectivité étrangère cherche des partenaires (facultatif)"),
        required=False, help_text=_("Plusieurs choix possibles (touche Ctrl ou Cmd)."),
        widget=forms.SelectMultiple(attrs={"size": 6}))
    text = forms.CharField(label=_("Présentation"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Qui vous êtes, ce que vous proposez ou cherchez. N'y écrivez pas d'adresse "
                                       "électronique : les messages passent par CoopDec."))

    def __init__(self, *args, publishers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publisher"].choices = EMPTY + list(publishers)
        countries = [(c.pk, c.name_fr) for c in Country.objects.order_by("name_fr")]
        self.fields["countries"].choices = countries
        self.fields["foreign_country"].choices = EMPTY + countries
        self.fields["regions"].choices = [(r.pk, r.name) for r in Region.objects.order_by("name")]

    def clean_themes(self):
        themes = [t.strip() for t in self.cleaned_data["themes"].split(",") if t.strip()]
        if not themes:
            raise forms.ValidationError(_("Indiquez au moins un thème."))
        return themes

    def clean(self):
        data = super().clean()
        publisher = data.get("publisher", "")
        if publisher.startswith(("amb:", "res:")) and not data.get("foreign_name", "").strip():
            self.add_error("foreign_name", _("Indiquez le nom de la collectivité étrangère qui publie."))
        if publisher.startswith("res:") and not data.get("foreign_country"):
            self.add_error("foreign_country", _("Indiquez le pays de la collectivité étrangère."))
        if publisher.startswith("fr:") and not data.get("countries"):
            self.add_error("countries", _("Indiquez au moins un pays où vous cherchez des partenaires."))
        return data


class ContactForm(DsfrBaseForm):
    as_whom = forms.ChoiceField(label=_("Vous écrivez au nom de"))
    text = forms.CharField(label=_("Votre message"), max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("CoopDec le transmet sans votre adresse électronique ; la réponse vous "
                                       "parviendra par CoopDec."))

    def __init__(self, *args, senders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_whom"].choices = list(senders)


class ReplyForm(DsfrBaseForm):
    text = forms.CharField(label=_("Votre réponse"), max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 6}))
