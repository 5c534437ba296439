"""Import of published laureates lists: read → resolve → preview → commit in one transaction.

A laureate is identified by its call (hence its campaign), its lead authority and its title:
importing the same file again, or another rendering of the same rows, creates no new laureate.
The preview works out exactly what the commit writes: a row describes a new laureate, a laureate
already recorded (to which it may add an amount, a partner, a partner's country), or the same
laureate as an earlier row of the file. What contradicts the record is never written: it is kept
on the row (`ImportRow.conflicts`) for a person to decide.
"""
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import prefetch_related_objects

from coopdec.applications.models import Application, CoApplicant, Partnership
from coopdec.applications.services import application_search_refresh
from coopdec.calls.matching import match_call
from coopdec.publication.cache import publication_changed
from coopdec.territories.country_names import country_lookup
from coopdec.territories.models import Authority, Departement, ForeignAuthority, Region
from coopdec.territories.partner_services import foreign_authority_get_or_create, foreign_authority_key
from coopdec.territories.partners import segments, split_partners
from coopdec.territories.resolve import ResolutionContext, resolve_authority
from coopdec.territories.text import normalise
from coopdec.territories.wording import thousands

from . import selectors
from .models import ImportBatch, ImportRow
from .narrative import split_parties
from .readers import COLUMNS, OPTIONAL, ReadError, file_sha256, read_bytes, read_table
from .rules import AmountError, amount_fr, parse_amount


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
    amount: Decimal | None = None
    co_applicants: list = field(default_factory=list)  # [(name as published, Resolution)]
    context: ResolutionContext | None = None  # where the names were published, for the resolver
    notes: list = field(default_factory=list)  # what the row says that was not understood
    # Against the record (see `_compare`):
    known: bool = False  # the laureate is already recorded in CoopDec
    duplicate_of: int | None = None  # the earlier row of this file describing the same laureate
    additions: list = field(default_factory=list)  # what it adds to a known laureate, in French
    conflicts: dict = field(default_factory=dict)  # what contradicts the record: kept, not written
    set_amount: bool = False
    new_partners: list = field(default_factory=list)  # Partners to link
    partner_countries: dict = field(default_factory=dict)  # key of a partner recorded without country → Partner
    new_co_applicants: list = field(default_factory=list)

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
    details: tuple = ()  # how the file was read: encoding, separator, sheet, « liste rédigée »
    unread: tuple = ()  # headings of the columns that were not understood

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)


@dataclass(frozen=True)
class _Context:
    """What every row of one file is read with."""

    file_name: str
    table: object
    campaign: object
    region: object
    call_name: str
    publisher: str
    countries: object
    places: object


def import_preview(*, path, campaign, region=None, source_label="", source_url="", sheet=None,
                   call_name="") -> Preview:
    """Read and resolve every row; raise ImportFailure on any bad input. Writes nothing.

    A file already imported whose laureates all still exist stops here, unread (`already_imported`).
    `call_name` is the call of a narrative list's sentences (--call), whatever its headings say.
    """
    path = Path(path)
    _check_source(path.name, source_label, source_url)
    try:
        data = read_bytes(path)
        sha256 = file_sha256(data)
        known = selectors.import_batch_known(sha256=sha256, campaign=campaign)
        if known:
            return Preview(file_name=path.name, sha256=sha256, format=known.format, campaign=campaign,
                           region=region, source_label=source_label, source_url=source_url,
                           already_imported=known)
        table = read_table(path, data=data, sheet=sheet)
    except ReadError as error:
        raise ImportFailure([error]) from None
    preview = Preview(
        file_name=path.name, sha256=sha256, format=table.format, campaign=campaign, region=region,
        source_label=source_label, source_url=source_url, details=table.details, unread=table.unread,
    )
    prefetch_related_objects([campaign], "calls")  # every row's call is matched among these
    context = _Context(path.name, table, campaign, region, call_name, source_label or path.name,
                       country_lookup(), selectors.places())
    errors = []
    for source in table.rows:
        try:
            preview.rows.append(_plan(source, context))
        except ImportFailure as failure:
            errors += failure.errors
    if errors:
        raise ImportFailure(errors)
    _compare(preview.rows, *selectors.laureates_recorded(campaign), selectors.country_names())
    return preview


