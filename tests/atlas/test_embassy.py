"""/instruction/atlas/pays/: an embassy agent sees the actions with a partner in its countries,
completes them through the services and comments them; never another country's actions."""
import html
from datetime import date

import pytest
from django.urls import reverse

from coopdec.atlas.models import Action, ActionNote
from tests.atlas.people import castres, embassy_agent, member, twinning

pytestmark = pytest.mark.django_db
EMBASSY = reverse("atlas:embassy")


def _text(response):
    return html.unescape(response.content.decode())


def test_an_embassy_sees_only_the_actions_of_its_country(client):
    senegal, _ = twinning(partners=(("Dakar", "SN"),))
    mali, _ = twinning(title="Coopération avec Ségou", partners=(("Ségou", "ML"),))
    client.force_login(embassy_agent("SN"))
    page = _text(client.get(EMBASSY))
    assert "Jumelage Castres–Dakar" in page and "Ségou" not in page
    assert f'href="{EMBASSY}"' in page  # the header leads the embassy there from any page
    assert client.get(reverse("atlas:embassy-action", args=[mali.pk])).status_code == 404
    for name, args in (("atlas:embassy-note", [mali.pk]), ("atlas:embassy-action", [mali.pk])):
        assert client.post(reverse(name, args=args), {"text": "Intrus", "status": "terminee"}).status_code == 404
    assert not ActionNote.objects.exists()
    assert Action.objects.get(pk=mali.pk).status == Action.Status.ONGOING


def test_anyone_else_is_refused_the_embassy_pages(client):
    client.force_login(member(castres()))
    assert client.get(EMBASSY).status_code == 403


def test_an_embassy_completes_and_comments_an_action_of_its_country(client):
    action, _ = twinning(partners=(("", "SN"), ("Bamako", "ML")))
    agent = embassy_agent("SN")
    client.force_login(agent)
    path = reverse("atlas:embassy-action", args=[action.pk])
    page = _text(client.get(path))
    assert "Aucun commentaire n'est enregistré dans CoopDec sur cette action." in page
    bad = client.post(path, {"status": "terminee", "starts_on": "2025-01-01", "ends_on": "2024-01-01"})
    assert bad.status_code == 400 and "La fin ne peut pas précéder le début." in _text(bad)
    client.post(path, {"status": "terminee", "starts_on": "2020-01-01", "ends_on": "2024-12-31",
                       "description": "Vérifiée par le poste"})
    action.refresh_from_db()
    assert (action.status, action.ends_on, action.description, action.updated_by) == (
        "terminee", date(2024, 12, 31), "Vérifiée par le poste", agent)
    senegal, mali = action.partners.order_by("order")
    client.post(reverse("atlas:embassy-partner", args=[action.pk, senegal.pk]), {"name": "Commune de Dakar"})
    senegal.refresh_from_db()
    assert senegal.name == "Commune de Dakar" and senegal.foreign_authority.country_id == "SN"
    client.post(reverse("atlas:embassy-partner", args=[action.pk, mali.pk]), {"name": "Autre"})
    mali.refresh_from_db()
    assert mali.name == "Bamako"  # another country's partner stays as it is
    client.post(reverse("atlas:embassy-note", args=[action.pk]), {"text": "Partenariat actif, visite en mai."})
    assert ActionNote.objects.get().author == agent
    assert "Partenariat actif, visite en mai." in _text(client.get(path))
    empty = client.post(reverse("atlas:embassy-note", args=[action.pk]), {"text": ""})
    assert empty.status_code == 400 and 'id="erreurs"' in empty.content.decode()
