"""The directory's pages as a reader sees them: an authority's identity and laureates, a country's
French authorities by campaign, the partner countries."""
import html
import re

import pytest

from coopdec.directory.selectors import population_source
from tests.publication.helpers import page_text

NBSP = "\u00a0"
CASTRES = "/collectivites/commune/81065/"


def rows(response, table_id=None) -> list[str]:
    """The text of each body row of a page's tables (of the table in the frame `table_id`)."""
    content = response.content.decode()
    if table_id:
        content = content[content.index(f'id="{table_id}"'):]
        content = content[:content.index("</table>")]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row).replace(NBSP, " ")).strip()
        for body in re.findall(r"<tbody>(.*?)</tbody>", content, flags=re.S)
        for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    ]


# ---------------------------------------------------------------- a French authority


def test_a_commune_shows_its_official_identity(client, directory):
    response = client.get(CASTRES)
    assert response.status_code == 200
    assert "<title>Castres — CoopDec</title>" in response.content.decode()
    text = page_text(response)
    for line in ("Nature : commune", "Code INSEE : 81065", "SIREN : 218100659",
                 "Département : Tarn (81)", "Région : Occitanie", "Population : 42 505 habitants"):
        assert line in text
    content = html.unescape(response.content.decode())  # no-break spaces, as the reader gets them
    assert f"42{NBSP}505{NBSP}habitants" in content
    assert f"source{NBSP}: INSEE, millésime 2026 du découpage administratif" in content


def test_an_authority_lists_its_laureates_newest_campaign_first_with_partners_and_calls(client, directory):
    response = client.get(CASTRES)
    assert "2 projets lauréats dont elle est cheffe de file, 1 dont elle est co-porteuse." in page_text(response)
    assert rows(response, "table-laureats") == [
        "2025 Santé à Huye District de Huye (Rwanda) Ziguinchor (Sénégal) Généraliste 2025 45 000 €",
        "2024 Eau potable à Huye District de Huye (Rwanda) Généraliste 2024 non enregistrée",
    ]
    content = response.content.decode()
    assert '<a href="/pays/RW/">(Rwanda)</a>' in content
    assert 'href="/campagnes/2024/appels/generaliste-2024/"' in content
    assert "Refusé" not in content


def test_an_authority_lists_the_laureates_it_co_applied_for(client, directory):
    response = client.get(CASTRES)
    assert rows(response, "table-co-portages") == [
        "2025 Culture à Bamako Toulouse (Haute-Garonne, 31) Bamako (Mali) Généraliste 2025 non enregistrée"
    ]
    assert 'href="/collectivites/commune/31555/"' in response.content.decode()
    toulouse = page_text(client.get("/collectivites/commune/31555/"))
    assert "1 projet lauréat dont elle est cheffe de file." in toulouse


def test_an_authority_shows_the_names_sources_published_it_under(client, directory):
    text = page_text(client.get(CASTRES))
    assert ("Noms publiés dans les listes de lauréats : « Mairie de Castres » (campagne 2025), "
            "« Ville de Castres » (campagne 2024)") in text
    sicoval = page_text(client.get("/collectivites/epci/243100633/"))
    assert "Nom publié dans les listes de lauréats : « Sicoval » (campagne 2025)" in sicoval


def test_an_epci_shows_its_type_siren_and_its_other_names(client, directory):
    text = page_text(client.get("/collectivites/epci/200046977/"))
    assert "Nature : EPCI à fiscalité propre (Métropole de Lyon)" in text
    assert "SIREN : 200046977" in text
    assert "Code INSEE" not in text
    assert "Département (celui de sa commune la plus peuplée) : Rhône (69)" in text
    assert "Nom d'usage : « Grand Lyon »" in text
    assert "Ancien nom ou nom d'une collectivité fusionnée dans celle-ci : « Communauté urbaine de Lyon »" in text
    sicoval = page_text(client.get("/collectivites/epci/243100633/"))
    assert "Nature : EPCI à fiscalité propre (communauté d'agglomération)" in sicoval


def test_an_authority_without_laureate_says_so_in_those_words(client, directory):
    response = client.get("/collectivites/region/76/")
    text = page_text(response)
    assert "Aucun lauréat enregistré dans CoopDec pour cette collectivité." in text
    assert "Nature : région" in text and "Code INSEE : 76" in text
    assert "Région :" not in text and "Département" not in text
    assert ("Anciens noms et noms des collectivités fusionnées dans celle-ci : "
            "« Languedoc-Roussillon », « Languedoc-Roussillon-Midi-Pyrénées », « Midi-Pyrénées »") in text
    assert "Somme des populations de ses communes" in text
    assert "<table" not in response.content.decode()