def _check_source(file_name, label, url):
    """The publication's label and address fit their columns (SQLite would store them whole,
    PostgreSQL refuse them at commit)."""
    errors = [
        ReadError(file_name, f"{what} trop longue ({thousands(len(text))} caractères ; {limit} au plus)")
        for what, text, limit in (
            ("publication (--source-label)", label, ImportBatch._meta.get_field("source_label").max_length),
            ("adresse de la publication (--source-url)", url, ImportBatch._meta.get_field("source_url").max_length),
        ) if len(text) > limit
    ]
    if errors:
        raise ImportFailure(errors)


# Reading one row ---------------------------------------------------------------------------------

_LEADING_WORDS = re.compile(r"^(?:(?:liste des |les )?(?:projets? )?(?:laureats?|retenus?)\s*(?:de |du |des |d )?)+")
_MAX_LENGTHS = {  # the longest text each column may hold, from the models it is written to
    "lead": Application._meta.get_field("lead_name").max_length,
    "title": Application._meta.get_field("title_key").max_length,
    "partner": ForeignAuthority._meta.get_field("name").max_length,
    "co_applicant": CoApplicant._meta.get_field("name").max_length,
}


def _plan(source, context) -> RowPlan:
    """One row read and resolved, or ImportFailure with every problem of the row."""
    cells, co_names = _cells_of(source, context)
    call, amount = _checked(source, cells, co_names, context)
    notes = []
    region = _hint(cells, "region", context.places.region, notes) or (context.region.code if context.region else None)
    departement = _hint(cells, "departement", context.places.departement, notes)
    partners = _partners_of(source.number, cells, call, context, notes)
    resolution = ResolutionContext(
        publisher=context.publisher, region=context.region.code if context.region else None,
        partner_country=call.partner_country_id, partner=partners[0].name if partners else "",
    )

    def resolve(name):
        return resolve_authority(name, region=region, department=departement, context=resolution)

    return RowPlan(
        number=source.number, cells=cells, lead=resolve(cells["lead"]), partners=partners, call=call,
        amount=amount, co_applicants=[(name, resolve(name)) for name in co_names], notes=notes,
        context=resolution,
    )


def _cells_of(source, context):
    """(cells, French co-applicants' names): a narrative sentence's parties told apart into the
    lead, its co-applicants and the partners, its call from the option or the heading above it."""
    cells = dict(source.cells)
    if not source.parties:
        return cells, []
    french, foreign = split_parties(source.parties, lambda text: _is_foreign(text, context),
                                    lambda name: resolve_authority(name).status != "unknown")
    cells.update(lead=french[0], partners=foreign, call=context.call_name or _call_of_heading(cells["call"]))
    return cells, french[1:]


def _checked(source, cells, co_names, context):
    """(call, amount) of a row whose cells are complete, fit the records and name a call."""
    errors = _empty_or_long(source.number, cells, co_names, context)
    call = match_call(cells["call"], campaign=context.campaign) if cells["call"] else None
    if call is not None and call.status != "resolved":
        hint = " ; indiquez l'appel de la liste (option --call)" if source.parties else ""
        errors.append(_error(context, source.number, "call", call.reason + hint))
    amount = None
    try:
        amount = parse_amount(cells.get("amount"))
    except AmountError as error:
        errors.append(_error(context, source.number, "amount", str(error)))
    if errors:
        raise ImportFailure(errors)
    return call.call, amount


def _partners_of(number, cells, call, context, notes):
    """The row's partners, their country from the cell, the row's country column or the call."""
    column = cells.get("partner_country", "")
    partners = split_partners(cells["partners"], call=call, countries=context.countries, country_cell=column)
    notes += [f"pays « {part.strip()} » : nom inconnu" for part in segments(column)
              if part.strip() and context.countries.find(part) is None]
    limit = _MAX_LENGTHS["partner"]
    too_long = [_error(context, number, "partners", f"nom trop long ({thousands(len(p.name))} caractères ; "
                                                    f"{limit} au plus)") for p in partners if len(p.name) > limit]
    if too_long:
        raise ImportFailure(too_long)
    return partners


