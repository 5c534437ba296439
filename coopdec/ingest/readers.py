"""Readers of published laureates lists: find the laureates, whatever the format.

A table's columns are found by their headings, never by position: the four of the seed page
(collectivité française, partenaires, intitulé, appel) and those that national lists add (région,
département, pays partenaire, montant); any other column is named in `Table.unread` so that the
preview reports it. A page without such a table may publish its laureates as sentences, one per
bullet (`narrative`). Every failure names the file, the row when there is one, and the reason,
in French, for the person who runs the import.

Limits (the `MAX_*` constants) are checked on the bytes before any parsing: a file beyond them
is refused with the limit in the message, never parsed for minutes.
"""
import csv
import hashlib
import io
import re
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import filetype
import pdfplumber
import tinyhtml5
from openpyxl import load_workbook
from pdfminer import settings as pdfminer_settings
from pdfminer.pdfdocument import PDFEncryptionError
from pdfplumber.utils.exceptions import PdfminerException

from coopdec.french.text import number_fr
from coopdec.territories.text import normalise

from .narrative import sentence_parts

COLUMNS = {
    "lead": "collectivité française",
    "partners": "collectivité(s) étrangère(s) partenaire(s)",
    "title": "intitulé du projet",
    "call": "appel à projets",
}
REQUIRED = tuple(COLUMNS)
# Columns of national lists, read when present.
OPTIONAL = {
    "region": "région",
    "departement": "département",
    "partner_country": "pays partenaire",
    "amount": "montant",
}

# Limits, checked before parsing (see the README).
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_XLSX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 10_000
MAX_CELL_CHARS = 5_000
MAX_HTML_DEPTH = 500
MAX_PDF_PAGES = 300


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
    number: int  # the row's line (CSV, text), row (XLSX), position in the table (HTML) or item
    cells: dict  # canonical column → text
    # A sentence of a narrative list: its parties (French then foreign) as written, in order.
    parties: tuple = ()


@dataclass(frozen=True)
class Table:
    format: str
    headings: tuple
    rows: tuple
    sha256: str = ""  # of the very bytes read: how a second import of the same file is recognised
    columns: dict = field(default_factory=dict)  # canonical column → its heading as published
    unread: tuple = ()  # headings of the columns that are not understood
    # How the file was read, for the preview: encoding, separator, sheet, « liste rédigée ».
    details: tuple = ()


def column_of(heading: str):
    """The canonical column a heading names, or None.

    "Pays" names the partners' country; partners come before the lead, since both mention
    "collectivité"; an amount is the grant (« Montant accordé », « Subvention », « Cofinancement
    MEAE (€) »), not a project's cost or budget, which stay unread.
    """
    key = normalise(heading)
    words = set(key.split())
    if key.startswith("pays"):
        return "partner_country"
    if "etranger" in key or "partenaire" in key:
        return "partners"
    if "intitule" in key or "titre" in key or key == "projet":
        return "title"
    if words & {"montant", "subvention", "cofinancement"} or "€" in (heading or ""):
        return None if words & {"total", "cout", "budget", "projet"} else "amount"
    if key.startswith("region"):
        return "region"
    if key.startswith("departement") or key in {"dept", "dpt"}:
        return "departement"
    if "appel" in key or "dispositif" in key or key in {"aap", "ami"}:
        return "call"
    if "francais" in key or key in {"ctf", "porteur", "porteur du projet", "collectivite"}:
        return "lead"
    return None


def _header_map(headings):
    """(canonical column → index, indexes of the columns not understood)."""
    mapping, unread = {}, []
    for index, heading in enumerate(headings):
        column = column_of(_clean(heading))
        if column and column not in mapping:
            mapping[column] = index
        elif _clean(heading):
            unread.append(index)
    return mapping, unread


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _clean(cell) -> str:
    """A cell's text on one line; control characters (a NUL breaks XLSX and XML outputs) dropped."""
    if cell is None:
        return ""
    return " ".join(_CONTROL.sub("", str(cell)).split())


def _header_in(grid):
    """(position, mapping, cells) of the row naming the most columns, the first naming the four."""
    best = None
    for position, (_number, cells) in enumerate(grid):
        mapping, _unread = _header_map(cells)
        if best is None or len(mapping) > len(best[1]):
            best = (position, mapping, cells)
        if set(REQUIRED) <= set(mapping):
            break
    return best


