"""/atlas/ (the map, the list with words and facets), /atlas/actions/<id>/, and the Atlas on the
directory's pages: withdrawn actions never shown, the empty wording, counts per country."""
import re

import pytest
from django.core.cache import cache

from coopdec.atlas import selectors_public as atlas_selectors
from coopdec.atlas.models import Action
from coopdec.applications.models import Application
from tests import factories as f

from .factories_public import action, atlas  # noqa: F401  (atlas: a fixture)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def text(response) -> str:
    return response.content.decode()


def test_map_counts_distinct_french_authorities_per_country(atlas):
    found = {c.iso2: (c.authorities, c.actions) for c in atlas_selectors.authorities_by_country()}
    # Rwanda: Castres and Toulouse; Senegal: Castres and Albi (Barjac, not resolved, counts for none).
    assert found == {"RW": (2, 2), "SN": (2, 2), "ML": (1, 1)}
    assert "BJ" not in found  # the withdrawn action's country


def test_the_atlas_page_shows_the_map_the_table_and_every_public_action(client, atlas):
    response = client.get("/atlas/")
    assert response.status_code == 200
    page = text(response)
    assert "4 actions enregistrées dans CoopDec" in page
    for title in ("Eau potable à Huye", "Jumelage avec Ziguinchor", "Culture à Bamako et à Huye", "Santé à Dakar"):
        assert title in page
    assert "Retirée au Bénin" not in page and "Bénin</a>" not in page
    # The map: Rwanda a link to its actions, its title says its authorities; the table beside it.
    assert 'href="/atlas/?pays=RW#actions"' in page
    assert "Rwanda&nbsp;: 2 collectivités — voir ses actions" in page
    assert "aucune collectivité enregistrée dans CoopDec" in page  # the legend
    # Each action: its authorities linked, the one to confirm flagged, source, amount, dates.
    assert f'href="/collectivites/commune/81065/"' in page
    assert "Barjac" in page and "à confirmer" in page
    assert "source&nbsp;: Atlas 2024 du ministère" in page
    assert 'href="https://reseau.example.org/jumelages"' in page
    assert re.search(r"45(\u202f|\xa0|&nbsp;)000", page)


@pytest.mark.parametrize(("params", "titles"), [
    ({"pays": "ML"}, ["Culture à Bamako et à Huye"]),
    ({"pays": "rw"}, ["Culture à Bamako et à Huye", "Eau potable à Huye"]),
    ({"region": "76"}, ["Culture à Bamako et à Huye", "Eau potable à Huye", "Jumelage avec Ziguinchor"]),
    ({"nature": "jumelage"}, ["Jumelage avec Ziguinchor"]),
    ({"etat": "prevue"}, ["Santé à Dakar"]),
    ({"theme": "eau"}, ["Eau potable à Huye"]),
    ({"odd": "4"}, ["Culture à Bamako et à Huye"]),
    ({"origine": "ambassade"}, ["Santé à Dakar"]),
    ({"q": "bamako"}, ["Culture à Bamako et à Huye"]),
    ({"q": "reseau eau"}, ["Eau potable à Huye"]),  # the description's words, accents ignored
    ({"q": "dakar", "etat": "prevue"}, ["Santé à Dakar"]),
])
def test_words_and_facets_narrow_the_list(client, atlas, params, titles):
    found = atlas_selectors.action_search(atlas_selectors.ActionFilters(**{
        {"pays": "country", "region": "region", "nature": "kind", "etat": "status", "theme": "theme",
         "odd": "sdg", "origine": "origin", "q": "query"}[k]: (v.upper() if k == "pays" else v)
        for k, v in params.items()}))
    assert [a.title for a in found] == titles
    page = text(client.get("/atlas/", params))
    n = len(titles)
    assert f"{n} action{'s' if n > 1 else ''} enregistrée{'s' if n > 1 else ''} dans CoopDec pour cette sélection" in page
    for title in titles:
        assert title in page


def test_facets_count_each_value_with_their_own_choice_aside(atlas):
    facets = atlas_selectors.action_facets(atlas_selectors.ActionFilters(country="SN"))
    counts = {name: {v.value: v.count for v in values} for name, values in facets.items()}
    assert counts["country"] == {"RW": 2, "SN": 2, "ML": 1}  # its own choice set aside
    assert counts["kind"] == {"jumelage": 1, "accord": 1}
    assert counts["region"] == {"76": 1}
    assert counts["sdg"] == {} and counts["theme"] == {}
    assert [v.value for v in facets["country"] if v.selected] == ["SN"]
    every = atlas_selectors.action_facets(atlas_selectors.ActionFilters())
    assert {v.value: v.count for v in every["theme"]} == {"eau": 1, "culture": 1}
    assert {v.value: v.count for v in every["status"]} == {"en_cours": 2, "terminee": 1, "prevue": 1}
    assert "retiree" not in {v.value for v in every["status"]}


