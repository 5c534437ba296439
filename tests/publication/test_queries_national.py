"""The paths measured at national scale (`make bench-web`): their query counts do not grow with
the laureates (5, then 50), rendered or served from the copy kept for the data's version."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.publication.test_queries import Laureates
from tests.queries import assert_counts_do_not_grow

PATHS = [
    "/campagnes/2025/",
    "/campagnes/2025/regions/occitanie/",
    "/campagnes/2025/appels/generaliste-2025/",
    "/statistiques/",
    "/carte/",
    "/recherche/?q=projet",
    "/recherche/?q=projet&country=ZZ&campaign=2025",
    "/donnees/",
    "/reseaux/occitanie-cooperation/2025/",
    "/api/v1/laureates?campaign=2025&region=76",
    "/api/v1/laureates?campaign=2025&country=ZZ&page_size=200",
    "/api/v1/statistics?campaign=2025&by=country",
    "/api/v1/campaigns/2025/calls",
]
# Rendered with nothing cached: a ceiling that catches a query per row, not a budget to fill.
CEILING = 26


@pytest.mark.django_db
def test_rendered_paths_do_not_grow_with_laureates(client, django_assert_max_num_queries):
    laureates = Laureates()
    laureates.add(5)
    small = assert_counts_do_not_grow(client, PATHS, add_rows=lambda: laureates.add(45),
                                      assert_num_queries=django_assert_max_num_queries)
    assert max(small.values()) <= CEILING, small


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_a_kept_copy_costs_at_most_the_versions(client, django_capture_on_commit_callbacks, count):
    """Served from the copy: no query, or the versions when a second has passed since they were
    last read (`cache.VERSIONS_TTL`)."""
    with django_capture_on_commit_callbacks(execute=True):
        Laureates().add(count)
    for path in PATHS:
        assert client.get(path).status_code == 200, path
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        tables = [query["sql"].split(" FROM ", 1)[1].split()[0] for query in captured.captured_queries]
        assert response.status_code == 200 and tables in ([], ['"dataversion_dataversion"']), (path, tables)
