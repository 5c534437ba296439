"""`FastSelect` writes what Django's `Select` writes, without a template per option."""
import re

import pytest
from django import forms

from coopdec.widgets import FastSelect

CHOICES = [("", "Tous les pays"), ("BJ", "Bénin"), ("CI", "Côte d'Ivoire"), ("X&<", 'Nom <b>"gras"</b>'),
           ("BJ", "Bénin encore")]


def _same(html: str) -> str:
    return re.sub(r"\s+", " ", str(html)).replace("> <", "><").strip()


@pytest.mark.parametrize("value", [None, "", "BJ", "CI", "X&<", "inconnu", 7])
@pytest.mark.parametrize("attrs", [None, {"id": "id_pays", "class": "fr-select", "aria-describedby": "a b"},
                                   {"required": True, "disabled": False}])
def test_the_same_markup_as_django(value, attrs):
    ours = FastSelect(choices=CHOICES).render("pays", value, attrs)
    django_s = forms.Select(choices=CHOICES).render("pays", value, attrs)
    assert _same(ours) == _same(django_s)


def test_a_bound_form_field_keeps_its_choice_and_its_label_link():
    class Form(forms.Form):
        pays = forms.ChoiceField(widget=FastSelect, choices=CHOICES, required=False)

    html = str(Form({"pays": "CI"})["pays"])
    assert '<select name="pays" id="id_pays">' in html
    assert '<option value="CI" selected>Côte d&#x27;Ivoire</option>' in html
    assert html.count(" selected") == 1


def test_groups_and_multiple_selects_go_the_usual_way():
    grouped = [("Afrique", [("BJ", "Bénin")]), ("", "Aucun")]
    assert _same(FastSelect(choices=grouped).render("p", "BJ")) == _same(forms.Select(choices=grouped).render("p", "BJ"))
