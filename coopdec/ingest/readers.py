"""Readers of published laureates lists: find the laureates, whatever the format.

The files themselves are read by the ground floor's library (`coopdec.readers`: encodings,
separators, sheets, pages, limits); what is the laureates' own is here. A table's columns are
found by their headings, never by position: the four of the seed page (collectivité française,
partenaires, intitulé, appel) and those that national lists add (région, département, pays
partenaire, montant); any other column is named in `Table.unread` so that the preview reports
it. A page without such a table may publish its laureates as sentences, one per bullet
(`narrative`). Every failure names the file, the row when there is one, and the reason, in French,
for the person who runs the import.
"""
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from coopdec.readers import base
from coopdec.readers.base import PageLine, ReadError, clean
from coopdec.readers.files import file_format, file_sha256, read_bytes
from coopdec.readers.html import html_document, list_items, paragraphs, table_grids
from coopdec.readers.pdf import pdf_tables, unwrap
from coopdec.readers.text import BULLET, SEPARATORS, bullet_items, csv_grid, decode, pipe_grid
from coopdec.readers.xlsx import sheet_grid, sheet_names, workbook_open
from coopdec.territories.text import normalise

from .atlas_text import bullet_items as paragraph_bullets
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
        column = column_of(clean(heading))
        if column and column not in mapping:
            mapping[column] = index
        elif clean(heading):
            unread.append(index)
    return mapping, unread


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
    base.check_rows(file_name, len(grid))
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
            + " (en-têtes trouvés : " + ", ".join(f"« {clean(h)} »" for h in headings if clean(h)) + ")",
            row=grid[position][0],
        )
    names = {c: clean(headings[i]) for c, i in mapping.items()}
    rows = []
    for number, cells in grid[position + 1:]:
        values = {c: clean(cells[i]) if i < len(cells) else "" for c, i in mapping.items()}
        if not any(values.values()) or _is_rule(cells):
            continue
        for column, value in values.items():
            base.check_cell(file_name, value, row=number, field=names[column])
        rows.append(SourceRow(number=number, cells=values))
    if not rows:
        raise ReadError(file_name, "le tableau de lauréats est vide", row=grid[position][0])
    _mapping, unread = _header_map(headings)
    return Table(format=fmt, headings=tuple(clean(h) for h in headings), rows=tuple(rows),
                 columns=names, unread=tuple(clean(headings[i]) for i in unread), details=tuple(details))


def _is_rule(cells):
    """The "---|---" line under a text table's header."""
    return all(set(clean(c)) <= set("-:= ") for c in cells)


# Text ------------------------------------------------------------------------------------------

def read_csv(file_name, data: bytes, **_options) -> Table:
    """A CSV whatever Excel made of it: the separator is the one whose first lines name the most
    columns (then the one that cuts the header into the most cells)."""
    text, encoding = decode(file_name, data)
    head = "\n".join(text.split("\n", 50)[:50])

    def score(separator):
        grid = csv_grid(file_name, head, separator)
        best = _header_in(grid)
        return (len(best[1]), len(best[2])) if best else (0, 0)

    separator = max(SEPARATORS, key=score)
    return _rows_under_header(file_name, "csv", csv_grid(file_name, text, separator), details=(
        f"encodage {encoding}", f"séparateur {SEPARATORS[separator]} (« {separator} »)"
        if separator != "\t" else "séparateur tabulation"))


def read_text(file_name, data: bytes, **_options) -> Table:
    """A table typed as text with "|" between cells, as on the seed page; else a narrative list,
    one laureate per bullet, under a heading that names the call."""
    text, encoding = decode(file_name, data)
    lines = _BREAK_TAG.sub("\n", text).splitlines()  # a CMS's export keeps its « <br> »
    grid = pipe_grid(file_name, lines)
    if grid and len(_header_in(grid)[1]):
        return _rows_under_header(file_name, "txt", grid, details=(f"encodage {encoding}",))
    return _narrative(file_name, "txt", [bullet_items(lines)], details=(f"encodage {encoding}",))


_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


def bulleted_paragraphs(document, number):
    """The bullets typed as dashes inside the page's paragraphs (« - A<br>- B »), one list per
    paragraph, numbered after the page's list items."""
    lists = []
    for text, heading in paragraphs(document):
        bullets = paragraph_bullets(text)
        if bullets:
            lists.append([(number + rank, b.text, b.heading or heading) for rank, b in enumerate(bullets, 1)])
            number += len(bullets)
    return lists


