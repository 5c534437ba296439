"""The one French formatter: every page, PDF, e-mail and message writes amounts and dates so."""
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from coopdec.french.text import (
    collation_key, date_fr, datetime_fr, euros, french_spaces, number_fr, parse_amount, percent_fr, plural_fr,
)


def test_amounts_show_their_cents_only_when_there_are_some():
    assert euros(Decimal("60000")) == "60\u00a0000\u00a0€"
    assert euros(Decimal("60000.50")) == "60\u00a0000,50\u00a0€"
    assert euros(Decimal("100000.00")) == "100\u00a0000\u00a0€"  # the acknowledgement said « 100000,00 € »
    assert euros(None) == ""


def test_numbers_and_rates():
    assert number_fr(12345) == "12\u00a0345"
    assert number_fr(Decimal("57.6")) == "57,6"
    assert number_fr(Decimal("-1234.5")) == "-1\u00a0234,5"
    assert percent_fr(Decimal("0.5759")) == "57,6\u00a0%"
    assert percent_fr(Decimal("0.125"), None) == "12,5\u00a0%"
    assert percent_fr(Decimal("0.70"), None) == "70\u00a0%"
    assert plural_fr(0, "projet", "projets") == "projet" and plural_fr(2, "projet", "projets") == "projets"


def test_dates_say_1er_and_are_read_in_paris_time():
    assert date_fr(date(2027, 4, 1)) == "1er avril 2027"
    assert date_fr(date(2030, 7, 2)) == "2 juillet 2030"
    # 22:30 UTC on 31 March is already 1 April in Paris (summer time)
    assert date_fr(datetime(2027, 3, 31, 22, 30, tzinfo=timezone.utc)) == "1er avril 2027"
    assert datetime_fr(datetime(2027, 3, 31, 22, 30, 5, tzinfo=timezone.utc), seconds=True) == \
        "1er avril 2027 à 00:30:05"


def test_templates_write_the_same():
    rendered = Template("{% load french %}{{ a|euros }} · {{ d|date_fr }} · {{ r|pourcentage }} · {{ missing|date_fr }}").render(
        Context({"a": Decimal("60000.5"), "d": date(2027, 4, 1), "r": Decimal("0.576")}))
    assert rendered == "60\u00a0000,50\u00a0€ · 1er avril 2027 · 57,6\u00a0% · "


def test_french_spaces_and_collation():
    assert french_spaces("Bargny : eau « potable »") == "Bargny\u00a0: eau «\u00a0potable\u00a0»"
    countries = ["Burundi", "Égypte", "Bénin", "Espagne", "Danemark"]
    assert sorted(countries, key=collation_key) == ["Bénin", "Burundi", "Danemark", "Égypte", "Espagne"]


@pytest.mark.parametrize("typed", ["20 000,50", "20\u00a0000,50", "20\u202f000,50", "20000.50", "20 000,50 €"])
def test_amounts_typed_the_french_way_are_read(typed):
    assert parse_amount(typed) == Decimal("20000.50")


@pytest.mark.parametrize("typed", ["sNaN", "1e30", "NaN", "Infinity", "", "20,000,00"])
def test_what_is_not_an_amount_is_refused_in_french(typed):
    with pytest.raises(ValueError, match="n'est pas un montant"):
        parse_amount(typed)


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False))
def test_an_amount_written_reads_back(amount):
    assert parse_amount(euros(amount)) == amount.quantize(Decimal("0.01"))


def test_de_before_a_name_is_elided_or_contracted():
    from coopdec.french.text import of_fr
    assert [of_fr(n) for n in ("Castres", "Albi", "Évry", "Le Havre", "Les Mureaux", "Ytrac")] == [
        "de Castres", "d'Albi", "d'Évry", "du Havre", "des Mureaux", "d'Ytrac"]
