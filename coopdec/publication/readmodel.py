"""The read model of the published laureates: what a flat table gives Datasette, kept beside the records.

A page, the API or a download at an address nobody asked before used to build its laureates from
the records (model instances, their partners and sources, then a row, a line of HTML, a JSON object
each): about a millisecond a laureate. Here each laureate is built once per change of its campaign
(`PublishedLaureate`: its filters as indexed columns, its place in the published order, its row,
its line of the pages' table and its API object already made), and a reader asks one indexed
query for exactly the rows it shows.

In step with the records through the data version (`coopdec.dataversion`): when a campaign's
version moves, its rows are rebuilt by a task (`tasks.read_model_rebuild`, run by `manage.py
db_worker`; `manage.py read_model_rebuild` builds whatever is behind). A reader uses them only
while every campaign it reads was built at the version it sees (`current`), and otherwise reads
the records as before: a page is never older than the records it would have read.
"""
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.core.paginator import Page
from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from coopdec.calls.models import Call, Campaign
from coopdec.dataversion.changes import changed_in_this_transaction, versions
from coopdec.dataversion.models import DataVersion
from coopdec.territories.text import normalise

from .exports import LaureateRow, Partner, RowSource, laureate_row, laureate_row_from_values
from . import selectors
from .cache import cached
from .models import PublishedLaureate, PublishedLaureateCountry, PublishedSearch, ReadModelState
from .selectors import LaureateCount, LaureateFilters
from .streams import BATCH_SIZE, _committed_imports, laureate_values

# Absolute addresses depend on the host that answers: the stored objects hold this mark in place of
# « scheme://host », replaced as a response is made. A NUL begins it: no stored text can hold one
# (PostgreSQL refuses it, the forms and imports too), so in JSON `"\u0000origin` opens an address.
ORIGIN = "\x00origin"
_ORIGIN_IN_JSON = '"\\u0000origin'


def with_origin(text: str, origin: str) -> str:
    """JSON text made with `ORIGIN`, its addresses starting with `origin` ("https://host")."""
    return text.replace(_ORIGIN_IN_JSON, '"' + origin)
ROW_TEMPLATE = "publication/_laureate_row.html"
# The shape of the kept rows (their JSON and their line of HTML): part of each build's label, so a
# change of shape (a column added to the table) leaves every campaign behind until rebuilt.
ROW_FORMAT = "3"  # 2: the granted amount's column; 3: the search's rows
_YEAR_SPAN = 10**7  # places within a campaign (a campaign holds fewer laureates)


# ---------------------------------------------------------------- what is kept of a laureate


@dataclass(frozen=True)
class LeadAuthority:
    """The French authority a laureate is tied to, as the API shows it."""

    kind: str
    code: str
    siren: str
    name: str
    departement: tuple[str, str] | None  # (code, name)
    region: tuple[str, str] | None
    population: int | None


@dataclass(frozen=True)
class PublicLaureate:
    """Everything the public side shows of a laureate: its row, and what the API adds (its id, its
    authority's identity, and for an authority still to confirm what the resolution said)."""

    pk: int
    row: LaureateRow
    lead: LeadAuthority | None
    pending: dict  # {"reason": …, "candidates": [{"kind": …, "code": …}, …]} or {}


def public_laureate(application) -> PublicLaureate:
    """From a laureate fetched by `selectors.laureate_list` (no further query)."""
    lead = application.lead_authority
    import_row = next(iter(application.import_rows.all()), None)
    return PublicLaureate(
        pk=application.pk, row=laureate_row(application),
        lead=LeadAuthority(
            lead.kind, lead.code, lead.siren, lead.name,
            (lead.departement.code, lead.departement.name) if lead.departement is not None else None,
            (lead.region.code, lead.region.name) if lead.region is not None else None,
            lead.population,
        ) if lead else None,
        pending=(import_row.resolution if import_row and lead is None else {}) or {},
    )


