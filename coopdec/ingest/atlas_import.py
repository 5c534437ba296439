"""Import of the Atlas's lists: read → resolve → preview → commit in one transaction, all or nothing.

A list of the external action of French authorities comes as a table with the Atlas's columns
(CSV, XLSX, an HTML or text table) or as a network's page or text: bullets (`<ul>`, or dashes
typed inside one paragraph) holding sentences (`atlas_text`). Every French authority is resolved
like a laureate's (`territories.resolve`; by its code when the table gives one): an ambiguous or
unknown name is kept as written on `ActionAuthority`, with its candidates, for a person to decide
— never guessed. Every partner needs its country: a partner whose country is unknown or missing
is an error of its row. Any error in any row: nothing is written, every error listed with its
file, row, column and reason.

An action already recorded (same title key and same lead authority, or the same lead name when
unresolved), or described by an earlier row of the file, is not created again: importing the same
file twice writes nothing the second time.
"""
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from coopdec.atlas.models import Action, ActionAuthority, ActionPartner
from coopdec.dataversion.changes import data_changed
from coopdec.french.text import number_fr
from coopdec.readers import base
from coopdec.readers.base import ReadError, clean
from coopdec.readers.files import file_format, read_bytes
from coopdec.readers.html import html_document, list_items, table_grids
from coopdec.readers.text import SEPARATORS, csv_grid, decode, pipe_grid
from coopdec.readers.xlsx import sheet_grid, sheet_names, workbook_open
from coopdec.territories.country_names import country_lookup
from coopdec.territories.models import Authority, ForeignAuthority
from coopdec.territories.partner_services import foreign_authority_key
from coopdec.territories.partners import segments, split_partners
from coopdec.territories.resolve import ResolutionContext, resolve_authority
from coopdec.territories.text import normalise

from . import selectors
from .atlas_text import BULLET, atlas_sentence, bullet_items, title_key
from .readers import bulleted_paragraphs
from .rules import AmountError, parse_amount
from .services import ImportFailure

# The Atlas's columns: canonical name → (heading as documented, other headings read as it).
COLUMNS = {
    "collectivite": ("collectivite", ("collectivite francaise", "collectivite territoriale", "porteur",
                                      "chef de file", "collectivite chef de file", "collectivite porteuse")),
    "code": ("code_insee", ("siren", "code", "code officiel", "code collectivite", "insee", "code insee ou siren",
                            "code_insee ou siren")),
    "associees": ("collectivites_associees", ("collectivites associees", "co porteurs", "coporteurs",
                                              "collectivites francaises associees", "autres collectivites")),
    "partenaire": ("partenaire", ("partenaires", "collectivite partenaire", "collectivites partenaires",
                                  "partenaire etranger", "partenaires etrangers", "autorite locale partenaire")),
    "pays": ("pays", ("pays partenaire", "pays partenaires", "pays du partenaire")),
    "intitule": ("intitule", ("titre", "projet", "intitule du projet", "nom du projet", "intitule de l action",
                              "action")),
    "nature": ("nature", ("type", "type d action", "nature de l action", "type de cooperation")),
    "etat": ("etat", ("statut", "etat d avancement", "etat de l action")),
    "debut": ("debut", ("date de debut", "annee de debut", "debut de l action")),
    "fin": ("fin", ("date de fin", "annee de fin", "fin de l action")),
    "montant": ("montant", ("montant total", "budget", "cout total", "montant en euros")),
    "thematiques": ("thematiques", ("thematique", "themes", "theme", "secteurs", "domaines")),
    "odd": ("odd", ("objectifs de developpement durable", "odd concernes")),
    "description": ("description", ("resume", "presentation")),
}
_HEADING_OF = {normalise(alias): column for column, (heading, aliases) in COLUMNS.items()
               for alias in (heading, *aliases)}

