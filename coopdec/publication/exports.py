"""Laureate rows and their downloads: the columns are defined once, here, for every format.

A `LaureateRow` is what a page, a spreadsheet or a PDF shows of a laureate; `COLUMNS` says which
fields the downloads carry, under which machine key (CSV header, JSON key) and French label
(spreadsheet and PDF headers), and describes each for the data dictionary (/donnees/).

Two readers, two kinds of files. Programs get the CSV (UTF-8 without a byte-order mark,
comma-separated, keys as header, codes and decimal points) and the JSON. People get the XLSX and
the « CSV pour Excel » (UTF-8 with a byte-order mark, semicolons, decimal commas), both with
labels as header and labels instead of codes (« fonds conjoint », not `fonds_conjoint`).
Every spreadsheet (CSV, XLSX) is written by the one spreadsheet writer (`coopdec.writers.spreadsheet`),
which neutralises formulas: a published title starting with « = » stays text.
"""
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from coopdec.applications.models import Application
from coopdec.calls.models import Call
from coopdec.french.text import datetime_fr
from coopdec.territories.models import Authority
from coopdec.territories.text import normalise
from coopdec.writers.spreadsheet import Bold, Sheet, csv_lines, xlsx_chunks

from .keys import project_key


@dataclass(frozen=True)
class Partner:
    name: str
    country: str = ""
    country_iso2: str = ""

    def __str__(self):
        return f"{self.name} ({self.country})" if self.country else self.name


@dataclass(frozen=True)
class RowSource:
    """Where a laureate comes from, as a reader cites it: a publication and its address, or the
    platform. Never the name of the file a person imported."""

    label: str
    url: str = ""


FILED_ON_COOPDEC = RowSource("dossier déposé sur CoopDec")
SOURCE_NOT_RECORDED = RowSource("liste publiée dont la source n'est pas enregistrée dans CoopDec")


@dataclass(frozen=True)
class LaureateRow:
    campaign_year: int
    call_name: str
    call_slug: str
    call_kind: str
    lead_name: str  # the official name once resolved, else the published one
    lead_published_name: str
    lead_to_confirm: bool
    lead_kind: str
    lead_code: str
    lead_siren: str
    departement_code: str
    departement_name: str
    region_code: str
    region_name: str
    partners: tuple[Partner, ...]
    title: str
    provenance: str
    sources: tuple[RowSource, ...] = ()
    granted_amount: Decimal | None = None
    key: str = ""  # the stable key of the open data and the API (`keys.project_key`)

    @property
    def lead_place(self) -> str:
        """ "Tarn, 81": where the French authority is, when known."""
        if not self.departement_code:
            return ""
        return f"{self.departement_name}, {self.departement_code}"

    @property
    def lead_label(self) -> str:
        """ "Castres (Tarn, 81)": the official name and its département, as the table shows it."""
        return f"{self.lead_name} ({self.lead_place})" if self.lead_place else self.lead_name

    @property
    def published_under_another_name(self) -> bool:
        return normalise(self.lead_published_name) != normalise(self.lead_name)


def laureate_row(application: Application) -> LaureateRow:
    """One row from a laureate fetched by `selectors.laureate_list` (no further query)."""
    lead = application.lead_authority
    departement = lead.departement if lead and lead.departement_id else application.departement
    region = lead.region if lead and lead.region_id else application.region
    return LaureateRow(
        campaign_year=application.call.campaign.year,
        call_name=application.call.name,
        call_slug=application.call.slug,
        call_kind=application.call.kind,
        lead_name=lead.name if lead else application.lead_name,
        lead_published_name=application.lead_name,
        lead_to_confirm=lead is None,
        lead_kind=lead.kind if lead else "",
        lead_code=lead.code if lead else "",
        lead_siren=lead.siren if lead else "",
        departement_code=departement.code if departement else "",
        departement_name=departement.name if departement else "",
        region_code=region.code if region else "",
        region_name=region.name if region else "",
        partners=tuple(
            Partner(
                p.foreign_authority.name,
                p.foreign_authority.country.name_fr if p.foreign_authority.country_id else "",
                p.foreign_authority.country_id or "",
            )
            for p in application.partnerships.all()
        ),
        title=application.title,
        provenance=application.provenance,
        sources=_sources(application),
        granted_amount=application.granted_amount,
        key=project_key(year=application.call.campaign.year, call_slug=application.call.slug,
                        lead_name_key=application.lead_name_key, title_key=application.title_key),
    )


