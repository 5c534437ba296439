"""The reminders before the APD window closes (`apd.services.reminders_send`, `manage.py
apd_remind`): 14 and 3 days before the closing instant in Paris wall-clock time, to the confirmed
members of the authorities that hold no submitted declaration (a draft is not one), once per
authority and step, never before the window opens nor after it closes."""
from datetime import datetime, timedelta, timezone as tz

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from coopdec.accounts.models import Membership
from coopdec.accounts.services import membership_request
from coopdec.apd.models import PARIS, Declaration, DeclarationReminder, DeclarationWindow
from coopdec.apd.services import declaration_submit, reminders_send
from coopdec.applications.models import AuthorityYearStatus
from coopdec.notifications import events
from coopdec.notifications.models import Message
from tests import factories
from tests.apd.people import IN_WINDOW, castres, declaration_with_line, member, user

pytestmark = pytest.mark.django_db
SECOND = timedelta(seconds=1)
# The default window of the 2025 spending closes on 1 June 2026 at 00:00 Paris time (22:00 UTC).
FOURTEEN = datetime(2026, 5, 17, 22, 0, tzinfo=tz.utc)  # 18 May 00:00 Paris
THREE = datetime(2026, 5, 28, 22, 0, tzinfo=tz.utc)     # 29 May 00:00 Paris
CLOSES = datetime(2026, 5, 31, 22, 0, tzinfo=tz.utc)    # 1 June 00:00 Paris


@pytest.fixture
def authorities():
    """Castres (a member, nothing declared), Albi (a draft), Gaillac (submitted), Mazamet
    (declared elsewhere, imported), Lavaur (a request not confirmed): who is told what."""
    people = {"castres": member(castres())}
    albi = factories.authority(name="Albi")
    _draft, people["albi"] = declaration_with_line(albi)
    gaillac = factories.authority(name="Gaillac")
    declaration, people["gaillac"] = declaration_with_line(gaillac)
    declaration_submit(declaration=declaration, user=people["gaillac"], at=IN_WINDOW)
    mazamet = factories.authority(name="Mazamet")
    people["mazamet"] = member(mazamet)
    AuthorityYearStatus.objects.create(authority=mazamet, year=2025, apd_declared=True, apd_source="import")
    people["lavaur"] = user()
    membership_request(user=people["lavaur"], authority=factories.authority(name="Lavaur"))
    Message.objects.all().delete()
    return people


def _told(event=events.APD_RAPPEL):
    return sorted(message.recipient.email for message in Message.objects.filter(event=event))


def _emails(people, *names):
    return sorted(people[name].email for name in names)


@pytest.mark.parametrize(("at", "step"), [
    (FOURTEEN - SECOND, None),  # 17 May 23:59:59 Paris: no step yet
    (FOURTEEN, 14),             # 18 May 00:00 Paris: 14 days before the closing
    (THREE - SECOND, 14),
    (THREE, 3),                 # 29 May 00:00 Paris
    (CLOSES - SECOND, 3),       # 31 May 23:59:59 Paris
    (CLOSES, None),             # 1 June 00:00 Paris: closed
    (datetime(2026, 4, 14, 21, 59, 59, tzinfo=tz.utc), None),  # before the window opens
])
def test_the_step_due_at_the_default_windows_boundaries_in_paris_time(at, step):
    assert DeclarationWindow.for_year(2025).reminder_due(at) == step


def test_at_14_days_the_members_of_the_authorities_without_a_submitted_declaration_are_told(authorities):
    assert reminders_send(at=FOURTEEN - SECOND) == []
    assert _told() == []
    sent = reminders_send(at=FOURTEEN)
    # Castres (nothing) and Albi (a draft): not Gaillac (submitted), Mazamet (declared elsewhere),
    # Lavaur (its member is not confirmed).
    assert sorted((r.authority.name, r.year, r.days, r.recipients) for r in sent) == [
        ("Albi", 2025, 14, 1), ("Castres", 2025, 14, 1)]
    assert _told() == _emails(authorities, "albi", "castres")
    castres_message = Message.objects.get(recipient=authorities["castres"])
    assert castres_message.subject == "Déclaration d'APD 2025\u00a0: clôture le 31 mai 2026"
    assert castres_message.application_id is None
    assert "de Castres (Tarn) pour ses dépenses de 2025 n'est pas déposée dans CoopDec" in castres_message.body
    assert "jusqu'au 31 mai 2026 inclus (heure de Paris)" in castres_message.body
    assert f"/espace/apd/2025/?collectivite={castres().pk}" in castres_message.body
    assert "Un brouillon est commencé" not in castres_message.body
    assert "Un brouillon est commencé" in Message.objects.get(recipient=authorities["albi"]).body


