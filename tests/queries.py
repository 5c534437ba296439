"""Query counts of pages and downloads, which must not grow with the rows they show."""
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.downloads import download


def queries_of(client, path) -> int:
    """The queries of one GET of `path`, a streamed response read to its end."""
    with CaptureQueriesContext(connection) as captured:
        download(client, path)
    return len(captured)


def assert_counts_do_not_grow(client, paths, *, add_rows, assert_num_queries) -> dict[str, int]:
    """Counts each path's queries, calls `add_rows()`, then asserts each path's count again with
    `assert_num_queries(count)` (pytest-django's `django_assert_num_queries`, exact, or
    `django_assert_max_num_queries`, a ceiling). Returns the counts before the rows were added."""
    before = {path: queries_of(client, path) for path in paths}
    add_rows()
    for path in paths:
        with assert_num_queries(before[path]):
            queries_of(client, path)
    return before
