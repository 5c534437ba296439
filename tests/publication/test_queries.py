"""A page's or a download's query count does not grow with its rows (3 rows, then 30)."""
import pytest

from coopdec.calls.models import Call
from tests import factories as f
from tests.queries import assert_counts_do_not_grow

PATHS = [
    "/",
    "/campagnes/2025/",
    "/campagnes/2025/?pays=ZZ",
    "/campagnes/2025/regions/occitanie/",
    "/campagnes/2025/regions/occitanie/?nature=generaliste&departement=81",
    "/campagnes/2025/appels/generaliste-2025/",
    "/campagnes/2025/regions/occitanie/laureats.csv",
    "/campagnes/2025/regions/occitanie/laureats-excel.csv",
    "/campagnes/2025/regions/occitanie/laureats.json",
    "/campagnes/2025/regions/occitanie/laureats.xlsx",
]
# What the pages cost today (DSFR site settings, campaign, region, filter options, count, list,
# partners, import rows...): a ceiling that catches a query per row, not a budget to fill.
CEILING = 20


class Laureates:
    def __init__(self):
        self.region = f.region("76", "Occitanie")
        self.departements = [
            f.departement("81", "Tarn", self.region), f.departement("34", "Hérault", self.region)
        ]
        self.countries = [f.country("ZZ", "Zedland", "Zedland"), f.country("ZY", "Ypsiland", "Ypsiland")]
        self.calls = [
            f.call("Généraliste 2025", Call.Kind.GENERALISTE),
            f.call("Villes créatives", Call.Kind.AMI, partner_country=self.countries[1]),
        ]
        self.count = 0

    def add(self, n):
        for _ in range(n):
            i = self.count = self.count + 1
            lead = f.authority(f"Commune {i}", code=f"TQ{i:04d}", departement_obj=self.departements[i % 2])
            partners = [f.foreign_authority(f"Partenaire {i}-{j}", self.countries[j % 2]) for j in range(2)]
            f.application(call_obj=self.calls[i % 2], lead=lead, partners=partners)
            if i % 5 == 0:
                f.unresolved_laureate(f"Nom publié {i}", self.calls[0], region_obj=self.region)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_rows(client, django_assert_max_num_queries):
    laureates = Laureates()
    laureates.add(3)
    small = assert_counts_do_not_grow(client, PATHS, add_rows=lambda: laureates.add(27),
                                      assert_num_queries=django_assert_max_num_queries)
    assert max(small.values()) <= CEILING, small
