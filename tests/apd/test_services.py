"""The APD declaration's rules, through its services: the window at its boundaries in Paris time,
submission once, read only afterwards, correction through the ministry with the history kept,
the codelists, and « APD déclarée » for the calls' eligibility read from the declaration."""
from datetime import datetime, timedelta, timezone as tz
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coopdec.apd.models import PARIS, Declaration, DeclarationEvent, DeclarationWindow, default_window
from coopdec.apd.services import (
    DeclarationRefused, correction_ask, declaration_open, declaration_reopen, declaration_submit, line_add,
    line_remove, line_update,
)
from coopdec.applications.models import AuthorityYearStatus
from tests.apd.people import IN_WINDOW, castres, declaration_with_line, member, ministry_officer, user, values

pytestmark = pytest.mark.django_db
SECOND = timedelta(seconds=1)


def test_the_default_window_is_15_april_to_31_may_paris_time_in_summer_time():
    opens, closes = default_window(2025)
    # Paris is on summer time (UTC+2) on both dates: 22:00 UTC the evening before.
    assert opens == datetime(2026, 4, 14, 22, 0, tzinfo=tz.utc)
    assert closes == datetime(2026, 5, 31, 22, 0, tzinfo=tz.utc)


@pytest.mark.parametrize(("at", "accepted"), [
    (datetime(2026, 4, 14, 21, 59, 59, tzinfo=tz.utc), False),  # 14 April 23:59:59 Paris
    (datetime(2026, 4, 14, 22, 0, 0, tzinfo=tz.utc), True),     # 15 April 00:00:00 Paris
    (datetime(2026, 5, 31, 21, 59, 59, tzinfo=tz.utc), True),   # 31 May 23:59:59 Paris
    (datetime(2026, 5, 31, 22, 0, 0, tzinfo=tz.utc), False),    # 1 June 00:00:00 Paris
])
def test_submission_at_the_default_windows_boundaries(at, accepted):
    declaration, person = declaration_with_line()
    if accepted:
        assert declaration_submit(declaration=declaration, user=person, at=at).state == "deposee"
    else:
        with pytest.raises(DeclarationRefused, match="du 15 avril 2026 au 31 mai 2026 inclus"):
            declaration_submit(declaration=declaration, user=person, at=at)
        assert Declaration.objects.get().state == "brouillon"


def test_a_window_set_by_the_ministry_across_the_change_to_summer_time():
    # From 1 March (winter time, UTC+1) to 31 March included (summer time since 29 March, UTC+2).
    DeclarationWindow.objects.create(year=2025, opens_at=datetime(2026, 3, 1, tzinfo=PARIS),
                                     closes_at=datetime(2026, 4, 1, tzinfo=PARIS))
    opens, closes = datetime(2026, 2, 28, 23, tzinfo=tz.utc), datetime(2026, 3, 31, 22, tzinfo=tz.utc)
    with pytest.raises(DeclarationRefused, match="n'est pas encore ouverte"):
        declaration_with_line(at=opens - SECOND)
    declaration, person = declaration_with_line(at=opens)
    line_add(declaration=declaration, user=person, values=values(country="BF"), at=closes - SECOND)
    with pytest.raises(DeclarationRefused, match="est close : elle se fait du 1er mars 2026 au 31 mars 2026"):
        line_add(declaration=declaration, user=person, values=values(), at=closes)
    declaration_submit(declaration=declaration, user=person, at=closes - SECOND)


def test_line_edits_are_refused_outside_the_window_too():
    declaration, person = declaration_with_line()
    line = declaration.lines.get()
    after = default_window(2025)[1]
    with pytest.raises(DeclarationRefused, match="est close"):
        line_update(line=line, user=person, values=values(amount=D("1")), at=after)
    with pytest.raises(DeclarationRefused, match="est close"):
        line_remove(line=line, user=person, at=after)
    assert declaration.lines.get().amount == D("12000.50")


def test_submitted_once_then_read_only_and_the_status_says_declared_in_coopdec():
    declaration, person = declaration_with_line()
    declaration_submit(declaration=declaration, user=person, at=IN_WINDOW)
    with pytest.raises(DeclarationRefused, match="déjà été déposée le 4 mai 2026 à 10:00"):
        declaration_submit(declaration=declaration, user=person, at=IN_WINDOW)
    with pytest.raises(DeclarationRefused, match="ne se modifie plus. Pour la corriger, demandez-le au ministère"):
        line_add(declaration=declaration, user=person, values=values(), at=IN_WINDOW)
    with pytest.raises(DeclarationRefused, match="ne se modifie plus"):
        line_remove(line=declaration.lines.get(), user=person, at=IN_WINDOW)
    status = AuthorityYearStatus.objects.get(authority=castres(), year=2025)
    assert (status.apd_declared, str(status.apd_declared_on), status.apd_source) == (True, "2026-05-04", "coopdec")


