"""PDF tables as pdfplumber reads them, strictly: a damaged page refuses the whole file."""
import re

import pytest

from coopdec.readers.base import ReadError
from coopdec.readers.pdf import pdf_tables, unwrap
from tests.readers.pdfs import table_pdf

HEADINGS = ["Collectivité française", "Collectivité(s) étrangère(s) partenaire(s)", "Intitulé du projet",
            "Appels à projets"]
# 80 rows: a national list's length, over several pages.
ROWS = [["Castres", "District de Huyé (Rwanda)", f"Projet n° {n} — Développement multi-secteur dans le District "
         "de Huyé", "Généraliste 2025"] for n in range(1, 81)]


def test_a_table_over_several_pages_is_read_page_by_page_in_reading_order():
    found = pdf_tables("laureats.pdf", table_pdf(ROWS, HEADINGS))
    pages = [page for page, _rows in found.tables]
    assert pages == sorted(pages) and len(set(pages)) > 1 and found.has_text
    numbers = [int(match.group(1)) for _page, rows in found.tables for cells in rows
               if (match := re.search(r"n° (\d+)", unwrap(cells[2])))]
    assert numbers == list(range(1, 81))


def test_a_damaged_page_refuses_the_file_rather_than_lose_its_rows():
    """pdfminer, left lenient, would skip the page and read the other pages' rows."""
    pdf = table_pdf(ROWS, HEADINGS)
    second_stream = [m.end() for m in re.finditer(rb">>\s*stream\r?\n", pdf)][1]
    damaged = pdf[:second_stream + 20] + bytes(200) + pdf[second_stream + 220:]
    with pytest.raises(ReadError, match="PDF illisible .* le fichier est endommagé"):
        pdf_tables("laureats.pdf", damaged)
