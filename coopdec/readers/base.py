"""What every reader shares: the limits, the error, and a cell's clean text.

Limits are checked on the bytes, or as rows are read, before any further parsing: a file beyond
them is refused with the limit in the message, never parsed for minutes. Read them here at call
time (`base.MAX_ROWS`), so that a test may lower one.
"""
import re

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
    """A cell's text on one line, control characters dropped."""
    if cell is None:
        return ""
    return " ".join(CONTROL.sub("", str(cell)).split())
