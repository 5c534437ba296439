"""Text files: CSV as Excel writes it (UTF-8, Windows-1252 or UTF-16; « , », « ; » or tab), tables
typed with « | » between cells, and lists typed one item per bullet."""
import csv
import io
import re

from coopdec.french.text import number_fr

from . import base
from .base import ReadError, typed
from .files import UTF16_BOMS

_ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"))
SEPARATORS = {",": "virgule", ";": "point-virgule", "\t": "tabulation"}
BULLET = re.compile(r"^\s*[-–—•*·▪►]\s+")


def decode(file_name, data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding: UTF-16 with its BOM (Excel's « texte Unicode »),
    else UTF-8, else Windows-1252 (Excel's « CSV » on Windows), cleaned by `base.typed`."""
    candidates = (("utf-16", "UTF-16"),) if data[:2] in UTF16_BOMS else _ENCODINGS
    for codec, label in candidates:
        try:
            return typed(data.decode(codec)), label
        except UnicodeDecodeError as error:
            failure = error
    line = data[: failure.start].count(b"\n") + 1
    raise ReadError(
        file_name,
        f"encodage inconnu (octet 0x{data[failure.start]:02x} illisible en UTF-8 comme en "
        "Windows-1252) : enregistrez le fichier en UTF-8",
        row=line,
    )


def csv_grid(file_name, text, separator) -> list[tuple[int, list[str]]]:
    """The (line number, cells) of a CSV text cut at `separator`, within the row limit."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    grid = []
    try:
        for cells in reader:
            grid.append((reader.line_num, cells))
            base.check_rows(file_name, len(grid))
    except csv.Error as error:
        reason = (f"cellule trop longue (plus de {number_fr(csv.field_size_limit())} caractères ; "
                  f"{number_fr(base.MAX_CELL_CHARS)} au plus)" if "field larger" in str(error)
                  else f"CSV illisible ({error})")
        raise ReadError(file_name, reason, row=reader.line_num) from None
    return grid


def csv_lines(file_name, data: bytes) -> tuple[list[tuple[int, list[str]]], tuple[str, ...]]:
    """Any CSV as Excel writes it: its (line number, cells), the separator being the one that
    cuts the first line into the most cells, and what was detected, for a preview to say."""
    if len(data) > base.MAX_FILE_BYTES:
        raise ReadError(file_name, f"fichier trop volumineux ({base.MAX_FILE_BYTES // 2**20} Mo au plus)")
    text, encoding = decode(file_name, data)
    first = text.split("\n", 1)[0]
    separator = max(SEPARATORS, key=lambda sep: len(next(csv.reader([first], delimiter=sep), [])))
    return csv_grid(file_name, text, separator), (f"encodage {encoding}", f"séparateur {SEPARATORS[separator]}")


def pipe_grid(file_name, lines: list[str]) -> list[tuple[int, list[str]]]:
    """The (line number, cells) of the lines of a text that hold « | » between cells, as a table
    typed on a web page."""
    grid = [(number, [c.strip() for c in line.strip().strip("|").split("|")])
            for number, line in enumerate(lines, start=1) if "|" in line]
    base.check_rows(file_name, len(grid))
    return grid


def bullet_items(lines: list[str]) -> list[tuple[int, str, str]]:
    """Each bulleted line of a text as (line number, text without its bullet, the last line
    without a bullet above it: the heading of its list)."""
    items, heading = [], ""
    for number, line in enumerate(lines, start=1):
        if BULLET.match(line):
            items.append((number, BULLET.sub("", line), heading))
        elif line.strip():
            heading = line.strip()
    return items
