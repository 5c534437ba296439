"""Lists as they come: real web pages, Excel's habits, files that are no table (the limits of the
files themselves are the readers' own: tests/readers/)."""
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from coopdec.ingest.models import ImportBatch
from coopdec.ingest.readers import read_table
from coopdec.ingest.services import ImportFailure, import_commit, import_preview
from tests.ingest.test_import import HEADINGS, ROWS, counts, write_csv

# A network's page as its CMS writes it: doctype, comments (one inside the table), a processing
# instruction, scripts and styles, navigation lists, a table of figures before the laureates',
# markup nested in cells (links, <strong>, <br>, a list of partners).
REAL_PAGE = """<!DOCTYPE html>
<?xml version="1.0" encoding="utf-8"?>
<html lang="fr"><head><meta charset="utf-8"><title>Lauréats 2025</title>
<!-- Google tag --><script>window.dataLayer = [{"a": "<table>"}];</script>
<style>td { color: red } /* <tr> */</style></head>
<body>
<header><nav><ul><li><a href="/">Accueil</a></li><li><a href="/actus">Actualités</a></li></ul></nav></header>
<main>
<h1>Appels à projets 2025 : les lauréats</h1>
<!-- ancienne version du tableau supprimée -->
<table class="chiffres"><tr><th>Année</th><th>Dossiers reçus</th><th>Retenus</th></tr>
<tr><td>2025</td><td>158</td><td>91</td></tr></table>
<p>En région Occitanie, <strong>6 projets</strong> sont lauréats.</p>
<table class="laureats">
<thead><tr><th>Collectivité <br>française</th><th>Collectivité(s) étrangère(s) partenaire(s)</th>
<th>Intitulé du projet</th><th>Appels à projets</th><th>Observations</th></tr></thead>
<tbody>
<!-- ligne ajoutée le 8/9 -->
<tr><td><a href="https://www.ville-castres.fr"><strong>Castres</strong></a></td>
<td>District de<br>Huyé (Rwanda)</td>
<td>Développement <em>multi-secteur</em> dans le District de Huyé<script>track()</script></td>
<td>Généraliste 2025</td><td></td></tr>
<tr><td>Toulouse</td><td><ul><li>Montreux (Suisse)</li><li>Namur (Belgique)</li><li>Bohicon</li></ul></td>
<td>Podcast des Villes créatives</td><td>AMI Villes créatives de la Francophonie</td><td>à suivre</td></tr>
</tbody></table>
<footer><ul><li>Mentions légales</li></ul></footer>
</main></body></html>"""


def test_a_real_page_with_comments_scripts_and_nested_markup_imports(campaign, occitanie, tmp_path):
    path = tmp_path / "laureats.html"
    path.write_text(REAL_PAGE, encoding="utf-8")
    preview = import_preview(path=path, campaign=campaign, region=occitanie)
    castres, toulouse = preview.rows
    assert castres.cells == {"lead": "Castres", "partners": "District de Huyé (Rwanda)",
                             "title": "Développement multi-secteur dans le District de Huyé",
                             "call": "Généraliste 2025"}
    assert castres.lead.match.code == "81065"
    assert [(p.name, p.country) for p in toulouse.partners] == [
        ("Montreux", "CH"), ("Namur", "BE"), ("Bohicon", None)]
    # The column nobody reads is said, not dropped.
    assert preview.unread == ("Observations",)
    import_commit(preview=preview)
    assert ImportBatch.objects.get().rows.count() == 2


def test_a_comment_node_in_a_cell_does_not_crash_the_reader(campaign, tmp_path):
    """It did: a comment's tag is a function, not a string."""
    path = tmp_path / "page.html"
    path.write_text("<table><tr>" + "".join(f"<th>{h}<!-- x --></th>" for h in HEADINGS) + "</tr><tr>"
                    + "".join(f"<td><?php echo 1 ?>{c}</td>" for c in ROWS[0]) + "</tr></table>",
                    encoding="utf-8")
    assert read_table(path).rows[0].cells["lead"] == "Castres"


