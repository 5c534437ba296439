"""Full-text search over laureates: titles, French authorities, partners, countries, calls.

PostgreSQL: French text search (stemming) with unaccent, through the `coopdec_fr` configuration
made by this app's migration, over the vector stored in `search_vector` and its GIN index
(migration 0002; `tests/search/test_search_plan.py` checks that the plan uses it). SQLite: every word of the query, normalised like every name in
CoopDec, must appear in the normalised document. Both ignore accents and case.

On PostgreSQL, while the read model is current for every campaign, the facets and the page of
results read its narrow search rows (`publication.PublishedSearch`: the vector, the facets'
columns, the order) instead of the dossiers: the same results in the same order, from a table a
quarter of the size, the words matched once for all four facets instead of once each.
"""
import re
from collections import Counter
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Count, Exists, Expression, F, Func, OuterRef, Prefetch, Q, QuerySet, TextField

from coopdec.applications.models import Application, Partnership
from coopdec.calls.models import Call
from coopdec.french.text import collation_key
from coopdec.hardening import BadParameter
from coopdec.publication import readmodel
from coopdec.publication.cache import cached
from coopdec.territories.models import Country, Region
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


def _check(selected: dict) -> None:
    """BadParameter (a 400) for a campaign that is no year: the database would fail on it."""
    campaign = selected.get("campaign")
    if campaign and not _YEAR.fullmatch(campaign):
        raise BadParameter(f"« campaign » doit être une année, par exemple 2025 (reçu « {campaign[:50]} »).")


def _narrowed(laureates, selected: dict) -> QuerySet[Application]:
    """A partner country selects through EXISTS: a laureate with two partners there is one result,
    with no DISTINCT over the results."""
    _check(selected)
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


def search_results(*, query: str, selected: dict):
    """What the results' pages slice: from the read model's search rows when current (PostgreSQL),
    else the dossiers, with what each result shows (its campaign, authority, région, partners)."""
    if _narrow():
        _check(selected)
        return RankedResults(query, selected)
    return _shown(laureate_search(query=query, selected=selected))


def _shown(laureates: QuerySet[Application]) -> QuerySet[Application]:
    return laureates.select_related("call__campaign", "lead_authority__departement", "region").prefetch_related(
        Prefetch("partnerships", queryset=Partnership.objects.select_related("foreign_authority__country")))


def search_facets(*, query: str, selected: dict) -> dict[str, list[FacetValue]]:
    """Counts per value of each facet over the results, the facet's own choice set aside:
    one query a facet, whatever the number of results (one in all from the read model); kept until
    the published data changes (the next page of the same search reuses them)."""
    return cached("search_facets", lambda: (_narrow_facets if _narrow() else _facets)(query, selected),
                  key=(query, tuple(sorted((name, value) for name, value in selected.items() if value))))


# ---------------------------------------------------------------- from the read model's search rows


def _narrow() -> bool:
    return connection.vendor == "postgresql" and readmodel.current(None)


_MATCH = "search_vector @@ websearch_to_tsquery('coopdec_fr'::regconfig, %s)"


def _labels() -> tuple[dict, dict, dict]:
    """Calls {id: (slug, name)}, régions {code: name}, countries {iso2: name}: kept per data version."""
    return cached("search_labels", lambda: (
        {pk: (slug, name) for pk, slug, name in Call.objects.values_list("pk", "slug", "name")},
        dict(Region.objects.values_list("code", "name")),
        dict(Country.objects.values_list("iso2", "name_fr")),
    ))


def _narrow_facets(query: str, selected: dict) -> dict[str, list[FacetValue]]:
    _check(selected)
    calls, regions, countries = _labels()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT year, call_id, region_code, countries FROM publication_publishedsearch WHERE {_MATCH}",
                       [query])
        rows = [(str(year), calls[call_id], region, tuple(found.split()))
                for year, call_id, region, found in cursor.fetchall()]

    def kept(row, facet) -> bool:
        year, (slug, _name), region, found = row
        wanted = {name: value for name, value in selected.items() if value and name != facet}
        return ((not wanted.get("campaign") or year == wanted["campaign"])
                and (not wanted.get("call") or slug == wanted["call"])
                and (not wanted.get("region") or region == wanted["region"])
                and (not wanted.get("country") or wanted["country"] in found))

    values_of = {
        "campaign": lambda row: [(row[0], row[0])],
        "call": lambda row: [row[1]],
        "region": lambda row: [(row[2], regions.get(row[2], row[2]))] if row[2] else [],
        "country": lambda row: [(iso, countries.get(iso, iso)) for iso in row[3]],
    }
    facets = {}
    for facet in FACETS:
        counts = Counter(value for row in rows if kept(row, facet) for value in values_of[facet](row))
        ordered = sorted(counts.items(), key=lambda item: (-item[1], collation_key(str(item[0][1]))))
        facets[facet] = [FacetValue(str(value), str(label), count, str(value) == str(selected.get(facet) or ""))
                         for (value, label), count in ordered]
    return facets


class RankedResults:
    """The search's results as the paginator slices them: a page's ids from the search rows, best
    first (the same rank and order as `laureate_search`), then those dossiers with what they show."""

    def __init__(self, query: str, selected: dict):
        self.query, self.selected = query, selected

    def __getitem__(self, window: slice) -> list[Application]:
        where, params = [_MATCH], [self.query]
        chosen = {name: value for name, value in self.selected.items() if value}
        if chosen.get("campaign"):
            where.append("year = %s")
            params.append(int(chosen["campaign"]))
        if chosen.get("call"):
            calls, _regions, _countries = _labels()
            where.append("call_id = ANY(%s)")
            params.append([pk for pk, (slug, _name) in calls.items() if slug == chosen["call"]])
        if chosen.get("region"):
            where.append("region_code = %s")
            params.append(chosen["region"])
        if chosen.get("country"):
            where.append("(' ' || countries || ' ') LIKE %s")
            params.append(f"% {chosen['country']} %")
        start, stop = window.start or 0, window.stop
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT laureate_id FROM publication_publishedsearch WHERE {' AND '.join(where)}"
                " ORDER BY ts_rank(search_vector, websearch_to_tsquery('coopdec_fr'::regconfig, %s)) DESC,"
                " year DESC, place, laureate_id LIMIT %s OFFSET %s",
                [*params, self.query, stop - start, start])
            ids = [pk for (pk,) in cursor.fetchall()]
        found = {application.pk: application for application in _shown(Application.objects.filter(pk__in=ids))}
        return [found[pk] for pk in ids if pk in found]


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