def test_empty_wording_and_bad_filters(client, db):
    page = text(client.get("/atlas/"))
    assert "Aucune action enregistrée dans CoopDec." in page
    assert "Aucune action enregistrée dans CoopDec avec un partenaire étranger." in page
    assert "Aucune action enregistrée dans CoopDec pour cette sélection." in text(client.get("/atlas/", {"pays": "FR"}))
    assert client.get("/atlas/", {"odd": "99"}).status_code == 400
    assert client.get("/atlas/", {"pays": "R W"}).status_code == 400
    assert client.get("/atlas/", {"page": "x"}).status_code == 400
    assert client.get("/atlas/", {"page": "3"}).status_code == 404
    assert client.post("/atlas/").status_code == 405


def test_an_action_page_and_a_withdrawn_one(client, atlas):
    page = text(client.get(f"/atlas/actions/{atlas.culture.pk}/"))
    assert "Culture à Bamako et à Huye" in page and "Toulouse" in page and "Mali" in page
    assert "1er janvier 2024" in page and re.search(r"80(\u202f|\xa0|&nbsp;)000", page)
    assert client.get(f"/atlas/actions/{atlas.withdrawn.pk}/").status_code == 404
    assert client.get("/atlas/actions/999999/").status_code == 404


def test_a_laureate_action_links_to_its_call(client, atlas):
    call = f.call("Généraliste 2025", campaign_obj=f.campaign(2025))
    laureate = f.application("Bibliothèque à Huye", call, atlas.castres)
    made = action("Bibliothèque à Huye", authorities=[atlas.castres], partners=[("Huye", "RW")],
                  origin=Action.Origin.LAUREATE, application=laureate)
    page = text(client.get(f"/atlas/actions/{made.pk}/"))
    assert f'href="/campagnes/2025/appels/{call.slug}/"' in page and "lauréat de l'appel" in page
    assert Application.objects.get(pk=laureate.pk).atlas_action == made


def test_the_authority_and_country_pages_list_their_actions(client, atlas):
    page = text(client.get("/collectivites/commune/81065/"))
    assert "2 actions enregistrées dans CoopDec" in page
    assert "Eau potable à Huye" in page and "Jumelage avec Ziguinchor" in page
    assert "Culture à Bamako" not in page
    page = text(client.get("/pays/RW/"))
    assert "2 actions enregistrées dans CoopDec avec un partenaire dans ce pays en plus des lauréats" in page
    assert "Eau potable à Huye" in page and "Culture à Bamako et à Huye" in page
    page = text(client.get("/pays/BJ/"))
    assert "Aucune action enregistrée dans CoopDec pour ce pays en plus des lauréats des appels à projets." in page
    assert "Retirée au Bénin" not in page
    page = text(client.get("/collectivites/epci/200046977/"))
    assert "Aucune action enregistrée dans CoopDec pour cette collectivité en plus des lauréats" in page


def test_the_directory_pages_leave_the_laureates_actions_to_their_own_list(client, atlas):
    """A laureate is an action of the Atlas too; the authority's and the country's pages already
    list it as a laureate, so their Atlas block shows only the other actions."""
    call = f.call("Généraliste 2025", campaign_obj=f.campaign(2025))
    laureate = f.application("Bibliothèque à Huye", call, atlas.castres)
    action("Bibliothèque à Huye", authorities=[atlas.castres], partners=[("Huye", "RW")],
           origin=Action.Origin.LAUREATE, application=laureate)
    for path in ("/collectivites/commune/81065/", "/pays/RW/"):
        assert "2 actions enregistrées dans CoopDec" in text(client.get(path)), path
    assert "Bibliothèque à Huye" in text(client.get("/atlas/"))


def test_a_change_of_an_action_shows_at_once(client, atlas):
    assert "Eau potable à Huye" in text(client.get("/atlas/"))
    Action.objects.filter(pk=atlas.water.pk).get().delete()
    page = text(client.get("/atlas/"))
    assert "Eau potable à Huye" not in page and "3 actions enregistrées dans CoopDec" in page


def test_a_long_list_on_a_page_shows_the_first_and_leads_to_the_atlas(client, atlas, monkeypatch):
    from coopdec.directory.templatetags import atlas_public

    monkeypatch.setattr(atlas_public, "SHOWN", 1)
    page = text(client.get("/pays/RW/"))
    assert 'href="/atlas/?pays=RW#actions">l\'Atlas</a>' in page
    assert page.count('class="fr-mb-3w atlas-action"') == 1


def test_an_odd_written_as_text_is_found_too(atlas):
    action("Écoles à Kigali", authorities=[atlas.castres], partners=[("Kigali", "RW")], sdgs=["4"])
    found = atlas_selectors.action_search(atlas_selectors.ActionFilters(sdg="4"))
    assert [a.title for a in found] == ["Culture à Bamako et à Huye", "Écoles à Kigali"]


def test_the_word_search_reads_its_index(atlas):
    """PostgreSQL: the words filter on the very expression `atlas_action_search_idx` indexes (migration
    atlas/0002), so the plan reads the index. SQLite searches the normalised words (no such index)."""
    from django.db import connection

    found = atlas_selectors.action_search(atlas_selectors.ActionFilters(query="eau"))
    if connection.vendor != "postgresql":
        assert "coopdec_normalise" in str(found.query)
        return
    sql, params = found.query.sql_with_params()
    with connection.cursor() as cursor:
        for method in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{method} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "atlas_action_search_idx" in plan, plan
    assert [a.title for a in found] == ["Eau potable à Huye"]
