"""Normalisation: one key per way of writing a name."""
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopdec.territories.text import name_key, name_slug, normalise, strip_accents


def _whole_text_strip(text):
    """What strip_accents did before it worked character by character: it must not change."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")


@given(st.text())
def test_strip_accents_works_as_on_the_whole_text(text):
    assert strip_accents(text) == _whole_text_strip(text)


@given(st.text())
def test_normalise_is_idempotent_and_plain(text):
    key = normalise(text)
    assert normalise(key) == key
    assert set(key) <= set("abcdefghijklmnopqrstuvwxyz0123456789 ")
    assert "  " not in key and key == key.strip()


FRENCH = "abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæ0123456789 -'’.,()"


@given(st.text(alphabet=FRENCH + FRENCH.upper()))
def test_normalise_ignores_case_and_accents(text):
    assert normalise(text.upper()) == normalise(text.lower()) == normalise(strip_accents(text).lower())


@given(st.text())
def test_name_key_is_idempotent(text):
    assert name_key(name_key(text)) == name_key(text)


@pytest.mark.parametrize(("text", "key"), [
    ("St-Étienne", "saint etienne"),
    ("Ste-Foy-lès-Lyon", "sainte foy les lyon"),
    ("L’Haÿ-les-Roses", "l hay les roses"),
    ("Œuilly", "oeuilly"),
    ("Stenay", "stenay"),
])
def test_name_key(text, key):
    assert name_key(text) == key


@pytest.mark.parametrize(("name", "slug"), [
    ("Provence-Alpes-Côte d'Azur", "provence-alpes-cote-d-azur"),
    ("La Réunion", "la-reunion"),
    ("Auvergne-Rhône-Alpes", "auvergne-rhone-alpes"),
    ("Île-de-France", "ile-de-france"),
])
def test_name_slug(name, slug):
    assert name_slug(name) == slug