def _no_table(file_name, what="aucun tableau de lauréats trouvé"):
    return ReadError(
        file_name,
        f"{what} (colonnes attendues : " + ", ".join(f"« {h} »" for h in COLUMNS.values()) + ")",
    )


def _rows_under_header(file_name, fmt, grid, details=()):
    """Find the header row in a grid of (number, cells) and turn the rows below into SourceRows."""
    if len(grid) > MAX_ROWS + 1:
        raise _too_many_rows(file_name)
    best = _header_in(grid)
    if best is None:
        raise ReadError(file_name, "le fichier ne contient aucune ligne")
    position, mapping, headings = best
    missing = [COLUMNS[c] for c in REQUIRED if c not in mapping]
    if all(c not in mapping for c in REQUIRED):
        raise _no_table(file_name)
    if missing:
        raise ReadError(
            file_name,
            "colonne manquante : " + ", ".join(f"« {m} »" for m in missing)
            + " (en-têtes trouvés : " + ", ".join(f"« {_clean(h)} »" for h in headings if _clean(h)) + ")",
            row=grid[position][0],
        )
    names = {c: _clean(headings[i]) for c, i in mapping.items()}
    rows = []
    for number, cells in grid[position + 1:]:
        values = {c: _clean(cells[i]) if i < len(cells) else "" for c, i in mapping.items()}
        if not any(values.values()) or _is_rule(cells):
            continue
        for column, value in values.items():
            if len(value) > MAX_CELL_CHARS:
                raise ReadError(file_name, f"cellule trop longue ({number_fr(len(value))} caractères ; "
                                           f"{number_fr(MAX_CELL_CHARS)} au plus)", row=number, field=names[column])
        rows.append(SourceRow(number=number, cells=values))
    if not rows:
        raise ReadError(file_name, "le tableau de lauréats est vide", row=grid[position][0])
    _mapping, unread = _header_map(headings)
    return Table(format=fmt, headings=tuple(_clean(h) for h in headings), rows=tuple(rows),
                 columns=names, unread=tuple(_clean(headings[i]) for i in unread), details=tuple(details))


def _is_rule(cells):
    """The "---|---" line under a text table's header."""
    return all(set(_clean(c)) <= set("-:= ") for c in cells)


def _too_many_rows(file_name):
    return ReadError(file_name, f"plus de {number_fr(MAX_ROWS)} lignes : découpez la liste en plusieurs fichiers")


# Text ------------------------------------------------------------------------------------------

_ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"))
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _decode(file_name, data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding: UTF-16 with its BOM (Excel's « texte Unicode »),
    else UTF-8, else Windows-1252 (Excel's « CSV » on Windows)."""
    candidates = (("utf-16", "UTF-16"),) if data[:2] in _UTF16_BOMS else _ENCODINGS
    for codec, label in candidates:
        try:
            return _CONTROL.sub("", data.decode(codec)).replace("\r\n", "\n"), label
        except UnicodeDecodeError as error:
            failure = error
    line = data[: failure.start].count(b"\n") + 1
    raise ReadError(
        file_name,
        f"encodage inconnu (octet 0x{data[failure.start]:02x} illisible en UTF-8 comme en "
        "Windows-1252) : enregistrez le fichier en UTF-8",
        row=line,
    )


_SEPARATORS = {",": "virgule", ";": "point-virgule", "\t": "tabulation"}


def _csv_grid(file_name, text, separator):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    grid = []
    try:
        for cells in reader:
            grid.append((reader.line_num, cells))
            if len(grid) > MAX_ROWS + 1:
                raise _too_many_rows(file_name)
    except csv.Error as error:
        reason = (f"cellule trop longue (plus de {number_fr(csv.field_size_limit())} caractères ; "
                  f"{number_fr(MAX_CELL_CHARS)} au plus)" if "field larger" in str(error) else f"CSV illisible ({error})")
        raise ReadError(file_name, reason, row=reader.line_num) from None
    return grid


def csv_lines(file_name, data: bytes) -> tuple[list[tuple[int, list[str]]], tuple[str, ...]]:
    """Any CSV as Excel writes it, under the rules of a list of laureates (encoding, control
    characters, limits): its (line number, cells), the separator being the one that cuts the
    first line into the most cells, and what was detected, for a preview to say."""
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(file_name, f"fichier trop volumineux ({MAX_FILE_BYTES // 2**20} Mo au plus)")
    text, encoding = _decode(file_name, data)
    first = text.split("\n", 1)[0]
    separator = max(_SEPARATORS, key=lambda sep: len(next(csv.reader([first], delimiter=sep), [])))
    return _csv_grid(file_name, text, separator), (f"encodage {encoding}", f"séparateur {_SEPARATORS[separator]}")


def read_csv(file_name, data: bytes, **_options) -> Table:
    """A CSV whatever Excel made of it: the separator is the one whose first lines name the most
    columns (then the one that cuts the header into the most cells)."""
    text, encoding = _decode(file_name, data)
    head = "\n".join(text.split("\n", 50)[:50])

    def score(separator):
        grid = _csv_grid(file_name, head, separator)
        best = _header_in(grid)
        return (len(best[1]), len(best[2])) if best else (0, 0)

    separator = max(_SEPARATORS, key=score)
    return _rows_under_header(file_name, "csv", _csv_grid(file_name, text, separator), details=(
        f"encodage {encoding}", f"séparateur {_SEPARATORS[separator]} (« {separator} »)"
        if separator != "\t" else "séparateur tabulation"))


_BULLET = re.compile(r"^\s*[-–—•*·▪►]\s+")


def read_text(file_name, data: bytes, **_options) -> Table:
    """A table typed as text with "|" between cells, as on the seed page; else a narrative list,
    one laureate per bullet, under a heading that names the call."""
    text, encoding = _decode(file_name, data)
    lines = text.splitlines()
    grid = [(number, [c.strip() for c in line.strip().strip("|").split("|")])
            for number, line in enumerate(lines, start=1) if "|" in line]
    if grid and len(_header_in(grid)[1]):
        return _rows_under_header(file_name, "txt", grid, details=(f"encodage {encoding}",))
    items, heading = [], ""
    for number, line in enumerate(lines, start=1):
        if _BULLET.match(line):
            items.append((number, _BULLET.sub("", line), heading))
        elif line.strip():
            heading = line.strip()
    return _narrative(file_name, "txt", [items], details=(f"encodage {encoding}",))


def _narrative(file_name, fmt, lists, details=()):
    """The laureates of narrative lists: each list is [(number, sentence, heading)]; a list is
    read when most of its items are laureate sentences (menus and other lists are not), and
    then every item must be one."""
    rows = []
    for items in lists:
        parsed = [(number, sentence_parts(_BULLET.sub("", text)), _BULLET.sub("", text), heading)
                  for number, text, heading in items]
        if not parsed or 2 * sum(parts is not None for _n, parts, _t, _h in parsed) <= len(parsed):
            continue
        for number, parts, text, heading in parsed:
            if parts is None:
                raise ReadError(file_name, f"phrase non comprise : « {_clean(text)[:200]} » (attendu : "
                                           "« La Ville de X (département) et la commune de Y (pays), "
                                           "pour un projet de … »)", row=number)
            parties, title = parts
            rows.append(SourceRow(number=number, parties=tuple(_clean(p) for p in parties), cells={
                "title": _clean(title), "call": _clean(heading), "sentence": _clean(text),
            }))
    if not rows:
        raise _no_table(file_name, "aucun tableau ni liste de lauréats trouvés")
    if len(rows) > MAX_ROWS:
        raise _too_many_rows(file_name)
    return Table(format=fmt, headings=(), rows=tuple(rows), details=(*details, "liste rédigée"))


# XLSX ------------------------------------------------------------------------------------------

def _check_unzipped(file_name, data):
    """A small XLSX may unzip to gigabytes: the sizes its archive declares are checked first."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ReadError(file_name, "classeur XLSX illisible (archive endommagée)") from None
    if unzipped > MAX_XLSX_UNZIPPED_BYTES:
        raise ReadError(file_name, f"classeur trop volumineux une fois décompressé ({unzipped // 2**20} Mo ; "
                                   f"{MAX_XLSX_UNZIPPED_BYTES // 2**20} Mo au plus)")


def _sheet_grid(file_name, sheet):
    grid = []
    for number, cells in enumerate(sheet.iter_rows(values_only=True), 1):
        grid.append((number, list(cells)))
        if number > MAX_ROWS + 1:
            raise _too_many_rows(file_name)
    return grid


def read_xlsx(file_name, data: bytes, sheet=None, **_options) -> Table:
    """The sheet holding the laureates; with several, the one `sheet` names (--sheet)."""
    _check_unzipped(file_name, data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        raise ReadError(file_name, f"classeur XLSX illisible ({error.__class__.__name__})") from None
    names = workbook.sheetnames
    if sheet is not None and sheet not in names:
        raise ReadError(file_name, f"pas de feuille « {sheet} » (feuilles : "
                                   + ", ".join(f"« {n} »" for n in names) + ")")
    found, last_error = {}, None
    for name in [sheet] if sheet else names:
        try:
            found[name] = _rows_under_header(file_name, "xlsx", _sheet_grid(file_name, workbook[name]),
                                             details=(f"feuille « {name} »",))
        except ReadError as error:
            if sheet:
                raise
            last_error = error
    if len(found) > 1:
        raise ReadError(file_name, "plusieurs feuilles contiennent un tableau de lauréats ("
                                   + ", ".join(f"« {n} »" for n in found)
                                   + ") : choisissez-en une avec --sheet")
    if found:
        return next(iter(found.values()))
    raise last_error or ReadError(file_name, "le classeur ne contient aucune feuille")


# HTML ------------------------------------------------------------------------------------------

_BREAKS = {"br", "p", "div", "tr"}
_SILENT = {"script", "style", "template", "noscript"}  # their text is not the page's text
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_ROW_TAG = re.compile(r"<tr\b", re.IGNORECASE)
_ITEM_TAG = re.compile(r"<li\b", re.IGNORECASE)
_UNNESTED = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


def _tag(element) -> str:
    """An element's local name; "" for a comment or a processing instruction (their tag is a
    function in the parsed tree)."""
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _check_depth(file_name, text):
    """Elements nested thousands deep take the parser minutes: count the nesting first."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(_UNNESTED.sub("", text)):
        if name.lower() in _VOID or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    if deepest > MAX_HTML_DEPTH:
        raise ReadError(file_name, f"page trop imbriquée ({number_fr(deepest)} éléments les uns dans les autres ; "
                                   f"{MAX_HTML_DEPTH} au plus)")


def _text_of(element) -> str:
    """An element's text, without recursion: a line break or a paragraph separates words, the
    items of a list inside a cell are separated by « ; », comments and scripts are left out."""
    parts, stack = [], [("open", element)]
    while stack:
        what, node = stack.pop()
        if what == "text":
            parts.append(node)
            continue
        name = _tag(node)
        if name and name not in _SILENT:
            parts.append("; " if name == "li" else " " if name in _BREAKS else "")
            parts.append(node.text or "")
            for child in reversed(list(node)):
                stack.append(("text", child.tail or ""))
                stack.append(("open", child))
    return "".join(parts).lstrip("; ")


def _is_heading(element) -> bool:
    """h1–h6, or a paragraph that is one <strong> or <b> (how editors often title a list)."""
    name = _tag(element)
    if name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        return True
    children = list(element)
    return (name == "p" and len(children) == 1 and _tag(children[0]) in {"strong", "b"}
            and not (element.text or "").strip() and not (children[0].tail or "").strip())


def _html_tables(file_name, tables):
    """Every table naming the four columns, as one table: a page may give one table per call."""
    found, last_error, offset = [], None, 0
    for table in tables:
        rows = [tr for tr in table.iter() if _tag(tr) == "tr"]
        grid = [(offset + number, [_text_of(td) for td in tr if _tag(td) in {"td", "th"}])
                for number, tr in enumerate(rows, start=1)]
        try:
            found.append(_rows_under_header(file_name, "html", grid))
            offset += len(rows)
        except ReadError as error:
            if last_error is None or "manquante" in error.reason:
                last_error = error
    if not found:
        return None, last_error
    first = found[0]
    return replace(first, rows=tuple(r for t in found for r in t.rows),
                   unread=tuple(dict.fromkeys(h for t in found for h in t.unread))), None


def _html_lists(document):
    """The page's lists outside navigation, each as [(item number, text, heading above it)]."""
    lists, heading, number = [], "", 0
    skipped = set()
    for element in document.iter():
        name = _tag(element)
        if name in {"nav", "header", "footer", "aside"} | _SILENT:
            skipped |= set(element.iter())
        if element in skipped:
            continue
        if _is_heading(element):
            heading = _clean(_text_of(element))
        elif name in {"ul", "ol"}:
            items = []
            for item in element:
                if _tag(item) == "li":
                    number += 1
                    items.append((number, _text_of(item), heading))
            lists.append(items)
    return lists


def read_html(file_name, data: bytes, **_options) -> Table:
    """Any page holding the laureates: its tables naming the columns, else its narrative lists."""
    text, _encoding = _decode(file_name, data)
    _check_depth(file_name, text)
    if max(len(_ROW_TAG.findall(text)), len(_ITEM_TAG.findall(text))) > MAX_ROWS + 1:
        raise _too_many_rows(file_name)
    document = tinyhtml5.parse(text)
    table, error = _html_tables(file_name, [el for el in document.iter() if _tag(el) == "table"])
    if table is not None:
        return table
    try:
        return _narrative(file_name, "html", _html_lists(document))
    except ReadError:
        if error is not None and "manquante" in error.reason:
            raise error from None
        raise


# PDF -------------------------------------------------------------------------------------------

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
            if len(document.pages) > MAX_PDF_PAGES:
                raise ReadError(file_name, f"PDF de {len(document.pages)} pages ({MAX_PDF_PAGES} au plus)")
            for page in document.pages:
                has_text = has_text or bool(page.chars)
                tables += [(page.page_number, rows) for rows in _page_tables(page) if rows]
    except ReadError:
        raise
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


def read_pdf(file_name, data: bytes, **_options) -> Table:
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
    ".tsv": read_csv,
    ".txt": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".xlsx": read_xlsx,
    ".pdf": read_pdf,
}
# What a file is, by its first bytes (filetype), when it is no text: the formats read whatever
# the file's name says, and the words for the others.
_BY_CONTENT = {"xlsx": read_xlsx, "pdf": read_pdf}
_CONTENT_WORDS = {
    "png": "une image PNG", "jpg": "une image JPEG", "gif": "une image GIF", "webp": "une image WebP",
    "tif": "une image TIFF", "bmp": "une image BMP", "heic": "une image HEIC",
    "zip": "une archive ZIP", "gz": "une archive gzip", "rar": "une archive RAR", "7z": "une archive 7z",
    "docx": "un document Word", "doc": "un document Word", "odt": "un document OpenDocument",
    "xls": "un classeur Excel 97-2003 (.xls) : enregistrez-le au format .xlsx",
    "ods": "un classeur OpenDocument (.ods) : enregistrez-le au format .xlsx",
    "pptx": "une présentation PowerPoint", "mp4": "une vidéo", "mp3": "un fichier audio",
}


_BINARY = re.compile(rb"[\x00-\x08\x0e-\x1f]")


def _binary(head: bytes) -> bool:
    """Bytes that no text editor wrote: more than one in ten is a control byte (UTF-16 aside)."""
    return head[:2] not in _UTF16_BOMS and len(_BINARY.findall(head)) * 10 > len(head)


def _reader_for(file_name, suffix, data):
    """The reader of a file by its content first (a PDF named .csv is read as a PDF), else by its
    extension; a file that is no table at all says what it is."""
    if b"%PDF-" in data[:1024]:  # readers accept a PDF header after a few stray bytes
        return read_pdf
    kind = filetype.guess(data[:8192])
    if kind is not None and kind.extension in _BY_CONTENT:
        return _BY_CONTENT[kind.extension]
    if kind is not None or _binary(data[:8192]):
        what = _CONTENT_WORDS.get(kind.extension if kind else "", None) or (
            f"un fichier {kind.extension.upper()}" if kind else "un fichier binaire")
        raise ReadError(file_name, f"ce fichier n'est pas un tableau : c'est {what}")
    reader = READERS.get(suffix)
    if reader in _BY_CONTENT.values():
        raise ReadError(file_name, f"ce fichier n'est pas un {suffix[1:].upper()} : c'est du texte ; "
                                   "enregistrez-le avec l'extension .csv, .txt ou .html")
    if reader is None:
        raise ReadError(file_name, f"format non pris en charge « {suffix} » (formats : "
                                   + ", ".join(sorted(READERS)) + ")")
    return reader


def read_bytes(path) -> bytes:
    """A file's bytes, refused when empty or beyond MAX_FILE_BYTES (checked before reading it)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReadError(path.name, f"fichier trop volumineux ({size / 2**20:.1f} Mo ; "
                                       f"{MAX_FILE_BYTES // 2**20} Mo au plus)".replace(".", ","))
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(path.name, f"fichier illisible ({error.strerror})") from None
    if not data.strip():
        raise ReadError(path.name, "le fichier est vide")
    return data


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_table(path, *, data=None, sheet=None) -> Table:
    """Read the laureates of a file (its bytes, when already read); `sheet` names the sheet of a
    workbook with several."""
    path = Path(path)
    data = read_bytes(path) if data is None else data
    reader = _reader_for(path.name, path.suffix.lower(), data)
    return replace(reader(path.name, data, sheet=sheet), sha256=file_sha256(data))
