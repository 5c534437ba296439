"""Grants tests: a dossier filed, instructed and retained through the services, with 70 000 €
granted over a 2026–2027 budget (60 000 € then 40 000 €); tasks run at once, e-mails in memory,
documents in a temporary directory."""
from decimal import Decimal as D

import pytest
from django.utils import timezone

from coopdec.applications import workflow
from coopdec.applications.services import application_move, application_submit
from coopdec.instruction.services import decision_record, session_close, session_open, session_publish
from tests.applications.people import complete, draft, ministry_officer, open_call
from tests.committee.people import close


def retained(*, year=2026, amount=D("70000")):
    """A retained dossier of a `year` call with `amount` granted, its member and an officer: filed,
    put in instruction, and decided by a committee whose session is closed and published, all
    through the services."""
    call = open_call(year=year, envelope=D("1000000"))
    application, person = draft(call_obj=call)
    complete(application, person)
    application_submit(application=application, user=person)
    officer = ministry_officer()
    application_move(application=application, user=officer, to=workflow.EN_INSTRUCTION)
    close(call)  # a committee sits on a closed call's dossiers
    session = session_open(call=call, held_on=timezone.localdate(), user=officer)
    decision_record(application=application, decision="retenu", amount=amount, user=officer)
    session_close(session=session, user=officer)
    session_publish(session=session, user=officer)
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