KINDS = {
    "projet": Action.Kind.PROJECT, "projets": Action.Kind.PROJECT, "projet de cooperation": Action.Kind.PROJECT,
    "jumelage": Action.Kind.TWINNING, "jumelages": Action.Kind.TWINNING, "jumele": Action.Kind.TWINNING,
    "accord": Action.Kind.AGREEMENT, "accord cadre": Action.Kind.AGREEMENT, "convention": Action.Kind.AGREEMENT,
    "accord de cooperation": Action.Kind.AGREEMENT, "convention de cooperation": Action.Kind.AGREEMENT,
    "charte": Action.Kind.AGREEMENT, "charte de cooperation": Action.Kind.AGREEMENT,
    "autre": Action.Kind.OTHER, "autre action": Action.Kind.OTHER,
}
STATUSES = {
    "prevue": Action.Status.PLANNED, "prevu": Action.Status.PLANNED, "a venir": Action.Status.PLANNED,
    "en projet": Action.Status.PLANNED,
    "en cours": Action.Status.ONGOING, "active": Action.Status.ONGOING, "actif": Action.Status.ONGOING,
    "terminee": Action.Status.FINISHED, "termine": Action.Status.FINISHED, "achevee": Action.Status.FINISHED,
    "acheve": Action.Status.FINISHED,
    "suspendue": Action.Status.SUSPENDED, "suspendu": Action.Status.SUSPENDED,
}
_CODE = re.compile(r"^(?:(?P<kind>commune|epci|ept|departement|region)\s*:\s*)?(?P<code>[0-9][0-9AB][0-9]{0,7})$",
                   re.IGNORECASE)
_LIST = re.compile(r"\s*[;\n]\s*|\s*,\s*(?![^()]*\))")
_SDG = re.compile(r"^(?:odd|sdg)?\s*(\d{1,2})$")
_MAX = {
    "title_key": Action._meta.get_field("title_key").max_length,
    "authority": ActionAuthority._meta.get_field("name").max_length,
    "partner": ForeignAuthority._meta.get_field("name").max_length,
    "country": ActionPartner._meta.get_field("country_as_written").max_length,
    "source": Action._meta.get_field("source").max_length,
    "source_url": Action._meta.get_field("source_url").max_length,
}


# Reading ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AtlasSource:
    number: int  # the row's line (CSV, text), row (XLSX), position in the table or bullet (HTML)
    cells: dict  # canonical column → text, for a table's row
    item: object = None  # atlas_text.AtlasItem, for a sentence
    sentence: str = ""


@dataclass(frozen=True)
class AtlasTable:
    format: str
    rows: tuple
    unread: tuple = ()  # headings not understood
    details: tuple = ()  # how the file was read


def _header(grid):
    """(position, canonical column → index) of the row naming the most columns."""
    best = None
    for position, (_number, cells) in enumerate(grid):
        mapping = {}
        for index, cell in enumerate(cells):
            column = _HEADING_OF.get(normalise(clean(cell)))
            if column and column not in mapping:
                mapping[column] = index
        if best is None or len(mapping) > len(best[1]):
            best = (position, mapping)
    return best


def _is_atlas_header(mapping) -> bool:
    return "intitule" in mapping and bool({"collectivite", "code"} & set(mapping))


def _table(file_name, fmt, grid, details=()) -> AtlasTable:
    base.check_rows(file_name, len(grid))
    found = _header(grid)
    if found is None or not _is_atlas_header(found[1]):
        raise ReadError(file_name, "aucun tableau de l'Atlas trouvé (colonnes attendues : « collectivite » ou "
                                   "« code_insee », « intitule », « partenaire », « pays » ; voir "
                                   "manage.py import_atlas --help)")
    position, mapping = found
    headings = grid[position][1]
    unread = tuple(clean(h) for i, h in enumerate(headings) if clean(h) and i not in mapping.values())
    rows = []
    for number, cells in grid[position + 1:]:
        values = {c: _cell(cells[i]) if i < len(cells) else "" for c, i in mapping.items()}
        if not any(values.values()) or all(set(v) <= set("-:= ") for v in values.values()):
            continue
        for column, value in values.items():
            base.check_cell(file_name, value, row=number, field=COLUMNS[column][0])
        rows.append(AtlasSource(number=number, cells=values))
    if not rows:
        raise ReadError(file_name, "le tableau de l'Atlas est vide", row=grid[position][0])
    return AtlasTable(fmt, tuple(rows), unread, tuple(details))


