"""What networks write about their members' external action: dash bullets inside one paragraph,
and sentences « La Ville de X (département) avec la commune de Y (pays) autour de … »."""
import pytest

from coopdec.ingest.atlas_text import ForeignParty, FrenchParty, atlas_sentence, bullet_items
from coopdec.ingest.selectors import places
from coopdec.readers.html import html_document, paragraphs
from coopdec.territories.country_names import country_lookup
from coopdec.territories.resolve import resolve_authority


# Bullets ---------------------------------------------------------------------------------------------

def test_dash_bullets_separated_by_line_breaks_in_one_paragraph_are_one_item_each():
    page = ("<html><body><h2>Nos adhérents à l'international</h2>"
            "<p>- Ville de Figeac (Lot) : jumelage avec Tombouctou (Mali)<br>"
            "- Département du Gers avec la région de Kédougou (Sénégal) autour de l'agriculture<br />"
            "– Ville de Saint-Affrique (Aveyron) avec Tumaini (Tanzanie) – échanges scolaires<br>"
            "— Région Provence-Alpes-Côte d'Azur avec la région de Tanger-Tétouan-Al Hoceïma (Maroc)<br>"
            "• La Ville de Rodez (Aveyron) avec la commune de Bamako (Mali)</p></body></html>").encode()
    [(text, heading)] = paragraphs(html_document("page.html", page))
    assert heading == "Nos adhérents à l'international"
    assert [b.text for b in bullet_items(text)] == [
        "Ville de Figeac (Lot) : jumelage avec Tombouctou (Mali)",
        "Département du Gers avec la région de Kédougou (Sénégal) autour de l'agriculture",
        "Ville de Saint-Affrique (Aveyron) avec Tumaini (Tanzanie) – échanges scolaires",
        "Région Provence-Alpes-Côte d'Azur avec la région de Tanger-Tétouan-Al Hoceïma (Maroc)",
        "La Ville de Rodez (Aveyron) avec la commune de Bamako (Mali)",
    ]


def test_dashes_inside_a_line_never_cut_it():
    text = ("- Ville de Saint-Affrique (Aveyron) - jumelage avec Tumaini (Tanzanie)\n"
            "- Communauté de communes Couserans-Pyrénées avec la commune de Kita (Mali) – santé — éducation")
    assert [b.text for b in bullet_items(text)] == [
        "Ville de Saint-Affrique (Aveyron) - jumelage avec Tumaini (Tanzanie)",
        "Communauté de communes Couserans-Pyrénées avec la commune de Kita (Mali) – santé — éducation",
    ]
    # A paragraph without line breaks is one item, whatever dashes it holds.
    assert [b.text for b in bullet_items("- Ville de Rodez - Ville de Millau - Ville de Figeac")] == [
        "Ville de Rodez - Ville de Millau - Ville de Figeac"]
    # Hyphenated words at the start of a line are no bullets.
    assert bullet_items("Saint-Affrique\n-Rodez") == []


def test_text_bullets_with_literal_br_wrapped_lines_and_headings():
    text = ("Coopérations de l'Aveyron\n"
            "- La Ville de Rodez (Aveyron) avec les communes de Bamako (Mali)<br>- La Ville de Millau (Aveyron)\n"
            "avec la commune de Ouahigouya (Burkina Faso)\n"
            "\n"
            "Coopérations du Lot\n"
            "* Ville de Figeac (Lot) : jumelage avec Tombouctou (Mali)\n")
    items = bullet_items(text)
    assert [(b.line, b.text, b.heading) for b in items] == [
        (2, "La Ville de Rodez (Aveyron) avec les communes de Bamako (Mali)", "Coopérations de l'Aveyron"),
        (2, "La Ville de Millau (Aveyron) avec la commune de Ouahigouya (Burkina Faso)", "Coopérations de l'Aveyron"),
        (6, "Ville de Figeac (Lot) : jumelage avec Tombouctou (Mali)", "Coopérations du Lot"),
    ]


def test_paragraphs_leave_out_navigation_lists_and_tables():
    page = ("<html><body><nav><p>- Accueil<br>- Contact</p></nav><ul><li><p>- dans une liste</p></li></ul>"
            "<table><tr><td><p>- dans un tableau</p></td></tr></table>"
            "<div><p>- Ville de Figeac (Lot) : jumelage avec Tombouctou (Mali)</p></div>"
            "<div>- Ville de Rodez (Aveyron) avec Bamako (Mali)<br>- Ville de Millau avec Kayes (Mali)</div>"
            "</body></html>").encode()
    assert [text for text, _heading in paragraphs(html_document("page.html", page))] == [
        "- Ville de Figeac (Lot) : jumelage avec Tombouctou (Mali)",
        "- Ville de Rodez (Aveyron) avec Bamako (Mali)\n- Ville de Millau avec Kayes (Mali)",
    ]


# Sentences --------------------------------------------------------------------------------------------

@pytest.fixture
def read(db):
    countries, found_places = country_lookup(), places()

    def read(sentence):
        return atlas_sentence(sentence, countries=countries, places=found_places)
    return read


def _codes(item):
    """The INSEE code or SIREN of each French authority, as the import resolves it."""
    return [resolve_authority(party.written).match.code for party in item.authorities]


def _partners(item):
    return [(p.name, p.country) for p in item.partners]


