"""One entry point for every message a transition sends (as Hypha's `messenger()`): who gets
it, its French text from a template, and the acknowledgement PDF attached on submission."""
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from . import workflow
from .acknowledgement import acknowledgement_pdf
from .selectors import application_applicant_emails, application_corrections_asker

SUBJECTS = {
    workflow.ACKNOWLEDGEMENT: "Dossier reçu : {title}",
    workflow.CORRECTIONS_REQUESTED: "Compléments demandés : {title}",
    workflow.CORRECTIONS_ANSWERED: "Compléments apportés : {title}",
}


def _recipients(transition, follow) -> list[str]:
    application = transition.application
    if follow == workflow.ACKNOWLEDGEMENT:
        return [transition.by.email] if transition.by and transition.by.email else []
    if follow == workflow.CORRECTIONS_REQUESTED:
        return application_applicant_emails(application)
    asker = application_corrections_asker(application)
    return [asker.email] if asker and asker.email else []


def notification_send(*, transition, follow) -> int:
    recipients = _recipients(transition, follow)
    if not recipients:
        return 0
    application = transition.application
    message = EmailMessage(
        subject=SUBJECTS[follow].format(title=application.title),
        body=render_to_string(f"applications/email/{follow}.txt",
                              {"application": application, "transition": transition}),
        from_email=settings.DEFAULT_FROM_EMAIL, to=recipients,
    )
    if follow == workflow.ACKNOWLEDGEMENT:
        message.attach(f"accuse-reception-dossier-{application.pk}.pdf", acknowledgement_pdf(application),
                       "application/pdf")
    return message.send()
