"""The public pages say what CoopDec records, never more: where it has no record it says so, a
count is compared with what it counts, and a laureate still « à confirmer » says so wherever it
is shown."""
import io
import re

import pdfplumber
import pytest

from tests import factories as f
from tests.downloads import download

from .helpers import page_text, table_rows

NO_RECORD = "Aucun lauréat enregistré dans CoopDec"


def test_a_campaign_without_records_says_so_and_shows_no_empty_table(client, occitanie):
    response = client.get("/campagnes/2024/")
    text = page_text(response)
    assert f"Les lauréats {NO_RECORD}." in text
    assert "CoopDec n'enregistre encore aucun dossier pour la campagne 2024." in text
    assert "aucun des 76 lauréats des appels à projets publiés n'est encore enregistré dans CoopDec" in text
    assert "Aucun projet lauréat" not in text
    content = response.content.decode()
    assert 'id="filtres"' not in content and 'id="table-laureats"' not in content


def test_a_call_without_laureates_says_so(client, occitanie):
    f.call("Sport 2025", campaign_obj=occitanie.campaign)
    text = page_text(client.get("/campagnes/2025/appels/sport-2025/"))
    assert f"Les lauréats {NO_RECORD}." in text


def test_a_campaign_without_published_figures_says_none_is_recorded(client, occitanie):
    f.campaign(2023)
    text = page_text(client.get("/campagnes/2023/"))
    assert "Aucun chiffre publié de la campagne 2023 n'est enregistré dans CoopDec." in text
    assert "n'a encore été publié" not in text


def test_an_empty_selection_says_no_recorded_laureate_matches(client, occitanie):
    response = client.get("/campagnes/2025/regions/occitanie/", {"pays": "BE", "nature": "fonds_conjoint"})
    assert f"{NO_RECORD} pour cette sélection." in page_text(response)
    assert table_rows(response) == [f"{NO_RECORD} ne correspond à cette sélection."]


def test_missing_laureates_compare_calls_for_projects_with_calls_for_projects(client, occitanie):
    """91 published laureates of the 11 appels à projets: our 6 laureates of appels à projets
    leave 85 missing; our AMI laureate is not one of the 91."""
    text = page_text(client.get("/campagnes/2025/"))
    assert "nous ne connaissons que 6 des 91 lauréats des appels à projets publiés ; il en manque 85." in text
    assert "il en manque 84" not in text


def test_the_campaign_page_links_each_region_and_the_map(client, occitanie):
    response = client.get("/campagnes/2025/")
    content = response.content.decode()
    regions = content[content.index('id="liste-regions"'):]
    regions = regions[:regions.index("</ul>")]
    assert re.findall(r'href="([^"]+)">([^<]+)</a>&nbsp;: (\d+) lauréats?', regions) == [
        ("/campagnes/2025/regions/bretagne/", "Bretagne", "1"),
        ("/campagnes/2025/regions/occitanie/", "Occitanie", "6"),
    ]
    assert "Bretagne</a>&nbsp;: 1 lauréat</li>" in regions  # singular
    assert 'href="/carte/?campagne=2025"' in content
    assert 'href="/campagnes/2024/">Campagne 2024</a>&nbsp;:' in content


def test_the_home_page_reaches_every_campaign(client, occitanie):
    f.application("Projet de 2023", f.call("Généraliste 2023", campaign_obj=f.campaign(2023)))
    response = client.get("/")
    text = page_text(response)
    for year in (2025, 2024, 2023):
        assert f'href="/campagnes/{year}/">Campagne {year}</a>' in response.content.decode()
    assert "Campagne 2025 : 7 lauréats enregistrés dans CoopDec" in text
    assert "Campagne 2024 : aucun lauréat enregistré dans CoopDec" in text
    assert "Campagne 2023 : 1 lauréat enregistré dans CoopDec" in text


def test_filters_list_countries_and_calls_in_french_order(client, occitanie):
    f.application("Projet d'égalité", f.call("Égalité femmes-hommes 2025", campaign_obj=occitanie.campaign))
    content = client.get("/campagnes/2025/").content.decode()

    def options(name):
        select = content[content.index(f'name="{name}"'):]
        return re.findall(r'<option value="[^"]+"[^>]*>([^<]+)</option>', select[:select.index("</select>")])

    assert options("pays") == [
        "Belgique", "Bénin", "Canada", "Palestine, État de", "Roumanie", "Rwanda", "Sénégal", "Suisse",
    ]
    calls = options("appel")
    assert calls.index("Égalité femmes-hommes 2025") < calls.index("Franco-palestinien 2025")


def test_the_pdf_flags_a_laureate_to_confirm_and_explains_the_flag(client, occitanie):
    _, content = download(client, "/campagnes/2025/regions/occitanie/laureats.pdf")
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))
    assert "Barjac À CONFIRMER" in text  # the badge is printed in capitals
    assert "le nom publié n'est pas encore rattaché avec certitude à une collectivité officielle" in text


def test_the_pdf_of_resolved_laureates_has_no_legend(client, occitanie):
    _, content = download(client, "/campagnes/2025/regions/occitanie/laureats.pdf", pays="SN")
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = " ".join(page.extract_text() for page in pdf.pages)
    assert "rattaché avec certitude" not in text


def test_sources_without_an_address_say_their_page_was_not_found(client, occitanie):
    text = page_text(client.get("/campagnes/2025/"))
    assert "Source : MEAE (page d'origine non retrouvée) ; taux calculé à partir de ces chiffres." in text


def test_a_call_page_says_what_its_dates_rest_on_and_where_it_was_found(client, occitanie):
    call = occitanie.calls["generaliste"]
    call.closes_note = "tbc"
    call.source_url = "https://www.bretagne-solidaire.bzh/appel ; https://jumelages-partenariats.com/a?n=1"
    call.save()
    response = client.get("/campagnes/2025/appels/generaliste-2025/")
    text = page_text(response)
    assert "Ouverture : 8 janvier 2025 Clôture : 31 mars 2025 (date à confirmer)" in text
    assert (
        'Sources&nbsp;: <a href="https://www.bretagne-solidaire.bzh/appel">bretagne-solidaire.bzh</a>, '
        '<a href="https://jumelages-partenariats.com/a?n=1">jumelages-partenariats.com</a>'
    ) in response.content.decode()
    assert "Source : non retrouvée" in page_text(client.get("/campagnes/2025/appels/franco-senegalais-2025/"))