def _public_laureate_from_values(values: dict, pending: dict) -> PublicLaureate:
    def place(kind):
        code = values[f"lead_authority__{kind}__code"]
        return (code, values[f"lead_authority__{kind}__name"]) if code else None

    lead = values["lead_authority_id"] is not None
    return PublicLaureate(
        pk=values["pk"], row=laureate_row_from_values(values),
        lead=LeadAuthority(
            values["lead_authority__kind"], values["lead_authority__code"], values["lead_authority__siren"],
            values["lead_authority__name"], place("departement"), place("region"),
            values["lead_authority__population"],
        ) if lead else None,
        pending=pending.get(values["pk"], {}) if not lead else {},
    )


def _to_json(laureate: PublicLaureate) -> str:
    """What `row_from_json` reads back (`dataclasses.asdict`, written out: it is ten times faster)."""
    row = {**vars(laureate.row), "partners": [vars(partner) for partner in laureate.row.partners],
           "sources": [vars(source) for source in laureate.row.sources]}
    lead = vars(laureate.lead) if laureate.lead else None
    return json.dumps({"pk": laureate.pk, "row": row, "lead": lead, "pending": laureate.pending},
                      ensure_ascii=False, default=str)


def row_from_json(text: str) -> LaureateRow:
    """The `LaureateRow` kept in a read model's row."""
    row = json.loads(text)["row"]
    row["partners"] = tuple(Partner(**partner) for partner in row["partners"])
    row["sources"] = tuple(RowSource(**source) for source in row["sources"])
    if row["granted_amount"] is not None:
        row["granted_amount"] = Decimal(row["granted_amount"])
    return LaureateRow(**row)


def row_fragment(row: LaureateRow) -> SafeString:
    """The line of the pages' table of laureates (`_laureates.html`) for one laureate."""
    return mark_safe(render_to_string(ROW_TEMPLATE, {"row": row}))


# The API's object of a laureate (JSON with `ORIGIN` for the host), made by the API itself, which
# says so when it starts (`api.apps`): publication knows no API.
_api_rendering: Callable[[PublicLaureate], str] | None = None


def api_rendering(function: Callable[[PublicLaureate], str]) -> Callable[[PublicLaureate], str]:
    """Register the function that makes a laureate's API object (its JSON text)."""
    global _api_rendering
    _api_rendering = function
    return function


# ---------------------------------------------------------------- building


def rebuild(campaign_id: int) -> ReadModelState | None:
    """A campaign's rows built from the records, in one transaction, labelled with the version
    read before the records: a row is never newer than its label says, at worst older (readers who
    see a newer version then read the records)."""
    started = time.perf_counter()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
        if campaign is None:  # deleted since: its rows went with it
            return None
        version = _label(_version_now(campaign_id))
        PublishedLaureateCountry.objects.filter(campaign_id=campaign_id)._raw_delete(connection.alias)
        PublishedSearch.objects.filter(campaign_id=campaign_id)._raw_delete(connection.alias)
        PublishedLaureate.objects.filter(campaign_id=campaign_id)._raw_delete(connection.alias)
        count = 0
        for batch in _built(campaign):
            _insert(PublishedLaureate, [laureate for laureate, _countries in batch])
            _insert(PublishedLaureateCountry, [country for _laureate, countries in batch for country in countries])
            count += len(batch)
        _insert_search_rows(campaign)
        state, _ = ReadModelState.objects.update_or_create(campaign_id=campaign_id, defaults={
            "version": version, "rows": count, "seconds": time.perf_counter() - started,
            "built_at": timezone.now()})
    _forget_states()
    return state


