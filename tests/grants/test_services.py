"""The grant's life through its services: the plan, payments under their conditions, the report
flow (file, changes asked, filed again, accepted) and the reminders, each sent once."""
import io
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from coopdec.applications.models import Application, BudgetLine
from coopdec.grants.models import Report, ReportEvent, Tranche
from coopdec.grants.services import GrantRefused, grant_plan, payment_record, report_file, report_review
from coopdec.notifications import events
from coopdec.notifications.models import Message
from tests.applications.files import EXE, PDF, upload
from tests.applications.people import draft, member, open_call
from tests import factories
from tests.grants.conftest import retained

TODAY = timezone.localdate()
DAY1, DAY2, DAY3 = (TODAY - timedelta(days=n) for n in (20, 10, 1))
STATEMENT = {"personnel": "41 000,00", "missions": "1500"}


def _file(report, person, narrative="Forages réalisés à Huye.", statement=STATEMENT, documents=()):
    return report_file(report=report, user=person, narrative=narrative, statement=statement, documents=documents)


def test_the_plan_follows_the_budget_and_the_call_delays(grant):
    application, _, _ = grant
    plan = grant_plan(application=application)
    assert [(t.order, t.year, t.amount, t.condition, t.share) for t in plan.tranches] == [
        (1, 2026, D("42000"), "none", D("1")),
        (2, 2027, D("22400"), "intermediate_report", D("0.8")),
        (3, 2027, D("5600"), "final_report", D("0.2")),
    ]
    assert sum(t.amount for t in Tranche.objects.filter(application=application)) == D("70000")
    # No start or end recorded: the project ends with its last budget year; 3 months' delays.
    assert [(r.kind, r.year, r.due_on, r.state) for r in application.reports.all()] == [
        ("intermediate", 2026, date(2027, 3, 31), "attendu"),
        ("final", None, date(2028, 3, 31), "attendu"),
    ]


def test_the_plan_is_idempotent_and_follows_a_changed_amount_until_something_happened(grant):
    application, person, officer = grant
    first = grant_plan(application=application)
    again = grant_plan(application=application)
    assert [t.pk for t in again.tranches] == [t.pk for t in first.tranches]
    assert Tranche.objects.filter(application=application).count() == 3
    assert Report.objects.filter(application=application).count() == 2
    Application.objects.filter(pk=application.pk).update(granted_amount=D("50000.50"))
    replanned = grant_plan(application=application)
    assert [t.amount for t in replanned.tranches] == [D("30000"), D("16000"), D("4000.50")]
    payment_record(tranche=replanned.tranches[0], paid_on=DAY1, amount="30000", user=officer)
    Application.objects.filter(pk=application.pk).update(granted_amount=D("60000"))
    with pytest.raises(GrantRefused, match="déjà des versements"):
        grant_plan(application=application)
    assert [t.amount for t in Tranche.objects.filter(application=application)] == [
        D("30000"), D("16000"), D("4000.50")]


def test_the_plan_is_refused_for_a_dossier_not_retained_or_without_a_yearly_budget(db):
    application, _ = draft(call_obj=open_call())
    with pytest.raises(GrantRefused, match="n'est pas retenu"):
        grant_plan(application=application)
    retained_one, _, _ = retained()
    # Its committee's closing wrote its plan; what follows may not write another.
    planned = list(Tranche.objects.values_list("pk", "amount")), list(Report.objects.values_list("pk", "due_on"))
    assert planned[0] and planned[1]
    BudgetLine.objects.filter(application=retained_one, kind=BudgetLine.Kind.EXPENSE).delete()
    with pytest.raises(GrantRefused, match="pas de budget annuel"):
        grant_plan(application=retained_one)
    Application.objects.filter(pk=retained_one.pk).update(granted_amount=None)
    retained_one.refresh_from_db()
    with pytest.raises(GrantRefused, match="pas de subvention accordée"):
        grant_plan(application=retained_one)
    assert (list(Tranche.objects.values_list("pk", "amount")), list(Report.objects.values_list("pk", "due_on"))) == planned


def test_payments_wait_for_their_condition_and_never_exceed_the_tranche(grant, django_capture_on_commit_callbacks):
    application, person, officer = grant
    first, second, last = grant_plan(application=application).tranches
    intermediate, final = application.reports.all()
    with pytest.raises(GrantRefused, match="tranche 1 n'est pas encore versée"):
        payment_record(tranche=second, paid_on=DAY1, amount="22400", user=officer)
    with pytest.raises(GrantRefused, match="dépasse celui de la tranche 1"):
        payment_record(tranche=first, paid_on=DAY1, amount="42000,01", user=officer)
    with pytest.raises(GrantRefused, match="agent du ministère"):
        payment_record(tranche=first, paid_on=DAY1, amount="42000", user=person)
    paid = payment_record(tranche=first, paid_on=DAY1, amount="42 000", user=officer)
    assert (paid.paid_on, paid.paid_amount, paid.paid_by) == (DAY1, D("42000"), officer)
    with pytest.raises(GrantRefused, match="déjà versée"):
        payment_record(tranche=first, paid_on=DAY2, amount="1", user=officer)
    with pytest.raises(GrantRefused, match="rapport intermédiaire 2026"):
        payment_record(tranche=second, paid_on=DAY2, amount="22400", user=officer)
    _file(intermediate, person)
    with pytest.raises(GrantRefused, match="il est «\u00a0déposé"):
        payment_record(tranche=second, paid_on=DAY2, amount="22400", user=officer)
    report_review(report=intermediate, user=officer, accepted=True)
    payment_record(tranche=second, paid_on=DAY2, amount="20000", user=officer)  # less: allowed
    with pytest.raises(GrantRefused, match="rapport final"):
        payment_record(tranche=last, paid_on=DAY3, amount="5600", user=officer)
    _file(final, person)
    report_review(report=final, user=officer, accepted=True)
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(tranche=last, paid_on=DAY3, amount="5600", user=officer)
    assert [t.paid_amount for t in Tranche.objects.filter(application=application)] == [
        D("42000"), D("20000"), D("5600")]
    notices = Message.objects.filter(event=events.TRANCHE_VERSEE)
    assert [(m.recipient, m.application) for m in notices] == [(person, application)] * 3
    assert [m.to for m in mail.outbox if m.subject.startswith("Versement")] == [[person.email]]


