"""The ministry's list of dossiers as CSV or XLSX: the same rows and columns as the page."""
import csv
import io
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

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


class _Echo:
    def write(self, value):
        return value


def _csv(dossiers):
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(COLUMNS)
    for application in dossiers.iterator(chunk_size=500):
        yield writer.writerow(["" if v is None else v for v in _row(application)])


def _xlsx(dossiers) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dossiers")
    sheet.append(COLUMNS)
    for application in dossiers.iterator(chunk_size=500):
        sheet.append(_row(application))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def dossiers_response(dossiers, export):
    name = f"dossiers-{timezone.localdate():%Y-%m-%d}.{export}"
    if export == "csv":
        response = StreamingHttpResponse(_csv(dossiers), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            _xlsx(dossiers), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
