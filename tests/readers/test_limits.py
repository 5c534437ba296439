"""The limits of every file read, checked before any parsing: size, rows, unzipped size, cells,
nesting; each refusal says the limit and, where there is one, the place."""
import csv

import pytest
from openpyxl import Workbook

from coopdec.readers import base
from coopdec.readers.base import ReadError
from coopdec.readers.files import read_bytes
from coopdec.readers.html import html_document
from coopdec.readers.text import csv_lines, pipe_grid
from coopdec.readers.xlsx import sheet_grid, workbook_open

HEADINGS = ["Collectivité française", "Collectivité(s) étrangère(s) partenaire(s)", "Intitulé du projet",
            "Appels à projets"]
ROWS = [["Castres", "District de Huyé (Rwanda)", "Développement multi-secteur dans le District de Huyé",
         "Généraliste 2025"],
        ["Barjac", "Kharas", "Gire en jeu", "Franco-palestinien 2025"],
        ["Sicoval", "Gandon (Sénégal)", "Gestion des déchets", "Généraliste 2025"]]


def _csv(path, table):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(table)
    return path


def _book(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _first_sheet(path):
    workbook = workbook_open(path.name, path.read_bytes())
    return sheet_grid(path.name, workbook[workbook.sheetnames[0]])


def _read(suffix, path, table):
    """`table` written as a `suffix` file, read by the library."""
    if suffix == "csv":
        return csv_lines(path.name, _csv(path, table).read_bytes())
    if suffix == "xlsx":
        return _first_sheet(_book(path, table))
    if suffix == "txt":
        return pipe_grid(path.name, ["| " + " | ".join(r) + " |" for r in table])
    path.write_text("<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in table)
                    + "</table>", encoding="utf-8")
    return html_document(path.name, path.read_bytes())


def _limited(monkeypatch, name, value):
    monkeypatch.setattr(base, name, value)


def test_a_file_beyond_the_size_limit_is_refused_before_reading(monkeypatch, tmp_path):
    _limited(monkeypatch, "MAX_FILE_BYTES", 1000)
    path = _csv(tmp_path / "liste.csv", [HEADINGS, *ROWS * 20])
    with pytest.raises(ReadError, match="fichier trop volumineux \\(.* Mo ; 0 Mo au plus\\)"):
        read_bytes(path)


@pytest.mark.parametrize("suffix", ["csv", "html", "xlsx", "txt"])
def test_a_file_beyond_the_row_limit_is_refused(monkeypatch, tmp_path, suffix):
    _limited(monkeypatch, "MAX_ROWS", 5)
    rows = [[lead, partners, f"{title} {n}", call] for n, (lead, partners, title, call) in enumerate(ROWS * 3)]
    with pytest.raises(ReadError, match="plus de 5 lignes : découpez la liste"):
        _read(suffix, tmp_path / f"liste.{suffix}", [HEADINGS, *rows])


def test_a_workbook_that_unzips_too_big_is_refused_before_it_is_opened(monkeypatch, tmp_path):
    path = _book(tmp_path / "liste.xlsx", [HEADINGS, *[[f"Castres {n}", "Huye", "Projet", "Généraliste"]
                                                       for n in range(2000)]])
    _limited(monkeypatch, "MAX_XLSX_UNZIPPED_BYTES", 2 * path.stat().st_size)
    with pytest.raises(ReadError, match="classeur trop volumineux une fois décompressé"):
        workbook_open(path.name, path.read_bytes())


def test_a_cell_beyond_the_length_limit_is_refused_with_its_place(tmp_path):
    row = list(ROWS[0])
    row[2] = "x" * 131_073  # beyond the csv module's own limit, which ended in a traceback
    with pytest.raises(ReadError) as error:
        csv_lines("liste.csv", _csv(tmp_path / "liste.csv", [HEADINGS, row]).read_bytes())
    assert str(error.value) == ("liste.csv, ligne 2 : cellule trop longue (plus de 131\u00a0072 caractères ; "
                                "5\u00a0000 au plus)")


def test_html_nested_thousands_deep_is_refused_before_parsing(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<table><tr><td>" + "<b>" * 20_000 + "x" + "</b>" * 20_000 + "</td></tr></table>",
                    encoding="utf-8")
    with pytest.raises(ReadError, match="page trop imbriquée \\(20\u00a0003 éléments les uns dans les autres ; 500 au plus\\)"):
        html_document(path.name, path.read_bytes())