def _insert_search_rows(campaign: Campaign) -> None:
    """PostgreSQL: the campaign's search rows, made by the database from the dossiers' stored vector
    in one statement (SQLite's search reads the text: nothing to make)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO publication_publishedsearch"
            " (laureate_id, campaign_id, year, place, call_id, region_code, countries, search_vector)"
            " SELECT a.id, %s, %s, ROW_NUMBER() OVER (ORDER BY c.name, a.title_key, a.id), a.call_id, a.region_id,"
            " COALESCE((SELECT string_agg(DISTINCT f.country_id, ' ') FROM applications_partnership p"
            "   JOIN territories_foreignauthority f ON f.id = p.foreign_authority_id"
            "   WHERE p.application_id = a.id AND f.country_id IS NOT NULL), ''),"
            " a.search_vector"
            " FROM publication_publishedlaureate l"
            " JOIN applications_application a ON a.id = l.application_id"
            " JOIN calls_call c ON c.id = a.call_id"
            " WHERE l.campaign_id = %s",
            [campaign.pk, campaign.year, campaign.pk],
        )


def rebuild_stale() -> list[ReadModelState]:
    """Every campaign whose rows were built at another version than its own (or never)."""
    built = dict(ReadModelState.objects.values_list("campaign_id", "version"))
    return [rebuild(pk) for pk in Campaign.objects.order_by("-year").values_list("pk", flat=True)
            if built.get(pk) != _label(_version_now(pk))]


def _label(version: str) -> str:
    """What a build is labelled with: the campaign's data version and the rows' shape."""
    return f"{version}/{ROW_FORMAT}"


def _insert(model, objects: list) -> None:
    """Rows written in bulk: on PostgreSQL by COPY (an INSERT of thousands of rows spends longer
    having its parameters converted than written), elsewhere by `bulk_create`."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects)
        return
    fields = [field for field in model._meta.concrete_fields if not (field.primary_key and field.auto_created)]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, which speaks COPY
        with raw.copy(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields])


def _version_now(campaign_id: int) -> str:
    """The campaign's version as the database holds it this instant (not the second-old copy
    readers keep), in the form `versions().of` gives."""
    row = DataVersion.objects.filter(scope=f"campaign:{campaign_id}").values_list("version", "changed_at").first()
    return f"{row[0]}.{int(row[1].timestamp() * 1_000_000)}" if row else "1"


def _built(campaign: Campaign) -> Iterator[list[tuple[PublishedLaureate, list[PublishedLaureateCountry]]]]:
    """The campaign's laureates in the published order, batch by batch, with their countries."""
    calls = {pk: (kind, partner) for pk, kind, partner in
             Call.objects.filter(campaign=campaign).values_list("pk", "kind", "partner_country_id")}
    base = (10_000 - campaign.year) * _YEAR_SPAN
    made: list[tuple[PublicLaureate, PublishedLaureate, str | None]] = []
    imports = None
    for batch in _batches(laureate_values(LaureateFilters(campaign=campaign), extra_fields=_EXTRA_FIELDS)):
        imports = imports if imports is not None else _committed_imports()
        pending = _pending([values["pk"] for values in batch if values["lead_authority_id"] is None], imports)
        for values in batch:
            public, laureate = _laureate(values, pending, base + len(made) + 1, calls)
            made.append((public, laureate, calls[values["call_id"]][1]))
    # The country page's order: by French authority, then title, in French order.
    by_name = sorted(made, key=lambda item: (normalise(item[0].row.lead_name), normalise(item[0].row.title),
                                             item[1].sort_key))
    country_key = {laureate.pk: base + place for place, (_public, laureate, _fund) in enumerate(by_name, 1)}
    for start in range(0, len(made), BATCH_SIZE):
        yield [(laureate, [PublishedLaureateCountry(laureate=laureate, country_code=code, joint_fund=code == joint_fund,
                                                    lead_key=laureate.lead_key, campaign_id=campaign.pk, sort_key=laureate.sort_key,
                                                    country_key=country_key[laureate.pk])
                           for code in _countries(public, joint_fund)])
               for public, laureate, joint_fund in made[start:start + BATCH_SIZE]]


_EXTRA_FIELDS = ("call_id", "lead_authority__population")


