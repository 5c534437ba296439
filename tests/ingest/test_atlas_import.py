"""import_atlas: the Atlas's lists (table, page, text) read, resolved, previewed and committed all
or nothing; the same file twice creates nothing more."""
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coopdec.atlas.models import Action, ActionAuthority, ActionPartner
from coopdec.dataversion.models import DataVersion
from coopdec.ingest.atlas_import import atlas_import_commit, atlas_import_preview
from coopdec.ingest.services import ImportFailure
from coopdec.territories.models import ForeignAuthority

FIXTURES = Path(__file__).parent / "fixtures"


def _authorities(action):
    return [(a.name, a.is_lead, a.authority.code if a.authority else None, sorted(a.candidates))
            for a in action.authorities.select_related("authority")]


def _partners(action):
    return [(p.name, p.country_id, p.country_as_written) for p in action.partners.all()]


def test_a_table_with_the_atlas_columns_is_imported_with_authorities_partners_and_values(db, capsys):
    call_command("import_atlas", str(FIXTURES / "atlas.csv"), "--source-url", "https://reseau.example/atlas")
    out = capsys.readouterr().out
    assert "Enregistré : 6 action(s) nouvelle(s), 0 déjà enregistrée(s)." in out
    rodez = Action.objects.get(title="Accès à l'eau potable")
    assert (rodez.kind, rodez.status, rodez.starts_on, rodez.ends_on, rodez.amount) == (
        "projet", "en_cours", datetime.date(2021, 1, 1), datetime.date(2024, 12, 31), Decimal("120000.00"))
    assert (rodez.themes, rodez.sdgs, rodez.description) == (
        ["Eau et assainissement"], [6], "Forages et comités de gestion de l'eau")
    assert (rodez.origin, rodez.source, rodez.source_url, rodez.source_line) == (
        "import", "atlas.csv", "https://reseau.example/atlas", 2)
    assert _authorities(rodez) == [("Ville de Rodez", True, "12202", [])]
    assert _partners(rodez) == [("Bamako", "ML", "Mali"), ("Kayes", "ML", "Mali")]
    assert {p.foreign_authority.name for p in rodez.partners.select_related("foreign_authority")} == {"Bamako", "Kayes"}

    # Co-authorities resolved, an ambiguous one kept as written with its candidates, never guessed.
    ariege = Action.objects.get(title="Santé maternelle à Sikasso")
    assert _authorities(ariege) == [
        ("Département de l'Ariège", True, "09", []),
        ("Ville de Foix (Ariège)", False, "09122", []),
        ("Ville de Barjac", False, None, ["commune:09037", "commune:30029", "commune:48018"]),
    ]
    assert _partners(ariege) == [("région de Sikasso", "ML", "Mali")]
    assert (ariege.status, ariege.starts_on, ariege.ends_on, ariege.sdgs) == (
        "terminee", datetime.date(2019, 3, 1), datetime.date(2022, 12, 31), [3, 5])

    occitanie = Action.objects.get(title="Accord-cadre Occitanie – Québec")
    assert (occitanie.kind, _authorities(occitanie), _partners(occitanie)) == (
        "accord", [("Région Occitanie", True, "76", [])], [("province de Québec", "CA", "Canada")])
    assert Action.objects.get(title="Jumelage Figeac – Tombouctou").kind == "jumelage"
    # A country without a named partner authority.
    tanzanie = Action.objects.get(title="Échanges scolaires avec la Tanzanie")
    assert (_partners(tanzanie), tanzanie.kind, tanzanie.status) == ([("", "TZ", "Tanzanie")], "autre", "en_cours")
    assert tanzanie.partners.get().foreign_authority is None
    barjac = Action.objects.get(title="Oléiculture à Kharas")
    assert _authorities(barjac) == [("Ville de Barjac", True, None, ["commune:09037", "commune:30029", "commune:48018"])]


