"""The exchange's pages read a fixed number of queries, however many listings they show."""
import pytest
from django.utils import timezone

from tests.queries import assert_counts_do_not_grow

from .people import albi, castres, country, embassy_agent, foreign_request, french_offer, member, network_member, occitanie

pytestmark = pytest.mark.django_db


def test_the_list_and_my_listings_do_not_grow_with_the_listings(client, django_assert_num_queries):
    person = member(castres())
    french_offer(person=person, at=timezone.now())
    foreign_request(at=timezone.now())
    paths = ["/partenariats/", "/partenariats/?pays=RW", "/partenariats/?region=76&theme=Agriculture"]

    def add_rows():
        for _ in range(4):
            french_offer(person=person, at=timezone.now())
            french_offer(authority=albi(), at=timezone.now())
            foreign_request(person=embassy_agent("SN"), foreign_country=country("SN"), at=timezone.now())
            foreign_request(person=network_member("76"), on_behalf="reseau", network_region=occitanie(),
                            at=timezone.now())
        client.get("/partenariats/")  # the data version, read again once after a write (base template)

    client.get("/partenariats/")  # what a process reads once (the design system's settings)
    assert_counts_do_not_grow(client, paths, add_rows=add_rows, assert_num_queries=django_assert_num_queries)
    client.force_login(person)
    assert_counts_do_not_grow(client, ["/espace/partenariats/"], add_rows=lambda: (french_offer(person=person), client.get("/partenariats/")),
                              assert_num_queries=django_assert_num_queries)
