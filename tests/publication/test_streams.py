"""The downloads' flat reads (`publication.streams`) give exactly the rows and open-data records
the model path gives, across batch boundaries; a PDF beyond its limit is offered as a spreadsheet."""
from datetime import date
from decimal import Decimal

import pytest

from coopdec.calls.models import Call
from coopdec.opendata import selectors as opendata_selectors
from coopdec.opendata.records import open_record, open_record_from_values
from coopdec.publication import exports
from coopdec.publication.exports import laureate_row, laureate_row_from_values
from coopdec.publication.selectors import LaureateFilters, laureate_list
from coopdec.publication.streams import laureate_values
from tests import factories as f

REGION = "/campagnes/2025/regions/occitanie/"


@pytest.fixture
def mixed(occitanie):
    """The seed's laureates (imported from published lists, one to confirm) and, in 2024, more
    with partners in two countries, a joint fund's country, unresolved names, amounts and dates."""
    campaign = f.campaign(2024)
    zed, ypsi = f.country("ZZ", "Zedland", "Zedland"), f.country("ZY", "Ypsiland", "Ypsiland")
    calls = [f.call("Généraliste 2024", Call.Kind.GENERALISTE, campaign),
             f.call("Villes créatives 2024", Call.Kind.AMI, campaign, partner_country=ypsi)]
    for i in range(1, 13):
        partners = [f.foreign_authority(f"Partenaire {i}-{j}", (zed, ypsi)[j % 2]) for j in range(i % 3)]
        f.application(call_obj=calls[i % 2], lead=f.authority(f"Commune {i}"), partners=partners,
                      granted_amount=Decimal(1000 * i) if i % 2 else None, gender_marker=i % 3,
                      starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))
        if i % 5 == 0:
            f.unresolved_laureate(f"Nom publié {i}", calls[0])
    return occitanie


@pytest.mark.parametrize("batch_size", [1, 3, 2000])
def test_flat_rows_are_the_model_rows(mixed, batch_size):
    filters = LaureateFilters(campaign=None)
    expected = [laureate_row(application) for application in laureate_list(filters)]
    assert len(expected) > 15 and any(row.lead_to_confirm for row in expected)
    assert any(len(row.partners) > 1 for row in expected) and any(row.sources for row in expected)
    flat = [laureate_row_from_values(values) for values in laureate_values(filters, batch_size=batch_size)]
    assert flat == expected


def test_flat_open_records_are_the_model_records(mixed):
    filters = LaureateFilters(campaign=None)
    award = date(2025, 9, 8)
    expected = [open_record(application, award_date=award) for application in laureate_list(filters)]
    flat = [open_record_from_values(values, award_date=award)
            for values in laureate_values(filters, open_data=True, batch_size=4)]
    assert flat == expected
    assert any(record.call_country for record in flat)


def test_a_selection_filtered_by_the_page_is_the_same_both_ways(mixed):
    filters = LaureateFilters(campaign=mixed.campaign, country=f.country("RW", "Rwanda", "Rwanda"))
    expected = [laureate_row(application) for application in laureate_list(filters)]
    assert expected
    assert list(opendata_selectors.laureate_rows(filters)) == expected


def test_a_pdf_beyond_its_limit_is_offered_as_xlsx_and_csv(client, occitanie, monkeypatch):
    monkeypatch.setattr(exports, "PDF_MAX_ROWS", 2)
    response = client.get(REGION + "laureats.pdf")
    page = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "n'est produit que jusqu'à 2" in page
    assert f'href="{REGION}laureats.xlsx"' in page and f'href="{REGION}laureats-excel.csv"' in page
    listing = client.get(REGION).content.decode()
    assert "non produit au-delà de 2" in listing and 'laureats.pdf" download' not in listing


def test_a_pdf_within_its_limit_is_a_pdf(client, occitanie, monkeypatch):
    monkeypatch.setattr(exports, "PDF_MAX_ROWS", 6)
    response = client.get(REGION + "laureats.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'laureats.pdf" download' in client.get(REGION).content.decode()