def test_the_preview_lists_every_unresolved_name_and_dry_run_writes_nothing(db, capsys):
    versions = list(DataVersion.objects.values_list("pk", "version"))
    call_command("import_atlas", str(FIXTURES / "atlas.csv"), "--dry-run")
    out = capsys.readouterr().out
    assert "ligne 2 · nouvelle · projet « Accès à l'eau potable » · cheffe de file Ville de Rodez → résolue : " \
           "commune 12202 Rodez · partenaires : Bamako (ML), Kayes (ML)" in out
    assert "6 ligne(s) : 6 action(s) à créer, 0 déjà enregistrée(s)" in out
    assert "2 collectivité(s) non résolue(s)" in out
    assert "ligne 3 · Ville de Barjac → ambiguë : 3 communes nommées Barjac" in out
    assert "précisez le département. (candidats : commune:30029, commune:48018, commune:09037)" in out
    assert "Aperçu seulement (--dry-run) : rien n'a été enregistré." in out
    assert not Action.objects.exists() and not ActionAuthority.objects.exists()
    assert not ForeignAuthority.objects.filter(name="Kayes").exists()
    assert list(DataVersion.objects.values_list("pk", "version")) == versions


def test_any_row_error_writes_nothing_and_every_error_is_listed_with_row_and_column(db):
    with pytest.raises(CommandError) as error:
        call_command("import_atlas", str(FIXTURES / "atlas-errors.csv"))
    message = str(error.value)
    assert message.startswith("rien n'a été importé.")
    for expected in [
        "atlas-errors.csv, ligne 2, colonne « pays » : pays inconnu « Mlai »",
        "atlas-errors.csv, ligne 3, colonne « pays » : pays manquant pour « Tombouctou »",
        "atlas-errors.csv, ligne 4, colonne « intitule » : cellule vide",
        "atlas-errors.csv, ligne 5, colonne « nature » : nature « programme » inconnue",
        "atlas-errors.csv, ligne 5, colonne « etat » : état « fini » inconnu",
        "atlas-errors.csv, ligne 5, colonne « debut » : date « vers 2020 » illisible",
        "atlas-errors.csv, ligne 5, colonne « montant » : montant illisible « beaucoup »",
        "atlas-errors.csv, ligne 5, colonne « odd » : ODD « 18 » inconnu",
    ]:
        assert expected in message
    assert not Action.objects.exists() and not ForeignAuthority.objects.filter(name="Bamako").exists()


def test_reimporting_the_same_file_creates_nothing_more(db, capsys):
    call_command("import_atlas", str(FIXTURES / "atlas.csv"))
    counts = (Action.objects.count(), ActionAuthority.objects.count(), ActionPartner.objects.count(),
              ForeignAuthority.objects.count())
    capsys.readouterr()
    call_command("import_atlas", str(FIXTURES / "atlas.csv"))
    out = capsys.readouterr().out
    assert "Enregistré : 0 action(s) nouvelle(s), 6 déjà enregistrée(s)." in out
    assert "ligne 2 · déjà enregistrée (action " in out
    assert (Action.objects.count(), ActionAuthority.objects.count(), ActionPartner.objects.count(),
            ForeignAuthority.objects.count()) == counts == (6, 8, 7, 6)


def test_a_row_repeating_an_earlier_one_is_not_created_twice(db, tmp_path, capsys):
    path = tmp_path / "doublons.csv"
    path.write_text("collectivite,partenaire,pays,intitule\n"
                    "Ville de Rodez (Aveyron),Bamako,Mali,Accès à l'eau potable\n"
                    "Ville de Rodez,Kayes,Mali,ACCÈS À L'EAU POTABLE\n"
                    "Commune de Zqxwvillers,Kita,Mali,Santé\n", encoding="utf-8")
    call_command("import_atlas", str(path))
    out = capsys.readouterr().out
    assert "ligne 3 · même action que la ligne 2" in out
    assert "ligne 4 · Commune de Zqxwvillers → inconnue" in out
    assert "Enregistré : 2 action(s) nouvelle(s), 0 déjà enregistrée(s), 1 ligne(s) en double." in out
    assert Action.objects.count() == 2
    # An unknown name is kept as written, unresolved, for a person.
    assert _authorities(Action.objects.get(title="Santé")) == [("Commune de Zqxwvillers", True, None, [])]


