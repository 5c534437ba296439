"""The page's and the downloads' query counts do not grow with the laureates (3, then 30), nor
those of the files of all years with the campaigns."""
from datetime import date
from decimal import Decimal

import pytest

from coopdec.calls.models import Call, PublishedFigure
from tests import factories as f
from tests.queries import assert_counts_do_not_grow

PATHS = [
    "/donnees/",
    "/donnees/laureats-2025.csv",
    "/donnees/laureats-2025.json",
    "/donnees/laureats-2025.xlsx",
    "/donnees/laureats-2025-excel.csv",
    "/donnees/laureats-tous.csv",
    "/donnees/laureats-tous-excel.csv",
    "/donnees/laureats-tous.json",
    "/donnees/laureats-tous.xlsx",
    "/donnees/iati-2025.xml",
    "/donnees/iati.xml",
    "/donnees/360giving-2025.json",
    "/donnees/360giving-2025.csv",
    "/donnees/360giving-tous.json",
    "/donnees/360giving-tous.csv",
]


class Laureates:
    def __init__(self):
        campaign = f.campaign(2025)
        f.published_figure(PublishedFigure.Name.APPLICATIONS_RETAINED, 91, campaign_obj=campaign,
                           published_on=date(2025, 9, 8))
        self.countries = [f.country("ZZ", "Zedland", "Zedland"), f.country("ZY", "Ypsiland", "Ypsiland")]
        self.calls = [f.call("Généraliste 2025", Call.Kind.GENERALISTE, campaign),
                      f.call("Villes créatives", Call.Kind.AMI, campaign, partner_country=self.countries[1])]
        self.count = 0

    def add(self, n):
        for _ in range(n):
            i = self.count = self.count + 1
            partners = [f.foreign_authority(f"Partenaire {i}-{j}", self.countries[j % 2]) for j in range(i % 3)]
            f.application(call_obj=self.calls[i % 2], lead=f.authority(f"Commune {i}"), partners=partners,
                          granted_amount=Decimal(1000 * i) if i % 2 else None, gender_marker=i % 3,
                          starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))
            if i % 5 == 0:
                f.unresolved_laureate(f"Nom publié {i}", self.calls[0])


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_laureates(client, django_assert_num_queries):
    laureates = Laureates()
    laureates.add(3)
    small = assert_counts_do_not_grow(client, PATHS, add_rows=lambda: laureates.add(27),
                                      assert_num_queries=django_assert_num_queries)
    assert max(small.values()) <= 12, small


@pytest.mark.django_db
def test_the_files_of_all_years_cost_the_same_whatever_the_number_of_campaigns(client, django_assert_num_queries):
    Laureates().add(3)

    def add_campaigns():
        for year in (2022, 2023, 2024):
            campaign = f.campaign(year)
            f.published_figure(PublishedFigure.Name.APPLICATIONS_RETAINED, 10, campaign_obj=campaign,
                               published_on=date(year, 9, 8))
            f.application(call_obj=f.call(f"Généraliste {year}", Call.Kind.GENERALISTE, campaign),
                          lead=f.authority(f"Commune {year}"), granted_amount=Decimal(1000),
                          starts_on=date(year, 1, 1), ends_on=date(year, 12, 31))

    every_year = [path for path in PATHS if "tous" in path or path == "/donnees/iati.xml"]
    assert_counts_do_not_grow(client, every_year, add_rows=add_campaigns,
                              assert_num_queries=django_assert_num_queries)
