"""Full-text search over laureates: titles, French authorities, partners, countries, calls.

PostgreSQL: French text search (stemming) with unaccent, through the `coopdec_fr` configuration
made by this app's migration. SQLite: every word of the query, normalised like every name in
CoopDec, must appear in the normalised document. Both ignore accents and case.
"""
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, F, Func, Q, QuerySet, TextField

from coopdec.applications.models import Application
from coopdec.hardening import BadParameter
from coopdec.publication.wording import collation_key
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


def _vector_and_query(query: str):
    return (SearchVector("search_document", config="coopdec_fr"),
            SearchQuery(query, config="coopdec_fr", search_type="websearch"))


def _matching(query: str) -> QuerySet[Application]:
    laureates = Application.objects.filter(decision=Application.Decision.RETENU)
    if connection.vendor == "postgresql":
        vector, search = _vector_and_query(query)
        return laureates.filter(
            pk__in=laureates.annotate(document=vector).filter(document=search).values("pk")
        )
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
    """BadParameter (a 400) for a campaign that is no year: the database would fail on it."""
    campaign = selected.get("campaign")
    if campaign and not _YEAR.fullmatch(campaign):
        raise BadParameter(f"« campaign » doit être une année, par exemple 2025 (reçu « {campaign[:50]} »).")
    for facet, value in selected.items():
        if value:
            laureates = laureates.filter(**{FACETS[facet][0]: value})
    return laureates


def laureate_search(*, query: str, selected: dict) -> QuerySet[Application]:
    """Laureates matching the words and the chosen facets; best first on PostgreSQL (rank)."""
    laureates = _narrowed(_matching(query), selected).distinct()
    order = ["-call__campaign__year", "call__name", "title_key", "pk"]
    if connection.vendor == "postgresql":
        vector, search = _vector_and_query(query)
        return laureates.annotate(rank=SearchRank(vector, search)).order_by("-rank", *order)
    return laureates.order_by(*order)


def search_facets(*, query: str, selected: dict) -> dict[str, list[FacetValue]]:
    """Counts per value of each facet over the results, the facet's own choice set aside:
    one query a facet, whatever the number of results."""
    facets = {}
    for facet, (value_path, label_path) in FACETS.items():
        others = {name: value for name, value in selected.items() if name != facet}
        rows = (
            _narrowed(_matching(query), others).exclude(**{f"{value_path}__isnull": True})
            .values(value=F(value_path), label=F(label_path))
            .annotate(count=Count("pk", distinct=True))
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