def laureate_row_from_values(values: dict) -> LaureateRow:
    """One row from the flat values of `streams.laureate_values` (no query): what
    `laureate_row` makes of a model instance, at a fraction of its cost."""
    lead = values["lead_authority_id"] is not None
    own_departement = lead and values["lead_authority__departement__code"] is not None
    own_region = lead and values["lead_authority__region__code"] is not None
    year, slug = values["call__campaign__year"], values["call__slug"]
    cited = [FILED_ON_COOPDEC] if values["provenance"] == Application.Provenance.PLATFORM else []
    cited += [RowSource(label, url) if label else SOURCE_NOT_RECORDED for label, url in values["sources"]]
    return LaureateRow(
        campaign_year=year,
        call_name=values["call__name"],
        call_slug=slug,
        call_kind=values["call__kind"],
        lead_name=values["lead_authority__name"] if lead else values["lead_name"],
        lead_published_name=values["lead_name"],
        lead_to_confirm=not lead,
        lead_kind=values["lead_authority__kind"] if lead else "",
        lead_code=values["lead_authority__code"] if lead else "",
        lead_siren=values["lead_authority__siren"] if lead else "",
        departement_code=(values["lead_authority__departement__code"] if own_departement
                          else values["departement__code"]) or "",
        departement_name=(values["lead_authority__departement__name"] if own_departement
                          else values["departement__name"]) or "",
        region_code=(values["lead_authority__region__code"] if own_region else values["region__code"]) or "",
        region_name=(values["lead_authority__region__name"] if own_region else values["region__name"]) or "",
        partners=tuple(Partner(name, country, iso2) for name, country, iso2 in values["partners"]),
        title=values["title"],
        provenance=values["provenance"],
        sources=tuple(dict.fromkeys(cited)) or (SOURCE_NOT_RECORDED,),
        granted_amount=values["granted_amount"],
        key=project_key(year=year, call_slug=slug, lead_name_key=values["lead_name_key"],
                        title_key=values["title_key"]),
    )


def _sources(application: Application) -> tuple[RowSource, ...]:
    """The publications whose lists named the laureate (each once), after the platform for a
    dossier filed on CoopDec."""
    cited = [FILED_ON_COOPDEC] if application.provenance == Application.Provenance.PLATFORM else []
    for import_row in application.import_rows.all():
        batch = import_row.batch
        cited.append(RowSource(batch.source_label, batch.source_url) if batch.source_label
                     else SOURCE_NOT_RECORDED)
    return tuple(dict.fromkeys(cited)) or (SOURCE_NOT_RECORDED,)


LIST_SEPARATOR = "; "
_LIST = format_lazy(_("liste (séparée par « {sep} » en CSV et XLSX, tableau en JSON)"), sep=LIST_SEPARATOR.strip())
YES_NO = {True: "oui", False: "non"}


@dataclass(frozen=True)
class Column:
    """A column of the downloads and its description, which the data dictionary (/donnees/) shows.

    `labels` turns the column's codes into the words people read (XLSX, CSV pour Excel); `width`
    is its width in the XLSX, in characters."""

    key: str
    label: str
    value: Callable[[LaureateRow], object]
    type: str
    meaning: str
    example: str
    source: str
    width: int = 16
    labels: Mapping | None = None

    def for_people(self, row: LaureateRow):
        """The value with its codes as words, and a boolean as « oui » or « non »."""
        value = self.value(row)
        if self.labels is not None:
            value = [self._label(v) for v in value] if isinstance(value, list) else self._label(value)
        return YES_NO[value] if isinstance(value, bool) else value

    def _label(self, code):
        return str(self.labels[code]) if code in self.labels else code


