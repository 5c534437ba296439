"""The name index is shared state: a version in the database, changed with every write to what the
index holds, tells each process when its own index is stale (see `resolve`, « The index of the
running process »). Another process's write is made here as it reaches this one: rows and a new
version committed by someone else, with no signal in this process."""
import uuid

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from coopdec.territories import selectors
from coopdec.territories.models import Authority, AuthorityAlias, NameIndexVersion
from coopdec.territories.resolve import (
    Status, authority_index_recheck, forget_authority_index, resolve_authority,
)
from coopdec.territories.services import authority_confirm
from coopdec.territories.text import name_key

pytestmark = pytest.mark.django_db

NAME = "Cité drapière du Tarn"  # a usual name no list of the geography knows


@pytest.fixture(autouse=True)
def _index_of_this_test_only():
    """The rows "another process" wrote are rolled back without any signal: forget the index."""
    yield
    forget_authority_index()


def _written_by_another_process(authority):
    AuthorityAlias.objects.bulk_create([AuthorityAlias(
        text=name_key(NAME), original=NAME, authority=authority, source=AuthorityAlias.Source.CONFIRMED)])
    NameIndexVersion.objects.bulk_create([NameIndexVersion(pk=1, token=uuid.uuid4().hex)],
                                         update_conflicts=True, unique_fields=["id"], update_fields=["token"])


def test_a_confirmation_changes_the_version_in_its_own_transaction(admin_user):
    castres = Authority.objects.get(kind=Authority.Kind.COMMUNE, code="81065")
    before = selectors.name_index_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        authority_confirm(authority=castres, name=NAME, user=admin_user)
        assert selectors.name_index_version() != before
        raise RuntimeError("rolled back")
    assert selectors.name_index_version() == before  # nothing committed, nothing announced
    authority_confirm(authority=castres, name=NAME, user=admin_user)
    assert selectors.name_index_version() != before


def test_a_process_sees_another_s_write_at_its_next_request(client):
    castres = Authority.objects.get(kind=Authority.Kind.COMMUNE, code="81065")
    assert resolve_authority(NAME).status == Status.UNKNOWN
    _written_by_another_process(castres)
    # The next request compares versions before resolving: the reconciliation service finds it.
    response = client.get("/api/reconcile", {"queries": f'{{"q0": {{"query": "{NAME}"}}}}'})
    result = response.json()["q0"]["result"]
    assert result[0]["id"] == "commune:81065" and result[0]["match"] is True


def test_the_check_costs_one_query_per_request_not_per_name(django_assert_num_queries):
    authority_index_recheck()
    resolve_authority("Castres")  # current with the database
    authority_index_recheck()  # a new request
    with django_assert_num_queries(1):  # the version, once
        for name in ("Castres", "Albi", "Ville de Thiers (Puy-de-Dôme)", "Sicoval"):
            resolve_authority(name)


def test_a_stale_index_is_rebuilt_once_then_kept():
    castres = Authority.objects.get(kind=Authority.Kind.COMMUNE, code="81065")
    assert resolve_authority(NAME).status == Status.UNKNOWN
    _written_by_another_process(castres)
    authority_index_recheck()
    assert resolve_authority(NAME).match.code == "81065"
    authority_index_recheck()
    with CaptureQueriesContext(connection) as queries:
        assert resolve_authority(NAME).match.code == "81065"
    assert len(queries) == 1  # the version matched: no rebuild
