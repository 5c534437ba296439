"""What every reader shares: the limits, the error, and a cell's clean text.

Limits are checked on the bytes, or as rows are read, before any further parsing: a file beyond
them is refused with the limit in the message, never parsed for minutes. Read them here at call
time (`base.MAX_ROWS`), so that a test may lower one.
"""
import re
import unicodedata

from coopdec.french.text import number_fr

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_XLSX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 10_000
MAX_CELL_CHARS = 5_000
MAX_HTML_DEPTH = 500
MAX_PDF_PAGES = 300

# C0 and C1 controls but tab and line breaks: a NUL breaks XLSX and XML outputs, and PostgreSQL
# refuses it in any text; the others are never part of a name, a title or a code.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What `typed` drops: the controls above, and what no encoder or XML parser takes (a lone surrogate,
# U+FFFE, U+FFFF).
_UNTYPABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def typed(text: str) -> str:
    """What a person typed, pasted or imported, as CoopDec stores it: the one cleaner of every text
    that comes in, applied once at the door (every form field posted to any page, the admin's and
    allauth's included, by `coopdec.hardening.RefuseBadRequests`; every cell of an import, by
    `clean` and the text readers).

    - Unicode NFC: « é » typed on a Mac (e + U+0301) and on Windows (U+00E9) are the same text, so
      a search, a comparison or a uniqueness check sees one.
    - Line breaks are `\\n` (`\\r\\n` and a lone `\\r` become `\\n`); tab stays.
    - Every other C0 control (NUL included), DEL and the C1 controls are **dropped, never refused**:
      none is visible, none can be typed knowingly, and a person told « caractère de contrôle » in
      a text that looks right could not find it. Dropped, they cannot reach PostgreSQL (which
      refuses a NUL), an XLSX (openpyxl, Excel) or an XML file (IATI), where each is an error.
    - Right-to-left marks, zero-width joiners and every printable character stay as typed.
    """
    if not text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _UNTYPABLE.sub("", text))


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


def too_many_rows(file_name) -> ReadError:
    return ReadError(file_name, f"plus de {number_fr(MAX_ROWS)} lignes : découpez la liste en plusieurs fichiers")


def check_rows(file_name, count) -> None:
    """A grid of `count` rows, a header among them, is within the limit."""
    if count > MAX_ROWS + 1:
        raise too_many_rows(file_name)


def check_cell(file_name, value: str, *, row, field) -> None:
    if len(value) > MAX_CELL_CHARS:
        raise ReadError(file_name, f"cellule trop longue ({number_fr(len(value))} caractères ; "
                                   f"{number_fr(MAX_CELL_CHARS)} au plus)", row=row, field=field)


def clean(cell) -> str:
    """A cell's text on one line, as `typed` cleans it."""
    if cell is None:
        return ""
    return " ".join(typed(str(cell)).split())