def _is_foreign(text, context) -> bool:
    """Whether a sentence's parenthesised text names a foreign country (not « Réunion », a
    French région that ISO 3166 also lists)."""
    country = context.countries.find(text)
    return country not in (None, "FR") and not context.places.is_french(text)


def _call_of_heading(heading: str) -> str:
    """The call a heading names: « Lauréats de l'appel Franco-sénégalais » names the call."""
    return _LEADING_WORDS.sub("", normalise(heading)) if heading else ""


def _error(context, number, column, reason):
    heading = context.table.columns.get(column) or COLUMNS.get(column) or OPTIONAL.get(column) or column
    return ReadError(context.file_name, reason, row=number, field=heading)


def _empty_or_long(number, cells, co_names, context):
    """Empty cells that a laureate needs, and texts longer than the records can hold."""
    errors = [_error(context, number, column, "cellule vide")
              for column in ("lead", "title", "call") if not cells[column]]
    texts = [("lead", cells["lead"], _MAX_LENGTHS["lead"]), ("title", normalise(cells["title"]), _MAX_LENGTHS["title"])]
    texts += [("lead", name, _MAX_LENGTHS["co_applicant"]) for name in co_names]
    errors += [_error(context, number, column, f"texte trop long ({thousands(len(text))} caractères ; {limit} au plus)")
               for column, text, limit in texts if len(text) > limit]
    return errors


def _hint(cells, column, find, notes):
    """The INSEE code a row's région or département cell names; a note when it names nothing."""
    text = cells.get(column, "")
    if not text:
        return None
    code = find(text)
    if code is None:
        notes.append(f"{OPTIONAL[column]} « {text} » : nom ou code inconnu, ligne lue sans cette indication")
    return code


# The rows against the record -------------------------------------------------------------------

def _compare(plans, by_authority, by_name, country_names):
    """Say, for every row, whether it describes a new laureate, a recorded one or an earlier row's,
    and work out what it adds (written at commit) and what it contradicts (kept for a person)."""
    for plan in plans:
        title_key = normalise(plan.cells["title"])
        by_its_authority = (plan.call.pk, plan.lead.match.authority_id, title_key) if plan.lead.match else None
        by_its_name = (plan.call.pk, normalise(plan.cells["lead"]), title_key)
        laureate = by_authority.get(by_its_authority) or by_name.get(by_its_name) or selectors.Laureate(pk=None)
        plan.duplicate_of = laureate.first_row
        plan.known = laureate.pk is not None and plan.duplicate_of is None
        if laureate.first_row is None:
            laureate.first_row = plan.number
        _describe(plan, laureate, country_names)
        if by_its_authority:
            by_authority.setdefault(by_its_authority, laureate)
        by_name.setdefault(by_its_name, laureate)


def _describe(plan, laureate, country_names):
    """What the row adds to the laureate as known so far, and what it contradicts."""
    said = plan.known or plan.duplicate_of is not None  # additions are news only for a known laureate
    if plan.amount is not None and laureate.amount is None:
        laureate.amount, plan.set_amount = plan.amount, True
        plan.additions.append(f"montant {amount_fr(plan.amount)}")
    elif plan.amount is not None and laureate.amount != plan.amount:
        plan.conflicts["granted_amount"] = _disagreement(plan, recorded=str(laureate.amount),
                                                         published=str(plan.amount))
    for partner in plan.partners:
        _describe_partner(plan, laureate, partner, country_names)
    for name, _resolution in plan.co_applicants:
        if normalise(name) not in laureate.co_applicants:
            laureate.co_applicants.add(normalise(name))
            plan.new_co_applicants.append(name)
            plan.additions.append(f"co-porteur {name}")
    if not said:
        plan.additions = []


