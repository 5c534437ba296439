"""The grant's money rules, pure: how a granted amount is paid in tranches.

One tranche a year, in proportion to that year's costs in the dossier's budget. Every tranche
after the first waits for the intermediate (technical and financial) report; of the last tranche
80 % is paid with it and the remaining 20 % once the final report is accepted. Amounts are whole
euros rounded down; the last tranche takes the remainder, so the payments add up to the grant
exactly.
"""
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from enum import Enum
from typing import Mapping

from coopdec.calls.rules import months_after, project_end  # noqa: F401  (the one computation of dates)

LAST_TRANCHE_FIRST_PART = Decimal("0.8")


class Condition(str, Enum):
    """What must hold before a payment is made."""

    NONE = "none"  # paid once the decision is notified
    INTERMEDIATE_REPORT = "intermediate_report"  # the previous year's intermediate report accepted
    FINAL_REPORT = "final_report"  # the final report accepted


CONDITION_LABELS = {
    Condition.NONE: "à la notification de la décision",
    Condition.INTERMEDIATE_REPORT: "après acceptation du rapport intermédiaire technique et financier",
    Condition.FINAL_REPORT: "après acceptation du rapport final",
}


class ScheduleRefused(ValueError):
    """The grant or the yearly costs cannot make a schedule; the message says why, in French."""


@dataclass(frozen=True)
class Payment:
    order: int  # 1, 2, … in the order they are paid
    year: int  # the budget year the tranche belongs to
    amount: Decimal
    condition: Condition
    share: Decimal  # of its year's tranche: 1, or 0.8 and 0.2 for the last one

    @property
    def condition_label(self) -> str:
        return CONDITION_LABELS[self.condition]


def _floor(amount: Decimal) -> Decimal:
    return amount.to_integral_value(rounding=ROUND_FLOOR)


def tranche_amounts(*, grant: Decimal, yearly_costs: Mapping[int, Decimal]) -> list[tuple[int, Decimal]]:
    """Each budget year with a cost and its tranche: the grant split in proportion to the costs,
    rounded down to the euro, the last year taking the remainder."""
    if grant <= 0:
        raise ScheduleRefused("La subvention doit être positive.")
    if any(year is None for year in yearly_costs):
        raise ScheduleRefused("Une dépense du budget n'a pas d'année : impossible de la rattacher à une tranche.")
    if any(cost < 0 for cost in yearly_costs.values()):
        raise ScheduleRefused("Un coût annuel est négatif.")
    years = sorted(year for year, cost in yearly_costs.items() if cost > 0)
    if not years:
        raise ScheduleRefused("Le budget ne prévoit de coût sur aucune année : aucun échéancier possible.")
    total = sum(yearly_costs[year] for year in years)
    # Integer division: the floor of the exact quotient. `floor(grant * cost / total)` floors a
    # quotient already rounded to the context's precision, which can round a share just under a
    # whole euro up to it (a tranche above its exact share).
    amounts = [(year, (grant * yearly_costs[year]) // total) for year in years[:-1]]
    amounts.append((years[-1], grant - sum(amount for _, amount in amounts)))
    return amounts


def tranche_schedule(*, grant: Decimal, yearly_costs: Mapping[int, Decimal]) -> list[Payment]:
    """The payments of a grant in order, each with its amount and condition."""
    tranches = tranche_amounts(grant=grant, yearly_costs=yearly_costs)
    payments = []
    for index, (year, amount) in enumerate(tranches):
        condition = Condition.NONE if index == 0 else Condition.INTERMEDIATE_REPORT
        if index < len(tranches) - 1:
            payments.append(Payment(len(payments) + 1, year, amount, condition, Decimal("1")))
            continue
        first = _floor(amount * LAST_TRANCHE_FIRST_PART)
        payments.append(Payment(len(payments) + 1, year, first, condition, LAST_TRANCHE_FIRST_PART))
        payments.append(Payment(len(payments) + 1, year, amount - first, Condition.FINAL_REPORT,
                                1 - LAST_TRANCHE_FIRST_PART))
    return payments


class ReportKind(str, Enum):
    INTERMEDIATE = "intermediate"
    FINAL = "final"


@dataclass(frozen=True)
class ReportDue:
    kind: ReportKind
    year: int | None  # the budget year an intermediate report covers; None for the final report
    due_on: date


def report_deadlines(*, years: list[int], ends_on: date, intermediate_months: int,
                     final_months: int) -> list[ReportDue]:
    """The reports a grant paid over `years` owes: an intermediate report for every budget year
    followed by another tranche (due `intermediate_months` after that year's 31 December), and the
    final report (due `final_months` after the project ends on `ends_on`)."""
    ordered = sorted(set(years))
    dues = [ReportDue(ReportKind.INTERMEDIATE, year, months_after(date(year, 12, 31), intermediate_months))
            for year in ordered[:-1]]
    dues.append(ReportDue(ReportKind.FINAL, None, months_after(ends_on, final_months)))
    return dues
