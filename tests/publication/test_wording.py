from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from coopdec.french.text import french_spaces, number_fr, percent_fr, same_percent
from coopdec.publication.wording import acceptance_rate, date_remark, laureate_count_sentence


def test_rates_are_decimal_fractions_written_the_french_way():
    rate = acceptance_rate(retained=91, received=158)
    assert isinstance(rate, Decimal)
    assert percent_fr(rate) == "57,6\u00a0%"
    assert percent_fr(acceptance_rate(retained=76, received=113)) == "67,3\u00a0%"
    assert percent_fr(Decimal("0.6630"), 2) == "66,30\u00a0%"
    assert acceptance_rate(retained=0, received=0) is None


def test_a_published_rate_that_reads_differently_is_told_apart():
    assert same_percent(Decimal("0.576"), acceptance_rate(retained=91, received=158))
    assert not same_percent(Decimal("0.6630"), acceptance_rate(retained=76, received=113))


def test_numbers_are_grouped_with_a_no_break_space():
    assert number_fr(12345) == "12\u00a0345"
    assert number_fr(Decimal("1234.5"), 1) == "1\u00a0234,5"


def test_the_seed_count_says_what_it_counts():
    assert laureate_count_sentence(calls_for_projects=5, ami=1) == (
        "6 projets lauréats\u00a0: 5 lauréats des appels à projets "
        "et 1 lauréat d'un appel à manifestation d'intérêt"
    )


def test_french_plural_for_none_one_and_many():
    assert laureate_count_sentence(calls_for_projects=0, ami=0) == "Aucun lauréat enregistré dans CoopDec"
    assert laureate_count_sentence(calls_for_projects=1, ami=0) == "1 projet lauréat d'un appel à projets"
    assert laureate_count_sentence(calls_for_projects=2, ami=0) == "2 projets lauréats des appels à projets"
    assert laureate_count_sentence(calls_for_projects=0, ami=1) == (
        "1 projet lauréat d'un appel à manifestation d'intérêt"
    )
    assert laureate_count_sentence(calls_for_projects=1, ami=1) == (
        "2 projets lauréats\u00a0: 1 lauréat d'un appel à projets "
        "et 1 lauréat d'un appel à manifestation d'intérêt"
    )


@given(st.integers(0, 5000), st.integers(0, 5000))
def test_every_count_sentence_adds_up(calls_for_projects, ami):
    sentence = laureate_count_sentence(calls_for_projects=calls_for_projects, ami=ami)
    total = calls_for_projects + ami
    if total:
        assert sentence.startswith(number_fr(total) + " projet")
    if calls_for_projects and ami:
        assert f": {number_fr(calls_for_projects)} lauréat" in sentence
        assert f"et {number_fr(ami)} lauréat" in sentence


@given(st.integers(1, 10**6), st.integers(0, 10**6))
def test_a_rate_never_reads_above_the_count_it_comes_from(received, retained):
    retained = min(retained, received)
    text = percent_fr(acceptance_rate(retained=retained, received=received))
    value = Decimal(text.removesuffix("\u00a0%").replace("\u00a0", "").replace(",", "."))
    assert Decimal(0) <= value <= Decimal(100)
    assert abs(value - Decimal(retained) * 100 / received) <= Decimal("0.05")


def test_a_remark_on_a_date_is_said_in_french():
    assert date_remark("tbc") == "date à confirmer"
    assert date_remark("extended from 2023-01-31") == "prolongée, d'abord fixée au 31 janvier 2023"
    assert date_remark("à la fin du mois") == "remarque de la source\u00a0: «\u00a0à la fin du mois\u00a0»"


def test_french_spaces_only_turn_existing_spaces_non_breaking():
    assert french_spaces("Bargny Inovate : renforcer ; « oui » ! ou ?") == (
        "Bargny Inovate\u00a0: renforcer\u00a0; «\u00a0oui\u00a0»\u00a0! ou\u00a0?"
    )
    assert french_spaces("57,6% https://exemple.fr/?q=1 «x»") == "57,6% https://exemple.fr/?q=1 «x»"
