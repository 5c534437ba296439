"""The back office of the geography: searchable reference rows, aliases people add."""
import pytest

from coopdec.territories.models import Authority, AuthorityAlias

pytestmark = pytest.mark.django_db


def test_authorities_are_searched_by_name_and_code(admin_client):
    assert "Castres" in admin_client.get("/admin/territories/authority/", {"q": "81065"}).content.decode()
    page = admin_client.get("/admin/territories/authority/", {"q": "Sicoval"}).content.decode()
    assert "CA du Sicoval" in page


def test_an_official_authority_is_read_only_with_its_aliases_editable(admin_client):
    annecy = Authority.objects.get(kind="commune", code="74010")
    page = admin_client.get(f"/admin/territories/authority/{annecy.pk}/change/").content.decode()
    assert 'name="name"' not in page and "Annecy-le-Vieux" in page


def test_an_alias_is_stored_with_its_key_and_author(admin_client, admin_user):
    thiers = Authority.objects.get(kind="commune", code="63430")
    response = admin_client.post("/admin/territories/authorityalias/add/", {
        "original": "Mairie de Thiers — Puy-de-Dôme", "authority": thiers.pk, "source": "confirmed",
    })
    assert response.status_code == 302
    alias = AuthorityAlias.objects.get(authority=thiers, source="confirmed")
    assert (alias.text, alias.created_by) == ("mairie de thiers puy de dome", admin_user)
    again = admin_client.post("/admin/territories/authorityalias/add/", {
        "original": "MAIRIE DE THIERS PUY DE DOME", "authority": thiers.pk, "source": "confirmed",
    })
    assert again.status_code == 200 and "existe déjà" in again.content.decode()


def test_an_alias_of_a_name_other_authorities_share_is_refused(admin_client):
    """An alias decides for every list: « Mairie de Barjac » must be confirmed in its context."""
    gard = Authority.objects.get(kind="commune", code="30029")
    response = admin_client.post("/admin/territories/authorityalias/add/", {
        "original": "Mairie de Barjac", "authority": gard.pk, "source": "confirmed",
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "«\u00a0Mairie de Barjac\u00a0» désigne aussi Barjac (48), Barjac (09)\u00a0: un alias" in page
    assert not AuthorityAlias.objects.filter(authority=gard).exists()


@pytest.mark.parametrize("path", ["region", "departement", "country", "foreignauthority", "authorityalias",
                                  "authorityconfirmation"])
def test_changelists_answer(admin_client, path):
    assert admin_client.get(f"/admin/territories/{path}/").status_code == 200


def test_a_partner_added_in_the_admin_is_the_one_imports_find(admin_client):
    from coopdec.territories.models import ForeignAuthority
    from coopdec.territories.partner_services import foreign_authority_get_or_create

    response = admin_client.post("/admin/territories/foreignauthority/add/",
                                 {"name": "District de Huyé", "country": "RW"})
    assert response.status_code == 302
    added = ForeignAuthority.objects.get(country="RW", name="District de Huyé")
    assert foreign_authority_get_or_create(name="Huye", country="RW") == added
    assert foreign_authority_get_or_create(name="Butare", country="RW") == added
