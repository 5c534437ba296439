"""Import of laureates lists published as PDF tables, on PDFs laid out here by WeasyPrint."""
from functools import cache
from itertools import cycle, islice

import pytest
from django.core.management import CommandError, call_command

from coopdec.applications.models import Application
from coopdec.ingest.models import ImportBatch, ImportRow
from coopdec.ingest.readers import column_of, read_table
from coopdec.ingest.services import ImportFailure, import_commit, import_preview
from tests import factories
from tests.readers.pdfs import bare_pdf, pages_beginning_with_a_cut_row, table_pdf, tables_as_drawn, text_pdf
from tests.ingest.test_import import HEADINGS, SEED, counts, write_csv

COLUMNS = ("lead", "partners", "title", "call")
# The seed page's six laureates (Castres, Montpellier Méditerranée Métropole, Barjac, Sicoval,
# Toulouse…), numbered into 80 distinct projects: a national list's length, over several pages.
SEED_ROWS = [[row.cells[c] for c in COLUMNS] for row in read_table(SEED).rows]
ROWS = [[lead, partners, f"Projet n° {n} — {title}", call]
        for n, (lead, partners, title, call) in enumerate(islice(cycle(SEED_ROWS), 80), start=1)]
WIDTHS = ("20%", "25%", "35%", "20%")


def cells_of(rows):
    return [[row.cells[c] for c in COLUMNS] for row in rows]


@pytest.fixture(scope="module")
def header_on_every_page():
    return table_pdf(ROWS, HEADINGS, widths=WIDTHS)


@pytest.fixture(scope="module")
def header_once():
    return table_pdf(ROWS, HEADINGS, widths=WIDTHS, repeat_header=False)


def saved(path, pdf):
    path.write_bytes(pdf)
    return path


def test_the_renderings_wrap_cells_and_cut_rows_at_page_breaks(header_on_every_page, header_once):
    """What the reader is up against, so that the tests below prove something."""
    for pdf in (header_on_every_page, header_once):
        pages = tables_as_drawn(pdf)
        cells = [cell or "" for tables in pages for table in tables for row in table for cell in row]
        assert len(pages) >= 3
        assert sum("\n" in cell for cell in cells) > 80
        assert any("multi-\nsecteur" in cell for cell in cells)
    assert pages_beginning_with_a_cut_row(header_on_every_page) >= 1


@pytest.mark.parametrize("rendering", ["header_on_every_page", "header_once"])
def test_a_table_over_several_pages_gives_every_row_once_in_order(rendering, request, campaign, occitanie,
                                                                  tmp_path):
    path = saved(tmp_path / "laureats-2025.pdf", request.getfixturevalue(rendering))
    preview = import_preview(path=path, campaign=campaign, region=occitanie)
    assert preview.format == "pdf"
    # Wrapped cells joined with a space (or nothing after a hyphen), accents and ’ kept,
    # repeated headers dropped, rows cut by a page break joined again.
    assert cells_of(preview.rows) == ROWS
    assert [row.number for row in preview.rows] == list(range(2, 82))
    assert {row.number.page for row in preview.rows} >= {1, 2, 3}
    assert (preview.count("resolved"), preview.count("ambiguous"), preview.count("unknown")) == (67, 13, 0)


def test_pdf_import_commits_once_then_the_same_rows_change_nothing(campaign, tmp_path, capsys,
                                                                   header_on_every_page, header_once):
    path = saved(tmp_path / "laureats-2025.pdf", header_on_every_page)
    call_command("import_laureates", str(path), "--campaign", "2025", "--region", "76")
    assert "Enregistré : 80 lauréat(s) nouveau(x), 0 déjà connu(s)." in capsys.readouterr().out
    after = counts()
    batch = ImportBatch.objects.get()
    assert batch.format == "pdf"
    assert list(batch.rows.values_list("row_number", flat=True)) == list(range(2, 82))
    assert Application.objects.get(title=ROWS[-1][2]).lead_name == ROWS[-1][0]

    call_command("import_laureates", str(path), "--campaign", "2025", "--region", "76")
    assert "déjà été importé" in capsys.readouterr().out
    assert counts() == after and ImportBatch.objects.count() == 1

    other = saved(tmp_path / "laureats-2025-v2.pdf", header_once)
    result = import_commit(preview=import_preview(path=other, campaign=campaign, region=batch.region))
    assert (result.created, result.known) == (0, 80)
    assert counts()[:3] == after[:3]


def test_a_csv_then_a_pdf_of_the_same_rows_find_the_same_laureates(campaign, occitanie, tmp_path,
                                                                   header_once):
    first = import_commit(preview=import_preview(path=write_csv(tmp_path / "laureats.csv", ROWS),
                                                 campaign=campaign, region=occitanie))
    assert first.created == 80
    laureates, partnerships, partners, _ = counts()
    result = import_commit(preview=import_preview(path=saved(tmp_path / "laureats.pdf", header_once),
                                                  campaign=campaign, region=occitanie))
    assert (result.created, result.known) == (0, 80)
    assert counts()[:3] == (laureates, partnerships, partners)


NATIONAL_HEADINGS = ["Région", "Département", "Collectivité française", "Pays",
                     "Collectivité(s) étrangère(s) partenaire(s)", "Intitulé du projet", "Appel à projets",
                     "Montant accordé (€)"]