COLUMNS = (
    Column("cle", "Clé du lauréat", lambda r: r.key,
           _("texte"), _("Clé stable du projet : année de la campagne et empreinte de l'appel, du nom publié de "
                         "la collectivité et de l'intitulé. La même dans l'API (champ key), en IATI "
                         "(FR-6-coopdec-<clé>) et en 360Giving (360G-coopdec-<clé>) : elle les relie"),
           "2025-3f9a1c0b2d4e", _("calculé"), width=18),
    Column("campagne", "Campagne", lambda r: r.campaign_year,
           _("entier"), _("Année de la campagne des appels à projets"), "2025", _("campagne"), width=10),
    Column("appel", "Appel à projets", lambda r: r.call_name,
           _("texte"), _("Nom de l'appel à projets ou de l'appel à manifestation d'intérêt"),
           "Généraliste 2025", _("liste des appels du ministère"), width=30),
    Column("appel_slug", "Identifiant de l'appel", lambda r: r.call_slug,
           _("texte"), _("Identifiant de l'appel dans CoopDec (unique dans la campagne), celui "
                         "de l'adresse de sa page"), "generaliste-2025", _("calculé"), width=22),
    Column("appel_nature", "Nature de l'appel", lambda r: r.call_kind,
           _("code"), _("Nature de l'appel : generaliste, thematique, fonds_conjoint, cles_en_main, ami "
                        "(appel à manifestation d'intérêt) ; en toutes lettres dans le XLSX et le CSV pour "
                        "Excel (« fonds conjoint »)"),
           "generaliste", _("liste des appels du ministère"), width=18, labels=dict(Call.Kind.choices)),
    Column("collectivite", "Collectivité française", lambda r: r.lead_name,
           _("texte"), _("Nom officiel de la collectivité française cheffe de file ; nom publié "
                         "tant qu'elle est à confirmer"), "Castres",
           _("référentiel officiel (INSEE), liste publiée"), width=30),
    Column("collectivite_nom_publie", "Nom publié", lambda r: r.lead_published_name,
           _("texte"), _("Nom de la collectivité tel que la source l'a publié"), "Ville de Castres",
           _("liste publiée"), width=30),
    Column("collectivite_a_confirmer", "Collectivité à confirmer", lambda r: r.lead_to_confirm,
           _("booléen (true/false ; oui/non dans le XLSX et le CSV pour Excel)"),
           _("Vrai quand le nom publié n'est pas encore rattaché avec certitude à "
             "une collectivité officielle (homonymes, nom d'usage)"),
           "false", _("résolution des noms"), width=12),
    Column("collectivite_nature", "Nature de la collectivité", lambda r: r.lead_kind,
           _("code"), _("Nature de la collectivité : commune, epci, ept, departement, region ; vide si à "
                        "confirmer ; en toutes lettres dans le XLSX et le CSV pour Excel"),
           "commune", _("référentiel officiel"), width=16, labels=dict(Authority.Kind.choices)),
    Column("collectivite_code", "Code officiel (INSEE ou SIREN)", lambda r: r.lead_code,
           _("texte"), _("Code officiel : code INSEE (commune, département, région) ou SIREN "
                         "(EPCI, EPT) ; vide si à confirmer"), "81065",
           _("référentiel officiel (INSEE)"), width=14),
    Column("collectivite_siren", "SIREN", lambda r: r.lead_siren,
           _("texte (9 chiffres)"), _("SIREN de la collectivité, quand le référentiel le "
                                      "donne"), "218100659", _("référentiel officiel (INSEE)"), width=12),
    Column("departement_code", "Code du département", lambda r: r.departement_code,
           _("texte"), _("Code INSEE du département de la collectivité"), "81",
           _("référentiel officiel, liste publiée"), width=10),
    Column("departement", "Département", lambda r: r.departement_name,
           _("texte"), _("Nom du département"), "Tarn", _("référentiel officiel"), width=20),
    Column("region_code", "Code de la région", lambda r: r.region_code,
           _("texte"), _("Code INSEE de la région"), "76", _("référentiel officiel, liste publiée"), width=10),
    Column("region", "Région", lambda r: r.region_name,
           _("texte"), _("Nom de la région"), "Occitanie", _("référentiel officiel"), width=20),
    Column("partenaires", "Collectivité(s) étrangère(s) partenaire(s)",
           lambda r: [str(p) for p in r.partners],
           _LIST, _("Collectivités étrangères partenaires, chacune avec son pays"),
           "District de Huye (Rwanda)", _("liste publiée, référentiel des partenaires"), width=40),
    Column("partenaires_pays_iso", "Pays des partenaires (ISO 3166)",
           lambda r: [p.country_iso2 for p in r.partners],
           _LIST, _("Code ISO 3166-1 alpha-2 du pays de chaque partenaire, dans le même "
                    "ordre (vide si inconnu ; XK pour le Kosovo)"), "RW", _("référentiel des pays"), width=14),
    Column("intitule", "Intitulé du projet", lambda r: r.title,
           _("texte"), _("Intitulé du projet"), "Eau potable et assainissement à Huye",
           _("liste publiée ou dossier"), width=60),
    Column("subvention_accordee", "Subvention accordée (€)", lambda r: r.granted_amount,
           _("nombre décimal (point décimal ; virgule dans le CSV pour Excel ; texte en JSON)"),
           _("Subvention accordée par le ministère, en euros ; vide quand aucune source ne la publie"),
           "15000.00", _("liste publiée ou dossier"), width=14),
    Column("provenance", "Provenance", lambda r: r.provenance,
           _("code"), _("import : importé d'une liste publiée ; platform : déposé sur CoopDec ; en toutes "
                        "lettres dans le XLSX et le CSV pour Excel"),
           "import", _("calculé"), width=24, labels=dict(Application.Provenance.choices)),
    Column("source", "Source", lambda r: [s.label for s in r.sources],
           _LIST, _("La publication dont le lauréat a été importé, telle qu'on la cite (« dossier déposé sur "
                    "CoopDec » pour un dossier déposé ici) ; une par liste qui l'a publié"),
           "Occitanie Coopération, lauréats 2025 (page du 8 septembre 2025)", _("import"), width=40),
    Column("source_adresse", "Adresse de la source", lambda r: [s.url for s in r.sources],
           _LIST, _("Adresse web de chaque source, dans le même ordre (vide si elle n'est pas connue)"),
           "https://www.oc-cooperation.org/", _("import"), width=30),
)


