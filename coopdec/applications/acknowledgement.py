"""The acknowledgement of a submitted dossier as a PDF, drawn by WeasyPrint from a template.

It is drawn again from the recorded submission whenever asked (download or e-mail), so the
applicant's copy and the e-mailed one always say the same thing.
"""
from django.template.loader import render_to_string
from django.utils import timezone

from .selectors import application_acknowledgement


def acknowledgement_pdf(application) -> bytes:
    from weasyprint import HTML  # loads Pango: only an acknowledgement pays for it

    context = application_acknowledgement(application)
    html = render_to_string("applications/acknowledgement_pdf.html",
                            {**context, "generated_at": timezone.now()})
    return HTML(string=html).write_pdf()
