"""An address that names nothing recorded answers a French 404 — never the ORM's English
« Campaign matching query does not exist. » (seen on /campagnes/2031/)."""
import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/campagnes/2031/", "/reseaux/inconnu/2025/", "/collectivites/commune/99999/"])
def test_an_unknown_address_says_so_in_french(client, path):
    response = client.get(path)
    page = response.content.decode()
    assert response.status_code == 404
    assert "matching query" not in page and "does not exist" not in page
