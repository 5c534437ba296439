"""The one spreadsheet writer of CoopDec: every CSV and every XLSX it makes goes through here.

A cell is decided once, in `cell`: its control characters dropped (`text.printable`: openpyxl
and Excel refuse them), then a text that a spreadsheet would read as the start of a formula
(OWASP, « CSV injection »: `=`, `+`, `-`, `@`, tab, carriage return) gets an apostrophe in front
and stays visible as text. The public downloads, the open data, the ministry's list of dossiers and
its exports all write through `csv_lines` and `xlsx_chunks`, so none can forget it.

`xlsx_chunks` writes the XLSX (SpreadsheetML) itself into a zip that it emits as it goes: the
first bytes leave before the second row is read, memory holds one chunk whatever the number of
rows, and a cell costs about a microsecond where openpyxl's write-only mode costs twelve (and
writes the whole file before its first byte).
"""
import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from .text import CONTROL_CHARACTERS, printable

# What a spreadsheet reads as the start of a formula, tab and carriage return included.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """The value a spreadsheet cell may hold: a text that would start a formula, prefixed with an
    apostrophe; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# A text that needs `cell`'s work: a control character anywhere, or a formula's start. Most cells
# (names, codes, dates, amounts) need none, and one search tells (a download writes a million).
_NEEDS_WORK = re.compile(f"{CONTROL_CHARACTERS.pattern}|^[{re.escape(''.join(FORMULA_STARTS))}]")


def cell(value):
    """A value as any spreadsheet cell holds it: a text printable and never a formula."""
    if isinstance(value, str) and _NEEDS_WORK.search(value):
        return neutralise_formula(printable(value))
    return value


# ---------------------------------------------------------------- CSV


def csv_lines(records: Iterable[Iterable], *, delimiter: str = ",") -> Iterator[str]:
    """Each record as one CSV line (CRLF), written as it comes (a download streams), every value
    through `cell`; None is an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for record in records:
        writer.writerow(["" if value is None else cell(value) for value in record])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


# ---------------------------------------------------------------- XLSX


class Bold(str):
    """A text written in bold (a header, a label)."""


@dataclass
class Sheet:
    """One sheet: its rows (lists of values: text, int, float, Decimal as an amount with cents,
    bool, None for an empty cell, `Bold` for a text in bold), read as they are written. `widths`
    in characters, column by column; `header` freezes the first row and puts an autofilter on
    every row written."""

    title: str
    rows: Iterable[Iterable]
    widths: tuple[float, ...] = ()
    header: bool = False
    count: int = field(default=0, init=False)  # rows written, once written


CHUNK = 64 * 1024
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Styles: 0 plain, 1 bold, 2 an amount (« 1 234,50 » in a French Excel).
_PLAIN, _BOLD, _AMOUNT = "", ' s="1"', ' s="2"'
_STYLES = (
    f'{_DECLARATION}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>'
)


def xlsx_chunks(sheets: Iterable[Sheet]) -> Iterator[bytes]:
    """The workbook of `sheets`, as bytes of about `CHUNK` each (the first at once). `sheets` is
    read lazily: a sheet may be made from what the rows of an earlier one gathered."""
    sink = _Sink()
    book = zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
    written: list[Sheet] = []
    first = True
    for number, sheet in enumerate(sheets, start=1):
        with book.open(f"xl/worksheets/sheet{number}.xml", "w") as entry:
            for piece in _sheet_xml(sheet):
                entry.write(piece.encode())
                if first or sink.size >= CHUNK:
                    first = False
                    yield sink.take()
        written.append(sheet)
    for name, content in _package(written):
        book.writestr(name, content)
    book.close()
    yield sink.take()


class _Sink:
    """Where the zip writes: kept until taken. It tells its position but cannot seek, so the zip
    writes each entry's sizes after its data, as a stream allows."""

    def __init__(self):
        self._parts: list[bytes] = []
        self._offset = 0
        self.size = 0

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        self._offset += len(data)
        self.size += len(data)
        return len(data)

    def tell(self) -> int:
        return self._offset

    def flush(self):
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        self.size = 0
        return data


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _sheet_xml(sheet: Sheet) -> Iterator[str]:
    yield f'{_DECLARATION}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
    if sheet.header:
        yield ('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
               'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>')
    else:
        yield '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
    yield '<sheetFormatPr defaultRowHeight="15"/>'
    if sheet.widths:
        yield "<cols>" + "".join(f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
                                 for index, width in enumerate(sheet.widths, start=1)) + "</cols>"
    yield "<sheetData>"
    letters: list[str] = []
    widest = 0
    number = 0
    for number, values in enumerate(sheet.rows, start=1):
        cells = []
        for index, value in enumerate(values):
            if value is None or value == "":
                continue
            if index >= len(letters):
                letters += [column_letter(i + 1) for i in range(len(letters), index + 1)]
            cells.append(_cell_xml(f"{letters[index]}{number}", value))
            widest = max(widest, index + 1)
        yield f'<row r="{number}">{"".join(cells)}</row>'
    yield "</sheetData>"
    sheet.count = number
    if sheet.header and number:
        yield f'<autoFilter ref="A1:{column_letter(max(widest, len(sheet.widths), 1))}{number}"/>'
    yield "</worksheet>"


def _cell_xml(reference: str, value) -> str:
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, Decimal) and value.is_finite():
        return f'<c r="{reference}"{_AMOUNT}><v>{value:f}</v></c>'
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return f'<c r="{reference}"><v>{value!r}</v></c>'
    style = _BOLD if isinstance(value, Bold) else _PLAIN
    text = cell(value if isinstance(value, str) else str(value))
    return f'<c r="{reference}" t="inlineStr"{style}><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def _package(sheets: list[Sheet]) -> list[tuple[str, str]]:
    """Every part but the sheets: the workbook (its sheets and autofilters), styles, relations."""
    sheet_list = "".join(f'<sheet name={quoteattr(_sheet_name(s.title))} sheetId="{n}" r:id="rId{n}"/>'
                         for n, s in enumerate(sheets, start=1))
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n - 1}" hidden="1">'
        f"{escape(_quoted(s.title))}!$A$1:${column_letter(max(len(s.widths), 1))}${s.count}</definedName>"
        for n, s in enumerate(sheets, start=1) if s.header and s.count)
    workbook = (f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}"><bookViews>'
                f'<workbookView/></bookViews><sheets>{sheet_list}</sheets>'
                f'{f"<definedNames>{filters}</definedNames>" if filters else ""}</workbook>')
    workbook_relations = (
        f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
        + "".join(f'<Relationship Id="rId{n}" Type="{_RELATIONSHIPS}/worksheet" '
                  f'Target="worksheets/sheet{n}.xml"/>' for n in range(1, len(sheets) + 1))
        + f'<Relationship Id="rId{len(sheets) + 1}" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
        "</Relationships>")
    content_types = (
        f'{_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        + "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
                  'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                  for n in range(1, len(sheets) + 1))
        + "</Types>")
    root_relations = (
        f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>")
    return [("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", workbook_relations),
            ("xl/styles.xml", _STYLES), ("[Content_Types].xml", content_types), ("_rels/.rels", root_relations)]


def _sheet_name(title: str) -> str:
    """Excel's rules for a sheet's name: 31 characters, none of []:*?/\\."""
    return "".join(c for c in printable(title) if c not in "[]:*?/\\")[:31] or "Feuille"


def _quoted(title: str) -> str:
    return "'" + _sheet_name(title).replace("'", "''") + "'"
