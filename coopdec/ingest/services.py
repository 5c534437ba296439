"""Import of published laureates lists: read → resolve → preview → commit in one transaction.

A laureate is identified by its call (hence its campaign), its lead authority and its title:
importing the same file again, or another rendering of the same rows, creates no new laureate.
"""
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import prefetch_related_objects

from coopdec.applications.models import Application, Partnership
from coopdec.applications.services import application_search_refresh
from coopdec.calls.matching import match_call
from coopdec.territories.models import Authority, Departement, Region
from coopdec.territories.partner_services import foreign_authority_get_or_create
from coopdec.territories.country_names import country_lookup
from coopdec.territories.partners import split_partners
from coopdec.territories.resolve import resolve_authority
from coopdec.territories.text import normalise

from .models import ImportBatch, ImportRow
from .readers import COLUMNS, ReadError, read_table


class ImportFailure(Exception):
    """The whole file is refused: the list of ReadErrors says where and why."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class RowPlan:
    number: int
    cells: dict
    lead: object  # territories.resolve.Resolution
    partners: list  # territories.partners.Partner
    call: object  # calls.models.Call

    @property
    def status(self):
        return self.lead.status


@dataclass
class Preview:
    file_name: str
    sha256: str
    format: str
    campaign: object
    region: object
    source_label: str = ""  # who published the list, as cited on public pages and downloads
    source_url: str = ""
    rows: list = field(default_factory=list)
    already_imported: object = None  # the committed ImportBatch of the same file, if any

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)


def import_preview(*, path, campaign, region=None, source_label="", source_url="") -> Preview:
    """Read and resolve every row; raise ImportFailure on any bad input. Writes nothing."""
    path = Path(path)
    try:
        table = read_table(path)
    except ReadError as error:
        raise ImportFailure([error]) from None
    preview = Preview(
        file_name=path.name, sha256=table.sha256, format=table.format, campaign=campaign, region=region,
        source_label=source_label, source_url=source_url,
        already_imported=ImportBatch.objects.filter(
            sha256=table.sha256, campaign=campaign, state=ImportBatch.State.COMMITTED
        ).first(),
    )
    errors = []
    countries = country_lookup()
    prefetch_related_objects([campaign], "calls")  # every row's call is matched among these
    for source in table.rows:
        empty = [c for c in ("lead", "title", "call") if not source.cells[c]]
        for column in empty:
            errors.append(ReadError(path.name, "cellule vide", row=source.number, field=COLUMNS[column]))
        if empty:
            continue
        call = match_call(source.cells["call"], campaign=campaign)
        if call.status != "resolved":
            errors.append(ReadError(path.name, call.reason, row=source.number, field=COLUMNS["call"]))
            continue
        preview.rows.append(RowPlan(
            number=source.number,
            cells=source.cells,
            lead=resolve_authority(source.cells["lead"], region=region.code if region else None),
            partners=split_partners(source.cells["partners"], call=call.call, countries=countries),
            call=call.call,
        ))
    if errors:
        raise ImportFailure(errors)
    return preview


def _place(plan, region):
    """Region and département of a laureate: its authority's, else what every candidate shares."""
    if plan.lead.match:
        return plan.lead.match.region_code, plan.lead.match.departement_code
    regions = {c.region_code for c in plan.lead.candidates}
    departements = {c.departement_code for c in plan.lead.candidates}
    region_code = regions.pop() if len(regions) == 1 else (region.code if region else None)
    departement_code = departements.pop() if len(departements) == 1 else None
    return region_code, departement_code


def _authority_of(match):
    return Authority.objects.get(kind=match.kind, code=match.code) if match else None


def _application_for(plan, authority, title_key, lead_name_key):
    """The laureate this row describes: by its natural key, else by the same published name.

    The published name finds a laureate whose authority a person confirmed since the last import.
    """
    found = None
    if authority is not None:
        found = Application.objects.filter(
            call=plan.call, lead_authority=authority, title_key=title_key
        ).first()
    return found or Application.objects.filter(
        call=plan.call, lead_name_key=lead_name_key, title_key=title_key
    ).first()


def _commit_row(batch, plan, region):
    authority = _authority_of(plan.lead.match)
    title_key = normalise(plan.cells["title"])
    lead_name_key = normalise(plan.cells["lead"])
    application = _application_for(plan, authority, title_key, lead_name_key)
    created = application is None
    if created:
        region_code, departement_code = _place(plan, region)
        application = Application.objects.create(
            call=plan.call,
            title=plan.cells["title"],
            title_key=title_key,
            lead_authority=authority,
            lead_name=plan.cells["lead"],
            lead_name_key=lead_name_key,
            region=Region.objects.filter(code=region_code).first() if region_code else None,
            departement=Departement.objects.filter(code=departement_code).first()
            if departement_code else None,
            decision=Application.Decision.RETENU,
            provenance=Application.Provenance.IMPORT,
        )
    elif authority is not None and application.lead_authority_id is None:
        application.lead_authority = authority
        application.region_id = authority.region_id
        application.departement_id = authority.departement_id
        application.save(update_fields=["lead_authority", "region", "departement", "updated_at"])
    known = set(application.partnerships.values_list("foreign_authority_id", flat=True))
    for order, partner in enumerate(plan.partners):
        foreign = foreign_authority_get_or_create(name=partner.name, country=partner.country)
        if foreign.pk not in known:
            Partnership.objects.create(
                application=application, foreign_authority=foreign, name=partner.name, order=order
            )
            known.add(foreign.pk)
    application_search_refresh(application=application)
    ImportRow.objects.create(
        batch=batch,
        row_number=plan.number,
        raw=plan.cells,
        resolution=resolution_as_json(plan.lead),
        status=plan.status,
        application=application,
    )
    return created


def resolution_as_json(resolution):
    """What the review screen needs later: the status, the reason and every candidate."""
    return {
        "status": resolution.status,
        "reason": resolution.reason,
        "match": [resolution.match.kind, resolution.match.code] if resolution.match else None,
        "candidates": [
            {"kind": c.kind, "code": c.code, "name": c.name, "departement": c.departement_code,
             "region": c.region_code, "population": c.population, "score": c.score}
            for c in resolution.candidates
        ],
    }


@dataclass(frozen=True)
class ImportResult:
    batch: ImportBatch
    created: int  # laureates new to CoopDec
    known: int  # rows that described a laureate already recorded
    skipped: bool = False  # the very same file was committed before: nothing was written


@transaction.atomic
def import_commit(*, preview, user=None) -> ImportResult:
    """Write the previewed rows: all or nothing. The same file twice is recognised and skipped."""
    if preview.already_imported:
        return ImportResult(batch=preview.already_imported, created=0, known=0, skipped=True)
    batch = ImportBatch.objects.create(
        file_name=preview.file_name,
        sha256=preview.sha256,
        format=preview.format,
        source_label=preview.source_label,
        source_url=preview.source_url,
        campaign=preview.campaign,
        region=preview.region,
        state=ImportBatch.State.COMMITTED,
        created_by=user,
    )
    created = sum(_commit_row(batch, plan, preview.region) for plan in preview.rows)
    return ImportResult(batch=batch, created=created, known=len(preview.rows) - created)
