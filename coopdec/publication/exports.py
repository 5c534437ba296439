"""Laureate rows and their downloads: the columns are defined once, here, for every format.

A `LaureateRow` is what a page, a spreadsheet or a PDF shows of a laureate; `COLUMNS` says which
fields the downloads carry, under which machine key (CSV header, JSON key) and French label
(spreadsheet and PDF headers), and describes each for the data dictionary (/donnees/). CSV is
UTF-8 without a byte-order mark, comma-separated, with the keys as header row: it is meant for
programs (spreadsheet users get the XLSX file).
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
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
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


LIST_SEPARATOR = "; "
_LIST = format_lazy(_("liste (séparée par « {sep} » en CSV et XLSX, tableau en JSON)"), sep=LIST_SEPARATOR.strip())


@dataclass(frozen=True)
class Column:
    """A column of the downloads and its description, which the data dictionary (/donnees/) shows."""

    key: str
    label: str
    value: Callable[[LaureateRow], object]
    type: str
    meaning: str
    example: str
    source: str


COLUMNS = (
    Column("campagne", "Campagne", lambda r: r.campaign_year,
           _("entier"), _("Année de la campagne des appels à projets"), "2025", _("campagne")),
    Column("appel", "Appel à projets", lambda r: r.call_name,
           _("texte"), _("Nom de l'appel à projets ou de l'appel à manifestation d'intérêt"),
           "Généraliste 2025", _("liste des appels du ministère")),
    Column("appel_slug", "Identifiant de l'appel", lambda r: r.call_slug,
           _("texte"), _("Identifiant de l'appel dans CoopDec (unique dans la campagne), celui "
                         "de l'adresse de sa page"), "generaliste-2025", _("calculé")),
    Column("appel_nature", "Nature de l'appel", lambda r: r.call_kind,
           _("code"), _("Nature de l'appel : generaliste, thematique, fonds_conjoint, "
                        "cles_en_main, ami (appel à manifestation d'intérêt)"),
           "generaliste", _("liste des appels du ministère")),
    Column("collectivite", "Collectivité française", lambda r: r.lead_name,
           _("texte"), _("Nom officiel de la collectivité française cheffe de file ; nom publié "
                         "tant qu'elle est à confirmer"), "Castres",
           _("référentiel officiel (INSEE), liste publiée")),
    Column("collectivite_nom_publie", "Nom publié", lambda r: r.lead_published_name,
           _("texte"), _("Nom de la collectivité tel que la source l'a publié"), "Ville de Castres",
           _("liste publiée")),
    Column("collectivite_a_confirmer", "Collectivité à confirmer", lambda r: r.lead_to_confirm,
           _("booléen (true/false)"),
           _("Vrai quand le nom publié n'est pas encore rattaché avec certitude à "
             "une collectivité officielle (homonymes, nom d'usage)"),
           "false", _("résolution des noms")),
    Column("collectivite_nature", "Nature de la collectivité", lambda r: r.lead_kind,
           _("code"), _("Nature de la collectivité : commune, epci, ept, departement, "
                        "region ; vide si à confirmer"), "commune", _("référentiel officiel")),
    Column("collectivite_code", "Code officiel (INSEE ou SIREN)", lambda r: r.lead_code,
           _("texte"), _("Code officiel : code INSEE (commune, département, région) ou SIREN "
                         "(EPCI, EPT) ; vide si à confirmer"), "81065",
           _("référentiel officiel (INSEE)")),
    Column("collectivite_siren", "SIREN", lambda r: r.lead_siren,
           _("texte (9 chiffres)"), _("SIREN de la collectivité, quand le référentiel le "
                                      "donne"), "218100659", _("référentiel officiel (INSEE)")),
    Column("departement_code", "Code du département", lambda r: r.departement_code,
           _("texte"), _("Code INSEE du département de la collectivité"), "81",
           _("référentiel officiel, liste publiée")),
    Column("departement", "Département", lambda r: r.departement_name,
           _("texte"), _("Nom du département"), "Tarn", _("référentiel officiel")),
    Column("region_code", "Code de la région", lambda r: r.region_code,
           _("texte"), _("Code INSEE de la région"), "76", _("référentiel officiel, liste publiée")),
    Column("region", "Région", lambda r: r.region_name,
           _("texte"), _("Nom de la région"), "Occitanie", _("référentiel officiel")),
    Column("partenaires", "Collectivité(s) étrangère(s) partenaire(s)",
           lambda r: [str(p) for p in r.partners],
           _LIST, _("Collectivités étrangères partenaires, chacune avec son pays"),
           "District de Huye (Rwanda)", _("liste publiée, référentiel des partenaires")),
    Column("partenaires_pays_iso", "Pays des partenaires (ISO 3166)",
           lambda r: [p.country_iso2 for p in r.partners],
           _LIST, _("Code ISO 3166-1 alpha-2 du pays de chaque partenaire, dans le même "
                    "ordre (vide si inconnu ; XK pour le Kosovo)"), "RW", _("référentiel des pays")),
    Column("intitule", "Intitulé du projet", lambda r: r.title,
           _("texte"), _("Intitulé du projet"), "Eau potable et assainissement à Huye",
           _("liste publiée ou dossier")),
    Column("provenance", "Provenance", lambda r: r.provenance,
           _("code"), _("import : importé d'une liste publiée ; platform : déposé sur CoopDec"),
           "import", _("calculé")),
    Column("source", "Source", lambda r: r.source,
           _("texte"), _("Fichier et ligne de la liste publiée dont le lauréat a été importé"),
           "laureats-occitanie-2025.html, ligne 3", _("import")),
)


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
