"""Scoring rules: a sheet's mark out of 20 weighs each criterion on its own scale; an incomplete
sheet counts for nothing; the dossier's mean and spread; ranks with ties and unmarked dossiers."""
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopdec.instruction.rules import (
    Criterion, Ranked, ValueRefused, dossier_score, ranking, sheet_score, value_check,
)

GRID = [Criterion(1, "Pertinence", D("3"), 5), Criterion(2, "Partenariat", D("2"), 5), Criterion(3, "Effets", D("1"), 10)]


def test_a_sheet_weighs_each_criterion_on_its_own_scale():
    # (3 × 4/5 + 2 × 5/5 + 1 × 5/10) / 6 × 20 = (2.4 + 2 + 0.5) / 6 × 20 = 16.33
    assert sheet_score(GRID, {1: 4, 2: 5, 3: 5}) == D("16.33")
    assert sheet_score(GRID, {1: 5, 2: 5, 3: 10}) == D("20.00")
    assert sheet_score(GRID, {1: 0, 2: 0, 3: 0}) == D("0.00")


def test_the_weights_decide_which_criterion_counts_more():
    strong_on_the_heavy_one = sheet_score(GRID, {1: 5, 2: 0, 3: 0})
    strong_on_the_light_one = sheet_score(GRID, {1: 0, 2: 0, 3: 10})
    assert (strong_on_the_heavy_one, strong_on_the_light_one) == (D("10.00"), D("3.33"))


def test_a_sheet_with_a_blank_criterion_has_no_mark_and_no_grid_gives_none():
    assert sheet_score(GRID, {1: 5, 2: 5}) is None
    assert sheet_score([], {}) is None


def test_the_dossier_averages_its_complete_sheets_and_gives_their_spread():
    score = dossier_score(GRID, [{1: 5, 2: 5, 3: 10}, {1: 4, 2: 5, 3: 5}, {1: 1}])
    assert score.marks == (D("20.00"), D("16.33"))
    assert (score.average, score.spread) == (D("18.17"), D("3.67"))
    assert (score.complete, score.incomplete) == (2, 1)


def test_a_dossier_without_a_complete_sheet_has_no_average():
    score = dossier_score(GRID, [{1: 5}])
    assert (score.average, score.spread, score.complete, score.incomplete) == (None, None, 0, 1)
    assert dossier_score(GRID, []).average is None


def test_equal_averages_share_a_rank_the_next_one_skips_and_unmarked_dossiers_come_last_unranked():
    entries = [("a", D("12.00")), ("b", None), ("c", D("15.50")), ("d", D("12.00")), ("e", D("9.00"))]
    assert ranking(entries) == [
        Ranked(1, "c", D("15.50")), Ranked(2, "a", D("12.00")), Ranked(2, "d", D("12.00")),
        Ranked(4, "e", D("9.00")), Ranked(None, "b", None),
    ]


def test_a_value_off_its_scale_is_refused_in_french():
    assert value_check(GRID[2], 10) == 10
    for wrong in (-1, 11, 2.5, True):
        with pytest.raises(ValueRefused, match="« Effets » se note de 0 à 10"):
            value_check(GRID[2], wrong)


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 10)), min_size=1, max_size=8))
def test_the_average_lies_between_the_lowest_and_highest_marks_and_the_spread_is_their_gap(sheets):
    score = dossier_score(GRID, [{1: a, 2: b, 3: c} for a, b, c in sheets])
    assert min(score.marks) <= score.average <= max(score.marks)
    assert D("0") <= score.spread <= D("20")
    assert abs(score.spread - (max(score.marks) - min(score.marks))) <= D("0.01")


@given(st.lists(st.one_of(st.none(), st.decimals(0, 20, places=2)), max_size=12))
def test_ranks_never_increase_with_a_lower_average(averages):
    ranked = ranking(list(enumerate(averages)))
    assert sorted(r.key for r in ranked) == list(range(len(averages)))
    marked = [r for r in ranked if r.rank is not None]
    for higher, lower in zip(marked, marked[1:]):
        assert higher.average >= lower.average
        assert (higher.rank == lower.rank) == (higher.average == lower.average)
    assert all(r.rank is None for r in ranked[len(marked):])