@pytest.mark.parametrize("heading,column", [
    ("Région", "region"), ("Département", "departement"), ("Pays", "partner_country"),
    ("Pays partenaire", "partner_country"), ("Montant accordé (€)", "amount"), ("Subvention MEAE", "amount"),
    ("Cofinancement MEAE (€)", "amount"), ("Montant", "amount"), ("Coût total du projet (€)", None),
    ("Budget du projet", None), ("Observations", None),
])
def test_columns_of_national_lists_are_read(heading, column):
    assert column_of(heading) == column


def test_national_list_with_more_columns_and_sections_reads_its_four(campaign, tmp_path):
    places = {"Castres": ("Occitanie", "Tarn", "Rwanda"),
              "Sicoval": ("Occitanie", "Haute-Garonne", "Sénégal"),
              "Toulouse": ("Occitanie", "Haute-Garonne", "Suisse")}
    rows = [SEED_ROWS[0], SEED_ROWS[4], SEED_ROWS[5]]
    national = [[*places[r[0]][:2], r[0], places[r[0]][2], r[1], r[2], r[3], "25 000"] for r in rows]
    pdf = table_pdf(national, NATIONAL_HEADINGS, sections={0: "Occitanie", 2: "Occitanie (suite)"})
    preview = import_preview(path=saved(tmp_path / "liste-nationale.pdf", pdf), campaign=campaign)
    assert cells_of(preview.rows) == rows
    assert [row.lead.match.code for row in preview.rows] == ["81065", "243100633", "31555"]


@pytest.mark.parametrize("repeat_header,lines", [(True, (2, 3)), (False, (1, 2))])
def test_errors_name_the_page_and_the_line_of_the_table(campaign, tmp_path, repeat_header, lines):
    rows = [list(row) for row in ROWS[:6]]
    rows[1][2] = ""  # page 1: no title
    rows[3][3] = ""  # first row of page 2, no call: an error, not the rest of the row above
    rows[4][3] = "Jeunesse 2025"  # no such call
    pdf = table_pdf(rows, HEADINGS, repeat_header=repeat_header, breaks_before={3})
    before = counts()
    with pytest.raises(ImportFailure) as failure:
        import_preview(path=saved(tmp_path / "liste.pdf", pdf), campaign=campaign)
    messages = [str(error) for error in failure.value.errors]
    assert messages[:2] == [
        "liste.pdf, page 1, ligne 3 du tableau, colonne « Intitulé du projet » : cellule vide",
        f"liste.pdf, page 2, ligne {lines[0]} du tableau, colonne « Appels à projets » : cellule vide",
    ]
    assert messages[2].startswith(
        f"liste.pdf, page 2, ligne {lines[1]} du tableau, colonne « Appels à projets » : aucun appel")
    assert len(messages) == 3 and counts() == before


def test_earlier_campaigns_are_loaded_the_same_way(db, tmp_path, capsys):
    campaign_2023 = factories.campaign(2023)
    factories.call("Généraliste 2023", campaign_obj=campaign_2023)
    rows = [[lead, partners, title, "Généraliste 2023"] for lead, partners, title, _call in SEED_ROWS[:2]]
    path = saved(tmp_path / "laureats-2023.pdf", table_pdf(rows, HEADINGS))
    call_command("import_laureates", str(path), "--campaign", "2023")
    assert "Enregistré : 2 lauréat(s) nouveau(x)" in capsys.readouterr().out
    assert set(Application.objects.values_list("call__campaign__year", flat=True)) == {2023}


@cache
def _small_table():
    return table_pdf(SEED_ROWS[:3], HEADINGS)


@pytest.mark.parametrize("make,reason", [
    (lambda: "Collectivité française,Intitulé du projet\nCastres,Projet\n".encode(),
     "mauvais.pdf : ce fichier n'est pas un PDF : c'est du texte"),
    (lambda: _small_table()[: len(_small_table()) // 2],
     "mauvais.pdf : PDF illisible : le fichier est tronqué"),
    # Bytes of the page's drawing zeroed out.
    (lambda: _small_table()[:600] + bytes(3000) + _small_table()[3600:], "mauvais.pdf : PDF illisible ("),
    (lambda: bare_pdf(password_protected=True), "mauvais.pdf : PDF protégé par un mot de passe"),
    (bare_pdf, "mauvais.pdf : aucun tableau de lauréats trouvé : le PDF ne contient aucun texte"),
    (lambda: text_pdf("Les lauréats seront publiés prochainement."),
     "mauvais.pdf : aucun tableau de lauréats trouvé : le PDF ne contient aucun tableau à filets"),
    (lambda: table_pdf([["1", "2"], ["3", "4"]], ["Année", "Dossiers reçus"]),
     "mauvais.pdf : aucun tableau de lauréats trouvé (colonnes attendues"),
    (lambda: table_pdf([r[:1] + r[2:] for r in SEED_ROWS], HEADINGS[:1] + HEADINGS[2:]),
     "mauvais.pdf, page 1, ligne 1 du tableau : colonne manquante : « collectivité(s) étrangère(s) "
     "partenaire(s) »"),
], ids=["pas-un-pdf", "tronque", "abime", "protege", "page-blanche", "sans-tableau", "autre-tableau",
        "colonne-manquante"])
def test_malformed_pdf_is_refused_whole_with_a_clear_reason(campaign, tmp_path, make, reason):
    path = saved(tmp_path / "mauvais.pdf", make())
    before = counts()
    with pytest.raises(CommandError) as error:
        call_command("import_laureates", str(path), "--campaign", "2025")
    assert reason in str(error.value)
    assert counts() == before and not ImportBatch.objects.exists() and not ImportRow.objects.exists()
