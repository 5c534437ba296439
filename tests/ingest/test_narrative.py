"""Narrative lists: laureates published as sentences, one per bullet, in a page or a text."""
import pytest
from django.core.management import CommandError, call_command

from coopdec.applications.models import Application
from coopdec.ingest.narrative import sentence_parts, split_parties
from coopdec.ingest.services import ImportFailure, import_preview

PAGE = """<!DOCTYPE html><html lang="fr"><body>
<nav><ul><li><a href="/">Accueil</a></li><li>Nos actions</li><li>Contact</li></ul></nav>
<h1>Les lauréats 2025 de la région</h1>
<p>Félicitations aux collectivités retenues !</p>
<h2>Appel à projets généraliste</h2>
<ul>
<li>– La Ville de Castres (Tarn) et le district de Huye (Rwanda), pour un projet de développement multi-secteur ;</li>
<li>La Ville de Lyon, la Métropole de Lyon et les communes de Dakar et de Rufisque (Sénégal), pour le projet
 d'appui à l'assainissement.</li>
</ul>
<p><strong>Lauréats du fonds conjoint franco-sénégalais</strong></p>
<ul>
<li>La Communauté d'agglomération du Sicoval et la commune de Gandon : projet « Gouvernance locale »</li>
</ul>
<footer><ul><li>Mentions légales</li><li>Plan du site</li></ul></footer>
</body></html>"""


def test_a_narrative_page_gives_authorities_co_applicants_partners_titles_and_calls(campaign, tmp_path, capsys):
    path = tmp_path / "actualite.html"
    path.write_text(PAGE, encoding="utf-8")
    preview = import_preview(path=path, campaign=campaign)
    castres, lyon, sicoval = preview.rows
    assert (castres.lead.match.code, castres.call.name, castres.cells["title"]) == (
        "81065", "Généraliste 2025", "Développement multi-secteur")
    assert [(p.name, p.country) for p in castres.partners] == [("district de Huye", "RW")]
    assert lyon.lead.match.code == "69123"
    assert [(name, r.match.code) for name, r in lyon.co_applicants] == [("Métropole de Lyon", "200046977")]
    assert [(p.name, p.country) for p in lyon.partners] == [("Dakar", "SN"), ("Rufisque", "SN")]
    assert lyon.cells["title"] == "Appui à l'assainissement"
    # The call from the heading above the list; the partner's country from the call.
    assert (sicoval.call.name, sicoval.lead.match.code) == ("Franco-sénégalais 2025", "243100633")
    assert [(p.name, p.country) for p in sicoval.partners] == [("commune de Gandon", "SN")]
    assert sicoval.cells["title"] == "Gouvernance locale"
    assert "liste rédigée" in preview.details

    call_command("import_laureates", str(path), "--campaign", "2025")
    out = capsys.readouterr().out
    assert "co-porteur Métropole de Lyon → résolue : epci 200046977" in out
    assert "intitulé : Appui à l'assainissement" in out
    lyon = Application.objects.get(lead_authority__code="69123")
    assert [(c.name, c.authority.code) for c in lyon.co_applicants.all()] == [("Métropole de Lyon", "200046977")]
    assert [c.state for c in lyon.co_applicants.all()] == ["confirme"]  # a published list: shown publicly
    assert Application.objects.count() == 3


TEXT = """Les lauréats de l'année

- La Ville de Castres (Tarn) et le district de Huye (Rwanda), pour un projet de développement multi-secteur
- La commune de Barjac (Gard) et la municipalité de Kharas (Palestine), pour un projet de gestion de l'eau
"""


def test_a_narrative_text_takes_its_call_from_the_option(campaign, tmp_path, capsys):
    path = tmp_path / "laureats.txt"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_laureates", str(path), "--campaign", "2025")
    assert ("laureats.txt, ligne 3, colonne « appel à projets » : aucun appel de la campagne 2025 ne correspond"
            in str(error.value))
    assert "indiquez l'appel de la liste (option --call)" in str(error.value)
    call_command("import_laureates", str(path), "--campaign", "2025", "--call", "Généraliste 2025")
    out = capsys.readouterr().out
    assert "ligne 4 · commune de Barjac (Gard) → résolue : commune 30029 Barjac" in out
    assert set(Application.objects.values_list("call__name", flat=True)) == {"Généraliste 2025"}


def test_a_sentence_not_understood_in_a_laureates_list_is_refused_with_its_place(campaign, tmp_path):
    path = tmp_path / "laureats.txt"
    path.write_text(TEXT + "- Et d'autres projets à venir\n", encoding="utf-8")
    with pytest.raises(ImportFailure) as failure:
        import_preview(path=path, campaign=campaign, call_name="Généraliste 2025")
    (error,) = failure.value.errors
    assert (error.row, error.reason.split(" (")[0]) == (5, "phrase non comprise : « Et d'autres projets à venir »")