def _batches(values: Iterable[dict]) -> Iterator[list[dict]]:
    batch = []
    for item in values:
        batch.append(item)
        if len(batch) == BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _pending(ids: list[int], imports: dict) -> dict[int, dict]:
    """What the latest committed import's resolution said of each laureate still to confirm."""
    if not ids:
        return {}
    from coopdec.applications.models import Application

    found: dict[int, dict] = {}
    rows = (Application.objects.filter(pk__in=ids, import_rows__batch_id__in=list(imports))
            .order_by("pk", "-import_rows__batch__created_at", "import_rows__row_number")
            .values_list("pk", "import_rows__resolution"))
    for pk, resolution in rows:
        found.setdefault(pk, resolution or {})
    return found


def _laureate(values: dict, pending: dict, sort_key: int, calls: dict) -> tuple[PublicLaureate, PublishedLaureate]:
    public = _public_laureate_from_values(values, pending)
    kind = calls[values["call_id"]][0]
    return public, PublishedLaureate(
        application_id=public.pk, campaign_id=values["call__campaign_id"], call_id=values["call_id"],
        kind=kind, is_ami=kind == Call.Kind.AMI, region_code=values["region_id"],
        departement_code=values["departement_id"], lead_authority_id=values["lead_authority_id"],
        lead_key=lead_key(public.row),
        sort_key=sort_key, row=_to_json(public), html=row_fragment(public.row),
        api=_api_rendering(public) if _api_rendering else "",
    )


def lead_key(row: LaureateRow) -> str:
    """The French authority a row names, to count authorities: its kind and code once resolved,
    else its published name normalised."""
    return f"{row.lead_kind}:{row.lead_code}" if row.lead_code else normalise(row.lead_published_name)


def _countries(public: PublicLaureate, joint_fund: str | None) -> list[str]:
    """The partners' countries and the joint fund's, each once (the country filter's rule)."""
    codes = [partner.country_iso2 for partner in public.row.partners if partner.country_iso2]
    return list(dict.fromkeys([*codes, *([joint_fund] if joint_fund else [])]))


# ---------------------------------------------------------------- reading


_states: tuple[object, dict[int, str]] | None = None


def _forget_states():
    global _states
    _states = None


def current(campaign_id: int | None) -> bool:
    """Whether the rows of a campaign (of every campaign, for None) were built at the version this
    request reads: one query per reading of the versions (at most once a second per process)."""
    global _states
    if changed_in_this_transaction():
        return False
    found = versions()
    if _states is None or _states[0] is not found:
        _states = (found, dict(ReadModelState.objects.values_list("campaign_id", "version")))
    built = _states[1]
    if campaign_id is not None:
        return built.get(campaign_id) == _label(found.of(campaign_id))
    return bool(built) and all(version == _label(found.of(pk)) for pk, version in built.items()) and \
        len(built) == _campaign_count(found)


_campaigns: tuple[object, int] | None = None


def _campaign_count(found) -> int:
    global _campaigns
    if _campaigns is None or _campaigns[0] is not found:
        _campaigns = (found, Campaign.objects.count())
    return _campaigns[1]


def published(filters: LaureateFilters) -> QuerySet[PublishedLaureate] | None:
    """The read model's rows of a selection, in the published order; None when they are not
    current for it (the caller reads the records)."""
    if not current(filters.campaign_id):
        return None
    rows = PublishedLaureate.objects.all()
    if filters.campaign:
        rows = rows.filter(campaign_id=filters.campaign.pk)
    if filters.region:
        rows = rows.filter(region_code=filters.region.pk)
    if filters.departement:
        rows = rows.filter(departement_code=filters.departement.pk)
    if filters.call:
        rows = rows.filter(call_id=filters.call.pk)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.country:
        rows = rows.filter(countries__country_code=filters.country.pk)
    return rows.order_by("sort_key")


def country_rows(country) -> QuerySet[PublishedLaureateCountry] | None:
    """The laureates counted in a country, every campaign, in the country page's order (the
    latest campaign first, then the French authority and the title); None when not current."""
    if not current(None):
        return None
    return PublishedLaureateCountry.objects.filter(country_code=country.pk).order_by("country_key")


