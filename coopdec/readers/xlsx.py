"""Workbooks (XLSX): opened only once the sizes their archive declares are known to be small
enough, read sheet by sheet, row by row, within the row limit."""
import io
import zipfile

from openpyxl import load_workbook

from . import base
from .base import ReadError


def _check_unzipped(file_name, data):
    """A small XLSX may unzip to gigabytes: the sizes its archive declares are checked first."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ReadError(file_name, "classeur XLSX illisible (archive endommagée)") from None
    if unzipped > base.MAX_XLSX_UNZIPPED_BYTES:
        raise ReadError(file_name, f"classeur trop volumineux une fois décompressé ({unzipped // 2**20} Mo ; "
                                   f"{base.MAX_XLSX_UNZIPPED_BYTES // 2**20} Mo au plus)")


def workbook_open(file_name, data: bytes):
    """The workbook, read only, with the values its formulas last computed."""
    _check_unzipped(file_name, data)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        raise ReadError(file_name, f"classeur XLSX illisible ({error.__class__.__name__})") from None


def sheet_names(file_name, workbook, sheet=None) -> list[str]:
    """The names of the workbook's sheets, or [`sheet`] when one is asked for and exists."""
    names = workbook.sheetnames
    if sheet is not None and sheet not in names:
        raise ReadError(file_name, f"pas de feuille « {sheet} » (feuilles : "
                                   + ", ".join(f"« {n} »" for n in names) + ")")
    return [sheet] if sheet else names


def sheet_grid(file_name, sheet) -> list[tuple[int, list]]:
    """The (row number, cell values) of a sheet."""
    grid = []
    for number, cells in enumerate(sheet.iter_rows(values_only=True), 1):
        grid.append((number, list(cells)))
        base.check_rows(file_name, number)
    return grid
