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
from django.db.models import Count, prefetch_related_objects

from coopdec.applications.models import Application, CoApplicant, Partnership
from coopdec.applications.services import applications_search_refresh
from coopdec.calls.matching import match_call
from coopdec.dataversion.changes import data_changed
from coopdec.french.text import euros, number_fr
from coopdec.readers.base import ReadError
from coopdec.readers.files import file_sha256, read_bytes
from coopdec.territories.country_names import country_lookup
from coopdec.territories.models import ForeignAuthority
from coopdec.territories.partner_services import foreign_authority_key
from coopdec.territories.partners import segments, split_partners
from coopdec.territories.resolve import ResolutionContext, resolve_authority
from coopdec.territories.text import normalise

from . import selectors
from .models import ImportBatch, ImportRow
from .narrative import split_parties
from .readers import COLUMNS, OPTIONAL, read_table
from .rules import AmountError, parse_amount


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
    calls: dict = field(default_factory=dict)  # a call cell → its match: a list repeats a few calls


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
        ReadError(file_name, f"{what} trop longue ({number_fr(len(text))} caractères ; {limit} au plus)")
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
    call = None
    if cells["call"]:
        if cells["call"] not in context.calls:
            context.calls[cells["call"]] = match_call(cells["call"], campaign=context.campaign)
        call = context.calls[cells["call"]]
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
    too_long = [_error(context, number, "partners", f"nom trop long ({number_fr(len(p.name))} caractères ; "
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
    errors += [_error(context, number, column, f"texte trop long ({number_fr(len(text))} caractères ; {limit} au plus)")
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
        plan.additions.append(f"montant {euros(plan.amount)}")
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


def _foreign_key(partner):
    return foreign_authority_key(partner.name, partner.country), partner.country


class _Writer:
    """Writes the previewed rows in a fixed number of queries, whatever their number: the
    laureates already recorded are read once, the new ones, their partners, co-applicants and the
    import's rows are inserted in bulk, and each laureate's search text is written once.

    Row by row, in the file's order, it decides exactly what a query per row used to: a row finds
    its laureate by its natural key, else by the same published name (a laureate whose authority a
    person confirmed since the last import), and a later row of the file finds what an earlier one
    created.
    """

    def __init__(self, batch, plans, region):
        self.batch, self.plans, self.region = batch, plans, region
        calls = {plan.call.pk for plan in plans}
        self.by_authority, self.by_name, self.recorded = {}, {}, {}
        for application in Application.objects.filter(call_id__in=calls).order_by("pk").only(
            "pk", "call_id", "lead_authority_id", "lead_name_key", "title_key", "granted_amount",
            "region_id", "departement_id",
        ):
            self._remember(application)
            self.recorded[application.pk] = application
        self.new = []  # Applications to insert, in the file's order
        self.changed = {}  # pk of a recorded laureate → fields to save
        self.partners = {}  # id(application) → [(foreign authority key, country, name)]
        self.partner_countries = []  # (application, key, partner) for partners recorded without country
        self.co_applicants = {}  # id(application) → [(name, authority id)]
        self.rows = []  # (plan, application)

    def _remember(self, application):
        if application.lead_authority_id is not None:
            self.by_authority.setdefault(
                (application.call_id, application.lead_authority_id, application.title_key), application)
        self.by_name.setdefault((application.call_id, application.lead_name_key, application.title_key), application)

    def write(self) -> int:
        created = sum(self._row(plan) for plan in self.plans)
        foreign = self._foreign_authorities()
        links = self._partnerships(foreign)
        self._search_documents(links)
        Application.objects.bulk_create(self.new)
        for pk, fields in self.changed.items():
            self.recorded[pk].save(update_fields=[*fields, "updated_at"])
        for application, key, partner in self.partner_countries:  # rare: one update each
            application.partnerships.filter(foreign_authority__key=key, foreign_authority__country=None).update(
                foreign_authority=foreign[_foreign_key(partner)])
        Partnership.objects.bulk_create(links)
        self._write_co_applicants()
        # A recorded laureate's search text reads its partnerships from the database.
        touched = {id(a): a for _plan, a in self.rows if a.pk in self.recorded}.values()
        applications_search_refresh(applications=list(touched))
        ImportRow.objects.bulk_create([
            ImportRow(batch=self.batch, row_number=plan.number, raw=plan.cells,
                      resolution={**resolution_as_json(plan.lead), "context": asdict(plan.context)},
                      status=plan.status, application=application, conflicts=plan.conflicts)
            for plan, application in self.rows
        ])
        return created

    def _row(self, plan) -> bool:
        match = plan.lead.match
        title_key, lead_name_key = normalise(plan.cells["title"]), normalise(plan.cells["lead"])
        application = None
        if match is not None:
            application = self.by_authority.get((plan.call.pk, match.authority_id, title_key))
        application = application or self.by_name.get((plan.call.pk, lead_name_key, title_key))
        created = application is None
        if created:
            region_code, departement_code = _place(plan, self.region)
            application = Application(
                call=plan.call, title=plan.cells["title"], title_key=title_key,
                lead_authority_id=match.authority_id if match else None,
                lead_name=plan.cells["lead"], lead_name_key=lead_name_key,
                region_id=region_code, departement_id=departement_code,
                decision=Application.Decision.RETENU, provenance=Application.Provenance.IMPORT,
                granted_amount=plan.amount,
            )
            self.new.append(application)
            self._remember(application)
        else:
            self._complete(application, plan)
        for partner in plan.new_partners:
            self.partners.setdefault(id(application), []).append(partner)
        for key, partner in plan.partner_countries.items():
            self.partner_countries.append((application, key, partner))
        if plan.new_co_applicants:
            resolutions = dict(plan.co_applicants)
            self.co_applicants.setdefault(id(application), []).extend(
                (name, resolutions[name].match.authority_id if resolutions[name].match else None)
                for name in plan.new_co_applicants)
        self.rows.append((plan, application))
        return created

    def _complete(self, application, plan):
        """What the row adds to a laureate recorded or met earlier: its authority once resolved,
        its amount."""
        changed = []
        match = plan.lead.match
        if match is not None and application.lead_authority_id is None:
            application.lead_authority_id = match.authority_id
            application.region_id, application.departement_id = match.region_code, match.departement_code
            changed += ["lead_authority", "region", "departement"]
            self._remember(application)
        if plan.set_amount and application.granted_amount is None:
            application.granted_amount = plan.amount
            changed.append("granted_amount")
        if changed and application.pk is not None:
            self.changed.setdefault(application.pk, set()).update(changed)

    def _foreign_authorities(self) -> dict:
        """(key, country) → ForeignAuthority for every partner written: found or created, in bulk."""
        wanted = {}
        partners = [p for ps in self.partners.values() for p in ps] + [p for _a, _k, p in self.partner_countries]
        for partner in partners:
            wanted.setdefault(_foreign_key(partner), partner.name)
        found = {}
        for foreign in ForeignAuthority.objects.filter(key__in={key for key, _country in wanted}):
            found[(foreign.key, foreign.country_id)] = foreign
        missing = [ForeignAuthority(key=key, country_id=country, name=" ".join(name.split()))
                   for (key, country), name in wanted.items() if (key, country) not in found]
        ForeignAuthority.objects.bulk_create(missing)
        found.update({(foreign.key, foreign.country_id): foreign for foreign in missing})
        return found

    def _partnerships(self, foreign) -> list:
        """The partnerships to insert: a partner not yet linked to its laureate, after the others."""
        applications = {id(a): a for _plan, a in self.rows}
        recorded = [applications[i].pk for i in self.partners if applications[i].pk in self.recorded]
        known = {}
        for application_id, foreign_id in Partnership.objects.filter(application_id__in=recorded).values_list(
                "application_id", "foreign_authority_id"):
            known.setdefault(application_id, set()).add(foreign_id)
        links = []
        for ident, partners in self.partners.items():
            application = applications[ident]
            linked = known.setdefault(application.pk, set()) if application.pk in self.recorded else set()
            order = len(linked)
            for partner in partners:
                authority = foreign[_foreign_key(partner)]
                if authority.pk not in linked:
                    links.append(Partnership(application=application, foreign_authority=authority,
                                             name=partner.name, order=order))
                    linked.add(authority.pk)
                    order += 1
        return links

    def _search_documents(self, links):
        """The search text of each new laureate, as `application_search_refresh` writes it."""
        from coopdec.applications.services import search_document

        names = selectors.place_names()
        countries = selectors.country_names()
        authorities = {row.lead.match.authority_id: row.lead.match.name for row in self.plans if row.lead.match}
        partnerships = {}
        for link in links:
            partnerships.setdefault(id(link.application), []).append(link)
        for application in self.new:
            application.search_document = search_document(
                title=application.title, lead_name=application.lead_name, call_name=application.call.name,
                places=[authorities.get(application.lead_authority_id),
                        names.departements.get(application.departement_id), names.regions.get(application.region_id)],
                partners=[(link.name, link.foreign_authority.name,
                           countries.get(link.foreign_authority.country_id, ""))
                          for link in partnerships.get(id(application), [])],
            )

    def _write_co_applicants(self):
        applications = {id(a): a for _plan, a in self.rows}
        recorded = [applications[i].pk for i in self.co_applicants if applications[i].pk in self.recorded]
        counts = dict(CoApplicant.objects.filter(application_id__in=recorded).values("application_id")
                      .annotate(n=Count("pk")).values_list("application_id", "n"))
        CoApplicant.objects.bulk_create([
            CoApplicant(application=applications[ident], authority_id=authority_id, name=name,
                        order=counts.get(applications[ident].pk, 0) + offset,
                        state=CoApplicant.State.CONFIRMED)  # a published list: their consent is public
            for ident, names in self.co_applicants.items()
            for offset, (name, authority_id) in enumerate(names)
        ])


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
    data_changed(campaign_id=preview.campaign.pk)
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
    created = _Writer(batch, preview.rows, preview.region).write()
    duplicates = sum(plan.duplicate_of is not None for plan in preview.rows)
    return ImportResult(batch=batch, created=created, known=len(preview.rows) - created - duplicates,
                        duplicates=duplicates)
