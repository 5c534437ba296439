"""What the public side reads of the Atlas: actions by words and facets, by country, by authority,
and the French authorities counted per partner country. Read only.

A withdrawn action is never public (`public_actions`); every other state is. A partner's country
is its own (`ActionPartner.country`), else its foreign authority's. The outputs (the observatory's
`/atlas/`, the directory's pages, the API and the open data) read these and keep what they
compute under the data version (`publication.cache`): this floor knows no cache.

Words: PostgreSQL's French text search (`coopdec_fr` configuration, made by the search app's
migration) over the title and the description; SQLite: every word, normalised like every name in
CoopDec (`coopdec_normalise`, the SQL function the search app registers), must appear in them.
Themes and ODD are JSON lists: a facet counts their elements in the database (one query a facet),
never in Python.
"""
import re
import json
from dataclasses import dataclass, replace

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import (
    BooleanField, Count, Exists, F, Func, OuterRef, Prefetch, Q, QuerySet, TextField, Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat

from coopdec.french.text import collation_key, normalise
from coopdec.territories.models import Authority, Country

from .models import Action, ActionAuthority, ActionPartner

# The facets of the public list, in the order the page shows them.
FACETS = ("country", "region", "kind", "status", "theme", "sdg", "origin")
_CODE = re.compile(r"[A-Za-z0-9_-]{1,12}")
_SDG = re.compile(r"(1[0-7]|[1-9])")


class BadFilter(ValueError):
    """A filter value that cannot be one (an ODD that is no number from 1 to 17, a code with
    spaces): the outputs answer it with a 400 that says why."""


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class ActionFilters:
    """Which public actions: words, then any facet (codes: ISO 3166 for the country, INSEE for the
    région, the models' choice values, a theme as written, an ODD number), a French authority
    (its primary key) or a département (INSEE code)."""

    query: str = ""
    country: str = ""
    region: str = ""
    kind: str = ""
    status: str = ""
    theme: str = ""
    sdg: str = ""
    origin: str = ""
    authority: int | None = None
    departement: str = ""

    def without(self, facet: str) -> "ActionFilters":
        return replace(self, **{facet: ""})

    @property
    def key(self) -> tuple:
        return (self.query, self.country, self.region, self.kind, self.status, self.theme, self.sdg,
                self.origin, self.authority, self.departement)


def public_actions() -> QuerySet[Action]:
    """Every action a visitor may see: all but the withdrawn ones."""
    return Action.objects.exclude(status=Action.Status.WITHDRAWN)


def with_relations(actions: QuerySet[Action]) -> QuerySet[Action]:
    """What a list shows of each action, in three queries whatever its length: its French
    authorities (with their département and région), its partners (with their country) and, for
    a laureate, its call and campaign."""
    return actions.select_related("application__call__campaign").prefetch_related(
        Prefetch("authorities", queryset=ActionAuthority.objects.select_related(
            "authority__departement", "authority__region")),
        Prefetch("partners", queryset=ActionPartner.objects.select_related(
            "country", "foreign_authority__country")),
    )


def partner_country(partner: ActionPartner) -> Country | None:
    """A partner's country: its own, else its foreign authority's (both read by `with_relations`)."""
    if partner.country_id:
        return partner.country
    return partner.foreign_authority.country if partner.foreign_authority_id else None


def action_get(*, pk: int) -> Action:
    """A public action with its relations; Action.DoesNotExist when there is none (or it is withdrawn)."""
    return with_relations(public_actions()).get(pk=pk)


# ---------------------------------------------------------------- filtering


def _partner_in(iso2: str):
    return ActionPartner.objects.filter(action=OuterRef("pk")).filter(
        Q(country_id=iso2) | Q(country__isnull=True, foreign_authority__country_id=iso2))


def _json_has(column: str, *values) -> RawSQL:
    """The action's JSON list `column` holds one of `values` (an ODD may have been written 6 or
    "6"); PostgreSQL: jsonb containment."""
    if connection.vendor == "postgresql":
        sql = " OR ".join(f'"atlas_action"."{column}" @> %s::jsonb' for _ in values)
        return RawSQL(f"({sql})", [json.dumps([value]) for value in values], output_field=BooleanField())
    marks = ", ".join("%s" for _ in values)
    return RawSQL(f'EXISTS (SELECT 1 FROM json_each("atlas_action"."{column}") WHERE json_each.value IN ({marks}))',
                  list(values), output_field=BooleanField())


def _matching(query: str, actions: QuerySet[Action]) -> QuerySet[Action]:
    if not query.strip():
        return actions
    if connection.vendor == "postgresql":
        document = SearchVector("title", "description", config="coopdec_fr")
        return actions.annotate(document=document).filter(
            document=SearchQuery(query, config="coopdec_fr", search_type="websearch"))
    words = normalise(query).split()
    if not words:
        return actions
    key = Func(Concat(F("title"), Value(" "), F("description"), output_field=TextField()),
               function="coopdec_normalise", output_field=TextField())
    return actions.annotate(search_key=key).filter(*(Q(search_key__contains=word) for word in words))


def _checked(filters: ActionFilters) -> None:
    for name in ("country", "region", "kind", "status", "origin", "departement"):
        value = getattr(filters, name)
        if value and not _CODE.fullmatch(value):
            raise BadFilter(f"« {name} » : code invalide (reçu « {value[:50]} »).")
    if filters.sdg and not _SDG.fullmatch(filters.sdg):
        raise BadFilter(f"« odd » doit être un numéro d'objectif de 1 à 17 (reçu « {filters.sdg[:50]} »).")
    if len(filters.theme) > 200:
        raise BadFilter("« theme » : 200 caractères au plus.")


def action_search(filters: ActionFilters) -> QuerySet[Action]:
    """The public actions matching the words and every chosen facet, in the order of their
    normalised titles (then their number). A country or a région selects through EXISTS: an
    action with two partners there is one result. BadFilter for a value that cannot be one."""
    _checked(filters)
    actions = _matching(filters.query, public_actions())
    if filters.country:
        actions = actions.filter(Exists(_partner_in(filters.country.upper())))
    if filters.region:
        actions = actions.filter(Exists(ActionAuthority.objects.filter(
            action=OuterRef("pk"), authority__region_id=filters.region)))
    if filters.departement:
        actions = actions.filter(Exists(ActionAuthority.objects.filter(
            action=OuterRef("pk"), authority__departement_id=filters.departement)))
    if filters.authority is not None:
        actions = actions.filter(Exists(ActionAuthority.objects.filter(
            action=OuterRef("pk"), authority_id=filters.authority)))
    for name in ("kind", "status", "origin"):
        if getattr(filters, name):
            actions = actions.filter(**{name: getattr(filters, name)})
    if filters.theme:
        actions = actions.filter(_json_has("themes", filters.theme))
    if filters.sdg:
        actions = actions.filter(_json_has("sdgs", int(filters.sdg), filters.sdg))
    return actions.order_by("title_key", "pk")


# ---------------------------------------------------------------- facets


def action_facets(filters: ActionFilters) -> dict[str, list[FacetValue]]:
    """Counts per value of each facet over the results, the facet's own choice set aside: one
    query a facet, whatever the number of actions. The most frequent first, then in French order."""
    facets = {}
    for facet in FACETS:
        others = action_search(filters.without(facet))
        rows = _FACET_COUNTS[facet](others)
        selected = getattr(filters, facet)
        facets[facet] = sorted(
            (FacetValue(str(value), str(label), count, str(value).upper() == selected.upper() if facet == "country"
                        else str(value) == selected)
             for value, label, count in rows if value not in (None, "")),
            key=lambda found: (-found.count, collation_key(found.label)),
        )
    return facets


def result_count(facets: dict[str, list[FacetValue]], filters: ActionFilters) -> int:
    """How many actions the facets imply, without counting them again: every action has one kind."""
    kinds = facets["kind"]
    return sum(v.count for v in kinds if v.selected) if filters.kind else sum(v.count for v in kinds)


def _choices_counts(name: str, labels: dict):
    def counts(actions):
        rows = actions.order_by().values(name).annotate(count=Count("pk")).values_list(name, "count")
        return [(value, labels.get(value, value), count) for value, count in rows]
    return counts


def _country_counts(actions):
    country = Coalesce("partners__country_id", "partners__foreign_authority__country_id")
    rows = (actions.order_by().annotate(iso=country).exclude(iso__isnull=True).values("iso")
            .annotate(count=Count("pk", distinct=True)).values_list("iso", "count"))
    rows = list(rows)
    names = dict(Country.objects.filter(iso2__in=[iso for iso, _ in rows]).values_list("iso2", "name_fr"))
    return [(iso, names.get(iso, iso), count) for iso, count in rows]


def _region_counts(actions):
    rows = (actions.order_by().filter(authorities__authority__region__isnull=False)
            .values("authorities__authority__region_id", "authorities__authority__region__name")
            .annotate(count=Count("pk", distinct=True))
            .values_list("authorities__authority__region_id", "authorities__authority__region__name", "count"))
    return list(rows)


def _element_counts(column: str):
    """Counts of each element of a JSON list column over the actions: one query."""
    def counts(actions):
        sql, params = actions.order_by().values("pk").query.sql_with_params()
        if connection.vendor == "postgresql":
            elements = f'jsonb_array_elements_text(a."{column}") AS e(value)'
        else:
            elements = f'json_each(a."{column}") AS e'
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT e.value, COUNT(DISTINCT a.id) FROM atlas_action a, {elements} "
                           f"WHERE a.id IN ({sql}) GROUP BY e.value", params)
            found: dict[str, int] = {}
            for value, count in cursor.fetchall():  # SQLite keeps 6 and "6" apart: one value
                found[str(value)] = found.get(str(value), 0) + count
            rows = list(found.items())
        if column == "sdgs":
            return [(str(value), f"ODD {value}", count) for value, count in rows]
        return [(value, value, count) for value, count in rows]
    return counts


