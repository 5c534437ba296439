"""What the dossier's app gives the messenger: the plain values every event about a dossier
carries, one way to notify about a dossier, the acknowledgement as an attachment, and the
documents higher apps add to a dossier's page.

The messenger (`notifications`) sits below the records: it receives values, never a dossier,
and draws an attachment through the drawer an app registers (`register_drawers`, called from
`ApplicationsConfig.ready`).
"""
from collections.abc import Callable

from django.conf import settings
from django.urls import reverse

from coopdec.accounts.selectors import user_display
from coopdec.notifications import attachments, events
from coopdec.notifications.services import notify


def dossier_values(application) -> dict:
    """The values of `events.COMMON_VALUES`, read from the dossier (its call fetched)."""
    call = application.call
    return {
        "application": {"pk": application.pk, "title": application.title, "lead_name": application.lead_name,
                        "call": {"name": call.name, "campaign": {"year": call.campaign.year}}},
        "dossier_url": settings.SITE_URL + reverse("applications:dossier", args=[application.pk]),
    }


def transition_values(record) -> dict:
    """A change of state as the templates may print it: when, by whom (a name), why."""
    return {"at": record.at, "by": user_display(record.by) if record.by_id else "", "reason": record.reason}


def notify_dossier(*, event: str, application, recipients, values: dict | None = None) -> list:
    """`notifications.services.notify` about `application`: its values, and the event's own."""
    return notify(event=event, recipients=recipients, dossier_id=application.pk,
                  values={**dossier_values(application), **(values or {})})


def co_applicant_invite(*, application, authority, recipients) -> list:
    """Invite the confirmed members of `authority`, just named co-applicant of `application`, to
    confirm or decline in their /espace/. Not filed under the dossier: its page is the lead's
    alone until the authority has confirmed, so the message links to their space."""
    values = dossier_values(application)
    values.pop("dossier_url")
    return notify(event=events.CO_PORTAGE_INVITE, recipients=recipients, values={
        **values, "co_applicant": {"name": authority.name},
        "space_url": settings.SITE_URL + reverse("applications:space")})


def _acknowledgement(dossier_id: int):
    from .acknowledgement import acknowledgement_pdf
    from .models import Application

    application = Application.objects.select_related("call__campaign").filter(pk=dossier_id).first()
    if application is None:
        return None
    return f"accuse-reception-dossier-{application.pk}.pdf", acknowledgement_pdf(application), "application/pdf"


def register_drawers() -> None:
    attachments.register(events.ACKNOWLEDGEMENT_PDF, _acknowledgement)


# Documents a higher app adds to a dossier's page (the decision letter, from `instruction`):
# functions (user, application) → [(label, url)], registered from their app's `ready`.
_DOSSIER_DOCUMENTS: list[Callable] = []


def dossier_documents_register(provider: Callable) -> None:
    if provider not in _DOSSIER_DOCUMENTS:
        _DOSSIER_DOCUMENTS.append(provider)


def dossier_documents(user, application) -> list[tuple[str, str]]:
    return [document for provider in _DOSSIER_DOCUMENTS for document in provider(user, application)]


# Parts a higher app adds to the applicant's dossier page (the opinions the ministry lets them
# read, from `instruction`): functions (user, application) → HTML already rendered and escaped
# (a SafeString) or "" for nothing, registered from their app's `ready`.
_DOSSIER_PANELS: list[Callable] = []


def dossier_panels_register(provider: Callable) -> None:
    if provider not in _DOSSIER_PANELS:
        _DOSSIER_PANELS.append(provider)


def dossier_panels(user, application) -> list:
    return [panel for provider in _DOSSIER_PANELS if (panel := provider(user, application))]