def test_a_correction_goes_through_the_ministry_and_the_history_keeps_each_submission():
    declaration, person = declaration_with_line()
    declaration_submit(declaration=declaration, user=person, at=IN_WINDOW)
    with pytest.raises(ValidationError):
        correction_ask(declaration=declaration, user=person, reason="  ")
    correction_ask(declaration=declaration, user=person, reason="Le montant du Sénégal est faux.",
                   at=datetime(2026, 6, 5, 9, tzinfo=PARIS))
    with pytest.raises(PermissionDenied):
        declaration_reopen(declaration=declaration, user=person, reason="moi-même")
    officer = ministry_officer()
    declaration_reopen(declaration=declaration, user=officer, reason="Demande du 5 juin",
                       at=datetime(2026, 6, 6, 9, tzinfo=PARIS))
    # Reopened by the ministry: editable and submittable after the window closed.
    late = datetime(2026, 6, 10, 9, tzinfo=PARIS)
    line_update(line=declaration.lines.get(), user=person, values=values(amount=D("9000")), at=late)
    declaration_submit(declaration=declaration, user=person, at=late)
    events = list(DeclarationEvent.objects.filter(declaration=declaration).values_list("kind", "by", "reason"))
    assert events == [("creee", person.pk, ""), ("deposee", person.pk, ""),
                      ("correction", person.pk, "Le montant du Sénégal est faux."),
                      ("rouverte", officer.pk, "Demande du 5 juin"), ("deposee", person.pk, "")]
    first, second = DeclarationEvent.objects.filter(kind="deposee")
    assert (first.lines[0]["montant"], second.lines[0]["montant"]) == ("12000.50", "9000.00")
    assert not Declaration.objects.get().reopened  # read only again, the window holds again


def test_only_a_confirmed_member_declares_for_an_authority():
    with pytest.raises(PermissionDenied):
        declaration_open(authority=castres(), year=2025, user=user(), at=IN_WINDOW)
    declaration, _person = declaration_with_line()
    with pytest.raises(PermissionDenied):
        declaration_submit(declaration=declaration, user=user(), at=IN_WINDOW)


def test_an_empty_declaration_is_not_submitted():
    person = member(castres())
    declaration = declaration_open(authority=castres(), year=2025, user=person, at=IN_WINDOW)
    with pytest.raises(DeclarationRefused, match="au moins une ligne"):
        declaration_submit(declaration=declaration, user=person, at=IN_WINDOW)


def test_every_bad_field_of_a_line_is_named_and_nothing_is_written():
    person = member(castres())
    declaration = declaration_open(authority=castres(), year=2025, user=person, at=IN_WINDOW)
    with pytest.raises(ValidationError) as refused:
        line_add(declaration=declaration, user=person, at=IN_WINDOW, values=values(
            country="SN", region_code="298", purpose_code="99999", channel_code="21029", spending="autre",
            amount=D("-5"), gender=3))
    errors = refused.value.message_dict
    assert set(errors) == {"region_code", "purpose_code", "channel_code", "spending", "amount", "gender"}
    assert "n'est pas un code-objet CAD en vigueur" in errors["purpose_code"][0]
    with pytest.raises(ValidationError, match="pays partenaire, ou une région"):
        line_add(declaration=declaration, user=person, at=IN_WINDOW, values=values(country=None))
    with pytest.raises(ValidationError, match="« XX » n'est pas un code de pays"):
        line_add(declaration=declaration, user=person, at=IN_WINDOW, values=values(country="XX"))
    assert not declaration.lines.exists()
    # Multi-pays: a DAC region instead of a country.
    line = line_add(declaration=declaration, user=person, at=IN_WINDOW,
                    values=values(country=None, region_code="998"))
    assert line.recipient_name == "Pays en développement, non spécifié"


def test_a_withdrawn_purpose_code_is_refused():
    # 15120 « Public sector financial management » is withdrawn in the OECD list.
    person = member(castres())
    declaration = declaration_open(authority=castres(), year=2025, user=person, at=IN_WINDOW)
    with pytest.raises(ValidationError, match="code-objet"):
        line_add(declaration=declaration, user=person, at=IN_WINDOW, values=values(purpose_code="15120"))


def test_an_import_does_not_replace_a_declaration_submitted_in_coopdec(tmp_path):
    from django.core.management import call_command

    declaration, person = declaration_with_line()
    declaration_submit(declaration=declaration, user=person, at=IN_WINDOW)
    path = tmp_path / "situation.csv"
    path.write_text("collectivite;apd_declaree;apd_declaree_le;rapports_attendus;rapports_remis;rapports_acceptes\n"
                    "commune:81065;non;;2;1;1\n", encoding="utf-8")
    call_command("import_authority_status", str(path), "--year", "2025")
    status = AuthorityYearStatus.objects.get(authority=castres(), year=2025)
    assert (status.apd_declared, status.apd_source, status.reports_due, status.reports_filed) == (
        True, "coopdec", 2, 1)


def test_apd_missing_lists_the_expected_authorities_without_a_submitted_declaration(capsys):
    from django.core.management import call_command

    from tests import factories
    from tests.applications.people import draft

    albi = factories.authority(name="Albi")
    draft(albi)  # leads a dossier: expected
    declaration, person = declaration_with_line()  # Castres: a draft, expected
    call_command("apd_missing", "--year", "2025")
    out = capsys.readouterr().out
    assert "du 15 avril 2026 au 31 mai 2026 inclus" in out
    assert "Albi (Tarn)" in out and "non déclarée" in out
    assert f"Castres (Tarn) (commune:81065) — brouillon — {person.email}" in out
    declaration_submit(declaration=declaration, user=person, at=IN_WINDOW)
    call_command("apd_missing", "--year", "2025")
    out = capsys.readouterr().out
    assert "Castres" not in out and "1 collectivité(s) sur 2 attendue(s)" in out


def test_a_window_that_closes_before_it_opens_is_refused_in_french():
    opens, closes = default_window(2030)
    with pytest.raises(ValidationError, match="La clôture doit suivre l'ouverture"):
        DeclarationWindow(year=2030, opens_at=closes, closes_at=opens).full_clean()