@pytest.mark.parametrize("sentence,parties,title", [
    ("La Ville de Castres (Tarn) et le district de Huye (Rwanda), pour un projet de gestion de l'eau.",
     ("Ville de Castres (Tarn)", "district de Huye (Rwanda)"), "Gestion de l'eau"),
    ("La Communauté d'agglomération du Sicoval et la commune de Gandon (Sénégal) : projet « Gouvernance »",
     ("Communauté d'agglomération du Sicoval", "commune de Gandon (Sénégal)"), "Gouvernance"),
    ("Le Département du Gers et la région de Kayes (Mali) – Accès à l'eau potable",
     ("Département du Gers", "région de Kayes (Mali)"), "Accès à l'eau potable"),
    ("Accueil", None, None),
    ("Mentions légales : à lire", None, None),
])
def test_sentence_parts(sentence, parties, title):
    assert sentence_parts(sentence) == ((parties, title) if parties else None)


@pytest.mark.parametrize("parties,french,foreign", [
    (["Ville de X (Tarn)", "commune de Y (Sénégal)"], ["Ville de X (Tarn)"], "commune de Y (Sénégal)"),
    (["Ville de X", "commune de Y (Sénégal)"], ["Ville de X"], "commune de Y (Sénégal)"),
    (["Ville de A", "Ville de B (Tarn)", "communes de C", "D (Mali)"], ["Ville de A", "Ville de B (Tarn)"],
     "communes de C, D (Mali)"),
    (["Ville de A (Tarn)", "Kharas"], ["Ville de A (Tarn)"], "Kharas"),
    (["Saint-Denis (La Réunion)", "Moroni (Comores)"], ["Saint-Denis (La Réunion)"], "Moroni (Comores)"),
    (["Ville de Lyon", "Métropole de Lyon", "communes de Dakar", "de Rufisque (Sénégal)"],
     ["Ville de Lyon", "Métropole de Lyon"], "communes de Dakar, de Rufisque (Sénégal)"),
    (["Ville de Lyon", "Métropole de Lyon", "Kharas"], ["Ville de Lyon", "Métropole de Lyon"], "Kharas"),
    (["Ville de Lyon", "Métropole de Lyon"], ["Ville de Lyon"], "Métropole de Lyon"),
])
def test_split_parties_puts_french_first_and_partners_after(parties, french, foreign):
    countries, authorities = {"senegal", "mali", "comores"}, {"Ville de Lyon", "Métropole de Lyon", "Ville de A"}
    assert split_parties(parties, lambda text: text.lower().replace("é", "e") in countries,
                         lambda name: name in authorities) == (french, foreign)


def test_bold_headings_of_a_markdown_text_are_headings_not_bullets(campaign, tmp_path):
    path = tmp_path / "laureats.md"
    path.write_text("**Appel à projets généraliste**\n\n" + TEXT.split("\n", 2)[2], encoding="utf-8")
    preview = import_preview(path=path, campaign=campaign)
    assert {row.call.name for row in preview.rows} == {"Généraliste 2025"}


CMS_PAGE = """<html lang="fr"><body>
<h2>Appel à projets généraliste</h2>
<p>- La Ville de Castres (Tarn) et le district de Huye (Rwanda), pour un projet de développement multi-secteur<br>
– La commune de Saint-Affrique (Aveyron) et la commune de Tumaini (Tanzanie), pour un projet d'échanges scolaires<br />
- La Région Provence-Alpes-Côte d'Azur et la région de Tanger-Tétouan-Al Hoceïma (Maroc) : projet « Formation »</p>
</body></html>"""


def test_laureates_typed_as_dashes_inside_one_paragraph_are_one_row_each(campaign, tmp_path):
    path = tmp_path / "actualite.html"
    path.write_text(CMS_PAGE, encoding="utf-8")
    preview = import_preview(path=path, campaign=campaign, call_name="Généraliste 2025")
    assert [(row.number, row.lead.match.code, [(p.name, p.country) for p in row.partners], row.cells["title"])
            for row in preview.rows] == [
        (1, "81065", [("district de Huye", "RW")], "Développement multi-secteur"),
        (2, "12208", [("commune de Tumaini", "TZ")], "Échanges scolaires"),
        (3, "93", [("région de Tanger-Tétouan-Al Hoceïma", "MA")], "Formation"),
    ]


def test_a_text_exported_with_its_line_breaks_as_br_is_read_one_row_per_bullet(campaign, tmp_path):
    path = tmp_path / "laureats.txt"
    path.write_text("Les lauréats\n- La Ville de Castres (Tarn) et le district de Huye (Rwanda), pour un projet de "
                    "gestion de l'eau<br>- La commune de Barjac (Gard) et la municipalité de Kharas (Palestine), pour "
                    "un projet d'oléiculture\n", encoding="utf-8")
    preview = import_preview(path=path, campaign=campaign, call_name="Généraliste 2025")
    assert [(row.lead.match.code, row.cells["title"]) for row in preview.rows] == [
        ("81065", "Gestion de l'eau"), ("30029", "Oléiculture")]
