"""The demo's own figures and notes (data/demo/), as the public reads them: their sources, no
wording meant for the team, French spaces."""
import html
import re

import pytest
from django.core.management import call_command

from tests.publication.helpers import page_text
from tests.publication.test_typography import BAD_SPACES, visible_text

TEAM_WORDING = ("dossier de domaine", "reste à confirmer", "brief", "shared/", "to be confirmed", "tbc")
PAGES = ["/", "/campagnes/2025/", "/campagnes/2024/", "/statistiques/", "/reseaux/",
         "/reseaux/occitanie-cooperation/2025/", "/reseaux/resacoop/2025/"]


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_the_demo_pages_speak_to_the_public(client, demo):
    for path in PAGES:
        text = visible_text(client.get(path))
        assert [w for w in TEAM_WORDING if w in text.lower()] == [], path
        assert BAD_SPACES.findall(text) == [], path


def news_of(client, path) -> str:
    content = client.get(path).content.decode()
    news = re.search(r'id="texte-actualite"[^>]*>(.*?)</textarea>', content, re.S)[1]
    return html.unescape(news).replace("\u00a0", " ")


def test_the_2024_figures_are_the_ministrys_in_every_networks_news(client, demo):
    for network in ("occitanie-cooperation", "resacoop"):
        news = news_of(client, f"/reseaux/{network}/2025/")
        assert ("76 avaient été retenus, soit un taux d'acceptation de 67,3 %. Source : Ministère de "
                "l'Europe et des Affaires étrangères (DCTCIV), résultats 2024 (page d'origine non "
                "retrouvée).") in news


def test_occitanie_cooperation_does_not_cite_itself(client, demo):
    news = news_of(client, "/reseaux/occitanie-cooperation/2025/")
    assert "Source : Occitanie Coopération" not in news
    assert "Source : notre publication du 8 septembre 2025 (https://www.oc-cooperation.org/)." in news
    assert "Barjac (à confirmer) |" in news
    other = news_of(client, "/reseaux/resacoop/2025/")
    assert ("Source : Occitanie Coopération, lauréats 2025 (page du 8 septembre 2025) (publié le "
            "8 septembre 2025, https://www.oc-cooperation.org/).") in other


def test_the_demo_campaign_counts_like_with_like(client, demo):
    text = page_text(client.get("/campagnes/2025/"))
    assert "nous ne connaissons que 5 des 91 lauréats des appels à projets publiés ; il en manque 86." in text