def count(rows: QuerySet[PublishedLaureate]) -> LaureateCount:
    """Laureates of appels à projets and of AMI, apart: one query."""
    return LaureateCount(**rows.order_by().aggregate(
        calls_for_projects=Count("pk", filter=Q(is_ami=False)), ami=Count("pk", filter=Q(is_ami=True))))


def rows_after(rows: QuerySet[PublishedLaureate], *, batch_size: int = BATCH_SIZE) -> Iterator[LaureateRow]:
    """Every row of a selection, read by pages of `batch_size` after the last key read (keyset
    paging): each page an indexed range, no cursor held open, memory for one page."""
    last = None
    while True:
        page = rows.filter(sort_key__gt=last) if last is not None else rows
        batch = list(page.values_list("sort_key", "row")[:batch_size])
        for _key, text in batch:
            yield row_from_json(text)
        if len(batch) < batch_size:
            return
        last = batch[-1][0]



# ---------------------------------------------------------------- what pages, downloads and the API read


def laureate_count(filters: LaureateFilters) -> LaureateCount:
    """`selectors.laureate_count`, from the read model when it is current (an indexed count)."""
    rows = published(filters)
    if rows is None:
        return selectors.laureate_count(filters)
    return cached("laureate_count", lambda: count(rows), campaign_id=filters.campaign_id, key=filters.key)


def laureate_filter_options(scope: LaureateFilters) -> selectors.FilterOptions:
    """`selectors.laureate_filter_options`, from the read model when it is current: the values
    present read from its indexed columns and its countries."""
    rows = published(scope)
    if rows is None:
        return selectors.laureate_filter_options(scope)

    def compute():
        combinations = list(rows.order_by().values_list("region_code", "departement_code", "call_id", "kind")
                            .distinct())
        regions, departements, calls, kinds = ({row[column] for row in combinations} - {None} for column in range(4))
        countries = set(rows.order_by().values_list("countries__country_code", flat=True).distinct()) - {None}
        return selectors.filter_options_of(scope, regions=regions, departements=departements, calls=calls,
                                           kinds=kinds, countries=countries)

    return cached("laureate_filter_options", compute, campaign_id=scope.campaign_id, key=scope.key)


@dataclass(frozen=True)
class LaureatePage:
    page: Page
    rows: list[LaureateRow]
    fragments: list[SafeString]  # each row's line of the pages' table


def laureate_page(filters: LaureateFilters, *, number, per_page: int, total: int) -> LaureatePage:
    """One page of a selection's laureates (`number` as a request gives it: past the end is the
    last page): two columns of one indexed query from the read model, else from the records."""
    rows = published(filters)
    if rows is not None:
        page = selectors.CountedPaginator(rows.only("row", "html"), per_page, count=total).get_page(number)
        return LaureatePage(page, [row_from_json(laureate.row) for laureate in page],
                            [mark_safe(laureate.html) for laureate in page])
    page = selectors.CountedPaginator(selectors.laureate_list(filters), per_page, count=total).get_page(number)
    made = [laureate_row(application) for application in page]
    return LaureatePage(page, made, [row_fragment(row) for row in made])


def laureate_rows(filters: LaureateFilters) -> Iterator[LaureateRow]:
    """Every row of a selection, for a download: from the read model by keyset pages, else streamed
    from the records (`streams.laureate_values`)."""
    rows = published(filters)
    if rows is not None:
        return rows_after(rows)
    return (laureate_row_from_values(values) for values in laureate_values(filters))


def api_objects(filters: LaureateFilters, *, offset: int, limit: int) -> list[str] | None:
    """The API objects (JSON text, `ORIGIN` for the host) of a page of a selection; None when the
    read model is not current for it."""
    rows = published(filters)
    if rows is None or _api_rendering is None:
        return None
    return list(rows.values_list("api", flat=True)[offset:offset + limit])
