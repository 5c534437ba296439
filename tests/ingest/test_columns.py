"""Every published column is used: places as hints, partners' countries, amounts; what a list adds
to a known laureate is written, what contradicts it is kept for a person; repeats and re-imports."""
from decimal import Decimal

import pytest
from django.core.management import call_command

from coopdec.applications.models import Application, Partnership
from coopdec.ingest.models import ImportBatch, ImportRow
from coopdec.ingest.services import ImportFailure, import_commit, import_preview
from coopdec.territories.resolve import ResolutionContext
from tests.ingest.test_import import HEADINGS, ROWS, counts, write_csv

NATIONAL = ["Région", "Département", *HEADINGS, "Pays", "Cofinancement MEAE (€)", "Observations"]


def national_row(lead, partners="Huye", title="Projet", call="Généraliste 2025", region="", departement="",
                 country="", amount=""):
    return [region, departement, lead, partners, title, call, country, amount, ""]


def preview_of(tmp_path, rows, campaign, name="nationale.csv", **options):
    return import_preview(path=write_csv(tmp_path / name, rows, headings=NATIONAL), campaign=campaign, **options)


@pytest.mark.parametrize("region,departement", [
    ("La Réunion", ""), ("Réunion", ""), ("04", ""), ("", "974"), ("", "La Réunion"), ("", "Réunion (974)"),
])
def test_a_rows_own_region_or_departement_decides_a_homonym(campaign, tmp_path, region, departement):
    rows = [national_row("Saint-Denis", region=region, departement=departement),
            national_row("Saint-Denis", title="Autre projet")]
    with_place, without = preview_of(tmp_path, rows, campaign).rows
    assert (with_place.status, with_place.lead.match.code) == ("resolved", "97411")
    assert without.status == "ambiguous"
    assert {c.code for c in without.lead.candidates} >= {"93066", "97411"}


def test_a_place_that_names_nothing_is_said_in_the_preview(campaign, tmp_path, capsys):
    path = write_csv(tmp_path / "nationale.csv", [national_row("Castres", region="Atlantide")], headings=NATIONAL)
    call_command("import_laureates", str(path), "--campaign", "2025", "--dry-run")
    out = capsys.readouterr().out
    assert "non compris : région « Atlantide » : nom ou code inconnu, ligne lue sans cette indication" in out
    assert "Colonnes non lues : « Observations »" in out


def test_a_partner_country_column_gives_the_country_the_cell_does_not(campaign, tmp_path):
    rows = [national_row("Castres", partners="Gandon", country="Sénégal"),
            national_row("Toulouse", partners="Montreux, Bohicon", country="Suisse, Bénin"),
            national_row("Sicoval", partners="Namur (Belgique)", country="Sénégal", title="P3"),
            national_row("Albi", partners="Kharas", call="Franco-palestinien 2025", title="P4")]
    plans = preview_of(tmp_path, rows, campaign).rows
    assert [[(p.name, p.country) for p in plan.partners] for plan in plans] == [
        [("Gandon", "SN")], [("Montreux", "CH"), ("Bohicon", "BJ")], [("Namur", "BE")], [("Kharas", "PS")]]


@pytest.mark.parametrize("published,amount", [
    ("34 000", "34000.00"), ("34\u202f000,00\u00a0€", "34000.00"), ("34.000", "34000.00"),
    ("34 000,5 €", "34000.50"), ("", None), ("–", None),
])
def test_an_amount_column_becomes_the_granted_amount(campaign, tmp_path, published, amount):
    preview = preview_of(tmp_path, [national_row("Castres", amount=published)], campaign)
    import_commit(preview=preview)
    granted = Application.objects.get().granted_amount
    assert granted == (Decimal(amount) if amount else None)


