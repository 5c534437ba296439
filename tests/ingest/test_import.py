"""Import of published laureates lists, on the real geography loaded for the session."""
import shutil

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from coopdec.applications.models import Application, Partnership
from coopdec.calls.models import Call
from coopdec.ingest.models import ImportBatch, ImportRow
from coopdec.ingest.services import ImportFailure, import_commit, import_preview
from coopdec.territories.models import ForeignAuthority

SEED = settings.BASE_DIR / "data" / "demo" / "seed-occitanie-laureates-2025.txt"
HEADINGS = ["Collectivité française", "Collectivité(s) étrangère(s) partenaire(s)",
            "Intitulé du projet", "Appels à projets"]
ROWS = [
    ["Castres", "District de Huyé (Rwanda)", "Développement multi-secteur dans le District de Huyé",
     "Généraliste 2025"],
    ["Barjac", "Kharas", "Gire en jeu", "Franco-palestinien 2025"],
    ["Sicoval", "Gandon", "Renforcement de la gouvernance des collectivités territoriales",
     "Franco-sénégalais 2025"],
]


def write_csv(path, rows, headings=HEADINGS, sep=","):
    import csv
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=sep)
        writer.writerow(headings)
        writer.writerows(rows)
    return path


def write_html(path, rows, headings=HEADINGS):
    head = "".join(f"<th>{h}</th>" for h in headings)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    path.write_text(
        "<html><body><h1>Lauréats</h1><table><tr><td>menu</td></tr></table>"
        f"<p>Texte</p><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>",
        encoding="utf-8",
    )
    return path


def write_xlsx(path, rows, headings=HEADINGS):
    book = Workbook()
    sheet = book.active
    sheet.append(["Lauréats 2025 — Occitanie"])
    sheet.append([])
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def counts():
    return (Application.objects.count(), Partnership.objects.count(), ForeignAuthority.objects.count(),
            ImportRow.objects.count())


def test_seed_page_imports_its_six_laureates(campaign, occitanie, tmp_path):
    seed = shutil.copy(SEED, tmp_path / "seed.txt")
    result = import_commit(preview=import_preview(path=seed, campaign=campaign, region=occitanie))
    assert result.created == 6
    laureates = Application.objects.filter(call__campaign=campaign, decision="retenu")
    assert laureates.count() == 6
    castres = laureates.get(lead_name="Castres")
    assert (castres.lead_authority.code, castres.departement.code) == ("81065", "81")
    assert [(p.foreign_authority.name, p.foreign_authority.country_id) for p in castres.partnerships.all()] \
        == [("District de Huyé", "RW")]
    barjac = laureates.get(lead_name="Barjac")
    assert barjac.lead_authority is None and barjac.region_id == "76"
    assert barjac.import_rows.get().status == "ambiguous"
    assert {c["code"] for c in barjac.import_rows.get().resolution["candidates"]} == {"09037", "30029", "48018"}
    assert barjac.partnerships.get().foreign_authority.country_id == "PS"
    # One body under two names on the same page: both rows point at the same official authority.
    montpellier = laureates.filter(lead_name__startswith="Montpellier")
    assert {a.lead_authority.code for a in montpellier} == {"243400017"}
    toulouse = laureates.get(lead_name="Toulouse")
    assert toulouse.call.kind == Call.Kind.AMI
    assert [p.foreign_authority.country_id for p in toulouse.partnerships.all()] == ["CH", "CH", "BE", "RO", "CA", "BJ"]
    assert laureates.get(lead_name="Sicoval").lead_authority.code == "243100633"


@pytest.mark.parametrize("writer,suffix", [(write_csv, "csv"), (write_html, "html"), (write_xlsx, "xlsx")])
def test_each_format_reads_the_columns_by_heading(campaign, occitanie, tmp_path, writer, suffix):
    shuffled = [HEADINGS[2], HEADINGS[0], HEADINGS[3], HEADINGS[1]]
    rows = [[r[2], r[0], r[3], r[1]] for r in ROWS]
    path = writer(tmp_path / f"liste.{suffix}", rows, headings=shuffled)
    preview = import_preview(path=path, campaign=campaign, region=occitanie)
    assert [r.cells["lead"] for r in preview.rows] == ["Castres", "Barjac", "Sicoval"]
    assert (preview.count("resolved"), preview.count("ambiguous"), preview.count("unknown")) == (2, 1, 0)


def test_dry_run_writes_nothing(campaign, tmp_path, capsys):
    path = write_csv(tmp_path / "liste.csv", ROWS)
    before = counts()
    call_command("import_laureates", str(path), "--campaign", "2025", "--region", "76", "--dry-run")
    out = capsys.readouterr().out
    assert "3 ligne(s) : 2 résolue(s), 1 ambiguë(s), 0 inconnue(s)" in out
    assert "rien n'a été enregistré" in out
    assert counts() == before and not ImportBatch.objects.exists()


