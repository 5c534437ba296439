"""The committee's table shows each dossier's opinions beside its score; its queries do not grow
with the opinions."""
from html import unescape

import pytest
from django.urls import reverse

from coopdec.instruction.services import opinion_record
from tests.committee.test_pages import board, officer  # noqa: F401 (fixtures)
from tests.queries import assert_counts_do_not_grow

pytestmark = pytest.mark.django_db


def test_the_session_table_shows_opinions_beside_scores(client, officer, board, django_assert_max_num_queries):
    call, first, second, held = board
    opinion_record(application=second, user=officer, issuer_kind="ambassade", issuer="Ambassade de France au Rwanda",
                   recommendation="favorable")
    client.force_login(officer)
    url = reverse("committees:session", args=[held.pk])
    page = unescape(client.get(url).content.decode()).replace("\u00a0", " ")
    row = page[page.index(f'id="dossier-{second.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "/20" in row and "Ambassade de France au Rwanda : <strong>favorable</strong>" in row
    other = page[page.index(f'id="dossier-{first.pk}"'):]
    assert "aucun avis" in other[:other.index("</tr>")]

    def add_rows():
        for n in range(3):
            for application in (first, second):
                opinion_record(application=application, user=officer, issuer_kind="prefecture",
                               issuer=f"Préfecture {n}", recommendation="reserve")

    assert_counts_do_not_grow(client, [url], add_rows=add_rows, assert_num_queries=django_assert_max_num_queries)
    assert "Préfecture 2 : <strong>réservé</strong>" in unescape(client.get(url).content.decode()).replace("\u00a0", " ")