def test_an_unreadable_amount_is_refused_with_file_row_column_and_why(campaign, tmp_path):
    rows = [national_row("Castres"), national_row("Albi", amount="environ 30 k€")]
    with pytest.raises(ImportFailure) as failure:
        preview_of(tmp_path, rows, campaign)
    assert [str(e) for e in failure.value.errors] == [
        "nationale.csv, ligne 3, colonne « Cofinancement MEAE (€) » : montant illisible « environ 30 k€ » "
        "(attendu par exemple « 34 000 » ou « 34 000,00 € »)"]
    assert not Application.objects.exists()


def test_a_known_laureate_gains_what_the_new_list_adds_and_the_preview_says_so(campaign, occitanie, tmp_path,
                                                                              capsys):
    import_commit(preview=import_preview(path=write_csv(tmp_path / "reseau.csv", ROWS), campaign=campaign,
                                         region=occitanie))
    sicoval = Application.objects.get(lead_name="Sicoval")
    assert sicoval.granted_amount is None
    gandon = sicoval.partnerships.get()
    # The network's list said « Gandon » under a call without country: recorded without one.
    Partnership.objects.filter(pk=gandon.pk).update(
        foreign_authority=gandon.foreign_authority.__class__.objects.create(name="Gandon", key="gandon"))
    national = [national_row("Sicoval", partners="Gandon", title=ROWS[2][2], call="Franco-sénégalais 2025",
                             country="Sénégal", amount="34 000", region="Occitanie"),
                national_row("Castres", partners=ROWS[0][1], title=ROWS[0][2], amount="")]
    path = write_csv(tmp_path / "nationale.csv", national, headings=NATIONAL)
    call_command("import_laureates", str(path), "--campaign", "2025")
    out = capsys.readouterr().out
    assert "déjà connu · ajoute : montant 34\u00a0000\u00a0€, pays de Gandon : Sénégal" in out
    assert "Enregistré : 0 lauréat(s) nouveau(x), 2 déjà connu(s)." in out
    sicoval.refresh_from_db()
    assert sicoval.granted_amount == Decimal("34000.00")
    assert [(p.name, p.foreign_authority.country_id) for p in sicoval.partnerships.all()] == [("Gandon", "SN")]


def test_a_value_that_contradicts_the_record_is_kept_for_a_person_not_written(campaign, tmp_path, capsys,
                                                                            admin_client):
    first = [national_row("Castres", partners="Huye (Rwanda)", amount="30 000")]
    import_commit(preview=preview_of(tmp_path, first, campaign, name="premiere.csv"))
    second = [national_row("Castres", partners="Huye (Burundi)", amount="34 000")]
    path = write_csv(tmp_path / "seconde.csv", second, headings=NATIONAL)
    call_command("import_laureates", str(path), "--campaign", "2025")
    out = capsys.readouterr().out
    assert ("désaccord : montant enregistré 30\u00a0000\u00a0€, cette liste 34\u00a0000\u00a0€ "
            "(non remplacé)") in out
    assert "désaccord : pays de Huye enregistré RW, cette liste BI (non remplacé)" in out
    assert "1 ligne(s) en désaccord avec l'enregistré, à trancher : /admin/ingest/importrow/?desaccord=oui" in out
    castres = Application.objects.get()
    assert castres.granted_amount == Decimal("30000.00")
    assert [p.foreign_authority.country_id for p in castres.partnerships.all()] == ["RW"]
    row = ImportRow.objects.get(batch__file_name="seconde.csv")
    assert row.conflicts == {"granted_amount": {"recorded": "30000.00", "published": "34000.00"},
                             "partners": [{"name": "Huye", "recorded": "RW", "published": "BI"}]}
    page = admin_client.get("/admin/ingest/importrow/?desaccord=oui").content.decode()
    assert "seconde.csv, ligne 2" in page and "premiere.csv, ligne 2" not in page
    assert "cette liste 34\u00a0000\u00a0€" in page