def test_the_report_flow_file_changes_asked_file_again_accepted(grant):
    application, person, officer = grant
    grant_plan(application=application)
    report = application.reports.get(kind="intermediate")
    stranger = member(factories.authority(name="Albi"))
    with pytest.raises(GrantRefused, match="n'est pas celui d'une collectivité"):
        _file(report, stranger)
    with pytest.raises(GrantRefused, match="compte rendu technique est vide"):
        _file(report, person, narrative="  ")
    with pytest.raises(GrantRefused, match="état financier est vide"):
        _file(report, person, statement={"personnel": ""})
    with pytest.raises(GrantRefused, match="n'est pas un poste"):
        _file(report, person, statement={"cafe": "3"})
    with pytest.raises(GrantRefused, match="quel que soit son nom"):
        _file(report, person, documents=[upload("bilan.pdf", EXE)])
    assert Report.objects.get(pk=report.pk).state == "attendu"  # nothing half-written

    _file(report, person, documents=[upload("bilan financier.pdf", PDF)])
    report.refresh_from_db()
    assert (report.state, report.filed_by) == ("depose", person)
    assert {line.category: line.amount for line in report.statement_lines.all()} == {
        "personnel": D("41000"), "missions": D("1500")}
    assert [d.content_type for d in report.documents.all()] == ["application/pdf"]
    with pytest.raises(GrantRefused, match="ne se dépose plus"):
        _file(report, person)
    with pytest.raises(GrantRefused, match="agent du ministère"):
        report_review(report=report, user=person, accepted=True)
    with pytest.raises(GrantRefused, match="commentaire est obligatoire"):
        report_review(report=report, user=officer, accepted=False, comment="")

    report_review(report=report, user=officer, accepted=False, comment="Joignez les factures.")
    report.refresh_from_db()
    assert (report.state, report.review_comment, report.reviewer) == ("modifications", "Joignez les factures.", officer)
    with pytest.raises(GrantRefused, match="seul un rapport déposé"):
        report_review(report=report, user=officer, accepted=True)

    _file(report, person, statement={"personnel": "41000", "missions": "1000"},
          documents=[upload("factures.pdf", PDF)])
    report_review(report=report, user=officer, accepted=True, comment="Merci.")
    report.refresh_from_db()
    assert report.state == "accepte"
    assert {line.category: line.amount for line in report.statement_lines.all()} == {
        "personnel": D("41000"), "missions": D("1000")}
    assert report.documents.count() == 2
    assert [e.kind for e in report.events.all()] == [
        ReportEvent.Kind.FILED, ReportEvent.Kind.CHANGES, ReportEvent.Kind.FILED, ReportEvent.Kind.ACCEPTED]


def test_overdue_reports_are_flagged_and_reminders_sent_once_per_report_and_event(
        grant, django_capture_on_commit_callbacks):
    application, person, officer = grant
    grant_plan(application=application)
    intermediate = application.reports.get(kind="intermediate")  # due 31/03/2027
    mail.outbox.clear()  # the dossier's receipt and decision were told already

    def run(day):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("reports_remind", "--today", day, stdout=io.StringIO())
        reminders = Message.objects.filter(application=application,
                                           event__in=[events.RAPPORT_ATTENDU, events.RAPPORT_EN_RETARD])
        return list(reminders.order_by("pk").values_list("event", "recipient"))

    assert run("2027-02-01") == []  # more than 30 days before
    due_soon = [(events.RAPPORT_ATTENDU, person.pk)]
    assert run("2027-03-05") == due_soon
    assert run("2027-03-06") == due_soon  # not twice
    assert not intermediate.overdue_on(date(2027, 3, 31)) and intermediate.overdue_on(date(2027, 4, 1))
    overdue = due_soon + [(events.RAPPORT_EN_RETARD, person.pk)]
    assert run("2027-04-01") == overdue
    assert run("2027-04-02") == overdue
    assert len(mail.outbox) == 2
    # The reminder names its report (it read a value the event did not carry, and said « Le  du dossier »).
    assert "Le rapport intermédiaire 2026 du dossier" in mail.outbox[0].body
    assert "était attendu pour le 31 mars 2027" in mail.outbox[1].body
    _file(intermediate, person)
    # Filed: the final report (due 31/03/2028) is the only one left, reminded in its time.
    assert run("2028-03-10")[-1] == (events.RAPPORT_ATTENDU, person.pk)
    assert len(run("2028-03-11")) == 3


def test_reports_remind_says_what_it_sent_and_refuses_a_bad_date(grant):
    application, _, _ = grant
    grant_plan(application=application)
    out = io.StringIO()
    call_command("reports_remind", "--today", "2027-04-01", stdout=out)
    assert out.getvalue().strip() == "1er avril 2027 : 0 avis de rapport attendu, 1 avis de rapport en retard envoyés."
    with pytest.raises(CommandError, match="n'est pas une date"):
        call_command("reports_remind", "--today", "1er avril")
