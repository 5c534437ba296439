"""« Rapports remis » computed from the grants' report records feed the next dossiers' eligibility
check (`authority_status`) of an authority with a grant on CoopDec; the import stands for the rest."""
from decimal import Decimal as D

from coopdec.applications.models import AuthorityYearStatus
from coopdec.applications.selectors import application_evaluation, authority_status_for, space_get
from coopdec.calls.rules import Status
from coopdec.grants.services import grant_plan, report_file, report_review
from tests import factories
from tests.applications.people import complete, draft, open_call


def _status_check(application):
    return next(c for c in application_evaluation(application).checks if c.code == "authority_status")


def _next_dossier(grant_application, person, year):
    """A dossier of the same authority for the `year` campaign, complete (APD of `year - 1` declared)."""
    application, _ = draft(authority=grant_application.lead_authority, call_obj=open_call(year=year),
                           title=f"Assainissement {year}", person=person)
    return complete(application, person)


def test_a_report_not_filed_blocks_the_next_dossier_until_it_is_filed(grant):
    application, person, officer = grant
    grant_plan(application=application)  # intermediate 2026 report due 31/03/2027
    # The import says nothing is owed: CoopDec's own records win for this authority.
    AuthorityYearStatus.objects.update_or_create(
        authority=application.lead_authority, year=2027, defaults={"reports_due": 0, "reports_filed": 0})

    following_year = _next_dossier(application, person, 2027)  # reads 2026: nothing due yet
    assert _status_check(following_year).status == Status.PASSED

    later = _next_dossier(application, person, 2028)  # reads 2027: the intermediate report is due
    status = authority_status_for(later)
    assert (status.apd_declared, status.reports_due, status.reports_filed) == (True, 1, 0)
    check = _status_check(later)
    assert check.status == Status.FAILED
    assert "comptes rendus de projets déjà cofinancés n'ont pas été remis" in check.message
    line = next(line for line in space_get(person).dossiers if line.application.pk == later.pk)
    assert check.message in line.missing  # the applicant's space says it too

    report = application.reports.get(kind="intermediate")
    report_file(report=report, user=person, narrative="Réalisé.", statement={"personnel": "42000"})
    assert _status_check(later).status == Status.PASSED
    report_review(report=report, user=officer, accepted=False, comment="Joignez les factures.")
    assert _status_check(later).status == Status.FAILED  # sent back: not remis until filed again
    report_file(report=report, user=person, narrative="Réalisé, factures jointes.", statement={"personnel": "42000"})
    report_review(report=report, user=officer, accepted=True)
    assert authority_status_for(later).reports_accepted == 1
    assert _status_check(later).status == Status.PASSED


def test_without_an_imported_status_a_missing_report_still_fails_and_a_filed_one_warns(grant):
    application, person, _ = grant
    grant_plan(application=application)
    later = _next_dossier(application, person, 2028)
    AuthorityYearStatus.objects.filter(authority=application.lead_authority, year=2027).delete()
    check = _status_check(later)
    assert check.status == Status.FAILED
    assert "déclaration" not in check.message  # the APD is unknown here, not « not made »
    report_file(report=application.reports.get(kind="intermediate"), user=person, narrative="Réalisé.",
                statement={"personnel": "42000"})
    check = _status_check(later)
    assert check.status == Status.WARNING
    assert "Aucune déclaration d'aide publique au développement de 2027" in check.message


def test_an_authority_without_a_grant_here_keeps_its_imported_report_counts(db):
    authority = factories.authority(name="Albi")
    application, person = draft(authority=authority, call_obj=open_call(year=2028))
    complete(application, person)
    AuthorityYearStatus.objects.filter(authority=authority, year=2027).update(reports_due=2, reports_filed=1)
    assert _status_check(application).status == Status.FAILED
    AuthorityYearStatus.objects.filter(authority=authority, year=2027).update(reports_filed=2)
    assert _status_check(application).status == Status.PASSED
    assert D(authority_status_for(application).reports_filed) == 2