def _cell(value) -> str:
    """A cell's text; a workbook's date as AAAA-MM-JJ."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return clean(value)


def _sentences(file_name, fmt, lists, countries, places, details=()) -> AtlasTable:
    """The items of bulleted lists, each list [(number, text, heading)]: a list is read when most
    of its items are Atlas sentences (menus and other lists are not), and then every item must be."""
    rows = []
    for items in lists:
        parsed = [(number, atlas_sentence(text, countries=countries, places=places), clean(BULLET.sub("", text)))
                  for number, text, _heading in items]
        if not parsed or 2 * sum(item is not None for _n, item, _t in parsed) <= len(parsed):
            continue
        for number, item, text in parsed:
            if item is None:
                raise ReadError(file_name, f"phrase non comprise : « {text[:200]} » (attendu : « La Ville de X "
                                           "(département) avec la commune de Y (pays) autour de … »)", row=number)
            rows.append(AtlasSource(number=number, cells={}, item=item, sentence=text))
    if not rows:
        raise ReadError(file_name, "aucun tableau de l'Atlas ni liste de phrases trouvés (colonnes attendues : "
                                   "« collectivite », « intitule », « partenaire », « pays » ; ou des puces « La "
                                   "Ville de X (département) avec la commune de Y (pays) autour de … »)")
    if len(rows) > base.MAX_ROWS:
        raise base.too_many_rows(file_name)
    return AtlasTable(fmt, tuple(rows), (), (*details, "liste rédigée"))


def _read_csv(file_name, data, countries, places, **_options):
    text, encoding = decode(file_name, data)
    head = "\n".join(text.split("\n", 50)[:50])

    def score(separator):
        found = _header(csv_grid(file_name, head, separator))
        return len(found[1]) if found else 0

    separator = max(SEPARATORS, key=score)
    return _table(file_name, "csv", csv_grid(file_name, text, separator),
                  details=(f"encodage {encoding}", f"séparateur {SEPARATORS[separator]}"))


def _read_text(file_name, data, countries, places, **_options):
    """A table typed with « | », else bullets (a CMS's « <br> » is a line break), else one
    sentence per line."""
    text, encoding = decode(file_name, data)
    grid = pipe_grid(file_name, text.splitlines())
    if grid and _is_atlas_header(_header(grid)[1]):
        return _table(file_name, "txt", grid, details=(f"encodage {encoding}",))
    bullets = bullet_items(text)
    if bullets:
        items = [(b.line, b.text, b.heading) for b in bullets]
    else:
        items = [(n, line, "") for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    return _sentences(file_name, "txt", [items], countries, places, details=(f"encodage {encoding}",))


def _read_html(file_name, data, countries, places, **_options):
    """A page's table with the Atlas's columns; else its bulleted lists and the bullets typed as
    dashes inside its paragraphs."""
    document = html_document(file_name, data)
    for grid in table_grids(document):
        found = _header(grid)
        if found and _is_atlas_header(found[1]):
            return _table(file_name, "html", grid)
    lists = list_items(document)
    return _sentences(file_name, "html", lists + bulleted_paragraphs(document, sum(map(len, lists))),
                      countries, places)


def _read_xlsx(file_name, data, countries, places, sheet=None, **_options):
    workbook = workbook_open(file_name, data)
    found, last_error = [], None
    for name in sheet_names(file_name, workbook, sheet):
        try:
            found.append(_table(file_name, "xlsx", sheet_grid(file_name, workbook[name]),
                                details=(f"feuille « {name} »",)))
        except ReadError as error:
            if sheet:
                raise
            last_error = error
    if len(found) > 1:
        raise ReadError(file_name, "plusieurs feuilles contiennent un tableau de l'Atlas : choisissez-en une "
                                   "avec --sheet")
    if found:
        return found[0]
    raise last_error or ReadError(file_name, "le classeur ne contient aucune feuille")


_READERS = {"csv": _read_csv, "text": _read_text, "html": _read_html, "xlsx": _read_xlsx}


def read_atlas(path, *, data, countries, places, sheet=None) -> AtlasTable:
    path = Path(path)
    fmt = file_format(path.name, path.suffix.lower(), data)
    if fmt not in _READERS:
        raise ReadError(path.name, "un PDF ne se lit pas pour l'Atlas : demandez la liste en CSV, XLSX ou HTML")
    return _READERS[fmt](path.name, data, countries, places, sheet=sheet)


# Planning -------------------------------------------------------------------------------------------

@dataclass
class AuthorityPlan:
    name: str  # as written
    is_lead: bool
    status: str  # "resolved", "ambiguous" or "unknown"
    authority_id: int | None = None
    found: str = ""  # « commune 12202 Rodez », or the resolver's reason
    candidates: list = field(default_factory=list)  # codes, when not resolved


@dataclass
class PartnerPlan:
    name: str  # "" for a country without a named authority
    country: str  # ISO 3166-1 alpha-2
    country_as_written: str = ""


@dataclass
class ActionPlan:
    number: int
    kind: str
    title: str
    title_key: str
    authorities: list
    partners: list
    status: str = Action.Status.ONGOING
    description: str = ""
    themes: list = field(default_factory=list)
    sdgs: list = field(default_factory=list)
    starts_on: date | None = None
    ends_on: date | None = None
    amount: Decimal | None = None
    notes: list = field(default_factory=list)
    known_id: int | None = None  # the action already recorded
    duplicate_of: int | None = None  # the earlier row of the file describing the same action

    @property
    def lead(self):
        return self.authorities[0]

    @property
    def lead_key(self):
        lead = self.lead
        return ("a", lead.authority_id) if lead.authority_id else ("n", normalise(lead.name))


@dataclass
class AtlasPreview:
    file_name: str
    format: str
    source: str
    source_url: str = ""
    rows: list = field(default_factory=list)
    unread: tuple = ()
    details: tuple = ()

    @property
    def new(self):
        return [row for row in self.rows if row.known_id is None and row.duplicate_of is None]

    def unresolved(self):
        """(row, authority plan) of every French name not resolved, in the file's order."""
        return [(row, a) for row in self.rows for a in row.authorities if a.status != "resolved"]


@dataclass(frozen=True)
class _Context:
    file_name: str
    publisher: str
    countries: object
    places: object
    by_code: dict  # code or SIREN (and "kind:code") → [Authority]


def atlas_import_preview(*, path, source_label="", source_url="", sheet=None) -> AtlasPreview:
    """Read and resolve every row; raise ImportFailure with every error of the file. Writes nothing."""
    path = Path(path)
    source = source_label or path.name
    errors = [ReadError(path.name, f"{what} trop longue ({number_fr(len(text))} caractères ; {limit} au plus)")
              for what, text, limit in (("source (--source-label)", source, _MAX["source"]),
                                        ("adresse de la source (--source-url)", source_url, _MAX["source_url"]))
              if len(text) > limit]
    if errors:
        raise ImportFailure(errors)
    countries, places = country_lookup(), selectors.places()
    try:
        table = read_atlas(path, data=read_bytes(path), countries=countries, places=places, sheet=sheet)
    except ReadError as error:
        raise ImportFailure([error]) from None
    context = _Context(path.name, source, countries, places, _authorities_by_code(table.rows))
    preview = AtlasPreview(file_name=path.name, format=table.format, source=source, source_url=source_url,
                           unread=table.unread, details=table.details)
    for row in table.rows:
        try:
            preview.rows.append(_plan(row, context))
        except ImportFailure as failure:
            errors += failure.errors
    if errors:
        raise ImportFailure(errors)
    _mark_known(preview.rows)
    return preview


def _authorities_by_code(rows) -> dict:
    """Every authority a code cell names, in one query."""
    codes = set()
    for row in rows:
        for text in [row.cells.get("code", ""), *_split(row.cells.get("associees", ""))]:
            found = _CODE.match(_code_text(text))
            if found:
                codes.add(found.group("code").upper())
    by_code = {}
    if codes:
        for authority in Authority.objects.filter(Q(code__in=codes) | Q(siren__in=codes)).only(
                "pk", "kind", "code", "siren", "name"):
            for code in {authority.code, authority.siren} - {""}:
                by_code.setdefault(code, []).append(authority)
                by_code.setdefault(f"{authority.kind}:{code}", []).append(authority)
    return by_code


def _code_text(text) -> str:
    """A code as written, with the leading zero a spreadsheet drops (« 9122 » is « 09122 »)."""
    text = (text or "").strip()
    code = text.rsplit(":", 1)[-1].strip()
    if code.isdigit() and len(code) in (1, 4):
        text = text[: len(text) - len(code)] + "0" + code
    return text


def _split(cell) -> list[str]:
    return [part.strip() for part in _LIST.split(cell or "") if part.strip()]


def _error(context, number, column, reason):
    return ReadError(context.file_name, reason, row=number, field=COLUMNS[column][0] if column else None)


def _plan(row, context) -> ActionPlan:
    """One row read and resolved, or ImportFailure with every problem of the row."""
    errors = []
    if row.item is not None:
        item = row.item
        names = [(p.written, True) for p in item.authorities[:1]] + [(p.written, False) for p in item.authorities[1:]]
        partners = _sentence_partners(row, context, errors)
        plan_values = {"kind": item.kind, "title": item.title, "description": row.sentence,
                       "themes": [], "status": Action.Status.ONGOING}
        codes = {}
    else:
        names, codes = _table_names(row, context, errors)
        partners = _table_partners(row, context, errors)
        plan_values = _table_values(row, context, errors)
    title = plan_values["title"]
    if not title:
        errors.append(_error(context, row.number, "intitule", "cellule vide"))
    elif len(title_key(title)) > _MAX["title_key"]:
        errors.append(_error(context, row.number, "intitule",
                             f"intitulé trop long ({number_fr(len(title))} caractères ; {_MAX['title_key']} au plus)"))
    for name, _lead in names:
        if len(name) > _MAX["authority"]:
            errors.append(_error(context, row.number, "collectivite",
                                 f"nom trop long ({number_fr(len(name))} caractères ; {_MAX['authority']} au plus)"))
    if errors:
        raise ImportFailure(errors)
    resolution_context = ResolutionContext(publisher=context.publisher,
                                           partner_country=partners[0].country if partners else None,
                                           partner=partners[0].name if partners else "")
    authorities, seen = [], set()
    for name, is_lead in names:
        plan = codes.get(name) or _resolved(name, is_lead, resolution_context)
        if plan.authority_id and plan.authority_id in seen:
            continue  # the same authority twice (lead and co-authority): once
        seen.add(plan.authority_id)
        authorities.append(plan)
    notes = plan_values.pop("notes", [])
    return ActionPlan(number=row.number, title_key=title_key(title), authorities=authorities, partners=partners,
                      notes=notes, **plan_values)


def _resolved(name, is_lead, context) -> AuthorityPlan:
    resolution = resolve_authority(name, context=context)
    match = resolution.match
    if resolution.status == "resolved":
        return AuthorityPlan(name, is_lead, "resolved", match.authority_id, f"{match.kind} {match.code} {match.name}")
    return AuthorityPlan(name, is_lead, str(resolution.status), None, resolution.reason,
                         [f"{c.kind}:{c.code}" for c in resolution.candidates])


def _by_code(text, is_lead, context, number, column, errors):
    """The authority a code names (« 12202 », « 200046977 », « region:76 »), or None with an error."""
    key = _code_text(text)
    found = _CODE.match(key)
    if found.group("kind"):
        key = f"{found.group('kind').lower()}:{found.group('code').upper()}"
    matches = context.by_code.get(key, [])
    if len(matches) == 1:
        authority = matches[0]
        return AuthorityPlan(authority.name, is_lead, "resolved", authority.pk,
                             f"{authority.kind} {authority.code} {authority.name}")
    if matches:
        errors.append(_error(context, number, column, f"code « {text} » de plusieurs collectivités ("
                             + ", ".join(f"{a.kind}:{a.code} {a.name}" for a in matches)
                             + ") : écrivez par exemple « region:76 »"))
    else:
        errors.append(_error(context, number, column, f"code « {text} » inconnu (code INSEE ou SIREN attendu)"))
    return None


def _table_names(row, context, errors):
    """[(name as written, is lead)] and {name: AuthorityPlan} of those given by their code."""
    cells, names, by_code = row.cells, [], {}
    code, lead = cells.get("code", ""), cells.get("collectivite", "")
    if code:
        if not _CODE.match(_code_text(code)):
            errors.append(_error(context, row.number, "code", f"code « {code} » illisible (code INSEE comme "
                                                               "« 12202 » ou SIREN comme « 200046977 » attendu)"))
        else:
            plan = _by_code(code, True, context, row.number, "code", errors)
            if plan is not None:
                plan.name = lead or plan.name
                by_code[plan.name] = plan
                lead = plan.name
    if not lead:
        if not code:
            errors.append(_error(context, row.number, "collectivite", "cellule vide"))
        return [], by_code
    names.append((lead, True))
    for other in _split(cells.get("associees", "")):
        if _CODE.match(_code_text(other)):
            plan = _by_code(other, False, context, row.number, "associees", errors)
            if plan is not None:
                by_code[plan.name] = plan
                names.append((plan.name, False))
        else:
            names.append((other, False))
    return names, by_code


def _check_partners(row, context, errors, partners, column):
    """PartnerPlans of partners that each have a known country; an error for each that has not."""
    plans = []
    for partner in partners:
        if len(partner.name) > _MAX["partner"]:
            errors.append(_error(context, row.number, "partenaire", f"nom trop long ({number_fr(len(partner.name))} "
                                                                    f"caractères ; {_MAX['partner']} au plus)"))
        elif partner.country is None:
            inner = re.search(r"\(([^()]*)\)\s*$", partner.name or "")
            reason = (f"pays inconnu « {inner.group(1)} » pour « {partner.name} »" if inner else
                      f"pays manquant pour « {partner.name or partner.country_as_written} » : écrivez-le entre "
                      "parenthèses après le nom" + (" ou dans la colonne « pays »" if column else ""))
            errors.append(_error(context, row.number, column, reason))
        else:
            plans.append(PartnerPlan(partner.name, partner.country, partner.country_as_written[:_MAX["country"]]))
    return plans


def _sentence_partners(row, context, errors):
    return _check_partners(row, context, errors, row.item.partners, None)


@dataclass(frozen=True)
class _Written:
    name: str
    country: str | None
    country_as_written: str = ""


def _table_partners(row, context, errors):
    """The row's partners from « partenaire » (countries in parentheses or in « pays »); only
    countries when « partenaire » is empty."""
    partner_cell, country_cell = row.cells.get("partenaire", ""), row.cells.get("pays", "")
    countries = context.countries
    column_parts = [part.strip() for part in segments(country_cell) if part.strip()]
    unknown = [part for part in column_parts if countries.find(part) in (None, "FR")]
    for part in unknown:
        errors.append(_error(context, row.number, "pays", f"pays inconnu « {part} »"))
    if unknown:
        return []
    written = {countries.find(part): part for part in column_parts}
    for inner in re.findall(r"\(([^()]*)\)", partner_cell):
        if countries.find(inner):
            written.setdefault(countries.find(inner), inner.strip())
    if not partner_cell:
        if not column_parts:
            errors.append(_error(context, row.number, "partenaire", "ni partenaire ni pays : indiquez au moins "
                                                                    "le pays de l'action"))
        return _check_partners(row, context, errors, [_Written("", countries.find(p), p) for p in column_parts],
                               "pays")
    found = []
    for partner in split_partners(partner_cell, countries=countries, country_cell=country_cell):
        name = re.sub(r"^(?:(?:les|la|le)\s+|l['’]\s*)", "", partner.name, flags=re.IGNORECASE)
        found.append(_Written(name, partner.country, written.get(partner.country, "")))
    return _check_partners(row, context, errors, found, "pays")


def _table_values(row, context, errors) -> dict:
    cells, number, notes = row.cells, row.number, []
    kind = Action.Kind.PROJECT
    if cells.get("nature"):
        kind = KINDS.get(normalise(cells["nature"]))
        if kind is None:
            errors.append(_error(context, number, "nature", f"nature « {cells['nature']} » inconnue (attendu : "
                                                            "projet, jumelage, accord ou autre)"))
    status = Action.Status.ONGOING
    if cells.get("etat"):
        status = STATUSES.get(normalise(cells["etat"]))
        if status is None:
            errors.append(_error(context, number, "etat", f"état « {cells['etat']} » inconnu (attendu : prévue, "
                                                          "en cours, terminée ou suspendue)"))
    else:
        notes.append("état non indiqué : « en cours »")
    starts_on = _date(cells.get("debut", ""), context, number, "debut", errors, end=False)
    ends_on = _date(cells.get("fin", ""), context, number, "fin", errors, end=True)
    if starts_on and ends_on and ends_on < starts_on:
        errors.append(_error(context, number, "fin", f"fin ({cells['fin']}) avant le début ({cells['debut']})"))
    amount = None
    try:
        amount = parse_amount(cells.get("montant"))
    except AmountError as error:
        errors.append(_error(context, number, "montant", str(error)))
    sdgs = []
    for part in re.split(r"[;,/]|\s+et\s+", cells.get("odd", "")):
        if not part.strip():
            continue
        found = _SDG.match(normalise(part))
        if found is None or not 1 <= int(found.group(1)) <= 17:
            errors.append(_error(context, number, "odd", f"ODD « {part.strip()} » inconnu (un numéro de 1 à 17)"))
        elif int(found.group(1)) not in sdgs:
            sdgs.append(int(found.group(1)))
    themes = list(dict.fromkeys(_split(cells.get("thematiques", ""))))
    return {"kind": kind, "title": cells.get("intitule", ""), "status": status, "description":
            cells.get("description", ""), "themes": themes, "sdgs": sorted(sdgs), "starts_on": starts_on,
            "ends_on": ends_on, "amount": amount, "notes": notes}


_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MONTH = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")


def _date(text, context, number, column, errors, *, end):
    """A date as lists write it: « 2021 », « 03/2021 », « 15/03/2021 », « 2021-03-15 »; a year or a
    month alone is its first day for a start, its last for an end."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        if re.fullmatch(r"\d{4}", text):
            return date(int(text), 12, 31) if end else date(int(text), 1, 1)
        found = _MONTH.match(text)
        if found:
            month, year = int(found.group(1)), int(found.group(2))
            if not end:
                return date(year, month, 1)
            following = date(year + (month == 12), month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1)
        found = _DAY.match(text)
        if found:
            return date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
        found = _ISO.match(text)
        if found:
            return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        pass
    errors.append(_error(context, number, column, f"date « {text} » illisible (attendu par exemple « 2021 », "
                                                  "« 03/2021 » ou « 15/03/2021 »)"))
    return None


def _mark_known(plans):
    """Say of each row whether its action is recorded, or described by an earlier row: one query."""
    keys = {plan.title_key for plan in plans}
    recorded = {}
    for action_id, authority_id, name, key in ActionAuthority.objects.filter(
            is_lead=True, action__title_key__in=keys).values_list("action_id", "authority_id", "name",
                                                                   "action__title_key"):
        recorded.setdefault((key, ("a", authority_id) if authority_id else ("n", normalise(name))), action_id)
    first = {}
    for plan in plans:
        key = (plan.title_key, plan.lead_key)
        plan.known_id = recorded.get(key)
        plan.duplicate_of = first.get(key) if plan.known_id is None else None
        first.setdefault(key, plan.number)


# Commit ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AtlasImportResult:
    created: int  # actions new to CoopDec
    known: int  # rows describing an action already recorded
    duplicates: int  # rows repeating an earlier row of the file


@transaction.atomic
def atlas_import_commit(*, preview, user=None) -> AtlasImportResult:
    """Write the previewed rows' new actions with their authorities and partners, in bulk: all or
    nothing. What became recorded since the preview is not written twice."""
    _mark_known(preview.rows)
    plans = preview.new
    actions = [Action(kind=p.kind, title=p.title, title_key=p.title_key, description=p.description,
                      status=p.status, themes=p.themes, sdgs=p.sdgs, starts_on=p.starts_on, ends_on=p.ends_on,
                      amount=p.amount, origin=Action.Origin.IMPORT, source=preview.source,
                      source_url=preview.source_url, source_line=p.number, created_by=user, updated_by=user)
               for p in plans]
    Action.objects.bulk_create(actions)
    foreign = _foreign_authorities([partner for plan in plans for partner in plan.partners])
    ActionAuthority.objects.bulk_create([
        ActionAuthority(action=action, authority_id=a.authority_id, name=a.name, is_lead=a.is_lead,
                        candidates=a.candidates, order=order)
        for action, plan in zip(actions, plans) for order, a in enumerate(plan.authorities)
    ])
    ActionPartner.objects.bulk_create([
        ActionPartner(action=action, name=p.name, country_id=p.country, country_as_written=p.country_as_written,
                      foreign_authority=foreign.get((foreign_authority_key(p.name, p.country), p.country)),
                      order=order)
        for action, plan in zip(actions, plans) for order, p in enumerate(plan.partners)
    ])
    if actions:
        data_changed()  # the Atlas's pages and files are renewed once, when this transaction commits
    known = sum(plan.known_id is not None for plan in preview.rows)
    return AtlasImportResult(created=len(actions), known=known,
                             duplicates=len(preview.rows) - len(actions) - known)


def _foreign_authorities(partners) -> dict:
    """(key, country) → ForeignAuthority for every named partner: found or created, in bulk."""
    wanted = {}
    for partner in partners:
        if partner.name:
            wanted.setdefault((foreign_authority_key(partner.name, partner.country), partner.country), partner.name)
    found = {(f.key, f.country_id): f for f in ForeignAuthority.objects.filter(key__in={k for k, _c in wanted})}
    missing = [ForeignAuthority(key=key, country_id=country, name=" ".join(name.split()))
               for (key, country), name in wanted.items() if (key, country) not in found]
    ForeignAuthority.objects.bulk_create(missing)
    found.update({(f.key, f.country_id): f for f in missing})
    return found
