"""The two formats of a dossiers' export, written as rows come: CSV for Excel (UTF-8 with its
byte-order mark, semicolons) and XLSX (openpyxl's write-only mode). Every cell is neutralised
(`publication.exports.neutralise_formula`): a title starting with « = » stays text."""
import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from coopdec.publication.exports import csv_lines, neutralise_formula

from .columns import DossierColumn

PROGRESS_EVERY = 500  # rows between two calls of `progress` (and heartbeats of a job)


def _records(columns: list[DossierColumn], rows: Iterable[dict], progress: Callable[[int], None] | None):
    count = 0
    for count, values in enumerate(rows, start=1):
        yield [column.value(values) for column in columns]
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    if progress:
        progress(count)


def csv_pieces(columns: list[DossierColumn], rows: Iterable[dict], *,
               progress: Callable[[int], None] | None = None) -> Iterator[str]:
    yield "\ufeff"
    header = [[column.label for column in columns]]
    records = ([("" if cell is None else cell) for cell in record] for record in _records(columns, rows, progress))
    yield from csv_lines(_chain(header, records), delimiter=";")


def _chain(first, rest):
    yield from first
    yield from rest


def write_csv(handle, columns, rows, *, progress=None) -> None:
    """Into a text file opened in UTF-8, with `newline=""` as the csv module wants."""
    for piece in csv_pieces(columns, rows, progress=progress):
        handle.write(piece)


def write_xlsx(handle, columns: list[DossierColumn], rows: Iterable[dict], *,
               progress: Callable[[int], None] | None = None) -> None:
    """Into a binary file: header in bold and frozen, amounts as numbers with cents."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dossiers")
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=neutralise_formula(column.label))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    try:
        for record in _records(columns, rows, progress):
            sheet.append([_cell(sheet, value) for value in record])
    except BaseException:
        _discard(sheet)
        raise
    book.save(handle)


def _discard(sheet) -> None:
    """An export that stops midway: close the sheet's writer and remove its temporary file now,
    not when the worker process exits (openpyxl keeps them until then)."""
    rows, writer = getattr(sheet, "_rows", None), getattr(sheet, "_writer", None)
    with contextlib.suppress(Exception):
        if rows is not None:
            rows.close()
        if writer is not None:
            writer.xf.close()
            os.remove(writer.out)


def _cell(sheet, value):
    """A plain value (openpyxl makes its cell once), a styled cell for an amount."""
    if not isinstance(value, Decimal):
        return neutralise_formula(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, Decimal):
        cell.number_format = "#,##0.00"
    return cell


