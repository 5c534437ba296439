"""PDF documents: their ruled tables in reading order (pdfplumber), every page read strictly, so
that a damaged file is refused whole rather than read with rows missing."""
import io
import re
from contextlib import contextmanager
from dataclasses import dataclass

import pdfplumber
from pdfminer import settings as pdfminer_settings
from pdfminer.pdfdocument import PDFEncryptionError
from pdfplumber.utils.exceptions import PdfminerException

from . import base
from .base import ReadError, clean

_PDF_ERROR = "PDF illisible"
_WRAPPED_AFTER_HYPHEN = re.compile(r"(?<=\w-)\n(?=\w)")


@dataclass(frozen=True)
class PdfTables:
    tables: list  # (page number, rows of cell texts, None for a merged cell), in reading order
    has_text: bool

    @property
    def why_none(self) -> str:
        """Why a document without tables has none, for the person who sent it."""
        if self.has_text:
            return ("le PDF ne contient aucun tableau à filets ; un tableau sans bordures de cellules "
                    "ne se lit pas de façon sûre : demandez la liste en CSV, XLSX ou HTML")
        return "le PDF ne contient aucun texte (pages blanches ou document numérisé)"


def _page_tables(page):
    """The ruled tables of a page, each a list of rows of cell texts (None for a merged cell).

    A table cut by a page break has no rule under its last row, nor above its first on the next
    page: a rule is drawn at the ends of the page's vertical rules, or those cells would be lost.
    """
    verticals = [e for e in page.edges if e["orientation"] == "v"]
    if not verticals:
        return []
    left, right = min(e["x0"] for e in verticals), max(e["x1"] for e in verticals)
    closing = [
        {"object_type": "line", "x0": left, "x1": right, "top": y, "bottom": y, "width": right - left,
         "height": 0}
        for y in (min(e["top"] for e in verticals), max(e["bottom"] for e in verticals))
    ]
    return page.extract_tables({"explicit_horizontal_lines": closing})


@contextmanager
def _strict_pdfminer():
    """Left lenient, pdfminer mends a damaged file quietly and a page's rows go missing."""
    lenient, pdfminer_settings.STRICT = pdfminer_settings.STRICT, True
    try:
        yield
    finally:
        pdfminer_settings.STRICT = lenient


def pdf_tables(file_name, data: bytes) -> PdfTables:
    """Every ruled table of the document in reading order."""
    if b"%PDF-" not in data[:1024]:
        raise ReadError(file_name, f"{_PDF_ERROR} : ce fichier n'est pas un PDF (en-tête %PDF absent)")
    if b"%%EOF" not in data[-1024:]:
        raise ReadError(file_name, f"{_PDF_ERROR} : le fichier est tronqué (marque de fin %%EOF "
                                   "absente) ; téléchargez-le à nouveau")
    tables, has_text = [], False
    try:
        with _strict_pdfminer(), pdfplumber.open(io.BytesIO(data)) as document:
            if len(document.pages) > base.MAX_PDF_PAGES:
                raise ReadError(file_name, f"PDF de {len(document.pages)} pages ({base.MAX_PDF_PAGES} au plus)")
            for page in document.pages:
                has_text = has_text or bool(page.chars)
                tables += [(page.page_number, rows) for rows in _page_tables(page) if rows]
    except ReadError:
        raise
    except Exception as error:  # pdfminer raises many kinds for a damaged file
        cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
        if isinstance(cause, PDFEncryptionError):
            raise ReadError(file_name, "PDF protégé par un mot de passe : enregistrez-en une copie "
                                       "sans protection") from None
        raise ReadError(file_name, f"{_PDF_ERROR} ({cause.__class__.__name__}) : le fichier est "
                                   "endommagé ; téléchargez-le à nouveau") from None
    return PdfTables(tables, has_text)


def unwrap(cell) -> str:
    """A cell's lines joined: "multi-⏎secteur" gives "multi-secteur", other breaks a space."""
    return clean(_WRAPPED_AFTER_HYPHEN.sub("", cell or ""))
