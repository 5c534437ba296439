"""Laureate rows and their downloads: the columns are defined once, here, for every format.

A `LaureateRow` is what a page, a spreadsheet or a PDF shows of a laureate; `COLUMNS` says which
fields the downloads carry, under which machine key (CSV header, JSON key) and French label
(spreadsheet and PDF headers). CSV is UTF-8 without a byte-order mark, comma-separated, with the
keys as header row: it is meant for programs (spreadsheet users get the XLSX file).
"""
import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from coopdec.applications.models import Application
from coopdec.territories.text import normalise


@dataclass(frozen=True)
class Partner:
    name: str
    country: str = ""
    country_iso2: str = ""

    def __str__(self):
        return f"{self.name} ({self.country})" if self.country else self.name


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
    source: str

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
    import_row = next(iter(application.import_rows.all()), None)
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
        source=f"{import_row.batch.file_name}, ligne {import_row.row_number}" if import_row else "",
    )


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[LaureateRow], object]


COLUMNS = (
    Column("campagne", "Campagne", lambda r: r.campaign_year),
    Column("appel", "Appel à projets", lambda r: r.call_name),
    Column("appel_slug", "Identifiant de l'appel", lambda r: r.call_slug),
    Column("appel_nature", "Nature de l'appel", lambda r: r.call_kind),
    Column("collectivite", "Collectivité française", lambda r: r.lead_name),
    Column("collectivite_nom_publie", "Nom publié", lambda r: r.lead_published_name),
    Column("collectivite_a_confirmer", "Collectivité à confirmer", lambda r: r.lead_to_confirm),
    Column("collectivite_nature", "Nature de la collectivité", lambda r: r.lead_kind),
    Column("collectivite_code", "Code officiel (INSEE ou SIREN)", lambda r: r.lead_code),
    Column("collectivite_siren", "SIREN", lambda r: r.lead_siren),
    Column("departement_code", "Code du département", lambda r: r.departement_code),
    Column("departement", "Département", lambda r: r.departement_name),
    Column("region_code", "Code de la région", lambda r: r.region_code),
    Column("region", "Région", lambda r: r.region_name),
    Column("partenaires", "Collectivité(s) étrangère(s) partenaire(s)",
           lambda r: [str(p) for p in r.partners]),
    Column("partenaires_pays_iso", "Pays des partenaires (ISO 3166)",
           lambda r: [p.country_iso2 for p in r.partners]),
    Column("intitule", "Intitulé du projet", lambda r: r.title),
    Column("provenance", "Provenance", lambda r: r.provenance),
    Column("source", "Source", lambda r: r.source),
)

LIST_SEPARATOR = "; "


def _joined(value) -> object:
    """A cell of a flat file holds one value: lists are joined."""
    return LIST_SEPARATOR.join(value) if isinstance(value, list) else value


def _csv_cell(value) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _joined(value)


@dataclass(frozen=True)
class ExportDocument:
    """What a download is: its title and selection, printed in the PDF and the XLSX."""

    title: str
    count_sentence: str
    selection: str
    url: str
    filename_stem: str
    generated_at: datetime


def _csv(rows: Iterable[LaureateRow], document: ExportDocument) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for record in (
        [column.key for column in COLUMNS],
        *([_csv_cell(column.value(row)) for column in COLUMNS] for row in rows),
    ):
        writer.writerow(record)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _json(rows: Iterable[LaureateRow], document: ExportDocument) -> Iterator[str]:
    yield "["
    for index, row in enumerate(rows):
        record = {column.key: column.value(row) for column in COLUMNS}
        yield ("," if index else "") + "\n  " + json.dumps(record, ensure_ascii=False)
    yield "\n]\n"


def _xlsx(rows: Iterable[LaureateRow], document: ExportDocument) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Lauréats")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def header(values):
        cells = [WriteOnlyCell(sheet, value=value) for value in values]
        for cell in cells:
            cell.font = bold
        return cells

    sheet.append(header(column.label for column in COLUMNS))
    for row in rows:
        sheet.append([_joined(column.value(row)) for column in COLUMNS])
    about = book.create_sheet("À propos")
    for label, value in (
        ("Titre", document.title), ("Décompte", document.count_sentence),
        ("Sélection", document.selection), ("Adresse", document.url),
        ("Produit le", timezone.localtime(document.generated_at).strftime("%d/%m/%Y %H:%M")),
    ):
        about.append([WriteOnlyCell(about, value=label), value])
    about.append([])
    about.append(header(("Colonne", "Clé (CSV, JSON)")))
    for column in COLUMNS:
        about.append([column.label, column.key])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _pdf(rows: Iterable[LaureateRow], document: ExportDocument) -> bytes:
    from weasyprint import HTML  # loads Pango: only a PDF download pays for it

    html = render_to_string("publication/laureates_pdf.html", {"document": document, "rows": list(rows)})
    return HTML(string=html, base_url=document.url).write_pdf()


@dataclass(frozen=True)
class Format:
    label: str
    detail: str
    content_type: str
    write: Callable[[Iterable[LaureateRow], ExportDocument], Iterator[str] | bytes]
    streams: bool


FORMATS = {
    "csv": Format("CSV", "UTF-8, séparateur virgule, codes officiels", "text/csv; charset=utf-8",
                  _csv, streams=True),
    "xlsx": Format("tableur XLSX", "Excel, LibreOffice", (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), _xlsx, streams=False),
    "pdf": Format("PDF", "à imprimer", "application/pdf", _pdf, streams=False),
    "json": Format("JSON", "pour les programmes, avec la provenance de chaque ligne",
                   "application/json; charset=utf-8", _json, streams=True),
}


def export_response(
    extension: str, rows: Iterable[LaureateRow], document: ExportDocument
) -> HttpResponse:
    """The download of `rows` as an attachment named `<filename_stem>.<extension>`."""
    export = FORMATS[extension]
    content = export.write(rows, document)
    response_class = StreamingHttpResponse if export.streams else HttpResponse
    response = response_class(content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename_stem}.{extension}"'
    return response