def _describe_partner(plan, laureate, partner, country_names):
    country = country_names.get(partner.country, partner.country)
    key = foreign_authority_key(partner.name, partner.country)
    bare = foreign_authority_key(partner.name, None)
    found = next((k for k in (key, bare) if k in laureate.partners), None)
    if found is None:
        laureate.partners[key] = partner.country
        plan.new_partners.append(partner)
        plan.additions.append(f"partenaire {partner.name}" + (f" ({country})" if country else ""))
        return
    recorded = laureate.partners[found]
    if partner.country is None or recorded == partner.country:
        return
    if recorded is None:
        laureate.partners[found] = partner.country
        plan.partner_countries[found] = partner
        plan.additions.append(f"pays de {partner.name} : {country}")
    else:
        plan.conflicts.setdefault("partners", []).append(
            _disagreement(plan, name=partner.name, recorded=recorded, published=partner.country))


def _disagreement(plan, **values):
    """A disagreement, with the earlier row of the file that said otherwise when it is not the record."""
    return {**values, "row": plan.duplicate_of} if plan.duplicate_of is not None else values


# Commit -----------------------------------------------------------------------------------------

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
            granted_amount=plan.amount,
        )
    else:
        _complete(application, plan, authority)
    _link_partners(application, plan)
    _link_co_applicants(application, plan)
    application_search_refresh(application=application)
    ImportRow.objects.create(
        batch=batch,
        row_number=plan.number,
        raw=plan.cells,
        resolution={**resolution_as_json(plan.lead), "context": asdict(plan.context)},
        status=plan.status,
        application=application,
        conflicts=plan.conflicts,
    )
    return created


def _complete(application, plan, authority):
    """What the row adds to a recorded laureate: its authority once resolved, its amount."""
    changed = []
    if authority is not None and application.lead_authority_id is None:
        application.lead_authority = authority
        application.region_id = authority.region_id
        application.departement_id = authority.departement_id
        changed += ["lead_authority", "region", "departement"]
    if plan.set_amount and application.granted_amount is None:
        application.granted_amount = plan.amount
        changed.append("granted_amount")
    if changed:
        application.save(update_fields=[*changed, "updated_at"])


def _link_partners(application, plan):
    for key, partner in plan.partner_countries.items():
        foreign = foreign_authority_get_or_create(name=partner.name, country=partner.country)
        application.partnerships.filter(foreign_authority__key=key, foreign_authority__country=None).update(
            foreign_authority=foreign)
    known = set(application.partnerships.values_list("foreign_authority_id", flat=True))
    order = len(known)
    for partner in plan.new_partners:
        foreign = foreign_authority_get_or_create(name=partner.name, country=partner.country)
        if foreign.pk not in known:
            Partnership.objects.create(
                application=application, foreign_authority=foreign, name=partner.name, order=order
            )
            known.add(foreign.pk)
            order += 1


def _link_co_applicants(application, plan):
    if not plan.new_co_applicants:
        return
    resolutions = dict(plan.co_applicants)
    order = application.co_applicants.count()
    for offset, name in enumerate(plan.new_co_applicants):
        match = resolutions[name].match
        CoApplicant.objects.create(application=application, authority=_authority_of(match), name=name,
                                   order=order + offset)


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
    duplicates: int = 0  # rows that repeated an earlier row of the same file


@transaction.atomic
def import_commit(*, preview, user=None) -> ImportResult:
    """Write the previewed rows: all or nothing. The same file twice is recognised and skipped."""
    if preview.already_imported:
        return ImportResult(batch=preview.already_imported, created=0, known=0, skipped=True)
    # Its rows are written partly in bulk, which sends no signal: the campaign's pages and figures
    # are renewed once this transaction commits.
    publication_changed(campaign_id=preview.campaign.pk)
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
    duplicates = sum(plan.duplicate_of is not None for plan in preview.rows)
    return ImportResult(batch=batch, created=created, known=len(preview.rows) - created - duplicates,
                        duplicates=duplicates)
