"""The search from the read model's narrow rows (PostgreSQL, while the read model is current) gives
what the dossiers give: the same facets and the same results in the same order; the words' match
uses the rows' own GIN index. SQLite keeps reading the dossiers and writes no search row."""
import pytest
from django.db import connection

from coopdec.applications.services import application_search_refresh
from coopdec.dataversion.changes import versions_forget
from coopdec.publication.models import PublishedSearch
from coopdec.search import selectors
from coopdec.territories.models import Authority
from tests import factories
from tests.search.test_search import laureates  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

SEARCHES = [
    ("Montpellier", {}), ("Montpellier", {"campaign": "2025"}), ("Sénégal", {"region": "32"}),
    ("Sénégal", {"country": "SN"}), ("bethleem", {}), ("accompagner", {"call": "franco-senegalais-2024"}),
    ("xylophone", {}), ("Montpellier", {"country": "PS", "campaign": "2025"}),
]


@pytest.fixture
def built(request, django_capture_on_commit_callbacks, settings):
    """The search's laureates, committed: their campaigns' versions move and the read model is
    built by its task (run at once here)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        made = _more(request.getfixturevalue("laureates"))
    versions_forget()
    return made


def _more(laureates):  # noqa: F811
    # Two laureates of one call and one country, to order ties by the call's name and the title.
    senegal = factories.country("SN", "Sénégal", "Senegal", oda_class="ldc")
    extra = factories.application(
        "Appui à la gestion des déchets de Bargny", laureates[2].call, Authority.objects.get(kind="commune", code="81065"),
        [factories.foreign_authority("Bargny", senegal), factories.foreign_authority("Rufisque", senegal)])
    application_search_refresh(application=extra)
    return [*laureates, extra]


def test_the_rows_answer_as_the_dossiers_do(built):
    if connection.vendor != "postgresql":
        assert not PublishedSearch.objects.exists()
        assert not selectors._narrow()
        assert list(selectors.search_results(query="Montpellier", selected={})) == list(
            selectors.laureate_search(query="Montpellier", selected={}))
        return
    assert PublishedSearch.objects.count() == len(built)
    assert selectors._narrow()
    for query, selected in SEARCHES:
        assert selectors._narrow_facets(query, selected) == selectors._facets(query, selected), (query, selected)
        from_rows = selectors.RankedResults(query, selected)[0:25]
        assert from_rows == list(selectors.laureate_search(query=query, selected=selected)), (query, selected)
    assert [a.title for a in selectors.RankedResults("Sénégal", {})[1:3]] == [
        a.title for a in selectors.laureate_search(query="Sénégal", selected={})][1:3]
    facets = selectors._narrow_facets("Bargny", {})
    assert [(f.value, f.count) for f in facets["country"]] == [("SN", 2)]  # two partners there, one laureate


def test_a_change_not_yet_rebuilt_reads_the_dossiers(built):
    """A record changed after the build: the rows are behind, the search reads the dossiers."""
    built[0].title = "Développement multi-secteur et assainissement dans le District de Huyé"
    built[0].save()
    application_search_refresh(application=built[0])
    assert not selectors._narrow()  # this transaction changed published data: it reads the records
    assert [a.title for a in selectors.search_results(query="assainissement", selected={})] == [built[0].title]


def test_the_match_uses_the_rows_index(built):
    if connection.vendor != "postgresql":
        assert "coopdec_normalise" in str(selectors.laureate_search(query="eau", selected={}).query)
        return
    with connection.cursor() as cursor:
        for method in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{method} = off")
        cursor.execute("EXPLAIN SELECT year, call_id, region_code, countries FROM publication_publishedsearch"
                       f" WHERE {selectors._MATCH}", ["Bargny"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "published_search_vector_idx" in plan, plan


def test_the_search_page_from_the_rows(client, built, django_assert_max_num_queries):
    # The versions, the read model's states and campaigns, the labels (calls, régions, countries: kept
    # afterwards), the facets' rows, the page's ids, its dossiers and their partners.
    with django_assert_max_num_queries(11):
        page = client.get("/recherche/", {"q": "Bargny", "country": "SN"}).content.decode()
    assert "2 lauréats pour «&nbsp;Bargny&nbsp;»" in page
    assert "Appui à la gestion des déchets de Bargny" in page and "Bargny Inovate" in page
    assert 'href="?q=Bargny"' in page  # the country's « retirer » link keeps the words only
