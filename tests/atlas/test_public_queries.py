"""The Atlas's public pages, API and files: their query counts do not grow with the actions."""
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from tests.queries import assert_counts_do_not_grow

from .factories_public import action, atlas, authority  # noqa: F401  (atlas: a fixture)

PATHS = [
    "/atlas/", "/atlas/?pays=RW", "/atlas/?q=eau&odd=6", "/pays/RW/", "/collectivites/commune/81065/",
    "/api/v1/actions", "/api/v1/actions?country=RW", "/donnees/actions.csv", "/donnees/actions.json",
    "/donnees/iati-actions.xml",
]


@pytest.fixture(autouse=True)
def _fresh_cache(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


def more_actions():
    """Ten more actions, each with two French authorities and two partners in two countries."""
    castres, albi = authority("commune", "81065"), authority("commune", "81004")
    for n in range(10):
        action(f"Eau et assainissement {n}", authorities=[castres, albi],
               partners=[(f"Commune rwandaise {n}", "RW"), (f"Commune sénégalaise {n}", "SN")],
               themes=["eau", f"thème {n}"], sdgs=[6, 11], amount=Decimal("1000") * (n + 1),
               starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))


def test_query_counts_do_not_grow_with_the_actions(client, atlas, django_assert_num_queries):
    counts = assert_counts_do_not_grow(client, PATHS, add_rows=more_actions,
                                       assert_num_queries=django_assert_num_queries)
    assert counts["/api/v1/actions"] <= 6  # count, page, authorities, partners (and the versions)