def test_a_network_page_with_dash_bullets_in_a_paragraph_and_a_list(db, capsys):
    call_command("import_atlas", str(FIXTURES / "atlas-cms.html"), "--source-label", "Réseau Occitanie, 2025")
    out = capsys.readouterr().out
    assert "Enregistré : 6 action(s) nouvelle(s)" in out
    by_title = {a.title: a for a in Action.objects.all()}
    assert sorted(by_title) == ["Coopération avec province de Québec", "Eau potable", "Jumelage avec Tombouctou",
                                "Jumelage avec Tumaini", "Oléiculture", "Santé maternelle"]
    rodez = by_title["Eau potable"]
    assert _authorities(rodez) == [("Ville de Rodez (Aveyron)", True, "12202", [])]
    assert _partners(rodez) == [("Bamako", "ML", "Mali"), ("Kayes", "ML", "Mali")]
    assert rodez.description.startswith("La Ville de Rodez (Aveyron) avec les communes de Bamako")
    assert rodez.source == "Réseau Occitanie, 2025"
    assert _authorities(by_title["Jumelage avec Tumaini"]) == [
        ("Ville de Saint-Affrique (Aveyron)", True, "12208", [])]
    assert by_title["Jumelage avec Tumaini"].kind == "jumelage"
    assert _authorities(by_title["Oléiculture"]) == [("Ville de Barjac", True, None, ["commune:09037", "commune:30029", "commune:48018"])]
    assert _authorities(by_title["Santé maternelle"]) == [
        ("Département de l'Ariège", True, "09", []), ("commune de Foix (Ariège)", False, "09122", [])]
    assert _partners(by_title["Santé maternelle"]) == [("région de Sikasso", "ML", "Mali")]
    assert _partners(by_title["Coopération avec province de Québec"]) == [("province de Québec", "CA", "Canada")]


def test_a_text_export_with_literal_br_between_bullets(db):
    preview = atlas_import_preview(path=FIXTURES / "atlas.txt")
    assert [(r.number, r.title, r.lead.found, [(p.name, p.country) for p in r.partners]) for r in preview.rows] == [
        (2, "Gestion des déchets", "departement 32 Gers", [("région de Kédougou", "SN")]),
        (2, "Formation professionnelle", "region 93 Provence-Alpes-Côte d'Azur",
         [("région de Tanger-Tétouan-Al Hoceïma", "MA")]),
        (2, "Échanges scolaires", "commune 86194 Poitiers", [("commune de Marburg", "DE")]),
    ]
    assert atlas_import_commit(preview=preview).created == 3


def test_a_sentence_not_understood_or_a_partner_without_country_in_a_list_is_refused(db, tmp_path):
    path = tmp_path / "liste.txt"
    path.write_text("- La Ville de Rodez (Aveyron) avec la commune de Bamako (Mali) autour de l'eau\n"
                    "- La Ville de Millau (Aveyron) avec la commune de Ouahigouya autour de l'éducation\n"
                    "- Et d'autres projets à venir\n", encoding="utf-8")
    with pytest.raises(ImportFailure) as failure:
        atlas_import_preview(path=path)
    assert [str(e) for e in failure.value.errors] == [
        "liste.txt, ligne 3 : phrase non comprise : « Et d'autres projets à venir » (attendu : « La Ville de X "
        "(département) avec la commune de Y (pays) autour de … »)"]
    path.write_text("- La Ville de Rodez (Aveyron) avec la commune de Bamako (Mali) autour de l'eau\n"
                    "- La Ville de Millau (Aveyron) avec la commune de Ouahigouya autour de l'éducation\n",
                    encoding="utf-8")
    with pytest.raises(ImportFailure) as failure:
        atlas_import_preview(path=path)
    assert [str(e) for e in failure.value.errors] == [
        "liste.txt, ligne 2 : pays manquant pour « commune de Ouahigouya » : écrivez-le entre parenthèses "
        "après le nom"]
    assert not Action.objects.exists()