def _narrative(file_name, fmt, lists, details=()):
    """The laureates of narrative lists: each list is [(number, sentence, heading)]; a list is
    read when most of its items are laureate sentences (menus and other lists are not), and
    then every item must be one."""
    rows = []
    for items in lists:
        parsed = [(number, sentence_parts(BULLET.sub("", text)), BULLET.sub("", text), heading)
                  for number, text, heading in items]
        if not parsed or 2 * sum(parts is not None for _n, parts, _t, _h in parsed) <= len(parsed):
            continue
        for number, parts, text, heading in parsed:
            if parts is None:
                raise ReadError(file_name, f"phrase non comprise : « {clean(text)[:200]} » (attendu : "
                                           "« La Ville de X (département) et la commune de Y (pays), "
                                           "pour un projet de … »)", row=number)
            parties, title = parts
            rows.append(SourceRow(number=number, parties=tuple(clean(p) for p in parties), cells={
                "title": clean(title), "call": clean(heading), "sentence": clean(text),
            }))
    if not rows:
        raise _no_table(file_name, "aucun tableau ni liste de lauréats trouvés")
    if len(rows) > base.MAX_ROWS:
        raise base.too_many_rows(file_name)
    return Table(format=fmt, headings=(), rows=tuple(rows), details=(*details, "liste rédigée"))


# XLSX ------------------------------------------------------------------------------------------

def read_xlsx(file_name, data: bytes, sheet=None, **_options) -> Table:
    """The sheet holding the laureates; with several, the one `sheet` names (--sheet)."""
    workbook = workbook_open(file_name, data)
    found, last_error = {}, None
    for name in sheet_names(file_name, workbook, sheet):
        try:
            found[name] = _rows_under_header(file_name, "xlsx", sheet_grid(file_name, workbook[name]),
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

def _html_tables(file_name, grids):
    """Every table naming the four columns, as one table: a page may give one table per call."""
    found, last_error, offset = [], None, 0
    for grid in grids:
        try:
            found.append(_rows_under_header(file_name, "html", [(offset + n, cells) for n, cells in grid]))
            offset += len(grid)
        except ReadError as error:
            if last_error is None or "manquante" in error.reason:
                last_error = error
    if not found:
        return None, last_error
    first = found[0]
    return replace(first, rows=tuple(r for t in found for r in t.rows),
                   unread=tuple(dict.fromkeys(h for t in found for h in t.unread))), None


def read_html(file_name, data: bytes, **_options) -> Table:
    """Any page holding the laureates: its tables naming the columns, else its narrative lists."""
    document = html_document(file_name, data)
    table, error = _html_tables(file_name, table_grids(document))
    if table is not None:
        return table
    try:
        lists = list_items(document)
        return _narrative(file_name, "html", lists + bulleted_paragraphs(document, sum(map(len, lists))))
    except ReadError:
        if error is not None and "manquante" in error.reason:
            raise error from None
        raise


# PDF -------------------------------------------------------------------------------------------

def _continues(previous, cells, mapping):
    """Whether a table's first row and the previous table's last row are one row cut by a page break.

    They are when one of them lacks a cell (lead, title or call), the other has every cell it
    lacks, and either one of them has no lead (a row begins with its lead) or each lacks a cell.
    Depending on their lengths, the cells of a cut row end above the break, run over it, or move
    whole below it. A row without lead next to a page break is thus read as part of its neighbour.
    """
    def lacking(row):
        return {c for c in ("lead", "title", "call") if not unwrap(row[mapping[c]])}

    lacks, lacked = lacking(cells), lacking(previous)
    if not (lacks or lacked) or lacks & lacked:
        return False
    return "lead" in (lacks | lacked) or bool(lacks and lacked)


def read_pdf(file_name, data: bytes, **_options) -> Table:
    """A ruled table, over as many pages as it takes.

    The header is the row naming the columns; the tables that follow with as many columns
    continue it, whether they repeat the header (dropped) or not; a row that is one cell across
    the table (a section title, such as a region's name) is skipped; a row cut by a page break
    is joined again (see `_continues`); a cell's lines are joined (`coopdec.readers.pdf.unwrap`).
    """
    document = pdf_tables(file_name, data)
    if not document.tables:
        raise ReadError(file_name, f"aucun tableau de lauréats trouvé : {document.why_none}")
    tables = document.tables
    located = [((index, line), cells) for index, (_page, rows) in enumerate(tables)
               for line, cells in enumerate(rows, start=1)]
    position, mapping, headings = _header_in(located)
    (start, header_line), _cells = located[position]
    header_key = [normalise(unwrap(c)) for c in headings]
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
            repeated_header = [normalise(unwrap(c)) for c in cells] == header_key
            if across or repeated_header or not any(map(unwrap, cells)):
                continue
            if first and joinable and len(grid) > 1 and _continues(grid[-1][1], cells, mapping):
                grid[-1] = (grid[-1][0], [a + "\n" + b for a, b in zip(grid[-1][1], cells)])
            else:
                grid.append((PageLine(len(grid) + 1, page, line), cells))
            first = False
    return _rows_under_header(file_name, "pdf", [(n, [unwrap(c) for c in cells]) for n, cells in grid])


READERS = {"csv": read_csv, "text": read_text, "html": read_html, "xlsx": read_xlsx, "pdf": read_pdf}


def read_table(path, *, data=None, sheet=None) -> Table:
    """Read the laureates of a file (its bytes, when already read); `sheet` names the sheet of a
    workbook with several."""
    path = Path(path)
    data = read_bytes(path) if data is None else data
    reader = READERS[file_format(path.name, path.suffix.lower(), data)]
    return replace(reader(path.name, data, sheet=sheet), sha256=file_sha256(data))
