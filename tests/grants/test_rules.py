"""The pure grant rules: properties of the tranche schedule (hypothesis) and the report deadlines."""
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coopdec.grants.rules import (
    Condition, ReportDue, ReportKind, ScheduleRefused, months_after, report_deadlines, tranche_schedule,
)

# Grants from one cent to ten million euros, in cents; yearly costs likewise, some years at zero.
grants = st.integers(min_value=1, max_value=10**9).map(lambda cents: D(cents) / 100)
costs = st.integers(min_value=0, max_value=10**9).map(lambda cents: D(cents) / 100)
years = st.integers(min_value=2020, max_value=2035)
# At least one year with a cost, by construction (a filter would reject and slow generation).
budgets = st.tuples(st.dictionaries(years, costs, max_size=5), years,
                    st.integers(min_value=1, max_value=10**9)).map(
    lambda drawn: {**drawn[0], drawn[1]: D(drawn[2]) / 100})
# Speed is measured in bench/, never in tests: no deadline, and a machine shared by many test
# runs must not fail a property for generating its examples slowly.
untimed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@untimed
@given(grant=grants, yearly=budgets)
@example(grant=D("70000"), yearly={2026: D("60000"), 2027: D("40000")})
@example(grant=D("100"), yearly={2026: D("1"), 2027: D("1"), 2028: D("1")})
@example(grant=D("0.01"), yearly={2026: D("5")})
def test_the_schedule_adds_up_to_the_grant_exactly_in_whole_euros_but_the_remainder(grant, yearly):
    payments = tranche_schedule(grant=grant, yearly_costs=yearly)
    assert sum(p.amount for p in payments) == grant
    assert all(p.amount >= 0 for p in payments)
    assert [p.order for p in payments] == list(range(1, len(payments) + 1))
    # Whole euros, except the last payment (the remainder of the remainder).
    assert all(p.amount == p.amount.to_integral_value() for p in payments[:-1])


@untimed
@given(grant=grants, yearly=budgets)
def test_one_tranche_a_year_with_cost_in_proportion_to_it_within_a_euro(grant, yearly):
    payments = tranche_schedule(grant=grant, yearly_costs=yearly)
    years = sorted(year for year, cost in yearly.items() if cost > 0)
    assert [p.year for p in payments] == years + [years[-1]]  # the last year's tranche in two parts
    total = sum(yearly[year] for year in years)
    for payment in payments[:-2]:
        exact = grant * yearly[payment.year] / total
        assert exact - 1 < payment.amount <= exact  # rounded down, by less than a euro
    last_tranche = payments[-2].amount + payments[-1].amount
    assert last_tranche == grant - sum(p.amount for p in payments[:-2])


@untimed
@given(grant=grants, yearly=budgets)
def test_the_last_tranche_is_paid_80_percent_rounded_down_then_20_percent_after_the_final_report(grant, yearly):
    payments = tranche_schedule(grant=grant, yearly_costs=yearly)
    first_part, second_part = payments[-2], payments[-1]
    tranche = first_part.amount + second_part.amount
    assert first_part.amount == (tranche * D("0.8")).to_integral_value(rounding="ROUND_FLOOR")
    assert (first_part.share, second_part.share) == (D("0.8"), D("0.2"))
    assert second_part.condition == Condition.FINAL_REPORT
    assert second_part.amount >= tranche * D("0.2")  # the rounding only ever moves money to the end
    conditions = [p.condition for p in payments[:-1]]
    assert conditions == [Condition.NONE] + [Condition.INTERMEDIATE_REPORT] * (len(conditions) - 1)


@pytest.mark.parametrize("grant, yearly, reason", [
    (D("0"), {2026: D("1")}, "positive"),
    (D("100"), {2026: D("0")}, "aucune année"),
    (D("100"), {}, "aucune année"),
    (D("100"), {2026: D("-1"), 2027: D("5")}, "négatif"),
    (D("100"), {None: D("5")}, "pas d'année"),
])
def test_a_schedule_is_refused_with_its_reason(grant, yearly, reason):
    with pytest.raises(ScheduleRefused, match=reason):
        tranche_schedule(grant=grant, yearly_costs=yearly)


@untimed
@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
       months=st.integers(min_value=0, max_value=48))
def test_months_after_keeps_the_day_or_takes_the_month_end(day, months):
    later = months_after(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day == day.day or (later.day < day.day and (later + timedelta(days=1)).day == 1)


@untimed
@given(years=st.lists(st.integers(min_value=2020, max_value=2035), min_size=1, max_size=6),
       ends_on=st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)),
       intermediate=st.integers(min_value=0, max_value=12), final=st.integers(min_value=0, max_value=12))
def test_report_deadlines_one_intermediate_per_year_followed_by_another_then_the_final(
        years, ends_on, intermediate, final):
    dues = report_deadlines(years=years, ends_on=ends_on, intermediate_months=intermediate, final_months=final)
    ordered = sorted(set(years))
    assert [(d.kind, d.year) for d in dues] == (
        [(ReportKind.INTERMEDIATE, year) for year in ordered[:-1]] + [(ReportKind.FINAL, None)])
    for due in dues[:-1]:
        assert due.due_on == months_after(date(due.year, 12, 31), intermediate)
        assert due.due_on > date(due.year, 12, 30)
    assert dues[-1].due_on == months_after(ends_on, final)


def test_report_deadlines_of_the_usual_two_year_grant():
    assert report_deadlines(years=[2026, 2027], ends_on=date(2027, 12, 31), intermediate_months=3,
                            final_months=6) == [
        ReportDue(ReportKind.INTERMEDIATE, 2026, date(2027, 3, 31)), ReportDue(ReportKind.FINAL, None, date(2028, 6, 30))]
