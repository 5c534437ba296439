"""The decision letter as a PDF, drawn by WeasyPrint from a template, as the acknowledgement is.

Drawn afresh from the records whenever asked (download or e-mail), so every copy says the same
thing as long as the closed session's decision stands.
"""
from django.template.loader import render_to_string
from django.utils import timezone

from coopdec.french.text import euros


from .selectors import decision_letter


def decision_letter_pdf(application, decision) -> bytes:
    from weasyprint import HTML  # loads Pango: only a letter pays for it

    letter = decision_letter(application, decision)
    html = render_to_string("notifications/decision_letter_pdf.html", {
        "letter": letter, "application": application, "decision": decision,
        "grant": euros(letter.grant) if letter.grant else "",
        "payments": [(payment, euros(payment.amount)) for payment in letter.payments],
        "generated_at": timezone.now(),
    })
    return HTML(string=html).write_pdf()


def decision_letter_name(application) -> str:
    return f"lettre-de-decision-dossier-{application.pk}.pdf"