def test_a_page_with_one_table_per_call_reads_them_all(tmp_path):
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in HEADINGS) + "</tr>"
    tables = "".join(f"<h2>{row[3]}</h2><table>{head}<tr>" + "".join(f"<td>{c}</td>" for c in row)
                     + "</tr></table>" for row in ROWS)
    path = tmp_path / "page.html"
    path.write_text(f"<html><body>{tables}</body></html>", encoding="utf-8")
    table = read_table(path)
    assert [r.cells["lead"] for r in table.rows] == ["Castres", "Barjac", "Sicoval"]
    assert len({r.number for r in table.rows}) == 3


@pytest.mark.parametrize("encoding,sep,said", [
    ("cp1252", ";", ("encodage Windows-1252", "séparateur point-virgule (« ; »)")),
    ("utf-8-sig", ";", ("encodage UTF-8", "séparateur point-virgule (« ; »)")),
    ("utf-8", "\t", ("encodage UTF-8", "séparateur tabulation")),
    ("utf-16", "\t", ("encodage UTF-16", "séparateur tabulation")),
    ("utf-8", ",", ("encodage UTF-8", "séparateur virgule (« , »)")),
])
def test_csv_as_excel_saves_it_is_read_and_the_preview_says_how(campaign, occitanie, tmp_path, capsys,
                                                                encoding, sep, said):
    text = "\r\n".join(sep.join(row) for row in [HEADINGS, *ROWS]) + "\r\n"
    path = tmp_path / "liste.csv"
    path.write_bytes(text.encode(encoding))
    preview = import_preview(path=path, campaign=campaign, region=occitanie)
    assert preview.details == said
    assert [r.cells["title"] for r in preview.rows] == [r[2] for r in ROWS]
    call_command("import_laureates", str(path), "--campaign", "2025", "--dry-run")
    assert f"liste.csv (csv, {said[0]}, {said[1]})" in capsys.readouterr().out


def test_a_comma_inside_cells_does_not_make_the_semicolon_file_a_comma_file(campaign, occitanie, tmp_path):
    rows = [["Toulouse", "Montreux, Fribourg (Suisse), Namur (Belgique)", "Podcast, réunion", "Généraliste 2025"]]
    path = write_csv(tmp_path / "liste.csv", rows, sep=";")
    preview = import_preview(path=path, campaign=campaign, region=occitanie)
    assert preview.rows[0].cells["title"] == "Podcast, réunion"
    assert len(preview.rows[0].partners) == 3


def _book(path, sheets):
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_a_workbook_with_several_laureate_sheets_asks_which_one(campaign, occitanie, tmp_path, capsys):
    path = _book(tmp_path / "laureats.xlsx", {
        "Notes": [["Liste établie par le réseau"]],
        "2024": [HEADINGS, ROWS[0]],
        "2025": [HEADINGS, *ROWS],
    })
    with pytest.raises(CommandError, match="plusieurs feuilles contiennent un tableau de lauréats "
                                           "\\(« 2024 », « 2025 »\\) : choisissez-en une avec --sheet"):
        call_command("import_laureates", str(path), "--campaign", "2025")
    call_command("import_laureates", str(path), "--campaign", "2025", "--sheet", "2025", "--dry-run")
    out = capsys.readouterr().out
    assert "laureats.xlsx (xlsx, feuille « 2025 »)" in out and "3 ligne(s)" in out
    with pytest.raises(CommandError, match="pas de feuille « 2026 » \\(feuilles : « Notes », « 2024 », « 2025 »\\)"):
        call_command("import_laureates", str(path), "--campaign", "2025", "--sheet", "2026")


def test_one_laureate_sheet_among_others_is_found_and_named(campaign, occitanie, tmp_path):
    path = _book(tmp_path / "laureats.xlsx", {"Chiffres": [["Année", "Reçus"], [2025, 158]],
                                              "Lauréats": [["Lauréats 2025"], [], HEADINGS, *ROWS]})
    assert import_preview(path=path, campaign=campaign, region=occitanie).details == ("feuille « Lauréats »",)


PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def _zip(**files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("name,content,reason", [
    ("liste.csv", PNG, "liste.csv : ce fichier n'est pas un tableau : c'est une image PNG"),
    ("liste.xlsx", _zip(**{"notes.txt": "x"}), "liste.xlsx : ce fichier n'est pas un tableau : c'est une archive ZIP"),
    ("liste.csv", b"\xff\xd8\xff\xe0" + bytes(64), "ce fichier n'est pas un tableau : c'est une image JPEG"),
    ("liste.csv", b"PK\x03\x04" + bytes(30) + b"rien\x00\x00\x00" * 20, "ce fichier n'est pas un tableau : c'est"),
    ("liste.txt", b"Collectivit\x00\x00\x01\x02" * 50, "ce fichier n'est pas un tableau : c'est un fichier binaire"),
    ("liste.xlsx", "Collectivité française;Partenaires\n".encode(),
     "liste.xlsx : ce fichier n'est pas un XLSX : c'est du texte ; enregistrez-le avec l'extension .csv"),
])
def test_a_file_that_is_no_table_says_what_it_is(campaign, tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    before = counts()
    with pytest.raises(CommandError) as error:
        call_command("import_laureates", str(path), "--campaign", "2025")
    assert reason in str(error.value)
    assert counts() == before


def test_a_workbook_renamed_csv_is_read_as_a_workbook(campaign, occitanie, tmp_path):
    book = _book(tmp_path / "vrai.xlsx", {"Feuil1": [HEADINGS, *ROWS]})
    renamed = tmp_path / "liste.csv"
    renamed.write_bytes(book.read_bytes())
    assert import_preview(path=renamed, campaign=campaign, region=occitanie).format == "xlsx"


def test_nul_and_control_characters_are_dropped_at_import(campaign, occitanie, tmp_path):
    rows = [["Cas\x00tres", "District de Huyé\x07 (Rwanda)", "Développement\x1b multi-secteur\x00", "Généraliste 2025"]]
    path = write_csv(tmp_path / "liste.csv", rows)
    result = import_commit(preview=import_preview(path=path, campaign=campaign, region=occitanie))
    laureate = result.batch.rows.get().application
    assert (laureate.lead_name, laureate.title) == ("Castres", "Développement multi-secteur")
    assert laureate.partnerships.get().name == "District de Huyé"


@pytest.mark.parametrize("column,text,limit", [
    ("Intitulé du projet", "Projet " * 80, 500),
    ("Intitulé du projet", "Projet " * 800, "5\u00a0000"),  # beyond MAX_CELL_CHARS: refused by the reader
    ("Collectivité française", "Castres" + " x" * 200, 300),
    ("Collectivité(s) étrangère(s) partenaire(s)", "Huye" + "e" * 250 + " (Rwanda)", 200),
])
def test_texts_longer_than_the_records_hold_are_refused_in_the_preview(campaign, occitanie, tmp_path,
                                                                       column, text, limit):
    row = list(ROWS[0])
    row[HEADINGS.index(column)] = text
    with pytest.raises(ImportFailure) as failure:
        import_preview(path=write_csv(tmp_path / "liste.csv", [row]), campaign=campaign, region=occitanie)
    (error,) = failure.value.errors
    assert (error.row, error.field) == (2, column)
    assert error.reason.endswith(f"caractères ; {limit} au plus)")


def test_a_source_label_longer_than_its_column_is_refused_in_the_preview(campaign, tmp_path):
    with pytest.raises(CommandError, match="liste.csv : publication \\(--source-label\\) trop longue "
                                           "\\(250 caractères ; 200 au plus\\)"):
        call_command("import_laureates", str(write_csv(tmp_path / "liste.csv", ROWS)), "--campaign", "2025",
                     "--source-label", "x" * 250)
