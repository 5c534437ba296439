import pytest

from coopdec.calls.models import Campaign

from .helpers import page_text, table_rows

REGION = "/campagnes/2025/regions/occitanie/"


def test_the_region_page_counts_what_it_counts(client, occitanie):
    response = client.get(REGION)
    assert response.status_code == 200
    assert (
        "6 projets lauréats : 5 lauréats des appels à projets et 1 lauréat d'un appel à "
        "manifestation d'intérêt" in page_text(response)
    )
    assert "<title>Lauréats 2025 en Occitanie — CoopDec</title>" in response.content.decode()


def test_the_region_table_names_authorities_partners_and_calls(client, occitanie):
    rows = table_rows(client.get(REGION))
    assert len(rows) == 6
    assert rows[-1].startswith("Toulouse (Haute-Garonne, 31)")  # the AMI last
    castres = next(row for row in rows if row.startswith("Castres"))
    assert castres == (
        "Castres (Tarn, 81) District de Huye (Rwanda) "
        "Développement multi-secteur dans le District de Huyé Généraliste 2025 non enregistrée"
    )
    assert any(row.startswith("Barjac à confirmer") for row in rows)
    assert any("CA du Sicoval (Haute-Garonne, 31) publié sous le nom « Sicoval »" in row for row in rows)
    assert "Montreux (Suisse) Fribourg (Suisse) Namur (Belgique) Iasi (Roumanie)" in rows[-1]
    assert not any("Brest" in row or "Refusé" in row for row in rows)


def test_the_table_is_a_real_table(client, occitanie):
    content = client.get(REGION).content.decode()
    assert "<caption>" in content
    assert content.count("<th scope=\"col\"") == 5  # the granted amount's column last
    assert content.count('<th scope="row"') == 6


def test_filtering_the_region_page_without_javascript(client, occitanie):
    response = client.get(REGION, {"appel": "franco-senegalais-2025"})
    rows = table_rows(response)
    assert [row.split(" (")[0] for row in rows] == ["Montpellier Méditerranée Métropole", "CA du Sicoval"]
    assert "2 projets lauréats des appels à projets pour cette sélection" in page_text(response)
    content = response.content.decode()
    assert '<option value="franco-senegalais-2025" selected>' in content
    assert 'href="/campagnes/2025/regions/occitanie/laureats.csv?appel=franco-senegalais-2025"' in content


def test_filters_by_departement_kind_and_country(client, occitanie):
    assert len(table_rows(client.get(REGION, {"departement": "31"}))) == 2
    assert len(table_rows(client.get(REGION, {"nature": "ami"}))) == 1
    assert len(table_rows(client.get(REGION, {"pays": "SN"}))) == 2
    assert table_rows(client.get(REGION, {"pays": "BE", "nature": "fonds_conjoint"})) == [
        "Aucun lauréat enregistré dans CoopDec ne correspond à cette sélection."
    ]


def test_an_unknown_filter_value_is_reported_not_applied(client, occitanie):
    response = client.get(REGION, {"departement": "99"})
    assert len(table_rows(response)) == 6
    assert "fr-select-group--error" in response.content.decode()


def test_the_campaign_page_shows_published_and_computed_figures(client, occitanie):
    text = page_text(client.get("/campagnes/2025/"))
    assert (
        "En 2025, sur les 158 dossiers de candidature reçus, 91 ont été retenus, "
        "soit un taux d'acceptation de 57,6 %." in text
    )
    assert (
        "Source : Occitanie Coopération (publié le 8 septembre 2025) ; "
        "taux calculé à partir de ces chiffres" in text
    )
    assert (
        "en 2024, sur les 113 dossiers de candidature reçus, 76 ont été retenus, soit un taux "
        "d'acceptation de 67,3 % (la source Occitanie Coopération publiait 66,30 %)" in text
    )
    assert "les deux sources ne s'accordent pas" in text  # the source's own remark
    assert "calculé à partir des 8 dossiers enregistrés" in text
    # The published 91 are laureates of appels à projets: our AMI laureate is not one of them.
    assert (
        "nous ne connaissons que 6 des 91 lauréats des appels à projets publiés ; il en manque 85" in text
    )
    assert (
        "Le décompte publié est celui des appels à projets : le lauréat d'un appel à manifestation "
        "d'intérêt (AMI) enregistré est compté à part." in text
    )


def test_the_campaign_page_lists_and_filters_every_region(client, occitanie):
    assert len(table_rows(client.get("/campagnes/2025/"))) == 7
    response = client.get("/campagnes/2025/", {"region": "bretagne"})
    assert table_rows(response)[0].startswith("Brest (Finistère, 29)")
    assert len(table_rows(response)) == 1


def test_the_campaign_page_paginates_keeping_the_filters(client, occitanie, monkeypatch):
    monkeypatch.setattr("coopdec.publication.views.PAGE_SIZE", 4)
    response = client.get("/campagnes/2025/", {"region": "occitanie"})
    assert len(table_rows(response)) == 4
    assert "?region=occitanie&amp;page=2" in response.content.decode()
    assert len(table_rows(client.get("/campagnes/2025/", {"region": "occitanie", "page": 2}))) == 2


def test_the_call_page(client, occitanie):
    response = client.get("/campagnes/2025/appels/generaliste-2025/")
    text = page_text(response)
    assert "Généraliste 2025" in text
    assert "Nature : généraliste" in text
    assert "Ouverture : 8 janvier 2025" in text and "Clôture : 31 mars 2025" in text
    assert "2 projets lauréats des appels à projets" in text
    assert len(table_rows(response)) == 2


def test_the_home_page_points_to_the_latest_campaign(client, occitanie):
    response = client.get("/")
    assert 'href="/campagnes/2025/"' in response.content.decode()
    assert "soit un taux d'acceptation de 57,6 %" in page_text(response)
    assert "<title>Accueil — CoopDec</title>" in response.content.decode()


def test_the_site_frame_is_dsfr_and_french(client, occitanie):
    content = client.get(REGION).content.decode()
    assert '<html lang="fr"' in content
    assert "dsfr/dist/dsfr/dsfr.min.css" in content
    assert 'class="fr-skiplinks"' in content and 'href="#contenu"' in content
    assert 'class="fr-header__service-title">CoopDec' in content
    assert 'aria-current="true">Campagne 2025</a>' in content


@pytest.mark.parametrize("path", [
    "/campagnes/1999/", "/campagnes/2025/regions/atlantide/", "/campagnes/2025/appels/inconnu/",
    "/campagnes/1999/regions/occitanie/laureats.csv", "/campagnes/2025/regions/occitanie/laureats.ods",
])
def test_unknown_campaigns_regions_calls_and_formats_are_not_found(client, occitanie, path):
    assert client.get(path).status_code == 404


def test_campaigns_lead_to_the_latest(client, occitanie):
    response = client.get("/campagnes/")
    assert (response.status_code, response["Location"]) == (302, "/campagnes/2025/")


@pytest.mark.django_db
def test_the_home_page_without_any_campaign(client):
    Campaign.objects.all().delete()
    response = client.get("/")
    assert response.status_code == 200
    assert "Aucune campagne n'est enregistrée dans CoopDec." in page_text(response)
    assert client.get("/campagnes/").status_code == 404
