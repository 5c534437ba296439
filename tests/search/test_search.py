"""Full-text search: accents and case ignored, every name searchable, facets with counts."""
import pytest
from django.db import connection

from coopdec.applications.services import application_search_refresh
from coopdec.calls.models import Call
from coopdec.search.selectors import laureate_search, search_facets
from coopdec.territories.models import Authority
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def laureates():
    senegal = factories.country("SN", "Sénégal", "Senegal", oda_class="ldc")
    palestine = factories.country("PS", "Palestine, État de", "Palestine, State of", oda_class="oda")
    rwanda = factories.country("RW", "Rwanda", "Rwanda")
    c2025 = factories.campaign(2025)
    c2024 = factories.campaign(2024)
    generaliste = factories.call("Généraliste 2025", campaign_obj=c2025)
    palestinien = factories.call("Franco-palestinien 2025", kind=Call.Kind.FONDS_CONJOINT, campaign_obj=c2025)
    senegalais = factories.call("Franco-sénégalais 2024", kind=Call.Kind.FONDS_CONJOINT, campaign_obj=c2024)
    castres = Authority.objects.get(kind="commune", code="81065")
    montpellier = Authority.objects.get(kind="epci", code="243400017")
    dunkerque = Authority.objects.get(kind="epci", code="245900428")
    made = [
        factories.application("Développement multi-secteur dans le District de Huyé", generaliste, castres,
                              [factories.foreign_authority("District de Huyé", rwanda)]),
        factories.application("Bibliothèque municipale pour la jeunesse à Bethléem", palestinien, montpellier,
                              [factories.foreign_authority("Bethléem", palestine)]),
        factories.application("Bargny Inovate : accompagner les petites entreprises", senegalais, montpellier,
                              [factories.foreign_authority("Bargny", senegal)]),
        factories.application("Gestion des déchets portuaires", senegalais, dunkerque,
                              [factories.foreign_authority("Saint-Louis", senegal)]),
    ]
    refused = factories.application("Projet non retenu à Bethléem", palestinien, castres,
                                     decision="non_retenu")
    for application in [*made, refused]:
        application_search_refresh(application=application)
    return made


def titles(query, **selected):
    return [a.title for a in laureate_search(query=query, selected=selected)]


@pytest.mark.parametrize("query", ["bibliotheque", "BIBLIOTHÈQUE", "Bethleem", "bethléem"])
def test_accents_and_case_do_not_matter(laureates, query):
    assert titles(query) == ["Bibliothèque municipale pour la jeunesse à Bethléem"]


def test_authorities_partners_countries_and_calls_are_searchable(laureates):
    assert titles("Castres") == ["Développement multi-secteur dans le District de Huyé"]
    assert titles("Montpellier") == [
        "Bibliothèque municipale pour la jeunesse à Bethléem",
        "Bargny Inovate : accompagner les petites entreprises",
    ]
    assert sorted(titles("Sénégal")) == ["Bargny Inovate : accompagner les petites entreprises",
                                         "Gestion des déchets portuaires"]
    assert titles("Tarn") == ["Développement multi-secteur dans le District de Huyé"]


def test_every_word_must_match_and_non_laureates_are_left_out(laureates):
    assert titles("Montpellier Bargny") == ["Bargny Inovate : accompagner les petites entreprises"]
    assert "Projet non retenu à Bethléem" not in titles("Bethléem")
    assert titles("xylophone") == []


def test_postgresql_stems_french_words_and_sqlite_matches_words_as_written(laureates):
    found = titles("bibliothèques")
    if connection.vendor == "postgresql":
        assert found == ["Bibliothèque municipale pour la jeunesse à Bethléem"]
    else:
        assert found == [] and titles("biblioth") == ["Bibliothèque municipale pour la jeunesse à Bethléem"]


def test_facets_count_the_results_and_narrow_them(laureates):
    facets = search_facets(query="Sénégal", selected={})
    assert [(f.value, f.count) for f in facets["campaign"]] == [("2024", 2)]
    assert [(f.label, f.count) for f in facets["country"]] == [("Sénégal", 2)]
    montpellier = search_facets(query="Montpellier", selected={"campaign": "2025"})
    assert [(f.value, f.count, f.selected) for f in montpellier["campaign"]] == [
        ("2024", 1, False), ("2025", 1, True)]
    assert titles("Montpellier", campaign="2025") == ["Bibliothèque municipale pour la jeunesse à Bethléem"]
    assert titles("Sénégal", region="32") == ["Gestion des déchets portuaires"]


def test_facets_that_tie_come_in_french_order(laureates):
    """« Suisse » sorts after « Sénégal » in French, though a byte-wise collation puts « S » + « u »
    before « S » + « é »."""
    switzerland = factories.country("CH", "Suisse", "Switzerland", oda_class="none")
    montpellier = Authority.objects.get(kind="epci", code="243400017")
    made = factories.application("Échanges culturels avec Montreux", Call.objects.get(name="Généraliste 2025"),
                                 montpellier, [factories.foreign_authority("Montreux", switzerland)])
    application_search_refresh(application=made)
    countries = [(f.label, f.count) for f in search_facets(query="Montpellier", selected={})["country"]]
    assert countries == [("Palestine, État de", 1), ("Sénégal", 1), ("Suisse", 1)]


def test_search_page(client, laureates, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        page = client.get("/recherche/", {"q": "bethleem"}).content.decode()
    assert "1 lauréat pour «&nbsp;bethleem&nbsp;»" in page
    assert "Bibliothèque municipale pour la jeunesse à Bethléem" in page
    assert "Palestine" in page
    assert client.get("/recherche/").status_code == 200


def test_search_results_are_links(client, laureates):
    """Each title leads to its French authority's page (where its laureates are listed), each
    partner country to its page."""
    page = client.get("/recherche/", {"q": "bethleem"}).content.decode()
    assert ('<a href="/collectivites/epci/243400017/">Bibliothèque municipale pour la jeunesse à Bethléem</a>'
            in page)
    assert '<a href="/pays/PS/">(Palestine, État de)</a>' in page


@pytest.mark.parametrize("campaign", ["abc", "1e999", "NaN", "2025.0", "99999999999999999999", "[]"])
def test_a_campaign_that_is_no_year_is_a_400_in_french(client, laureates, campaign):
    """These were 500s (the database reads a campaign as a number)."""
    response = client.get("/recherche/", {"q": "eau", "campaign": campaign})
    assert response.status_code == 400
    assert "doit être une année, par exemple 2025" in response.content.decode()
    assert client.get("/recherche/", {"q": "eau", "campaign": "1990"}).status_code == 200
