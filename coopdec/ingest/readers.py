"""Readers of published laureates lists: find the four-column table, whatever the format.

Columns are found by their headings, never by position; other columns (région, pays, montant…)
are ignored. Every failure names the file, the row when there is one, and the reason, in French,
for the person who runs the import.
"""
import csv
import hashlib
import io
import re
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pdfplumber
import tinyhtml5
from openpyxl import load_workbook
from pdfminer import settings as pdfminer_settings
from pdfminer.pdfdocument import PDFEncryptionError
from pdfplumber.utils.exceptions import PdfminerException

from coopdec.territories.text import normalise

COLUMNS = {
    "lead": "collectivité française",
    "partners": "collectivité(s) étrangère(s) partenaire(s)",
    "title": "intitulé du projet",
    "call": "appel à projets",
}
REQUIRED = tuple(COLUMNS)


class PageLine(int):
    """The number of a PDF table's row: its rank in the table joined over the pages (stored and
    sorted like any row number), with the page and the line of the table on that page, which is
    where a person looking at the PDF finds it."""

    def __new__(cls, rank, page, line):
        number = super().__new__(cls, rank)
        number.page, number.line = page, line
        return number

    @property
    def place(self):
        return f"page {self.page}, ligne {self.line} du tableau"


def row_place(number) -> str:
    """Where a row is, in words: "ligne 5", or "page 2, ligne 5 du tableau" in a PDF."""
    return getattr(number, "place", None) or f"ligne {number}"


class ReadError(Exception):
    """Bad input: carries the file, the row (1-based in the source when known) and the reason."""

    def __init__(self, file_name, reason, row=None, field=None):
        self.file_name, self.reason, self.row, self.field = file_name, reason, row, field
        where = (file_name + (f", {row_place(row)}" if row else "")
                 + (f", colonne « {field} »" if field else ""))
        super().__init__(f"{where} : {reason}")


@dataclass(frozen=True)
class SourceRow:
    number: int  # the row's line (CSV, text), row (XLSX) or position in the table (HTML)
    cells: dict  # canonical column → text


@dataclass(frozen=True)
class Table:
    format: str
    headings: tuple
    rows: tuple
    sha256: str = ""  # of the very bytes read: how a second import of the same file is recognised


def column_of(heading: str):
    """The canonical column a heading names, or None. Partners first: both mention "collectivité".

    "Pays" and "Pays partenaire" name the partner's country, a column national lists add: not ours.
    """
    key = normalise(heading)
    if key.startswith("pays"):
        return None
    if "etranger" in key or "partenaire" in key:
        return "partners"
    if "intitule" in key or "titre" in key or key == "projet":
        return "title"
    if "appel" in key or "dispositif" in key or key in {"aap", "ami"}:
        return "call"
    if "francais" in key or key in {"ctf", "porteur", "porteur du projet", "collectivite"}:
        return "lead"
    return None


def _header_map(headings):
    mapping = {}
    for index, heading in enumerate(headings):
        column = column_of(heading or "")
        if column and column not in mapping:
            mapping[column] = index
    return mapping


def _clean(cell) -> str:
    if cell is None:
        return ""
    return " ".join(str(cell).replace("\xa0", " ").split())


def _header_in(grid):
    """(position, mapping, cells) of the row naming the most columns, the first naming all four."""
    best = None
    for position, (_number, cells) in enumerate(grid):
        mapping = _header_map(cells)
        if best is None or len(mapping) > len(best[1]):
            best = (position, mapping, cells)
        if len(mapping) == len(REQUIRED):
            break
    return best


def _rows_under_header(file_name, fmt, grid):
    """Find the header row in a grid of (number, cells) and turn the rows below into SourceRows."""
    best = _header_in(grid)
    if best is None:
        raise ReadError(file_name, "le fichier ne contient aucune ligne")
    position, mapping, headings = best
    missing = [COLUMNS[c] for c in REQUIRED if c not in mapping]
    if len(missing) == len(REQUIRED):
        raise ReadError(
            file_name,
            "aucun tableau de lauréats trouvé (colonnes attendues : "
            + ", ".join(f"« {h} »" for h in COLUMNS.values()) + ")",
        )
    if missing:
        raise ReadError(
            file_name,
            "colonne manquante : " + ", ".join(f"« {m} »" for m in missing)
            + " (en-têtes trouvés : " + ", ".join(f"« {_clean(h)} »" for h in headings if _clean(h)) + ")",
            row=grid[position][0],
        )
    rows = []
    for number, cells in grid[position + 1:]:
        values = {c: _clean(cells[i]) if i < len(cells) else "" for c, i in mapping.items()}
        if not any(values.values()) or _is_rule(cells):
            continue
        rows.append(SourceRow(number=number, cells=values))
    if not rows:
        raise ReadError(file_name, "le tableau de lauréats est vide", row=grid[position][0])
    return Table(format=fmt, headings=tuple(_clean(h) for h in headings), rows=tuple(rows))


