"""Full-text search over laureates: titles, French authorities, partners, countries, calls.

PostgreSQL: French text search (stemming) with unaccent, through the `coopdec_fr` configuration
made by this app's migration, over the vector stored in `search_vector` and its GIN index
(migration 0002; `tests/search/test_search_plan.py` checks that the plan uses it). SQLite: every word of the query, normalised like every name in
CoopDec, must appear in the normalised document. Both ignore accents and case.
"""
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Count, Exists, Expression, F, Func, OuterRef, Q, QuerySet, TextField

from coopdec.applications.models import Application, Partnership
from coopdec.french.text import collation_key
from coopdec.hardening import BadParameter
from coopdec.publication.cache import cached
from coopdec.territories.text import normalise

FACETS = {
    "campaign": ("call__campaign__year", "call__campaign__year"),
    "call": ("call__slug", "call__name"),
    "region": ("region__code", "region__name"),
    "country": ("partnerships__foreign_authority__country__iso2",
                "partnerships__foreign_authority__country__name_fr"),
}
_YEAR = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


class StoredSearchVector(Expression):
    """The laureate's `search_vector` column (PostgreSQL; made by this app's migration 0002), as
    its GIN index knows it: compared as it is, never wrapped in COALESCE as `SearchVector` would."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name('search_vector')}", []


def _search_query(query: str) -> SearchQuery:
    return SearchQuery(query, config="coopdec_fr", search_type="websearch")


def _matching(query: str) -> QuerySet[Application]:
    laureates = Application.objects.filter(decision=Application.Decision.RETENU)
    if connection.vendor == "postgresql":
        return laureates.annotate(document=StoredSearchVector()).filter(document=_search_query(query))
    key = Func(F("search_document"), function="coopdec_normalise", output_field=TextField())
    words = normalise(query).split()
    if not words:
        return laureates.none()
    return laureates.filter(
        pk__in=laureates.annotate(search_key=key).filter(
            *(Q(search_key__contains=word) for word in words)
        ).values("pk")
    )


def _narrowed(laureates, selected: dict) -> QuerySet[Application]:
    """A partner country selects through EXISTS: a laureate with two partners there is one result,
    with no DISTINCT over the results. BadParameter (a 400) for a campaign that is no year: the
    database would fail on it."""
    campaign = selected.get("campaign")
    if campaign and not _YEAR.fullmatch(campaign):
        raise BadParameter(f"« campaign » doit être une année, par exemple 2025 (reçu « {campaign[:50]} »).")
    for facet, value in selected.items():
        if not value:
            continue
        if facet == "country":
            laureates = laureates.filter(Exists(Partnership.objects.filter(
                application=OuterRef("pk"), foreign_authority__country__iso2=value)))
        else:
            laureates = laureates.filter(**{FACETS[facet][0]: value})
    return laureates


def laureate_search(*, query: str, selected: dict) -> QuerySet[Application]:
    """Laureates matching the words and the chosen facets; best first on PostgreSQL (rank)."""
    laureates = _narrowed(_matching(query), selected)
    order = ["-call__campaign__year", "call__name", "title_key", "pk"]
    if connection.vendor == "postgresql":
        rank = SearchRank(StoredSearchVector(), _search_query(query))
        return laureates.annotate(rank=rank).order_by("-rank", *order)
    return laureates.order_by(*order)


def search_facets(*, query: str, selected: dict) -> dict[str, list[FacetValue]]:
    """Counts per value of each facet over the results, the facet's own choice set aside:
    one query a facet, whatever the number of results; kept until the published data changes
    (the next page of the same search reuses them)."""
    return cached("search_facets", lambda: _facets(query, selected),
                  key=(query, tuple(sorted((name, value) for name, value in selected.items() if value))))


def result_count(facets: dict[str, list[FacetValue]], selected: dict) -> int:
    """How many results the facets imply, without counting them again: every laureate has one
    campaign, so the results are those of the chosen campaign, or of all of them."""
    campaigns = facets["campaign"]
    if selected.get("campaign"):
        return sum(value.count for value in campaigns if value.selected)
    return sum(value.count for value in campaigns)


def _facets(query: str, selected: dict) -> dict[str, list[FacetValue]]:
    facets = {}
    for facet, (value_path, label_path) in FACETS.items():
        others = {name: value for name, value in selected.items() if name != facet}
        rows = (
            _narrowed(_matching(query), others).exclude(**{f"{value_path}__isnull": True})
            .values(value=F(value_path), label=F(label_path))
            # Only partners repeat a laureate (two partners in one country): count it once there.
            .annotate(count=Count("pk", distinct=facet == "country"))
            .order_by()
        )
        # The most frequent first, then in French order (« Sénégal » before « Suisse »), which the
        # database's collation does not give.
        rows = sorted(rows, key=lambda row: (-row["count"], collation_key(str(row["label"]))))
        facets[facet] = [
            FacetValue(str(row["value"]), str(row["label"]), row["count"],
                       str(row["value"]) == str(selected.get(facet) or ""))
            for row in rows
        ]
    return facets
