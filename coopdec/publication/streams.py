"""Reads behind every download: the laureates of a selection as flat values, batch after batch.

A download may hold every laureate of twenty years (55,000 rows at 100,000 applications). Model
instances built through nested prefetches cost about a millisecond a row; here one `values()`
query over the laureates and their joined call, campaign, authority and places is read through a
database cursor in batches of `BATCH_SIZE`, and each batch's partners and sources come in one
query apiece. Memory holds one batch, whatever the number of rows; the query count is three per
batch. The order is the public pages' (`selectors.laureate_list`).
"""
from collections.abc import Iterator
from itertools import islice

from django.db.models import Q

from coopdec.applications.models import Partnership
from coopdec.ingest.models import ImportBatch, ImportRow

from .selectors import LaureateFilters, laureate_list

BATCH_SIZE = 2000

# What a row of a download shows (`exports.laureate_row_from_values`).
ROW_FIELDS = (
    "pk", "call__campaign_id", "call__campaign__year", "call__name", "call__slug", "call__kind",
    "lead_authority_id", "lead_authority__name", "lead_authority__kind", "lead_authority__code",
    "lead_authority__siren", "lead_authority__departement__code", "lead_authority__departement__name",
    "lead_authority__region__code", "lead_authority__region__name",
    "departement__code", "departement__name", "region__code", "region__name",
    "lead_name", "lead_name_key", "title", "title_key", "provenance", "granted_amount",
)
# What the open-data writers read besides (`opendata.records.open_record_from_values`).
OPEN_FIELDS = (
    "summary", "gender_marker", "starts_on", "ends_on", "updated_at",
    "call__partner_country_id", "call__partner_country__name_fr",
)


def laureate_values(
    filters: LaureateFilters, *, open_data: bool = False, extra: Q | None = None, batch_size: int = BATCH_SIZE
) -> Iterator[dict]:
    """Each laureate in scope as a dict of `ROW_FIELDS` (and `OPEN_FIELDS` for `open_data`), with
    `partners` (name, country name, ISO code; in the dossier's order) and `sources` (label, url
    of each committed import, in import order). `extra` narrows the selection further."""
    found = laureate_list(filters)
    if extra is not None:
        found = found.filter(extra)
    fields = ROW_FIELDS + OPEN_FIELDS if open_data else ROW_FIELDS
    rows = found.values(*fields).iterator(chunk_size=batch_size)
    while batch := list(islice(rows, batch_size)):
        yield from _with_partners_and_sources(batch)


def _with_partners_and_sources(batch: list[dict]) -> list[dict]:
    by_pk = {}
    for values in batch:
        values["partners"] = []
        values["sources"] = []
        by_pk[values["pk"]] = values
    partners = (
        Partnership.objects.filter(application_id__in=by_pk)
        .order_by("application_id", "order", "pk")
        .values_list("application_id", "foreign_authority__name", "foreign_authority__country__name_fr",
                     "foreign_authority__country_id")
    )
    for application_id, name, country, iso2 in partners:
        by_pk[application_id]["partners"].append((name, country or "", iso2 or ""))
    sources = (
        ImportRow.objects.filter(application_id__in=by_pk, batch__state=ImportBatch.State.COMMITTED)
        .order_by("application_id", "-batch__created_at", "row_number")  # as ImportRow.Meta orders them
        .values_list("application_id", "batch__source_label", "batch__source_url")
    )
    for application_id, label, url in sources:
        by_pk[application_id]["sources"].append((label, url))
    return batch