def test_a_departement_page(client, directory):
    text = page_text(client.get("/collectivites/departement/31/"))
    assert "Haute-Garonne" in text and "Code INSEE : 31" in text and "Région : Occitanie" in text
    assert "Département :" not in text


@pytest.mark.parametrize("path", [
    "/collectivites/canton/81065/",  # unknown kind
    "/collectivites/commune/99999/",  # unknown code
    "/collectivites/epci/81065/",  # a commune's code under another kind
    "/collectivites/other/81065/",
])
def test_an_unknown_authority_is_a_404(client, directory, path):
    assert client.get(path).status_code == 404


# ---------------------------------------------------------------- partner countries


def test_a_country_page_lists_french_authorities_by_campaign_with_their_partners_there(client, directory):
    response = client.get("/pays/SN/")
    assert response.status_code == 200
    text = page_text(response)
    assert "<h1>Sénégal</h1>" in response.content.decode()
    assert "Catégorie : Pays les moins avancés (PMA) selon Liste CAD des bénéficiaires de l'APD" in text
    assert "3 collectivités françaises, 3 projets lauréats" in text
    # The joint fund's partner without a country is there; Castres's Rwandan partner is not.
    assert rows(response) == [
        "Barjac à confirmer Bargny (Sénégal) Jeunesse à Bargny Franco-sénégalais 2025 non enregistrée",
        "CA du Sicoval (Haute-Garonne, 31) Gandon Gouvernance à Gandon Franco-sénégalais 2025 non enregistrée",
        "Castres (Tarn, 81) Ziguinchor (Sénégal) Santé à Huye Généraliste 2025 45 000 €",
    ]
    content = response.content.decode()
    assert 'href="/collectivites/epci/243100633/"' in content
    assert "/collectivites/commune/" in content and "Barjac</a>" not in content


def test_a_country_page_groups_by_campaign_newest_first(client, directory):
    response = client.get("/pays/rw/")  # the code in any case
    assert response.status_code == 200
    text = page_text(response)
    assert text.index("Campagne 2025") < text.index("Campagne 2024")
    assert "1 collectivité française, 2 projets lauréats" in text
    assert rows(response) == [
        "Castres (Tarn, 81) District de Huye (Rwanda) Santé à Huye Généraliste 2025 45 000 €",
        "Castres (Tarn, 81) District de Huye (Rwanda) Eau potable à Huye Généraliste 2024 non enregistrée",
    ]


@pytest.mark.parametrize("iso, name", [("XK", "Kosovo"), ("ps", "Palestine, État de")])
def test_a_country_without_laureate_says_so(client, directory, iso, name):
    response = client.get(f"/pays/{iso}/")
    assert response.status_code == 200
    assert f"<h1>{name}</h1>" in response.content.decode()
    assert "Aucun lauréat enregistré dans CoopDec pour ce pays." in page_text(response)


@pytest.mark.parametrize("path", ["/pays/QQ/", "/pays/FRA/", "/pays/s/"])
def test_an_unknown_country_is_a_404(client, directory, path):
    assert client.get(path).status_code == 404


def test_the_countries_index_lists_countries_of_laureates_in_french_order(client, directory):
    response = client.get("/pays/")
    assert [row.split(" Pays")[0].split(" Autre")[0] for row in rows(response)] == [
        "Égypte", "Espagne", "Mali", "Rwanda", "Sénégal", "Suisse",
    ]
    assert "Sénégal Pays les moins avancés (PMA) 3 3" in rows(response)
    assert "6 pays partenaires, par ordre alphabétique" in page_text(response)
    assert 'href="/pays/SN/"' in response.content.decode()


def test_the_countries_index_without_laureates_says_so(client, db):
    text = page_text(client.get("/pays/"))
    assert "Aucun lauréat enregistré dans CoopDec n'a de partenaire dont le pays soit connu." in text


# ---------------------------------------------------------------- links from the laureates


def test_the_laureates_table_links_authorities_and_countries(client, directory):
    content = client.get("/campagnes/2025/").content.decode()
    assert '<a href="/collectivites/commune/81065/">Castres (Tarn, 81)</a>' in content
    assert '<a href="/pays/SN/">(Sénégal)</a>' in content
    assert ">Barjac</a>" not in content  # to be confirmed: no page to link to


def test_the_population_source_follows_the_reference_provenance():
    assert population_source() == (
        "INSEE, millésime 2026 du découpage administratif (@etalab/decoupage-administratif 6.0.0)"
    )