_FACET_COUNTS = {
    "country": _country_counts,
    "region": _region_counts,
    "kind": _choices_counts("kind", dict(Action.Kind.choices)),
    "status": _choices_counts("status", dict(Action.Status.choices)),
    "theme": _element_counts("themes"),
    "sdg": _element_counts("sdgs"),
    "origin": _choices_counts("origin", dict(Action.Origin.choices)),
}


# ---------------------------------------------------------------- the map and the pages


@dataclass(frozen=True)
class CountryAuthorities:
    """A partner country and the French authorities that have a public action with a partner
    there (each counted once, whatever its number of actions), and those actions."""

    iso2: str
    name: str
    authorities: int
    actions: int


def authorities_by_country() -> list[CountryAuthorities]:
    """Every partner country of a public action, with its distinct French authorities (resolved
    ones: a name not yet resolved counts for none) and its actions; the most authorities first,
    then in French order. Two queries."""
    country = Coalesce("country_id", "foreign_authority__country_id")
    rows = (ActionPartner.objects.exclude(action__status=Action.Status.WITHDRAWN)
            .annotate(iso=country).exclude(iso__isnull=True).values("iso")
            .annotate(authorities=Count("action__authorities__authority", distinct=True),
                      actions=Count("action", distinct=True))
            .values_list("iso", "authorities", "actions").order_by())
    rows = list(rows)
    names = dict(Country.objects.filter(iso2__in=[r[0] for r in rows]).values_list("iso2", "name_fr"))
    found = [CountryAuthorities(iso, names.get(iso, iso), authorities, actions) for iso, authorities, actions in rows]
    return sorted(found, key=lambda c: (-c.authorities, collation_key(c.name)))


def country_actions(country: Country) -> QuerySet[Action]:
    """The public actions with a partner in `country` (its partnerships), with their relations."""
    return with_relations(action_search(ActionFilters(country=country.iso2)))


def authority_actions(authority: Authority) -> QuerySet[Action]:
    """Every public action of a French authority, with their relations."""
    return with_relations(action_search(ActionFilters(authority=authority.pk)))