def test_same_file_twice_creates_nothing_new(campaign, tmp_path, capsys):
    path = write_csv(tmp_path / "liste.csv", ROWS)
    call_command("import_laureates", str(path), "--campaign", "2025", "--region", "76")
    after_first = counts()
    call_command("import_laureates", str(path), "--campaign", "2025", "--region", "76")
    assert "déjà été importé" in capsys.readouterr().out
    assert counts() == after_first
    assert ImportBatch.objects.count() == 1


def test_another_rendering_of_the_same_rows_creates_no_laureate(campaign, occitanie, tmp_path):
    import_commit(preview=import_preview(path=write_csv(tmp_path / "a.csv", ROWS), campaign=campaign,
                                         region=occitanie))
    laureates, partnerships, partners, _ = counts()
    # Same rows, as an HTML page, names written otherwise: accents, case, spacing, prefixes.
    variant = [["Ville de Castres", "District de Huye (Rwanda)",
                "Développement multi-secteur dans le district de Huyé", "généraliste 2025"],
               ["Barjac", "Kharas", "GIRE en jeu", "Franco-Palestinien 2025"],
               ["CA du Sicoval", "Gandon", "Renforcement de la gouvernance des collectivités territoriales",
                "Franco-sénégalais 2025"]]
    result = import_commit(preview=import_preview(path=write_html(tmp_path / "b.html", variant),
                                                  campaign=campaign, region=occitanie))
    assert (result.created, result.known) == (0, 3)
    assert counts()[:3] == (laureates, partnerships, partners)


def test_a_confirmed_choice_is_remembered_for_the_next_import(campaign, occitanie, tmp_path, admin_user):
    from coopdec.applications.services import application_lead_confirm
    from coopdec.territories.models import Authority

    import_commit(preview=import_preview(path=write_csv(tmp_path / "a.csv", ROWS[1:2]),
                                         campaign=campaign, region=occitanie))
    barjac = Application.objects.get(lead_name="Barjac")
    gard = Authority.objects.get(kind="commune", code="30029")
    application_lead_confirm(application=barjac, authority=gard, user=admin_user)
    barjac.refresh_from_db()
    assert (barjac.lead_authority, barjac.departement_id) == (gard, "30")
    assert barjac.import_rows.get().reviewed_by == admin_user
    # Another rendering of the row (the same file would stop before its preview: already imported).
    preview = import_preview(path=write_html(tmp_path / "b.html", ROWS[1:2]), campaign=campaign,
                             region=occitanie)
    assert preview.rows[0].lead.match.code == "30029"
    assert import_commit(preview=preview).created == 0


def test_review_screen_lists_candidates_and_saves_the_pick(campaign, occitanie, tmp_path, admin_client):
    import_commit(preview=import_preview(path=write_csv(tmp_path / "a.csv", ROWS[1:2]),
                                         campaign=campaign, region=occitanie))
    barjac = Application.objects.get(lead_name="Barjac")
    url = f"/admin/applications/application/{barjac.pk}/resoudre/"
    page = admin_client.get(url).content.decode()
    assert "Gard" in page and "Lozère" in page and "Ariège" in page
    assert admin_client.post(url, {"candidate": "commune:48018"}).status_code == 302
    barjac.refresh_from_db()
    assert barjac.lead_authority.code == "48018"


def test_admin_changelist_shows_pending_laureates(campaign, occitanie, tmp_path, admin_client,
                                                   django_assert_max_num_queries):
    import_commit(preview=import_preview(path=write_csv(tmp_path / "a.csv", ROWS), campaign=campaign,
                                         region=occitanie))
    with django_assert_max_num_queries(12):
        page = admin_client.get("/admin/applications/application/?lead=pending").content.decode()
    assert "Barjac" in page and "à confirmer" in page and "Castres" not in page


@pytest.mark.parametrize("content,reason", [
    (b"", "le fichier est vide"),
    (b"a,b,c\n1,2,3\n", "aucun tableau de lauréats trouvé"),
    ("Collectivité française,Intitulé du projet,Appels à projets\nCastres,X,Généraliste 2025\n".encode(),
     "colonne manquante : « collectivité(s) étrangère(s) partenaire(s) »"),
    ("Collectivité française,Partenaires,Intitulé du projet,Appels à projets\nCastres,Huye,Projet,Généraliste 2025\n"
     .encode() + b"\x81\xff\n", "ligne 3 : encodage inconnu (octet 0x81 illisible en UTF-8 comme en Windows-1252)"),
    ("Collectivité française,Partenaires,Intitulé du projet,Appels à projets\nCastres,Huye,Projet,Jeunesse 2025\n"
     .encode(), "ligne 2, colonne « Appels à projets »"),
    ("Collectivité française,Partenaires,Intitulé du projet,Appels à projets\nCastres,Huye,,Généraliste 2025\n"
     .encode(), "ligne 2, colonne « Intitulé du projet » : cellule vide"),
])
def test_bad_input_is_refused_whole_with_file_row_and_reason(campaign, tmp_path, content, reason):
    path = tmp_path / "mauvais.csv"
    path.write_bytes(content)
    before = counts()
    with pytest.raises(CommandError) as error:
        call_command("import_laureates", str(path), "--campaign", "2025")
    assert "mauvais.csv" in str(error.value) and reason in str(error.value)
    assert counts() == before and not ImportBatch.objects.exists()


