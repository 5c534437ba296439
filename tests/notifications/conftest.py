"""Notification tests: background tasks run at once, e-mails stay in memory, documents in a
temporary directory; a submitted dossier with its member, and a committee decision on it."""
from datetime import date, datetime
from decimal import Decimal as D

import pytest

from coopdec.applications.models import Application, CoApplicant
from coopdec.applications.services import application_submit
from coopdec.calls.models import PARIS
from coopdec.instruction.models import CommitteeSession, Decision
from tests import factories
from tests.applications.people import complete, draft, ministry_officer, open_call


@pytest.fixture(autouse=True)
def _notification_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.SITE_URL = "https://coopdec.example.fr"


@pytest.fixture
def filed(db):
    """A submitted dossier (Rwanda, 100 000 € over 2026–2027, 70 000 € asked) with a co-applicant
    authority, and the member of the lead authority who submitted it."""
    call = open_call(opens=date(2026, 1, 5), closes=date(2026, 12, 31))
    application, person = draft(authority=factories.authority(name="Besançon"), call_obj=call)
    complete(application, person)
    Application.objects.filter(pk=application.pk).update(starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31))
    CoApplicant.objects.create(application=application, authority=factories.authority(name="Dole"), name="Dole",
                               state=CoApplicant.State.CONFIRMED)
    application_submit(application=application, user=person, at=datetime(2026, 6, 1, 12, tzinfo=PARIS))
    application.refresh_from_db()
    return application, person


def decide(application, outcome=Decision.Outcome.RETENU, amount=D("45000"), reason="", closed=True):
    """The committee's decision on `application`, in a session closed unless `closed=False`."""
    officer = ministry_officer()
    session = CommitteeSession.objects.create(
        call=application.call, held_on=date(2026, 9, 15), created_by=officer,
        state=CommitteeSession.State.CLOSED if closed else CommitteeSession.State.OPEN)
    return Decision.objects.create(application=application, session=session, outcome=outcome,
                                   amount=amount if outcome == Decision.Outcome.RETENU else None,
                                   reason=reason, by=officer)

