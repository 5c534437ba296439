"""The directory's pages cost as many queries with 3 laureates as with 30 (see tests/queries.py)."""
import pytest

from coopdec.applications.models import CoApplicant
from coopdec.calls.models import Call
from coopdec.territories.models import Authority, Country
from tests import factories as f
from tests.queries import assert_counts_do_not_grow

CASTRES = "/collectivites/commune/81065/"
PATHS = [CASTRES, "/pays/SN/", "/pays/ML/", "/pays/"]
# Site settings, the menu's campaign, the record, its laureates, partners, import rows, the
# co-applications and their rows, the aliases: a ceiling that catches a query per row.
CEILING = 15


class Laureates:
    def __init__(self):
        self.castres = Authority.objects.get(kind="commune", code="81065")
        self.countries = list(Country.objects.filter(iso2__in=["SN", "ML"]).order_by("iso2"))
        self.calls = [
            f.call(f"Généraliste {year}", Call.Kind.GENERALISTE, f.campaign(year)) for year in (2024, 2025)
        ] + [f.call("Franco-sénégalais 2025", Call.Kind.FONDS_CONJOINT, f.campaign(2025),
                    partner_country=self.countries[1])]
        self.count = 0

    def add(self, n):
        for _ in range(n):
            i = self.count = self.count + 1
            partners = [f.foreign_authority(f"Partenaire {i}-{j}", self.countries[j % 2]) for j in range(2)]
            f.application(call_obj=self.calls[i % 3], lead=self.castres, partners=partners)
            other = f.application(call_obj=self.calls[i % 2], partners=partners[:1])
            CoApplicant.objects.create(application=other, authority=self.castres, name=f"Ville {i}")
            if i % 5 == 0:
                f.unresolved_laureate(f"Nom publié {i}", self.calls[2], partners=partners[1:])


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_laureates(client, django_assert_max_num_queries):
    laureates = Laureates()
    laureates.add(3)
    small = assert_counts_do_not_grow(client, PATHS, add_rows=lambda: laureates.add(27),
                                      assert_num_queries=django_assert_max_num_queries)
    assert max(small.values()) <= CEILING, small
