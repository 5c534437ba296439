"""Writes on applications (dossiers)."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coopdec.territories.services import authority_confirm

from .models import Application
from .selectors import application_import_row, application_resolution_context


@transaction.atomic
def application_lead_confirm(*, application, authority, user):
    """A person says which authority a published name meant: record it, and remember it with the
    context of the row it was published on (`territories.services.authority_confirm`).

    The next import of the same name in a matching context resolves by itself; a name no other
    authority has resolves by itself everywhere. Returns the `Confirmed` record.
    """
    clash = Application.objects.filter(
        call=application.call, lead_authority=authority, title_key=application.title_key
    ).exclude(pk=application.pk)
    if clash.exists():
        raise ValidationError(
            f"« {application.title} » est déjà enregistré pour {authority} dans cet appel : "
            "c'est un doublon, supprimez l'un des deux dossiers."
        )
    application.lead_authority = authority
    application.region_id = authority.region_id
    application.departement_id = authority.departement_id
    application.save(update_fields=["lead_authority", "region", "departement", "updated_at"])
    row = application_import_row(application)
    confirmed = authority_confirm(
        authority=authority, name=application.lead_name, user=user,
        context=application_resolution_context(application, row),
        seen_in=f"{row.batch.file_name}, ligne {row.row_number} — « {application.title} »" if row
        else f"« {application.title} »",
    )
    application.import_rows.filter(reviewed_at__isnull=True).update(
        reviewed_by=user, reviewed_at=timezone.now()
    )
    application_search_refresh(application=application)
    return confirmed


def application_search_refresh(*, application):
    """Write the text the search reads: every name a person may type to find this laureate.

    Called by every service that changes a laureate's names (import, confirmation).
    """
    parts = [application.title, application.lead_name, application.call.name]
    for place in (application.lead_authority, application.departement, application.region):
        if place is not None:
            parts.append(place.name)
    for partnership in application.partnerships.select_related("foreign_authority__country"):
        foreign = partnership.foreign_authority
        parts += [partnership.name, foreign.name, foreign.country.name_fr if foreign.country_id else ""]
    document = " · ".join(dict.fromkeys(p for p in parts if p))
    if document != application.search_document:
        Application.objects.filter(pk=application.pk).update(search_document=document)
        application.search_document = document
    return application
