"""« APD déclarée » for year N−1, as the calls' eligibility reads it, comes from the declaration
submitted in CoopDec; the import stays for the years declared elsewhere, and the check says which."""
import pytest
from django.core.management import call_command

from coopdec.apd.services import declaration_reopen, declaration_submit
from coopdec.applications.selectors import application_facts, authority_status_for
from coopdec.calls.rules import Status
from tests.apd.people import IN_WINDOW, castres, declaration_with_line, ministry_officer
from tests.applications.people import draft

pytestmark = pytest.mark.django_db


def _check(application):
    from coopdec.applications.selectors import application_evaluation

    return next(c for c in application_evaluation(application).checks if c.code == "authority_status")


@pytest.fixture
def dossier_2026():
    """A draft of Castres for a 2026 call: its eligibility reads the APD of 2025."""
    from tests.applications.people import open_call

    application, _person = draft(castres(), open_call(2026))
    return application


def test_without_a_declaration_the_check_warns_then_a_submitted_one_passes_it(dossier_2026):
    assert authority_status_for(dossier_2026) is None
    assert _check(dossier_2026).status == Status.WARNING
    declaration, person = declaration_with_line()
    assert _check(dossier_2026).status == Status.WARNING  # a draft declares nothing
    declaration_submit(declaration=declaration, user=person, at=IN_WINDOW)
    facts = application_facts(dossier_2026, authority_status_for(dossier_2026))
    assert (facts.authority_status.aid_declared, facts.authority_status.aid_source) == (True, "coopdec")
    check = _check(dossier_2026)
    assert check.status == Status.PASSED
    assert "de 2025 (déclaration déposée dans CoopDec)" in check.message
    # Reopened for a correction, the authority still declared.
    declaration_reopen(declaration=declaration, user=ministry_officer(), reason="correction")
    assert _check(dossier_2026).status == Status.PASSED


def test_a_year_declared_elsewhere_comes_from_the_import_and_says_so(dossier_2026, tmp_path):
    path = tmp_path / "situation.csv"
    path.write_text("collectivite;apd_declaree;apd_declaree_le;rapports_attendus;rapports_remis;rapports_acceptes\n"
                    "commune:81065;oui;20/05/2026;0;0;0\n", encoding="utf-8")
    call_command("import_authority_status", str(path), "--year", "2025")
    check = _check(dossier_2026)
    assert check.status == Status.PASSED
    assert "(déclarée hors de CoopDec, d'après l'import du ministère)" in check.message


def test_another_years_declaration_does_not_count(dossier_2026):
    declaration, person = declaration_with_line(year=2024, at=IN_WINDOW.replace(year=2025))
    declaration_submit(declaration=declaration, user=person, at=IN_WINDOW.replace(year=2025))
    assert _check(dossier_2026).status == Status.WARNING
