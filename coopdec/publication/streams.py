"""Reads behind every download: the laureates of a selection as flat values, batch after batch.

A download may hold every laureate of twenty years (55,000 rows at 100,000 applications). Model
instances built through nested prefetches cost about a millisecond a row; here one `values()`
query over the laureates and their joined call, campaign and authority is read through a
database cursor in batches of `BATCH_SIZE`, and each batch's partners and sources come in one
query apiece (the committed imports they cite and the names of régions and départements are read
once). Memory holds one batch, whatever the number of rows; the query count is two per batch.
The order is the public pages' (`selectors.laureate_list`).
"""
from collections.abc import Iterator
from contextlib import nullcontext
from itertools import islice

from django.db import connection, transaction
from django.db.models import F, Lookup, Q, QuerySet

from coopdec.applications.models import Partnership
from coopdec.territories.models import Departement, Region

from .selectors import LaureateFilters, import_tables, laureate_list

BATCH_SIZE = 2000

# What a row of a download shows (`exports.laureate_row_from_values`).
ROW_FIELDS = (
    "pk", "call__campaign_id", "call__campaign__year", "call__name", "call__slug", "call__kind",
    "lead_authority_id", "lead_authority__name", "lead_authority__kind", "lead_authority__code",
    "lead_authority__siren", "lead_authority__departement_id", "lead_authority__region_id",
    "departement_id", "region_id",
    "lead_name", "lead_name_key", "title", "title_key", "provenance", "granted_amount",
)
# What the open-data writers read besides (`opendata.records.open_record_from_values`).
OPEN_FIELDS = (
    "summary", "gender_marker", "starts_on", "ends_on", "duration_months", "updated_at",
    "call__partner_country_id", "call__partner_country__name_fr",
    "committee_decision__at",  # a committee's decision date is its laureate's award date
)


def laureate_values(
    filters: LaureateFilters, *, open_data: bool = False, extra: Q | None = None, batch_size: int = BATCH_SIZE,
    extra_fields: tuple[str, ...] = (),
) -> Iterator[dict]:
    """Each laureate in scope as a dict of `ROW_FIELDS` (and `OPEN_FIELDS` for `open_data`, and
    `extra_fields`), with `partners` (name, country name, ISO code; in the dossier's order) and
    `sources` (label, url of each committed import, in import order). `extra` narrows the selection
    further."""
    found = laureate_list(filters)
    if extra is not None:
        found = found.filter(extra)
    fields = (ROW_FIELDS + OPEN_FIELDS if open_data else ROW_FIELDS) + extra_fields
    with _one_read():
        rows = found.values(*fields).iterator(chunk_size=batch_size)
        imports = places = None
        while batch := list(islice(rows, batch_size)):
            if imports is None:
                imports, places = _committed_imports(), _place_names()
            _with_places(batch, places)
            yield from _with_partners_and_sources(batch, imports)


def _one_read():
    """On PostgreSQL, the download reads in one transaction: its cursor then streams rows as the
    server sorts them out. Outside a transaction Django declares the cursor WITH HOLD, which the
    server copies whole before the first row (7 s for 55,000 rows here, against 2 s to sort them).
    SQLite reads in batches as it is."""
    return transaction.atomic() if connection.vendor == "postgresql" else nullcontext()


def _place_names() -> dict[tuple[str, str], str]:
    """The names of the 18 régions and 109 départements, by (kind, code): read once, instead of
    four joins on every row of the main query."""
    return {**{("departement", code): name for code, name in Departement.objects.values_list("code", "name")},
            **{("region", code): name for code, name in Region.objects.values_list("code", "name")}}


def _with_places(batch: list[dict], names: dict[tuple[str, str], str]) -> None:
    """The laureate's and its authority's département and région, as `exports.laureate_row_from_values`
    reads them (code and name; None when unknown)."""
    for values in batch:
        for prefix, source in (("lead_authority__", "lead_authority__"), ("", "")):
            for kind in ("departement", "region"):
                code = values[f"{source}{kind}_id"]
                values[f"{prefix}{kind}__code"] = code
                values[f"{prefix}{kind}__name"] = names.get((kind, code)) if code else None


def _committed_imports() -> dict[int, tuple]:
    """The committed imports (a few per campaign), by id: (created_at, label, url). Read once,
    so that a batch's sources are read by the index on their laureate alone (joined to the
    imports, PostgreSQL's planner scans every imported row of every import instead)."""
    _rows, lists = import_tables()
    return {pk: (created_at, label, url) for pk, created_at, label, url in
            lists.objects.filter(state=lists.State.COMMITTED).order_by()
            .values_list("pk", "created_at", "source_label", "source_url")}


class _AnyOf(Lookup):
    """`column = ANY(%s)` with the ids as one array parameter: PostgreSQL reads a batch's 2,000
    ids as one value, where `IN (%s, %s, …)` costs Django and the server a placeholder each."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


def _of_applications(queryset: QuerySet, ids) -> QuerySet:
    if connection.vendor == "postgresql":
        return queryset.filter(_AnyOf(F("application_id"), ids))
    return queryset.filter(application_id__in=ids)


def _with_partners_and_sources(batch: list[dict], imports: dict[int, tuple]) -> list[dict]:
    by_pk = {}
    for values in batch:
        values["partners"] = []
        values["sources"] = []
        by_pk[values["pk"]] = values
    partners = (
        _of_applications(Partnership.objects.all(), list(by_pk))
        .order_by("application_id", "order", "pk")
        .values_list("application_id", "foreign_authority__name", "foreign_authority__country__name_fr",
                     "foreign_authority__country_id")
    )
    for application_id, name, country, iso2 in partners:
        by_pk[application_id]["partners"].append((name, country or "", iso2 or ""))
    imported, _lists = import_tables()
    rows = _of_applications(imported.objects.all(), list(by_pk)).order_by().values_list(
        "application_id", "batch_id", "row_number")
    # As the rows' Meta orders them: the latest import first, then the row's number.
    cited = sorted(((application_id, imports[batch_id][0], row_number, batch_id)
                    for application_id, batch_id, row_number in rows if batch_id in imports),
                   key=lambda row: (row[0], -row[1].timestamp(), row[2]))
    for application_id, _created_at, _row_number, batch_id in cited:
        by_pk[application_id]["sources"].append(imports[batch_id][1:])
    return batch
