"""Reads of applications (dossiers)."""
from coopdec.territories.resolve import ResolutionContext


def application_import_row(application):
    """The latest published row this laureate was read from, with its batch; None if filed here."""
    return application.import_rows.select_related("batch__region").order_by("-batch__created_at").first()


def application_resolution_context(application, row) -> ResolutionContext:
    """Where the laureate's lead name was published, as a confirmation of it is remembered:
    the list's publisher (its source label, else its file name) and région, the call's partner
    country, and the first foreign partner named on the row."""
    partner = application.partnerships.order_by("order").values_list("name", flat=True).first()
    batch = row.batch if row else None
    return ResolutionContext(
        publisher=(batch.source_label or batch.file_name) if batch else "",
        region=batch.region_id if batch else None,
        partner_country=application.call.partner_country_id,
        partner=partner or "",
    )