def _is_rule(cells):
    """The "---|---" line under a text table's header."""
    return all(set(_clean(c)) <= set("-:= ") for c in cells)


def _decode(file_name, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ReadError(
            file_name,
            f"le fichier n'est pas encodé en UTF-8 (octet 0x{data[error.start]:02x} illisible) : "
            "enregistrez-le en UTF-8",
            row=line,
        ) from None


def read_csv(file_name, data: bytes) -> Table:
    text = _decode(file_name, data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    grid = [(reader.line_num, cells) for cells in reader]
    return _rows_under_header(file_name, "csv", grid)


def read_text(file_name, data: bytes) -> Table:
    """A table typed as text with "|" between cells, as on the seed page."""
    grid = []
    for number, line in enumerate(_decode(file_name, data).splitlines(), start=1):
        if "|" in line:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            grid.append((number, cells))
    return _rows_under_header(file_name, "txt", grid)


def read_xlsx(file_name, data: bytes) -> Table:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        raise ReadError(file_name, f"classeur XLSX illisible ({error.__class__.__name__})") from None
    last_error = None
    for sheet in workbook.worksheets:
        grid = [(number, list(cells)) for number, cells in enumerate(sheet.iter_rows(values_only=True), 1)]
        try:
            return _rows_under_header(file_name, "xlsx", grid)
        except ReadError as error:
            last_error = error
    raise last_error or ReadError(file_name, "le classeur ne contient aucune feuille")


_BREAKS = {"br", "p", "div", "li"}


def _text_of(element) -> str:
    """A cell's text; a line break or a paragraph inside the cell separates words."""
    parts = [element.text or ""]
    for child in element:
        if child.tag.rsplit("}", 1)[-1] in _BREAKS:
            parts.append(" ")
        parts.append(_text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read_html(file_name, data: bytes) -> Table:
    """Any page holding the table: every <table> is tried, the first with the columns wins."""
    document = tinyhtml5.parse(_decode(file_name, data))
    tables = [el for el in document.iter() if el.tag.endswith("}table")]
    if not tables:
        raise ReadError(file_name, "la page ne contient aucun tableau")
    last_error = None
    for table in tables:
        grid = []
        for number, tr in enumerate((el for el in table.iter() if el.tag.endswith("}tr")), start=1):
            cells = [_text_of(td) for td in tr if td.tag.endswith("}td") or td.tag.endswith("}th")]
            grid.append((number, cells))
        try:
            return _rows_under_header(file_name, "html", grid)
        except ReadError as error:
            last_error = error
    raise last_error


_PDF_ERROR = "PDF illisible"


def _page_tables(page):
    """The ruled tables of a page, each a list of rows of cell texts (None for a merged cell).

    A table cut by a page break has no rule under its last row, nor above its first on the next
    page: a rule is drawn at the ends of the page's vertical rules, or those cells would be lost.
    """
    verticals = [e for e in page.edges if e["orientation"] == "v"]
    if not verticals:
        return []
    left, right = min(e["x0"] for e in verticals), max(e["x1"] for e in verticals)
    closing = [
        {"object_type": "line", "x0": left, "x1": right, "top": y, "bottom": y, "width": right - left,
         "height": 0}
        for y in (min(e["top"] for e in verticals), max(e["bottom"] for e in verticals))
    ]
    return page.extract_tables({"explicit_horizontal_lines": closing})


@contextmanager
def _strict_pdfminer():
    """Left lenient, pdfminer mends a damaged file quietly and a page's rows go missing."""
    lenient, pdfminer_settings.STRICT = pdfminer_settings.STRICT, True
    try:
        yield
    finally:
        pdfminer_settings.STRICT = lenient


def _pdf_tables(file_name, data: bytes):
    """Every ruled table of the document in reading order, as (page number, rows)."""
    if b"%PDF-" not in data[:1024]:
        raise ReadError(file_name, f"{_PDF_ERROR} : ce fichier n'est pas un PDF (en-tête %PDF absent)")
    if b"%%EOF" not in data[-1024:]:
        raise ReadError(file_name, f"{_PDF_ERROR} : le fichier est tronqué (marque de fin %%EOF "
                                   "absente) ; téléchargez-le à nouveau")
    tables, has_text = [], False
    try:
        with _strict_pdfminer(), pdfplumber.open(io.BytesIO(data)) as document:
            for page in document.pages:
                has_text = has_text or bool(page.chars)
                tables += [(page.page_number, rows) for rows in _page_tables(page) if rows]
    except Exception as error:  # pdfminer raises many kinds for a damaged file
        cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
        if isinstance(cause, PDFEncryptionError):
            raise ReadError(file_name, "PDF protégé par un mot de passe : enregistrez-en une copie "
                                       "sans protection") from None
        raise ReadError(file_name, f"{_PDF_ERROR} ({cause.__class__.__name__}) : le fichier est "
                                   "endommagé ; téléchargez-le à nouveau") from None
    if not tables:
        why = ("le PDF ne contient aucun tableau à filets ; un tableau sans bordures de cellules "
               "ne se lit pas de façon sûre : demandez la liste en CSV, XLSX ou HTML") if has_text else (
               "le PDF ne contient aucun texte (pages blanches ou document numérisé)")
        raise ReadError(file_name, f"aucun tableau de lauréats trouvé : {why}")
    return tables


_WRAPPED_AFTER_HYPHEN = re.compile(r"(?<=\w-)\n(?=\w)")


def _unwrap(cell) -> str:
    """A cell's lines joined: "multi-⏎secteur" gives "multi-secteur", other breaks a space."""
    return _clean(_WRAPPED_AFTER_HYPHEN.sub("", cell or ""))


def _continues(previous, cells, mapping):
    """Whether a table's first row and the previous table's last row are one row cut by a page break.

    They are when one of them lacks a cell (lead, title or call), the other has every cell it
    lacks, and either one of them has no lead (a row begins with its lead) or each lacks a cell.
    Depending on their lengths, the cells of a cut row end above the break, run over it, or move
    whole below it. A row without lead next to a page break is thus read as part of its neighbour.
    """
    def lacking(row):
        return {c for c in ("lead", "title", "call") if not _unwrap(row[mapping[c]])}

    lacks, lacked = lacking(cells), lacking(previous)
    if not (lacks or lacked) or lacks & lacked:
        return False
    return "lead" in (lacks | lacked) or bool(lacks and lacked)


def read_pdf(file_name, data: bytes) -> Table:
    """A ruled table, over as many pages as it takes (pdfplumber).

    The header is the row naming the columns; the tables that follow with as many columns
    continue it, whether they repeat the header (dropped) or not; a row that is one cell across
    the table (a section title, such as a region's name) is skipped; a row cut by a page break
    is joined again (see `_continues`); a cell's lines are joined (see `_unwrap`).
    """
    tables = _pdf_tables(file_name, data)
    located = [((index, line), cells) for index, (_page, rows) in enumerate(tables)
               for line, cells in enumerate(rows, start=1)]
    position, mapping, headings = _header_in(located)
    (start, header_line), _cells = located[position]
    header_key = [normalise(_unwrap(c)) for c in headings]
    joinable = {"lead", "title", "call"} <= set(mapping)
    grid = [(PageLine(1, tables[start][0], header_line), headings)]
    for index in range(start, len(tables)):
        page, rows = tables[index]
        if len(rows[0]) != len(headings):
            continue
        skip = header_line if index == start else 0
        first = index > start
        for line, cells in enumerate(rows[skip:], start=skip + 1):
            across = sum(c is not None for c in cells) == 1
            cells = [c or "" for c in cells]
            repeated_header = [normalise(_unwrap(c)) for c in cells] == header_key
            if across or repeated_header or not any(map(_unwrap, cells)):
                continue
            if first and joinable and len(grid) > 1 and _continues(grid[-1][1], cells, mapping):
                grid[-1] = (grid[-1][0], [a + "\n" + b for a, b in zip(grid[-1][1], cells)])
            else:
                grid.append((PageLine(len(grid) + 1, page, line), cells))
            first = False
    return _rows_under_header(file_name, "pdf", [(n, [_unwrap(c) for c in cells]) for n, cells in grid])


READERS = {
    ".csv": read_csv,
    ".txt": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".xlsx": read_xlsx,
    ".pdf": read_pdf,
}


def read_table(path) -> Table:
    """Read the laureates table of a file, choosing the reader by the file's extension."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError(
            path.name, f"format non pris en charge « {path.suffix} » (formats : "
            + ", ".join(sorted(READERS)) + ")"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(path.name, f"fichier illisible ({error.strerror})") from None
    if not data.strip():
        raise ReadError(path.name, "le fichier est vide")
    return replace(reader(path.name, data), sha256=hashlib.sha256(data).hexdigest())
