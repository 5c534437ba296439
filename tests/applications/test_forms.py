"""The dossier's amounts are typed the French way, as the simulator's are (calls.forms.AmountField)."""
from decimal import Decimal

import pytest

from coopdec.applications.forms import BudgetForm
from coopdec.applications.models import BudgetLine

CASH = BudgetLine.Resource.FRENCH_CASH


@pytest.mark.parametrize("typed", ["20 000,50", "20\u00a0000,50", "20\u202f000,50", "20000.50"])
def test_an_amount_typed_with_spaces_and_a_decimal_comma_is_read(typed):
    form = BudgetForm(data={CASH: typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data[CASH] == Decimal("20000.50")


def test_an_amount_beyond_what_a_budget_line_holds_is_refused():
    form = BudgetForm(data={CASH: "1 000 000 000 000"})
    assert not form.is_valid() and CASH in form.errors


def test_resource_labels_start_with_a_capital():
    assert BudgetForm().fields[CASH].label.startswith("Apport financier")