@dataclass(frozen=True)
class ExportDocument:
    """What a download is: its title and selection, printed in the PDF and the XLSX."""

    title: str
    count_sentence: str
    selection: str
    url: str
    filename_stem: str
    generated_at: datetime


def _joined(value):
    """A cell of a flat file holds one value: lists are joined."""
    return LIST_SEPARATOR.join(value) if isinstance(value, list) else value


def _text(value, *, decimal_separator: str = ".") -> str:
    """A value as a CSV cell: a boolean as true/false, a decimal with its separator."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", decimal_separator)
    return "" if value is None else str(_joined(value))


@dataclass(frozen=True)
class CsvDialect:
    """A CSV's reader: programs (keys, codes, commas) or a French spreadsheet (labels, words,
    semicolons, decimal commas, and the byte-order mark by which Excel knows UTF-8)."""

    delimiter: str
    byte_order_mark: bool
    header: Callable[[Column], str]
    cell: Callable[[Column, LaureateRow], str]


PROGRAMS = CsvDialect(",", False, lambda c: c.key, lambda c, r: _text(c.value(r)))
EXCEL = CsvDialect(";", True, lambda c: c.label, lambda c, r: _text(c.for_people(r), decimal_separator=","))


def _csv_writer(dialect: CsvDialect):
    def write(rows: Iterable[LaureateRow], document: ExportDocument) -> Iterator[str]:
        if dialect.byte_order_mark:
            yield "\ufeff"
        header = [[dialect.header(column) for column in COLUMNS]]
        records = ([dialect.cell(column, row) for column in COLUMNS] for row in rows)
        yield from csv_lines(itertools.chain(header, records), delimiter=dialect.delimiter)
    return write


def _json(rows: Iterable[LaureateRow], document: ExportDocument) -> Iterator[str]:
    yield "["
    for index, row in enumerate(rows):
        record = {column.key: column.value(row) for column in COLUMNS}
        yield ("," if index else "") + "\n  " + json.dumps(record, ensure_ascii=False, default=str)
    yield "\n]\n"


def _xlsx(rows: Iterable[LaureateRow], document: ExportDocument) -> Iterator[bytes]:
    """The laureates on a first sheet (header frozen, autofilter, widths, words not codes), and on
    a second what the file is and the sources its rows cite, streamed as the rows come."""
    sources: dict[RowSource, None] = {}

    def laureates():
        yield [Bold(column.label) for column in COLUMNS]
        for row in rows:
            yield [_joined(column.for_people(row)) for column in COLUMNS]
            sources.update(dict.fromkeys(row.sources))

    def sheets():
        yield Sheet("Lauréats", laureates(), widths=tuple(column.width for column in COLUMNS), header=True)
        yield Sheet("À propos", _about(document, sources), widths=(24, 80))

    return xlsx_chunks(sheets())


def _about(document: ExportDocument, sources: Iterable[RowSource]) -> Iterator[list]:
    for label, value in (
        ("Titre", document.title), ("Décompte", document.count_sentence),
        ("Sélection", document.selection), ("Adresse", document.url),
        ("Produit le", datetime_fr(document.generated_at)),
    ):
        yield [Bold(label), value]
    yield []
    yield [Bold("Source"), Bold("Adresse")]
    for source in sources:
        yield [source.label, source.url]
    yield []
    yield [Bold("Colonne"), Bold("Clé (CSV, JSON)")]
    for column in COLUMNS:
        yield [column.label, column.key]


# The largest PDF made, in laureates. WeasyPrint lays out the whole document in memory before
# writing a byte: measured here (bench/DOWNLOADS.md), about one second of CPU and 13 MB per 100
# laureates, so 300 render in about 3 s; a 5,000-row campaign took 163 s and 758 MB of a worker,
# and twenty years would take ten times that, in a request or in a background worker alike. A
# printed table of hundreds of pages is not what anyone reads: beyond this size the page offers
# the same selection as XLSX and CSV, which stream.
PDF_MAX_ROWS = 300


def _pdf(rows: Iterable[LaureateRow], document: ExportDocument) -> bytes:
    from weasyprint import HTML  # loads Pango: only a PDF download pays for it

    html = render_to_string("publication/laureates_pdf.html", {"document": document, "rows": list(rows)})
    return HTML(string=html, base_url=document.url).write_pdf()


@dataclass(frozen=True)
class Format:
    label: str
    detail: str
    tail: str  # what follows the file's stem: laureats-2025.csv, laureats-2025-excel.csv
    content_type: str
    write: Callable[[Iterable[LaureateRow], ExportDocument], Iterator[str | bytes] | bytes]
    streams: bool  # written as rows come (CSV, JSON, XLSX); else bytes (PDF)

    def filename(self, stem: str) -> str:
        return stem + self.tail


FORMATS = {
    "csv": Format("CSV", "pour les programmes\u00a0: UTF-8, séparateur virgule, codes officiels", ".csv",
                  "text/csv; charset=utf-8", _csv_writer(PROGRAMS), streams=True),
    "csv-excel": Format("CSV pour Excel", "séparateur point-virgule, virgule décimale, en toutes lettres",
                        "-excel.csv", "text/csv; charset=utf-8", _csv_writer(EXCEL), streams=True),
    "xlsx": Format("tableur XLSX", "Excel, LibreOffice", ".xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _xlsx, streams=True),
    "pdf": Format("PDF", f"à imprimer, jusqu'à {PDF_MAX_ROWS}\u00a0lauréats", ".pdf", "application/pdf", _pdf,
                  streams=False),
    "json": Format("JSON", "pour les programmes, avec la provenance de chaque ligne", ".json",
                   "application/json; charset=utf-8", _json, streams=True),
}


def format_converter(*formats: str) -> type:
    """A path converter that reads a download's file tail (".csv", "-excel.csv") as its format's
    key, so that an address ends with the file's own name; `formats` are the keys a route offers."""
    tails = {FORMATS[key].tail: key for key in formats}

    class FormatConverter:
        regex = "|".join(re.escape(tail) for tail in tails)

        def to_python(self, value: str) -> str:
            return tails[value]

        def to_url(self, value: str) -> str:
            return FORMATS[value].tail

    return FormatConverter