def test_a_row_repeated_in_one_file_is_a_duplicate_of_that_row(campaign, occitanie, tmp_path, capsys):
    rows = [ROWS[0], ROWS[1], ["Ville de Castres", *ROWS[0][1:]], ROWS[2]]
    path = write_csv(tmp_path / "liste.csv", rows)
    call_command("import_laureates", str(path), "--campaign", "2025", "--region", "76")
    out = capsys.readouterr().out
    assert "  ligne 4 : même lauréat que la ligne 2 · " in out
    assert "déjà connu" not in out.split("Enregistré")[0]
    assert "Enregistré : 3 lauréat(s) nouveau(x), 0 déjà connu(s), 1 ligne(s) en double." in out
    assert Application.objects.count() == 3
    assert ImportRow.objects.filter(row_number=4).get().application.lead_name == "Castres"


def test_a_repeat_of_a_known_laureate_is_a_duplicate_and_its_disagreement_names_the_row(campaign, tmp_path,
                                                                                        capsys):
    import_commit(preview=preview_of(tmp_path, [national_row("Castres")], campaign, name="premiere.csv"))
    rows = [national_row("Castres", amount="20 000"), national_row("Albi"), national_row("Castres", amount="21 000")]
    path = write_csv(tmp_path / "seconde.csv", rows, headings=NATIONAL)
    call_command("import_laureates", str(path), "--campaign", "2025")
    out = capsys.readouterr().out
    assert "ligne 2 · Castres" in out and "déjà connu · ajoute : montant 20\u00a0000\u00a0€" in out
    assert ("ligne 4 : même lauréat que la ligne 2 · Castres" in out and "désaccord : montant lu ligne 2 "
            "20\u00a0000\u00a0€, cette ligne 21\u00a0000\u00a0€ (non remplacé)" in out)
    assert "Enregistré : 1 lauréat(s) nouveau(x), 1 déjà connu(s), 1 ligne(s) en double." in out
    assert Application.objects.get(lead_name="Castres").granted_amount == Decimal("20000.00")


def test_the_same_file_again_stops_before_its_preview_unless_its_laureates_were_deleted(
        campaign, occitanie, tmp_path, capsys):
    path = write_csv(tmp_path / "liste.csv", ROWS)
    call_command("import_laureates", str(path), "--campaign", "2025", "--region", "76")
    capsys.readouterr()
    call_command("import_laureates", str(path), "--campaign", "2025", "--region", "76")
    out = capsys.readouterr().out
    assert "déjà été importé" in out and "Castres →" not in out
    Application.objects.filter(lead_name="Barjac").delete()
    after_delete = counts()
    call_command("import_laureates", str(path), "--campaign", "2025", "--region", "76")
    out = capsys.readouterr().out
    assert "Enregistré : 1 lauréat(s) nouveau(x), 2 déjà connu(s)." in out
    assert Application.objects.filter(lead_name="Barjac").exists()
    assert counts()[0] == after_delete[0] + 1 and ImportBatch.objects.count() == 2


def test_the_resolver_is_told_where_each_name_was_published(campaign, occitanie, tmp_path):
    labelled = import_preview(path=write_csv(tmp_path / "liste.csv", ROWS), campaign=campaign, region=occitanie,
                              source_label="Occitanie Coopération, 8 septembre 2025")
    assert [row.context for row in labelled.rows] == [
        ResolutionContext(publisher="Occitanie Coopération, 8 septembre 2025", region="76",
                          partner_country=None, partner="District de Huyé"),
        ResolutionContext(publisher="Occitanie Coopération, 8 septembre 2025", region="76",
                          partner_country="PS", partner="Kharas"),
        ResolutionContext(publisher="Occitanie Coopération, 8 septembre 2025", region="76",
                          partner_country="SN", partner="Gandon"),
    ]
    unlabelled = import_preview(path=write_csv(tmp_path / "autre.csv", ROWS[1:2]), campaign=campaign)
    assert unlabelled.rows[0].context == ResolutionContext(publisher="autre.csv", region=None,
                                                           partner_country="PS", partner="Kharas")
    result = import_commit(preview=unlabelled)
    assert result.batch.rows.get().resolution["context"] == {
        "publisher": "autre.csv", "region": None, "partner_country": "PS", "partner": "Kharas"}
