"""The authorities' yearly status, imported from CSV: preview, commit, clear errors, nothing half-written."""
import pytest
from django.core.management import CommandError, call_command

from coopdec.applications.models import AuthorityYearStatus
from coopdec.territories.models import Authority

pytestmark = pytest.mark.django_db

HEAD = "collectivite;apd_declaree;apd_declaree_le;rapports_attendus;rapports_remis;rapports_acceptes\n"


def _file(tmp_path, body, name="situation.csv"):
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def test_a_good_file_is_previewed_then_committed_and_imported_again_changes_nothing(tmp_path, capsys):
    path = _file(tmp_path, "commune:81065;oui;20/05/2025;2;2;1\nepci:243100633;non;;0;0;0\n")
    call_command("import_authority_status", str(path), "--year", "2025", "--dry-run")
    assert "Castres" in capsys.readouterr().out
    assert not AuthorityYearStatus.objects.exists()
    call_command("import_authority_status", str(path), "--year", "2025")
    call_command("import_authority_status", str(path), "--year", "2025")
    castres = AuthorityYearStatus.objects.get(authority__code="81065", year=2025)
    assert (castres.apd_declared, str(castres.apd_declared_on), castres.reports_up_to_date) == (
        True, "2025-05-20", True)
    assert AuthorityYearStatus.objects.count() == 2


def test_every_bad_cell_is_named_by_file_row_and_field_and_nothing_is_written(tmp_path):
    path = _file(tmp_path, "commune:81065;oui;;1;1;0\ncommune:99999;peut-être;31/02/2025;2;x;3\n"
                           "commune:81065;non;;0;0;0\n")
    with pytest.raises(CommandError) as refused:
        call_command("import_authority_status", str(path), "--year", "2025")
    message = str(refused.value)
    assert "situation.csv, ligne 3, champ « collectivite » : « commune:99999 » ne désigne aucune" in message
    assert "ligne 3, champ « apd_declaree » : « peut-être » : répondez oui ou non" in message
    assert "ligne 3, champ « rapports_remis » : « x » n'est pas un nombre entier positif" in message
    assert "ligne 3, champ « apd_declaree_le » : « 31/02/2025 » n'est pas une date" in message
    assert "ligne 4, champ « collectivite » : Castres figure déjà ligne 2" in message
    assert not AuthorityYearStatus.objects.exists()


def test_a_file_without_the_required_columns_says_which(tmp_path):
    path = tmp_path / "mauvais.csv"
    path.write_text("code;apd\n81065;oui\n", encoding="utf-8")
    with pytest.raises(CommandError, match="mauvais.csv, ligne 1 : colonne\\(s\\) manquante\\(s\\) : collectivite, apd_declaree"):
        call_command("import_authority_status", str(path), "--year", "2025")


def test_the_status_feeds_the_authority_check_of_a_dossier():
    from coopdec.applications.selectors import application_facts, authority_status_for
    from tests.applications.people import draft

    castres = Authority.objects.get(kind="commune", code="81065")
    application, _ = draft(castres)
    AuthorityYearStatus.objects.create(authority=castres, year=2024, apd_declared=True,
                                       reports_due=2, reports_filed=1)
    AuthorityYearStatus.objects.create(authority=castres, year=2025, apd_declared=False)
    facts = application_facts(application, authority_status_for(application))  # campaign 2025 reads 2024
    assert (facts.authority_status.aid_declared, facts.authority_status.reports_filed) == (True, False)


def test_an_excel_csv_in_windows_1252_with_commas_is_read_and_the_preview_says_so(tmp_path, capsys):
    path = tmp_path / "situation-excel.csv"
    path.write_bytes((HEAD.replace(";", ",") + "commune:81065,oui,,1,1,1\n").encode("cp1252")
                     + "# Réunion du 3 juin\n".encode("cp1252").replace(b"#", b""))
    with pytest.raises(CommandError, match="situation-excel.csv, ligne 3"):  # the stray line is named
        call_command("import_authority_status", str(path), "--year", "2025")
    path.write_bytes((HEAD.replace(";", ",") + "commune:81065,oui,,1,1,1\n").encode("cp1252"))
    call_command("import_authority_status", str(path), "--year", "2025", "--dry-run")
    assert "encodage UTF-8, séparateur virgule" in capsys.readouterr().out
    path.write_bytes((HEAD + "commune:81065;oui;;1;1;1\n").replace("apd_declaree_le", "apd_déclarée_le")
                     .encode("cp1252"))
    call_command("import_authority_status", str(path), "--year", "2025", "--dry-run")
    assert "encodage Windows-1252, séparateur point-virgule" in capsys.readouterr().out
