"""The statistics, map and network pages as a reader gets them, and who may frame them."""
import html
import re

import pytest

from tests import factories as f
from tests.publication.helpers import page_text
from tests.queries import assert_counts_do_not_grow

from .conftest import PLATFORM, commune, partner

pytestmark = pytest.mark.django_db


def rows_of(response, table_id) -> list[str]:
    """The text of each body row of the table under `id="table_id"`."""
    content = response.content.decode()
    start = content.index(f'id="{table_id}"')
    body = content[content.index("<tbody>", start):content.index("</tbody>", start)]
    return [
        re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", row)).replace("\u00a0", " ")).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    ]


# ---------------------------------------------------------------- statistics


def test_the_statistics_page_says_where_2024_disagrees(client, observed):
    response = client.get("/statistiques/", {"campagne": "2024"})
    assert response.status_code == 200
    text = page_text(response)
    assert "En 2024 : 66,30 % publié ; 67,3 % calculé à partir de 76/113." in text
    assert ("Sources : Occitanie Coopération (publié le 8 septembre 2025, page d'origine non retrouvée) ; "
            "Ministère de l'Europe et des Affaires étrangères (page d'origine non retrouvée)") in text


def test_the_statistics_tables_by_axis(client, observed):
    response = client.get("/statistiques/", {"campagne": "2024"})
    assert rows_of(response, "tableau-region") == [
        "Bretagne 3 2 66,7 % 15 000 € (1 lauréat)",
        "Occitanie 2 1 50,0 % 20 000 € (1 lauréat)",
    ]
    assert rows_of(response, "tableau-pays")[-1] == "Sénégal 2 1 50,0 % 15 000 € (1 lauréat)"
    assert rows_of(response, "tableau-categorie") == [
        "pays les moins avancés (PMA) 4 3 75,0 % 35 000 € (2 lauréats)",
        "autre pays éligible à l'APD 1 0 0,0 % inconnues",
    ]
    content = response.content.decode()
    assert '<a href="/campagnes/2024/regions/bretagne/">Bretagne</a>' in content
    assert '<a href="/campagnes/2024/?pays=SN">Sénégal</a>' in content
    # The regional tables add up; the country tables do not and have no total.
    assert "Total 5 3 60,0 % 35 000 € (2 lauréats)" in page_text(response)


def test_year_over_year_table(client, observed):
    rows = rows_of(client.get("/statistiques/"), "tableau-annees")
    assert rows == [
        "Appels lancés publié — 11",
        "Dossiers reçus publié 113 158",
        "Dossiers retenus publié 76 91",
        # A rate derived from published counts is computed, never labelled « publié ».
        "Taux d'acceptation publié 66,30 % 57,60 %",
        "Taux d'acceptation des chiffres publiés calculé 67,3 % 76 retenus sur 113 reçus "
        "57,6 % 91 retenus sur 158 reçus",
        "Sources des chiffres publiés Ministère de l'Europe et des Affaires étrangères ; "
        "Occitanie Coopération Occitanie Coopération",
        "Appels enregistrés calculé 3 2",
        "Dossiers enregistrés calculé 5 2",
        "Lauréats enregistrés calculé 3 2",
        "Taux d'acceptation calculé 60,0 % non calculé : liste publiée, lauréats seulement",
        "Subventions accordées connues calculé 35 000 € (2 lauréats) inconnues",
    ]


def test_an_imported_campaign_says_its_rate_is_only_published(client, observed):
    response = client.get("/statistiques/")  # the latest campaign, 2025
    text = page_text(response)
    assert ("En 2025, sur les 158 dossiers de candidature reçus, 91 ont été retenus, "
            "soit un taux d'acceptation de 57,6 %") in text
    assert "non calculé : liste publiée, lauréats seulement" in text
    assert "Le taux d'acceptation n'est donc pas calculé à partir de nos dossiers." in text


def test_every_chart_is_an_image_with_its_table(client, observed):
    content = client.get("/statistiques/", {"campagne": "2024"}).content.decode()
    charts = re.findall(r'<svg viewBox="[^"]+" role="img" aria-labelledby="([\w-]+)-titre \1-desc"', content)
    assert charts == ["graphique-annees", "graphique-nature", "graphique-region"]
    for chart in charts:
        assert f'<title id="{chart}-titre">' in content and f'<desc id="{chart}-desc">' in content
    assert "<caption>Données du graphique «&nbsp;Lauréats par région, campagne 2024&nbsp;»</caption>" in content
    # Numbers in SVG attributes are never written the French way.
    svg = content[content.index('id="graphique-region"'):]
    assert not re.search(r'(x|y|width)="\d+,\d', svg[:svg.index("</svg>")])


def test_an_unknown_campaign_is_reported_and_the_latest_shown(client, observed):
    response = client.get("/statistiques/", {"campagne": "1999"})
    assert response.status_code == 200
    assert "fr-select-group--error" in response.content.decode()
    assert "La campagne 2025" in page_text(response)


def test_without_any_campaign(client, db):
    assert "Aucune campagne n'est enregistrée dans CoopDec." in page_text(client.get("/statistiques/"))
    assert "Aucune campagne n'est enregistrée dans CoopDec." in page_text(client.get("/carte/"))


# ---------------------------------------------------------------- maps


def test_the_map_page(client, observed):
    response = client.get("/carte/", {"campagne": "2024"})
    assert response.status_code == 200
    content = response.content.decode()
    # France: 13 metropolitan régions and 5 overseas insets, each a link with a title.
    assert content.count('#monde">\n            <title>') == 13
    assert content.count('<rect class="obs-inset-frame"') == 5
    assert "<title>Bretagne&nbsp;: 2 lauréats — voir ses pays partenaires</title>" in content
    # The world: countries with laureates are links to the list; the others are titled only.
    assert '<a href="/campagnes/2024/?pays=RW">' in content
    assert "<title>Rwanda&nbsp;: 2 lauréats — voir la liste</title>" in content
    assert "<title>Japon</title>" in content
    assert rows_of(response, "tableau-pays") == ["Rwanda 2", "Bénin 1", "Sénégal 1"]
    assert "Bretagne 2 2" in rows_of(response, "tableau-regions")
    assert rows_of(response, "tableau-liens") == [
        "Bretagne Bénin (1), Rwanda (1), Sénégal (1)", "Occitanie Rwanda (1)",
    ]
    assert "CC BY 4.0" in page_text(response)


def test_the_world_map_of_one_region(client, observed):
    response = client.get("/carte/", {"campagne": "2024", "region": "76"})
    assert "Pays partenaires des lauréats 2024 de la région Occitanie" in page_text(response)
    assert rows_of(response, "tableau-pays") == ["Rwanda 1"]
    content = response.content.decode()
    assert '<a href="/campagnes/2024/regions/occitanie/?pays=RW">' in content
    assert content.count('class="obs-link"') == 1  # a curve from France to Rwanda


def test_the_france_map_of_partnerships(client, observed):
    content = client.get("/carte/", {"campagne": "2024", "mesure": "partenariats"}).content.decode()
    assert "<title>Bretagne&nbsp;: 2 partenariats — voir ses pays partenaires</title>" in content


# ---------------------------------------------------------------- networks


def test_the_list_of_networks(client, observed):
    response = client.get("/reseaux/")
    rows = rows_of(response, "tableau-reseaux")
    assert len(rows) == 12
    assert "Occitanie Coopération Occitanie www.oc-cooperation.org 2" in rows
    link = '<a href="/reseaux/occitanie-cooperation/2025/">Occitanie Coopération</a>'
    assert link in response.content.decode()


def test_the_list_of_networks_cites_its_sources_not_the_team(client, observed):
    response = client.get("/reseaux/")
    rows = rows_of(response, "tableau-reseaux")
    assert "Bourgogne-Franche-Comté International Bourgogne-Franche-Comté source non retrouvée 0" in rows
    assert ("Karib Horizon Guadeloupe DEAL Guadeloupe, « RRMA ou le Réseau Régional Multi-Acteurs » "
            "(2018) 0") in rows
    text = page_text(response)
    assert "Chaque réseau figure d'après son propre site, ou à défaut d'après la source indiquée." in text
    for team_wording in ("dossier de domaine", "reste à confirmer", "non vérifiées"):
        assert team_wording not in text


def test_a_network_page_and_widget_flag_a_laureate_to_confirm(client, observed):
    f.unresolved_laureate("Barjac", observed.calls["generaliste_2025"], region_obj=f.region("76"),
                          partners=[partner("Kharas", "PS")], title="Gire en jeu")
    meaning = "le nom publié n'est pas encore rattaché avec certitude à une collectivité officielle"
    widget = client.get("/reseaux/occitanie-cooperation/2025/widget/")
    assert "Barjac (à confirmer) Kharas (Palestine, État de) Gire en jeu" in " ".join(
        rows_of(widget, "contenu"))
    assert f"(à confirmer) : {meaning}" in page_text(widget)
    page = client.get("/reseaux/occitanie-cooperation/2025/").content.decode()

    def textarea(id):
        return html.unescape(re.search(rf'id="{id}"[^>]*>(.*?)</textarea>', page, re.S)[1])

    snippet = textarea("code-html")  # the HTML to paste
    assert "Barjac <em>(à confirmer)</em>" in snippet and meaning in html.unescape(snippet)
    news = textarea("texte-actualite")
    assert "Barjac (à confirmer) | Kharas (Palestine, État de) | Gire en jeu" in news
    assert meaning in news


def test_a_network_page_without_laureates_says_none_is_recorded(client, observed):
    response = client.get("/reseaux/resacoop/2025/")
    assert "Aucun lauréat enregistré dans CoopDec." in page_text(response)
    widget = page_text(client.get("/reseaux/resacoop/2025/widget/"))
    assert "Aucun lauréat enregistré dans CoopDec en Auvergne-Rhône-Alpes pour la campagne 2025." in widget
    assert "Aucun projet lauréat" not in widget


def test_a_network_page(client, observed):
    response = client.get("/reseaux/occitanie-cooperation/2025/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    text = page_text(response)
    assert "Occitanie Coopération : lauréats 2025 en Occitanie" in text
    assert ("2 projets lauréats : 1 lauréat d'un appel à projets et 1 lauréat d'un appel à manifestation "
            "d'intérêt.") in text
    content = response.content.decode()
    news = re.search(r'<textarea[^>]*id="texte-actualite"[^>]*>(.*?)</textarea>', content, re.S)
    news = html.unescape(news.group(1)).replace("\u00a0", " ")
    assert "En 2025, 11 appels à projets ont été lancés." in news
    # Each campaign's figures with their own source; the network's own figures are « notre publication ».
    assert ("Sur les 158 dossiers de candidature reçus, 91 ont été retenus, soit un taux d'acceptation "
            "de 57,6 %. Source : notre publication du 8 septembre 2025.") in news
    assert ("En 2024, sur les 113 dossiers de candidature reçus, 76 avaient été retenus, soit un taux "
            "d'acceptation de 67,3 %. Source : Ministère de l'Europe et des Affaires étrangères (page "
            "d'origine non retrouvée). Un autre taux d'acceptation a été publié pour 2024 : 66,30 %. "
            "Source : notre publication du 8 septembre 2025.") in news
    assert "Source : Occitanie Coopération" not in news
    assert ("En région Occitanie, CoopDec enregistre 2 projets lauréats : 1 lauréat d'un appel à projets "
            "et 1 lauréat d'un appel à manifestation d'intérêt.") in news
    assert "Castres (Tarn, 81) | District de Huye (Rwanda) | Développement multi-secteur" in news
    assert "http://testserver/campagnes/2025/regions/occitanie/" in news
    content = response.content.decode()
    assert "&lt;iframe src=&quot;http://testserver/reseaux/occitanie-cooperation/2025/widget/&quot;" in content
    assert 'href="/campagnes/2025/regions/occitanie/laureats.csv"' in content  # downloads of this selection


def test_the_network_page_filters_like_the_region_page(client, observed):
    response = client.get("/reseaux/occitanie-cooperation/2025/", {"nature": "ami"})
    assert rows_of(response, "table-laureats")[0].startswith("Toulouse (Haute-Garonne, 31)")
    assert len(rows_of(response, "table-laureats")) == 1


def test_the_widget_is_the_only_page_that_may_be_framed(client, observed):
    response = client.get("/reseaux/occitanie-cooperation/2025/widget/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors *" in policy and "frame-ancestors 'none'" not in policy
    assert "default-src 'self'" in policy and "script-src 'self'" in policy  # the rest of the policy holds
    content = response.content.decode()
    assert "<header" not in content and "<footer" not in content
    assert len(re.findall(r'<th scope="row">', content)) == 2
    assert "en Occitanie — 2 projets lauréats : 1 lauréat d'un appel à projets" in page_text(response)
    for path in ("/statistiques/", "/carte/", "/reseaux/", "/reseaux/occitanie-cooperation/2025/"):
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_unknown_networks_and_years_are_not_found(client, observed):
    assert client.get("/reseaux/inconnu/2025/").status_code == 404
    assert client.get("/reseaux/occitanie-cooperation/1999/").status_code == 404
    assert client.get("/reseaux/inconnu/2025/widget/").status_code == 404


# ---------------------------------------------------------------- query counts


PATHS = [
    "/statistiques/?campagne=2024", "/carte/?campagne=2024", "/carte/?campagne=2024&region=53",
    "/reseaux/", "/reseaux/bretagne-solidaire/2024/", "/reseaux/bretagne-solidaire/2024/widget/",
]


def test_query_counts_do_not_grow_with_the_dossiers(client, observed, django_assert_num_queries):
    def add_dossiers():
        for i in range(20):
            f.application(call_obj=observed.calls["sport"], lead=commune("29019"),
                          partners=[partner(f"Partenaire {i}", "SN"), partner(f"Autre {i}", "MA")],
                          decision="retenu", provenance=PLATFORM)

    assert_counts_do_not_grow(client, PATHS, add_rows=add_dossiers, assert_num_queries=django_assert_num_queries)
