"""PDFs for the tests of the readers and of the import: tables laid out by WeasyPrint, and bare files
written by hand."""
import io
from html import escape

import pdfplumber
import weasyprint

_STYLE = """
@page { size: A4; margin: 1.5cm }
body { font-family: sans-serif; font-size: 9pt }
table { border-collapse: collapse; width: 100% }
th, td { border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: top }
"""


def table_pdf(rows, headings, *, repeat_header=True, breaks_before=(), widths=None, sections=None) -> bytes:
    """A ruled table of the rows under a title. With `repeat_header`, the header is a <thead>, which
    WeasyPrint repeats on every page; without, it is the first row only. `breaks_before` holds
    the indexes of rows that start a new page; `widths` the columns' widths, narrow ones wrap;
    `sections` titles (a region's name) in a cell across the table, by the index of their first row."""
    cols = "".join(f'<col style="width: {w}">' for w in widths or ())
    header = "<tr>" + "".join(f"<th>{escape(h)}</th>" for h in headings) + "</tr>"
    across = {index: f'<tr><td colspan="{len(headings)}">{escape(title)}</td></tr>'
              for index, title in (sections or {}).items()}
    body = "".join(
        across.get(index, "")
        + ('<tr style="break-before: page">' if index in breaks_before else "<tr>")
        + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
        for index, row in enumerate(rows)
    )
    table = (f"<thead>{header}</thead><tbody>{body}</tbody>" if repeat_header
             else f"<tbody>{header}{body}</tbody>")
    return weasyprint.HTML(string=(
        f"<html lang='fr'><head><meta charset='utf-8'><style>{_STYLE}</style></head><body>"
        f"<h1>Lauréats de la campagne 2025</h1><p>Liste publiée par le ministère.</p>"
        f"<table><colgroup>{cols}</colgroup>{table}</table></body></html>"
    )).write_pdf()


def text_pdf(text) -> bytes:
    return weasyprint.HTML(string=f"<html><body><p>{escape(text)}</p></body></html>").write_pdf()


def bare_pdf(*, password_protected=False) -> bytes:
    """A one-page PDF with nothing on its page; protected, it asks for a password nobody gave."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    trailer = b""
    if password_protected:
        # Standard security handler, revision 2: the empty password does not give this /U.
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <%s> /U <%s> >>" % (b"ab" * 32, b"cd" * 32))
        trailer = b"/Encrypt 4 0 R /ID [<%s> <%s>] " % (b"0f" * 16, b"0f" * 16)
    pdf, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer)
    pdf += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(pdf)


def tables_as_drawn(pdf: bytes):
    """Each page's tables as pdfplumber alone extracts them, lines of a cell kept apart by "\\n"."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_tables() for page in document.pages]


def pages_beginning_with_a_cut_row(pdf: bytes) -> int:
    """Pages whose table begins, under its repeated header, with the rest of a row (no lead or no
    call in the first and last columns): the proof that a rendering cuts rows."""
    firsts = [tables[0][1] for tables in tables_as_drawn(pdf)[1:] if tables and len(tables[0]) > 1]
    return sum(not row[0] or not row[-1] for row in firsts)
