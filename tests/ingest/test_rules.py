"""Amounts written the French way, and places by name or code."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopdec.french.text import euros
from coopdec.ingest.rules import MAX_AMOUNT, AmountError, Places, parse_amount


@pytest.mark.parametrize("text,amount", [
    ("34 000", "34000"), ("34000", "34000"), ("34 000,00 €", "34000"), ("34\u202f000,00\u00a0€", "34000"),
    ("34\u00a0000 €", "34000"), ("34.000", "34000"), ("1.234.567,89", "1234567.89"), ("34000.5", "34000.50"),
    ("34 000 EUR", "34000"), ("34 000 euros", "34000"), ("0", "0"), (34000, "34000"),
])
def test_amounts_are_read_the_french_way(text, amount):
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["", "  ", "-", "–", "NC", "n.c."])
def test_a_cell_that_says_nothing_is_no_amount(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("text,why", [
    ("trente mille", "montant illisible « trente mille »"),
    ("34,000,00", "montant illisible"),
    ("1234.567", "montant illisible"),
    ("-5 000", "montant illisible"),
    ("99 999 999 999", "montant hors limites"),
])
def test_an_unreadable_amount_says_why(text, why):
    with pytest.raises(AmountError, match=why):
        parse_amount(text)


@given(st.decimals(min_value=0, max_value=MAX_AMOUNT, places=2))
def test_an_amount_written_the_french_way_reads_back(amount):
    assert parse_amount(euros(amount)) == amount


def test_places_by_code_name_and_both():
    places = Places.from_rows([("04", "La Réunion"), ("76", "Occitanie")],
                              [("974", "La Réunion"), ("81", "Tarn"), ("2A", "Corse-du-Sud")])
    assert [places.region(t) for t in ("La Réunion", "reunion", "4", "04", "Occitanie", "Atlantide")] == [
        "04", "04", "04", "04", "76", None]
    assert [places.departement(t) for t in ("Tarn (81)", "81 - Tarn", "2a", "corse du sud", "Réunion")] == [
        "81", "81", "2A", "2A", "974"]
    assert places.is_french("Tarn") and not places.is_french("Sénégal")