def test_one_bad_row_among_good_ones_writes_nothing(campaign, occitanie, tmp_path):
    rows = ROWS + [["Toulouse", "Bohicon (Bénin)", "Projet", "Appel inexistant 2025"]]
    with pytest.raises(ImportFailure) as failure:
        import_preview(path=write_csv(tmp_path / "l.csv", rows), campaign=campaign, region=occitanie)
    assert [e.row for e in failure.value.errors] == [5]
    assert not Application.objects.exists()


def test_html_page_without_table_and_unknown_format(campaign, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Pas de tableau</p></body></html>", encoding="utf-8")
    with pytest.raises(CommandError, match="page.html : aucun tableau ni liste de lauréats trouvés"):
        call_command("import_laureates", str(page), "--campaign", "2025")
    other = tmp_path / "liste.odt"
    other.write_bytes(b"x")
    with pytest.raises(CommandError, match="format non pris en charge"):
        call_command("import_laureates", str(other), "--campaign", "2025")


def test_unknown_campaign_or_region(campaign, tmp_path):
    path = write_csv(tmp_path / "l.csv", ROWS)
    with pytest.raises(CommandError, match="campagne 1999 inconnue"):
        call_command("import_laureates", str(path), "--campaign", "1999")
    with pytest.raises(CommandError, match="région « 99 » inconnue"):
        call_command("import_laureates", str(path), "--campaign", "2025", "--region", "99")


def test_cells_wrapped_over_lines_in_html_are_joined(campaign, occitanie, tmp_path):
    path = write_html(tmp_path / "l.html", [["Castres", "District de<br>Huyé (Rwanda)",
                                             "Développement <em>multi-secteur</em>", "Généraliste 2025"]])
    row = import_preview(path=path, campaign=campaign, region=occitanie).rows[0]
    assert row.cells["partners"] == "District de Huyé (Rwanda)"
    assert row.cells["title"] == "Développement multi-secteur"



def test_preview_reads_the_database_a_fixed_number_of_times(campaign, occitanie, tmp_path,
                                                            django_assert_max_num_queries):
    import_preview(path=write_csv(tmp_path / "warm.csv", ROWS), campaign=campaign, region=occitanie)
    many = ROWS * 10
    many = [[lead, partners, f"{title} {n}", call] for n, (lead, partners, title, call) in enumerate(many)]
    # The file known or not, the calls, countries (names and lookup), régions, départements, and
    # the campaign's laureates with their partners and co-applicants: whatever the rows.
    with django_assert_max_num_queries(9):
        preview = import_preview(path=write_csv(tmp_path / "l.csv", many), campaign=campaign, region=occitanie)
    assert len(preview.rows) == 30


def _many(rows, copies):
    return [[lead, partners, f"{title} {n}", call] for n, (lead, partners, title, call) in
            enumerate(rows * copies)]


@pytest.mark.parametrize("copies", [1, 10])
def test_commit_writes_in_a_fixed_number_of_queries(campaign, occitanie, tmp_path, copies,
                                                    django_assert_max_num_queries):
    """A list of 30 rows commits in as many queries as one of 3 (it was a dozen a row)."""
    import_preview(path=write_csv(tmp_path / "warm.csv", ROWS), campaign=campaign, region=occitanie)
    preview = import_preview(path=write_csv(tmp_path / "l.csv", _many(ROWS, copies)), campaign=campaign,
                             region=occitanie)
    # Savepoint, batch, recorded laureates, place names, countries, partners found, created, their
    # links, co-applicants, rows; SQLite's bulk inserts come in batches of 999 values.
    with django_assert_max_num_queries(16):
        result = import_commit(preview=preview)
    assert result.created == 3 * copies


def test_the_search_text_an_import_writes_is_the_one_a_refresh_writes(campaign, occitanie, tmp_path):
    from coopdec.applications.services import application_search_refresh

    import_commit(preview=import_preview(path=write_csv(tmp_path / "a.csv", ROWS[:2]), campaign=campaign,
                                         region=occitanie))
    # A second list adds a row to a recorded laureate (a partner) and new ones.
    more = [ROWS[0][:1] + ["District de Huyé (Rwanda), Commune de Dakar (Sénégal)"] + ROWS[0][2:], *ROWS[1:]]
    import_commit(preview=import_preview(path=write_csv(tmp_path / "b.csv", more), campaign=campaign,
                                         region=occitanie))
    documents = dict(Application.objects.values_list("pk", "search_document"))
    assert len(documents) == 3 and all(documents.values())
    for application in Application.objects.all():
        application_search_refresh(application=application)
    assert dict(Application.objects.values_list("pk", "search_document")) == documents
    assert "Dakar" in Application.objects.get(title_key__startswith="developpement").search_document
