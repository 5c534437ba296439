"""The exchange's pages read a fixed number of queries, however many listings and messages they
show. The data version's read is left out of the count: the base template reads it at most once a
second (`dataversion.changes.VERSIONS_TTL`), so it comes and goes with the clock."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coopdec.exchange.services import contact_reply, contact_send

from .people import (
    albi, castres, country, embassy_agent, foreign_request, french_offer, member, network_member, occitanie,
)

pytestmark = pytest.mark.django_db

LIST_PATHS = ["/partenariats/", "/partenariats/?pays=RW", "/partenariats/?region=76&theme=Agriculture",
              "/partenariats/?nature=offre&pays=SN"]


def _queries(client, path) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200, path
    return [q["sql"] for q in captured.captured_queries if '"dataversion_dataversion"' not in q["sql"]]


def _counts(client, paths) -> dict[str, int]:
    return {path: len(_queries(client, path)) for path in paths}


def test_the_list_does_not_grow_with_the_listings(client):
    person = member(castres())
    french_offer(person=person, at=timezone.now())
    foreign_request(at=timezone.now())
    client.get("/partenariats/")  # what a process reads once (the design system's settings)
    before = _counts(client, LIST_PATHS)
    for _ in range(4):
        french_offer(person=person, at=timezone.now())
        french_offer(authority=albi(), at=timezone.now())
        foreign_request(person=embassy_agent("SN"), foreign_country=country("SN"), at=timezone.now())
        foreign_request(person=network_member("76"), on_behalf="reseau", network_region=occitanie(),
                        at=timezone.now())
    assert _counts(client, LIST_PATHS) == before


def test_my_listings_and_a_listing_page_do_not_grow(client):
    listing, person = french_offer(at=timezone.now())
    writer = member(albi())
    thread = contact_send(listing=listing, user=writer, as_whom=f"fr:{albi().pk}", text="Bonjour")
    client.force_login(person)
    paths = ["/espace/partenariats/", f"/partenariats/{listing.pk}/", f"/espace/partenariats/messages/{thread.pk}/"]
    client.get(paths[0])
    before = _counts(client, paths)
    for n in range(3):
        french_offer(person=person, at=timezone.now())
        contact_send(listing=listing, user=member(albi()), as_whom=f"fr:{albi().pk}", text=f"Message {n}")
        contact_send(listing=listing, user=writer, as_whom=f"fr:{albi().pk}", text=f"Suite {n}")
        contact_reply(thread=thread, user=person, text=f"Réponse {n}")
    assert _counts(client, paths) == before
