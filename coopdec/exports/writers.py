"""The two formats of a dossiers' export, written as rows come by the one spreadsheet writer
(`coopdec.writers.spreadsheet`, which neutralises every cell: a title starting with « = » stays
text): CSV for Excel (UTF-8 with its byte-order mark, semicolons) and XLSX (header in bold and
frozen, amounts as numbers with cents)."""
from collections.abc import Callable, Iterable, Iterator

from coopdec.writers.spreadsheet import Bold, Sheet, csv_lines, xlsx_chunks

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
    yield from csv_lines(_with_header([column.label for column in columns], _records(columns, rows, progress)),
                         delimiter=";")


def xlsx_pieces(columns: list[DossierColumn], rows: Iterable[dict], *,
                progress: Callable[[int], None] | None = None) -> Iterator[bytes]:
    header = [Bold(column.label) for column in columns]
    return xlsx_chunks([Sheet("Dossiers", _with_header(header, _records(columns, rows, progress)), header=True)])


def _with_header(header, records):
    yield header
    yield from records


def write_csv(handle, columns, rows, *, progress=None) -> None:
    """Into a text file opened in UTF-8, with `newline=""` as the csv module wants."""
    for piece in csv_pieces(columns, rows, progress=progress):
        handle.write(piece)


def write_xlsx(handle, columns, rows, *, progress=None) -> None:
    """Into a binary file."""
    for piece in xlsx_pieces(columns, rows, progress=progress):
        handle.write(piece)
