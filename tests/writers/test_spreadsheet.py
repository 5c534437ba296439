"""The one spreadsheet writer: cells decided once, an XLSX that streams and that openpyxl reads
back with its styles."""
import io
from decimal import Decimal

import openpyxl

from coopdec.writers.spreadsheet import Bold, Sheet, cell, column_letter, csv_lines, xlsx_chunks
from coopdec.writers.text import printable


def test_a_cell_is_printable_then_never_a_formula():
    assert cell("\x01=1+1") == "'=1+1"
    assert cell("a\tb\nc\rd\x00\x1b\x7f\x85\ufffe") == "a\tb\nc\rd"
    assert cell("Castres") == "Castres" and cell(12) == 12 and cell(Decimal("-3")) == Decimal("-3")
    assert printable("lone \ud800 surrogate") == "lone  surrogate"


def test_csv_lines_write_every_cell_through_it():
    lines = list(csv_lines([["=A1", None, 3, "x\x01y"]], delimiter=";"))
    assert lines == ["'=A1;;3;xy\r\n"]


def test_column_letters():
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


def test_an_xlsx_starts_before_its_rows_are_read():
    read = []

    def rows():
        for number in range(3):
            read.append(number)
            yield [number]

    chunks = xlsx_chunks([Sheet("Lauréats", rows())])
    assert next(chunks).startswith(b"PK") and read == []  # the first bytes leave before any row is read
    assert len(b"".join(chunks)) > 0 and read == [0, 1, 2]


def test_an_xlsx_reads_back_with_its_types_and_styles():
    gathered = []

    def rows():
        yield [Bold("Titre"), Bold("Montant"), Bold("Année"), Bold("Vrai")]
        for title in ("=SOMME(A1)", "a\x01b"):
            gathered.append(title)
            yield [title, Decimal("1500.50"), 2025, True]

    def sheets():
        yield Sheet("Lauréats [2025]: tous/?", rows(), widths=(30, 12, 8, 6), header=True)
        yield Sheet("À propos", [["Lignes", len(gathered)], [], ["x & <y>", None]])

    book = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx_chunks(sheets()))))
    first, about = book.worksheets
    assert first.title == "Lauréats 2025 tous" and about.title == "À propos"
    assert list(first.iter_rows(values_only=True)) == [
        ("Titre", "Montant", "Année", "Vrai"), ("'=SOMME(A1)", 1500.5, 2025, True), ("ab", 1500.5, 2025, True)]
    assert first["A1"].font.b and not first["A2"].font.b and first["B2"].number_format == "#,##0.00"
    assert first.freeze_panes == "A2" and first.auto_filter.ref == "A1:D3"
    assert first.column_dimensions["A"].width == 30
    assert list(about.iter_rows(values_only=True)) == [("Lignes", 2), (None, None), ("x & <y>", None)]
    assert about.freeze_panes is None
