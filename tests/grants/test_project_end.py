"""One project end, one final report deadline: the decision letter, the reports page, the
reminder e-mail and IATI say the same dates (issue 15: the letter said « fin du projet le 1 avril
2030 » where the reports page said « à remettre le 30 juin 2030 »; one function, `calls.rules.
project_end`, now computes the end that every one of them reads)."""
import io
from datetime import date, datetime, timedelta
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coopdec.applications import workflow
from coopdec.applications.selectors import application_get
from coopdec.applications.services import application_move, application_submit
from coopdec.calls.rules import project_end
from coopdec.french.text import date_fr
from coopdec.instruction.letters import application_decision, decision_letter
from coopdec.instruction.services import decision_record, session_close, session_open, session_publish
from coopdec.opendata.iati import iati_xml
from coopdec.opendata.records import open_record
from tests.applications.people import complete, draft, ministry_officer, open_call
from tests.committee.people import session as committee_session

pytestmark = pytest.mark.django_db


def test_the_eve_of_the_start_plus_the_duration_is_the_end():
    assert project_end(ends_on=None, starts_on=date(2027, 4, 1), duration_months=36, years=[2027]) == (
        date(2030, 3, 31), False)
    assert project_end(ends_on=date(2029, 1, 1), starts_on=date(2027, 4, 1), duration_months=36, years=[]) == (
        date(2029, 1, 1), False)
    assert project_end(ends_on=None, starts_on=None, duration_months=None, years=[2026, 2027]) == (
        date(2027, 12, 31), True)
    assert project_end(ends_on=None, starts_on=None, duration_months=None, years=[]) == (None, True)


def test_the_letter_the_reports_page_the_reminder_and_iati_give_one_end_and_one_deadline(
        client, django_capture_on_commit_callbacks):
    call = open_call(year=2026, envelope=D("1000000"))
    application, person = draft(call_obj=call)
    complete(application, person)
    application.starts_on, application.duration_months, application.ends_on = date(2026, 2, 15), 22, None
    application.save(update_fields=["starts_on", "duration_months", "ends_on"])
    application_submit(application=application, user=person)
    officer = ministry_officer()
    application_move(application=application, user=officer, to=workflow.EN_INSTRUCTION)
    session = committee_session(call, officer)
    decision_record(application=application, decision="retenu", amount=D("70000"), user=officer)
    session_close(session=session, user=officer)
    session_publish(session=session, user=officer)

    end = date(2027, 12, 14)  # 15 February 2026 + 22 months, the eve
    final = application.reports.get(kind="final")
    letter = decision_letter(application_get(application.pk), application_decision(application))
    assert letter.ends_on == end and not letter.ends_on_estimated
    assert [(r.label, r.due_on) for r in letter.reports if r.label == "Rapport final"] == [
        ("Rapport final", final.due_on)]

    client.force_login(person)
    page = client.get(reverse("grants:reports", args=[application.pk])).content.decode()
    assert date_fr(final.due_on) in page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reports_remind", "--today", (final.due_on - timedelta(days=10)).isoformat(),
                     stdout=io.StringIO())
    assert any(f"Le rapport final du dossier «\u00a0{application.title}\u00a0»" in m.body
               and f"attendu pour le {date_fr(final.due_on)}" in m.body for m in mail.outbox), [m.body for m in mail.outbox]

    application.refresh_from_db()
    record = open_record(application, award_date=date(2026, 6, 12))
    assert record.ends_on == end
    xml = "".join(iati_xml([record], generated_at=timezone.make_aware(datetime(2026, 12, 6, 12))))
    assert f'<activity-date type="3" iso-date="{end.isoformat()}"' in xml
