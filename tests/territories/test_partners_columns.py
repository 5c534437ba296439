"""A partners cell read with the rest of its row: a partner-country column, line breaks in cells."""
import pytest

from coopdec.territories.partners import split_partners
from tests.territories.test_partners import countries  # noqa: F401 (fixture)


@pytest.mark.parametrize("cell,column,call,expected", [
    ("Gandon", "Sénégal", "Généraliste 2025", [("Gandon", "SN")]),
    ("Gandon", "", "Franco-sénégalais 2025", [("Gandon", "SN")]),
    ("Gandon", "Mali", "Franco-sénégalais 2025", [("Gandon", "ML")]),  # the row says more than the call
    ("Namur (Belgique)", "Sénégal", None, [("Namur", "BE")]),  # the cell says more than the row
    ("Montreux, Bohicon", "Suisse, Bénin", None, [("Montreux", "CH"), ("Bohicon", "BJ")]),
    ("Montreux, Bohicon, Namur", "Suisse, Bénin", None, [("Montreux", None), ("Bohicon", None), ("Namur", None)]),
    ("Gandon", "Atlantide", None, [("Gandon", None)]),
])
def test_a_partner_country_column_gives_what_the_cell_does_not(countries, cell, column, call, expected):  # noqa: F811
    partners = split_partners(cell, call, countries=countries, country_cell=column)
    assert [(p.name, p.country) for p in partners] == expected


def test_a_line_break_between_partners_that_became_a_space_still_separates_them(countries):  # noqa: F811
    partners = split_partners("District de Huye (Rwanda) Bohicon (Bénin)", countries=countries)
    assert [(p.name, p.country) for p in partners] == [("District de Huye", "RW"), ("Bohicon", "BJ")]
