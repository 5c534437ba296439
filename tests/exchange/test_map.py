"""/partenariats/monde/: the listings in progress on the world map, drawn by the observatory (the
exchange cannot import it), each country leading to its listings; expired ones are not counted."""
from datetime import timedelta

import pytest
from django.utils import timezone

from .people import foreign_request, french_offer

pytestmark = pytest.mark.django_db


def test_the_map_colours_each_country_by_its_listings_and_links_to_them(client):
    french_offer(at=timezone.now())  # seeks partners in Senegal and Rwanda
    foreign_request(at=timezone.now())  # from an authority of Rwanda
    french_offer(at=timezone.now() - timedelta(days=400), title="Une offre expirée")  # past its six months
    page = client.get("/partenariats/monde/").content.decode()
    assert '<a href="/partenariats/?pays=RW#annonces">' in page
    assert "Rwanda&nbsp;: 2 annonces — voir les annonces" in page
    assert "Sénégal&nbsp;: 1 annonce — voir les annonces" in page
    assert '<a href="/partenariats/?pays=SN#annonces">Sénégal</a></th>' in page
    assert "Une offre expirée" not in page
    assert 'href="/partenariats/monde/"' in client.get("/partenariats/").content.decode()


def test_without_a_listing_the_map_says_what_is_recorded(client):
    page = client.get("/partenariats/monde/").content.decode()
    assert "Aucune annonce en cours enregistrée dans CoopDec ne vise un pays." in page


def test_the_map_is_read_only(client):
    assert client.post("/partenariats/monde/").status_code == 405


def test_the_main_menu_does_not_take_the_map_for_its_carte(client):
    """The site's « Carte » (/carte/) is the laureates' map: a path that merely contains it is not it."""
    page = client.get("/partenariats/monde/").content.decode()
    assert 'href="/carte/" aria-current' not in page