def test_a_code_column_resolves_by_code_and_an_unknown_or_ambiguous_code_is_an_error(db, tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text("collectivite;code_insee;partenaire;pays;intitule\n"
                    ";200046977;Ouagadougou;Burkina Faso;Développement urbain\n"
                    "Métropole;99999;Erevan;Arménie;Mobilité\n"
                    "Région;76;Beyrouth;Liban;Patrimoine\n", encoding="utf-8")
    with pytest.raises(ImportFailure) as failure:
        atlas_import_preview(path=path)
    errors = [str(e) for e in failure.value.errors]
    assert errors[0] == ("codes.csv, ligne 3, colonne « code_insee » : code « 99999 » inconnu "
                         "(code INSEE ou SIREN attendu)")
    assert errors[1].startswith("codes.csv, ligne 4, colonne « code_insee » : code « 76 » de plusieurs "
                                "collectivités (")
    assert "écrivez par exemple « region:76 »" in errors[1]
    path.write_text("collectivite;code_insee;partenaire;pays;intitule\n"
                    ";200046977;Ouagadougou;Burkina Faso;Développement urbain\n", encoding="utf-8")
    [row] = atlas_import_preview(path=path).rows
    assert (row.lead.name, row.lead.status, row.lead.found) == (
        "Métropole de Lyon", "resolved", "epci 200046977 Métropole de Lyon")


def test_the_commit_writes_in_a_fixed_number_of_queries_and_bumps_the_data_version_once(
        db, tmp_path, django_capture_on_commit_callbacks):
    lines = ["collectivite,partenaire,pays,intitule"] + [
        f"Ville de Rodez (Aveyron),Commune {n},Mali,Projet {n}" for n in range(40)]
    path = tmp_path / "quarante.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    preview = atlas_import_preview(path=path)
    before = DataVersion.objects.filter(scope=DataVersion.ALL).values_list("version", flat=True).first() or 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with CaptureQueriesContext(connection) as queries:
            assert atlas_import_commit(preview=preview).created == 40
    assert len(queries) <= 10  # whatever the number of rows: bulk inserts
    assert len(callbacks) == 1
    assert DataVersion.objects.get(scope=DataVersion.ALL).version == before + 1


def test_a_workbook_with_dates_numbers_and_codes_as_a_spreadsheet_stores_them(db, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["Liste transmise par le réseau"])
    sheet = workbook.create_sheet("Actions")
    sheet.append(["Collectivité", "Code INSEE", "Collectivités associées", "Partenaires", "Pays", "Intitulé",
                  "Nature", "État", "Date de début", "Date de fin", "Montant", "Thématiques", "ODD", "Remarque"])
    sheet.append([None, 9122, "9", "Sikasso", "Mali", "Santé à Sikasso", "Projet", "En cours",
                  datetime.datetime(2022, 3, 15), 2025, 45000, "Santé", 3, "à vérifier"])
    path = tmp_path / "atlas.xlsx"
    workbook.save(path)
    preview = atlas_import_preview(path=path)
    assert preview.details == ("feuille « Actions »",) and preview.unread == ("Remarque",)
    [row] = preview.rows
    assert [(a.name, a.found) for a in row.authorities] == [
        ("Foix", "commune 09122 Foix"), ("Ariège", "departement 09 Ariège")]
    assert (row.starts_on, row.ends_on, row.amount, row.sdgs) == (
        datetime.date(2022, 3, 15), datetime.date(2025, 12, 31), Decimal("45000.00"), [3])
    assert atlas_import_commit(preview=preview).created == 1


def test_a_page_with_a_table_of_the_atlas_columns_reads_the_table(db, tmp_path):
    path = tmp_path / "tableau.html"
    path.write_text("<html><body><ul><li>Accueil</li></ul><table>"
                    "<tr><th>Collectivité</th><th>SIREN</th><th>Partenaire</th><th>Pays</th><th>Intitulé</th></tr>"
                    "<tr><td>Grand Figeac</td><td>200067361</td><td>Ségou, Kita</td><td>Mali</td>"
                    "<td>Agroécologie</td></tr></table></body></html>", encoding="utf-8")
    [row] = atlas_import_preview(path=path).rows
    assert (row.lead.name, row.lead.found, [(p.name, p.country) for p in row.partners]) == (
        "Grand Figeac", "epci 200067361 CC Grand-Figeac", [("Ségou", "ML"), ("Kita", "ML")])