SENTENCES = [
    # (sentence, authorities' codes, partners (name, country), title, kind)
    ("La Ville de Rodez (Aveyron) avec les communes de Bamako (Mali) et de Kayes (Mali) autour de l'eau potable",
     ["12202"], [("Bamako", "ML"), ("Kayes", "ML")], "Eau potable", "projet"),
    ("Le Département de l'Ariège et la commune de Foix (Ariège) avec la région de Sikasso (Mali) pour la "
     "santé maternelle", ["09", "09122"], [("région de Sikasso", "ML")], "Santé maternelle", "projet"),
    ("La Région Occitanie avec la province de Québec (Canada)",
     ["76"], [("province de Québec", "CA")], "Coopération avec province de Québec", "autre"),
    ("Ville de Figeac (Lot) : jumelage avec Tombouctou (Mali)",
     ["46102"], [("Tombouctou", "ML")], "Jumelage avec Tombouctou", "jumelage"),
    ("Département du Gers avec la région de Kédougou (Sénégal) – gestion des déchets",
     ["32"], [("région de Kédougou", "SN")], "Gestion des déchets", "projet"),
    ("La Ville de Saint-Affrique (Aveyron) est jumelée avec Tumaini (Tanzanie)",
     ["12208"], [("Tumaini", "TZ")], "Jumelage avec Tumaini", "jumelage"),
    ("La Région Provence-Alpes-Côte d'Azur a signé un accord de coopération avec la région de "
     "Tanger-Tétouan-Al Hoceïma (Maroc) sur la formation professionnelle",
     ["93"], [("région de Tanger-Tétouan-Al Hoceïma", "MA")], "Formation professionnelle", "accord"),
    ("Les communes de Rodez et de Millau (Aveyron) avec la commune de Ouahigouya (Burkina Faso) dans le "
     "domaine de l'éducation", ["12202", "12145"], [("commune de Ouahigouya", "BF")], "Éducation", "projet"),
    ("La Ville de Castres (Tarn) et le district de Huye (Rwanda), pour un projet de gestion de l'eau",
     ["81065"], [("district de Huye", "RW")], "Gestion de l'eau", "projet"),
    ("La Métropole de Lyon avec les villes de Ouagadougou (Burkina Faso), Erevan (Arménie) et Beyrouth (Liban) "
     "autour du développement urbain", ["200046977"],
     [("Ouagadougou", "BF"), ("Erevan", "AM"), ("Beyrouth", "LB")], "Développement urbain", "projet"),
    ("Le Conseil départemental de la Gironde avec le Mali, en matière d'agriculture",
     ["33"], [("", "ML")], "Agriculture", "projet"),
    ("La Ville de Poitiers avec la commune de Marburg (Allemagne) : échanges scolaires",
     ["86194"], [("commune de Marburg", "DE")], "Échanges scolaires", "projet"),
    ("La Communauté de communes du Grand Figeac et la Ville de Figeac (Lot) avec la commune rurale de "
     "Ségou (Mali) et la municipalité de Kharas (Territoires palestiniens) autour de l'agroécologie.",
     ["200067361", "46102"], [("commune rurale de Ségou", "ML"), ("municipalité de Kharas", "PS")],
     "Agroécologie", "projet"),
    ("La Ville de Boulogne sur Mer avec la commune de Sfax (Tunisie) autour du patrimoine",
     ["62160"], [("commune de Sfax", "TN")], "Patrimoine", "projet"),
    ("La Ville de Castres (Tarn) et le district de Huye (Rwanda), pour un projet avec les jeunes du district",
     ["81065"], [("district de Huye", "RW")], "Avec les jeunes du district", "projet"),
]


@pytest.mark.parametrize("sentence, codes, partners, title, kind", SENTENCES, ids=[s[0][:40] for s in SENTENCES])
def test_sentences_give_authorities_partners_with_countries_and_title(read, sentence, codes, partners, title, kind):
    item = read(sentence)
    assert _codes(item) == codes
    assert _partners(item) == partners
    assert (item.title, item.kind) == (title, kind)


def test_the_places_in_parentheses_are_hints_and_the_countries_are_kept_as_written(read):
    item = read("La Ville de Rodez (Aveyron) avec les communes de Bamako (Mali) et de Kayes (Mali) autour de "
                "l'eau potable")
    assert item.authorities == (FrenchParty("Ville de Rodez", "Aveyron"),)
    assert item.partners == (ForeignParty("Bamako", "ML", "Mali"), ForeignParty("Kayes", "ML", "Mali"))
    # An enumeration's place applies to each of its names.
    item = read("Les communes de Rodez et de Millau (Aveyron) avec la commune de Ouahigouya (Burkina Faso)")
    assert [p.written for p in item.authorities] == ["Commune de Rodez (Aveyron)", "Commune de Millau (Aveyron)"]


def test_an_ambiguous_french_name_stays_a_name_for_the_resolver(read):
    item = read("La Ville de Barjac avec la municipalité de Kharas (Palestine) pour l'oléiculture")
    assert item.authorities == (FrenchParty("Ville de Barjac"),)
    resolution = resolve_authority(item.authorities[0].written)
    assert (resolution.status, sorted(c.code for c in resolution.candidates)) == (
        "ambiguous", ["09037", "30029", "48018"])
    item = read("La Ville de Barjac (Gard) avec la municipalité de Kharas (Palestine) pour l'oléiculture")
    assert _codes(item) == ["30029"]


def test_a_partner_without_country_keeps_none(read):
    item = read("La Ville de Rodez (Aveyron) avec la commune de Bamako autour de l'eau")
    assert _partners(item) == [("commune de Bamako", None)]


@pytest.mark.parametrize("text", [
    "Accueil",
    "Nos actions à l'international",
    "La Ville de Rodez (Aveyron)",
    "Retrouvez toutes nos actualités avec nous",
    "",
])
def test_what_is_no_atlas_sentence_gives_none(read, text):
    assert read(text) is None
