import pytest

from coopdec.demo.published import load_calls_and_figures
from tests import factories

# The partner countries of calls.csv, with pycountry's names (the table's, once it is loaded).
CALL_COUNTRIES = [
    ("MA", "Maroc", "Morocco"), ("LB", "Liban", "Lebanon"), ("PS", "Palestine, État de", "Palestine, State of"),
    ("TN", "Tunisie", "Tunisia"), ("SN", "Sénégal", "Senegal"), ("CA", "Canada", "Canada"),
    ("AM", "Arménie", "Armenia"), ("UA", "Ukraine", "Ukraine"),
]


@pytest.fixture
def call_countries(db):
    return [factories.country(iso2, name_fr, name_en) for iso2, name_fr, name_en in CALL_COUNTRIES]


@pytest.fixture
def demo(call_countries):
    """The demo's campaigns 2022–2025, their calls and figures."""
    return load_calls_and_figures()