STREAM_CHUNK = 64 * 1024


def in_chunks(pieces: Iterable[str | bytes], *, size: int = STREAM_CHUNK) -> Iterator[bytes]:
    """The writers' small pieces (a CSV line, an XML element; text or bytes) gathered into chunks of
    about `size` bytes: a server writes a few hundred chunks, not one per row. The first piece goes
    out at once, so that a client sees the download start before the first batch is read."""
    buffer: list[bytes] = []
    length = 0
    first = True
    for piece in pieces:
        piece = piece.encode() if isinstance(piece, str) else piece
        buffer.append(piece)
        length += len(piece)
        if first or length >= size:
            yield b"".join(buffer)
            buffer, length, first = [], 0, False
    if buffer:
        yield b"".join(buffer)


def export_chunks(extension: str, rows: Iterable[LaureateRow], document: ExportDocument) -> Iterator[bytes]:
    """The file of `rows` in a streamed format (a key of `FORMATS`), as chunks of bytes."""
    return in_chunks(FORMATS[extension].write(rows, document))


def export_response(
    extension: str, rows: Iterable[LaureateRow], document: ExportDocument
) -> HttpResponse:
    """The download of `rows` in the format `extension` (a key of `FORMATS`), as an attachment."""
    export = FORMATS[extension]
    if export.streams:
        response = StreamingHttpResponse(export_chunks(extension, rows, document), content_type=export.content_type)
    else:
        response = HttpResponse(export.write(rows, document), content_type=export.content_type)
    return attachment(response, export.filename(document.filename_stem))


def attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
