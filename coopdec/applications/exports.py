"""The ministry's list of dossiers as CSV or XLSX: the same rows and columns as the page, written by
the one spreadsheet writer (`coopdec.writers.spreadsheet`: a title typed as a formula stays text)."""
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from coopdec.writers.spreadsheet import Bold, Sheet, csv_lines, xlsx_chunks

FORMATS = {"csv", "xlsx"}
CENT = Decimal("0.01")
COLUMNS = ("Numéro", "Campagne", "Appel", "Intitulé", "Collectivité cheffe de file", "Code officiel",
           "État", "Déposé le (heure de Paris)", "Coût total (€)", "Subvention demandée (€)")


def _row(application):
    submitted = application.submitted_at
    lead = application.lead_authority
    return [
        application.pk, application.call.campaign.year, application.call.name, application.title,
        application.lead_name, f"{lead.kind}:{lead.code}" if lead else "", application.state_label,
        timezone.localtime(submitted).strftime("%Y-%m-%d %H:%M:%S") if submitted else "",
        _cents(application.total_cost), _cents(application.requested),
    ]


def _cents(amount):
    """Euros with their cents, as every database answers them (SQLite drops trailing zeros)."""
    return None if amount is None else Decimal(amount).quantize(CENT)


def _records(dossiers, header):
    yield header
    for application in dossiers.iterator(chunk_size=500):
        yield _row(application)


def _csv(dossiers):
    yield "\ufeff"
    yield from csv_lines(_records(dossiers, COLUMNS), delimiter=";")


def _xlsx(dossiers) -> bytes:
    sheet = Sheet("Dossiers", _records(dossiers, [Bold(label) for label in COLUMNS]), header=True)
    return b"".join(xlsx_chunks([sheet]))


def dossiers_response(dossiers, export):
    name = f"dossiers-{timezone.localdate():%Y-%m-%d}.{export}"
    if export == "csv":
        response = StreamingHttpResponse(_csv(dossiers), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            _xlsx(dossiers), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
