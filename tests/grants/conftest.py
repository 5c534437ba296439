"""Grants tests: a dossier filed, instructed and retained through the services, with 70 000 €
granted over a 2026–2027 budget (60 000 € then 40 000 €); tasks run at once, e-mails in memory,
documents in a temporary directory."""
from decimal import Decimal as D

import pytest

from coopdec.applications import workflow
from coopdec.applications.models import Application
from coopdec.applications.services import application_move, application_submit
from tests.applications.people import complete, draft, ministry_officer, open_call


def retained(*, year=2026, amount=D("70000")):
    """A retained dossier of a `year` call with `amount` granted, its member and an officer. The
    committee's `decision_record` sets the granted amount on its branch; here the workflow's
    own move and the field stand for it."""
    call = open_call(year=year)
    application, person = draft(call_obj=call)
    complete(application, person)
    application_submit(application=application, user=person)
    officer = ministry_officer()
    application_move(application=application, user=officer, to=workflow.EN_INSTRUCTION)
    application_move(application=application, user=officer, to=workflow.RETENU, reason="Projet solide.")
    Application.objects.filter(pk=application.pk).update(granted_amount=amount)
    application.refresh_from_db()
    return application, person, officer


@pytest.fixture(autouse=True)
def _grant_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def grant(db):
    return retained()