def test_once_per_authority_and_step_however_often_it_runs(authorities, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert len(reminders_send(at=FOURTEEN)) == 2
    assert sorted(email.to[0] for email in mail.outbox) == _emails(authorities, "albi", "castres")
    colleague = member(castres())  # joins after the first reminder
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(at=FOURTEEN + timedelta(hours=1)) == []
        assert reminders_send(at=THREE - SECOND) == []
    assert len(mail.outbox) == 2 and Message.objects.count() == 2
    # Albi submits its draft before the 3-day step: only Castres is told again, both its members.
    declaration_submit(declaration=Declaration.objects.get(authority__name="Albi"), user=authorities["albi"],
                       at=THREE - SECOND)
    sent = reminders_send(at=THREE)
    assert [(r.authority.name, r.days, r.recipients) for r in sent] == [("Castres", 3, 2)]
    assert reminders_send(at=THREE + timedelta(days=1)) == []
    assert sorted(m.recipient.email for m in Message.objects.filter(body__contains="dépenses de 2025")) == sorted(
        _emails(authorities, "albi", "castres", "castres") + [colleague.email])
    assert DeclarationReminder.objects.count() == 3


def test_a_missed_step_is_not_sent_late_only_the_latest_due(authorities):
    sent = reminders_send(at=CLOSES - timedelta(days=2))
    assert sorted((r.authority.name, r.days) for r in sent) == [("Albi", 3), ("Castres", 3)]
    assert Message.objects.count() == 2


def test_nothing_after_the_close_nor_before_the_opening(authorities):
    assert reminders_send(at=CLOSES) == []
    # A window the ministry set, 7 days long: the 14-day step has passed before it opens.
    DeclarationWindow.objects.create(year=2025, opens_at=datetime(2026, 5, 25, tzinfo=PARIS),
                                     closes_at=datetime(2026, 6, 1, tzinfo=PARIS))
    assert reminders_send(at=datetime(2026, 5, 24, 23, 59, 59, tzinfo=PARIS)) == []
    sent = reminders_send(at=datetime(2026, 5, 25, tzinfo=PARIS))
    assert sorted((r.authority.name, r.days) for r in sent) == [("Albi", 14), ("Castres", 14)]
    assert Message.objects.count() == 2


def test_the_steps_follow_paris_wall_clock_time_across_the_change_to_summer_time(authorities):
    # Closes on 1 April 2026 00:00 Paris (summer time, UTC+2, since 29 March): 14 days before is
    # 18 March 00:00 Paris, winter time (UTC+1), 23:00 UTC — not 22:00 UTC.
    DeclarationWindow.objects.create(year=2025, opens_at=datetime(2026, 3, 1, tzinfo=PARIS),
                                     closes_at=datetime(2026, 4, 1, tzinfo=PARIS), reminder_days="14")
    assert reminders_send(at=datetime(2026, 3, 17, 22, 59, 59, tzinfo=tz.utc)) == []
    assert len(reminders_send(at=datetime(2026, 3, 17, 23, 0, tzinfo=tz.utc))) == 2
    assert reminders_send(at=datetime(2026, 3, 31, 21, tzinfo=tz.utc)) == []  # no 3-day step this year


def test_the_steps_are_data_per_year_and_checked(authorities):
    window = DeclarationWindow(year=2025, opens_at=datetime(2026, 4, 15, tzinfo=PARIS),
                               closes_at=datetime(2026, 6, 1, tzinfo=PARIS), reminder_days="")
    window.save()
    assert reminders_send(at=THREE) == []  # no reminder for that year
    for bad in ("0", "quatorze", "14,90"):
        window.reminder_days = bad
        with pytest.raises(ValidationError, match="entre 1 et 60"):
            window.full_clean()


def test_the_command_takes_an_instant_in_paris_time_and_says_what_it_sent(authorities, capsys):
    call_command("apd_remind", "--at", "2026-05-18T00:00")
    out = capsys.readouterr().out
    assert "APD 2025, J-14 : Castres (Tarn) (1 destinataire)" in out
    assert "18 mai 2026 à 00:00 : 2 rappels envoyés." in out
    call_command("apd_remind", "--at", "2026-05-18T00:00")
    assert "0 rappel envoyé." in capsys.readouterr().out
    with pytest.raises(CommandError, match="n'est pas une date ISO 8601"):
        call_command("apd_remind", "--at", "18/05/2026")
