"""French typography on every public page, as a reader sees it: no plain space before « : ; ! ? »
or inside « », and « 0 lauréat », « 1 lauréat », never « 1 lauréats »."""
import re
from html.parser import HTMLParser

import pytest

from coopdec.french.text import collation_key


PAGES = [
    "/", "/campagnes/2025/", "/campagnes/2024/", "/campagnes/2025/regions/occitanie/",
    "/campagnes/2025/regions/occitanie/?departement=81&pays=RW", "/campagnes/2025/appels/generaliste-2025/",
    "/statistiques/", "/statistiques/?campagne=2024", "/carte/", "/carte/?region=76&mesure=partenariats",
    "/reseaux/", "/reseaux/occitanie-cooperation/2025/", "/reseaux/occitanie-cooperation/2025/widget/",
    "/reseaux/resacoop/2024/", "/recherche/?q=bargny", "/recherche/?q=introuvable", "/donnees/",
    "/simulateur/", "/collectivites/commune/81065/", "/pays/", "/pays/SN/", "/comptes/login/",
]
SPACE = r"[ \t\r\n]"  # what a browser shows as a breakable space; U+00A0 and U+202F are not
BAD_SPACES = re.compile(rf"\S{{0,30}}{SPACE}+[:;!?»]|«{SPACE}+\S{{0,30}}")
FRENCH_PLURAL = re.compile(
    r"(?<![\d\u00a0\u202f,.])[01][\s\u00a0]+(lauréats|dossiers|projets|appels|partenariats)\b")


class VisibleText(HTMLParser):
    """The text a reader sees or hears: every text node but scripts and styles, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(response) -> str:
    parser = VisibleText()
    parser.feed(response.content.decode())
    return "".join(parser.parts)


@pytest.mark.parametrize("path", PAGES)
def test_public_pages_keep_french_spaces_and_plurals(client, occitanie, path):
    response = client.get(path)
    assert response.status_code == 200
    text = visible_text(response)
    assert BAD_SPACES.findall(text) == []
    assert FRENCH_PLURAL.findall(text) == []


@pytest.mark.parametrize("bad", ["Source : x", "x ; y", "Vraiment ?", "« x", "x »", "Source\n  :"])
def test_the_scan_finds_a_plain_space(bad):
    assert BAD_SPACES.search(bad)


def test_the_scan_accepts_french_spaces():
    assert not BAD_SPACES.search("Source\u00a0: x\u00a0; «\u00a0x\u00a0» https://exemple.fr/?q=1 57,6%")
    assert FRENCH_PLURAL.findall("1 lauréats, 0 dossiers, 2 lauréats, 1\u00a0000 dossiers, 1 lauréat") == [
        "lauréats", "dossiers",
    ]


def test_countries_sort_the_french_way():
    names = ["Suisse", "Sénégal", "Émirats arabes unis", "Espagne", "Zambie", "Égypte"]
    assert sorted(names, key=collation_key) == [
        "Égypte", "Émirats arabes unis", "Espagne", "Sénégal", "Suisse", "Zambie",
    ]
