"""/instruction/atlas/: the ministry opens a yearly update campaign, sees who updated and who did
not, decides unresolved names one row at a time; the persons in charge are seen by the ministry,
embassies (authorities with an action in their country) and networks (their région), never by the
public nor by an authority's member."""
import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coopdec.atlas.models import ActionAuthority, ActionPartner, PersonInCharge, UpdateCampaign
from coopdec.atlas.services import authority_mark_updated, campaign_open, person_in_charge_save
from tests import factories
from tests.atlas.people import albi, castres, embassy_agent, member, ministry_officer, network_member, twinning

pytestmark = pytest.mark.django_db
MINISTRY = reverse("atlas:ministry")


def _text(response):
    return html.unescape(response.content.decode())


def test_only_the_ministry_reaches_its_atlas_pages(client):
    assert client.get(MINISTRY).status_code == 302  # sign in first
    client.force_login(member(castres()))
    for name in ("atlas:ministry", "atlas:names"):
        assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse("atlas:campaign-new"), {"year": 2026}).status_code == 403
    assert not UpdateCampaign.objects.exists()


def test_the_ministry_opens_a_campaign_and_sees_who_updated_and_who_did_not(client):
    officer = ministry_officer()
    client.force_login(officer)
    assert "Aucune campagne de mise à jour de l'Atlas n'est enregistrée dans CoopDec" in _text(client.get(MINISTRY))
    today = timezone.localdate()
    bad = client.post(reverse("atlas:campaign-new"), {"year": today.year, "opens_on": today.isoformat(),
                                                      "closes_on": (today - timedelta(days=1)).isoformat()})
    assert bad.status_code == 400 and "La clôture ne peut pas précéder l'ouverture." in _text(bad)
    response = client.post(reverse("atlas:campaign-new"), {
        "year": today.year, "opens_on": today.isoformat(), "closes_on": (today + timedelta(days=30)).isoformat()})
    assert response.status_code == 302 and UpdateCampaign.objects.get().opened_by == officer
    again = client.post(reverse("atlas:campaign-new"), {
        "year": today.year, "opens_on": today.isoformat(), "closes_on": today.isoformat()})
    assert again.status_code == 400 and "existe déjà" in _text(again)
    action, person = twinning(co_authorities=[albi()])
    authority_mark_updated(authority=castres(), by=person)
    page = _text(client.get(MINISTRY))
    assert "Collectivités nommées sur une action de l'Atlas : 2, dont 1 à jour et 1 pas encore." in page.replace(
        "\u00a0", " ")
    waiting = _text(client.get(MINISTRY, {"etat": "en-attente"}))
    done = _text(client.get(MINISTRY, {"etat": "a-jour"}))
    assert "<li>Albi (Tarn)</li>" in waiting and "<li>Castres (Tarn)</li>" not in waiting
    assert "<li>Castres (Tarn)</li>" in done


def test_the_waiting_list_is_paginated(client):
    today = timezone.localdate()
    officer = ministry_officer()
    campaign_open(by=officer, year=today.year, opens_on=today, closes_on=today)
    person = member(castres())
    communes = list(factories.departement().authorities.filter(kind="commune").order_by("code")[:55])
    twinning(person=person, co_authorities=communes)
    client.force_login(officer)
    first = _text(client.get(MINISTRY))
    assert "Page 1 sur 2" in first
    assert "Page 2 sur 2" in _text(client.get(MINISTRY, {"etat": "en-attente", "page": 2}))


def test_an_unresolved_name_is_decided_for_its_row_only(client):
    action, person = twinning()
    other, _ = twinning(title="Autre action", person=person)
    here = ActionAuthority.objects.create(action=action, name="Albi", candidates=["commune:81004", "81065"], order=3)
    there = ActionAuthority.objects.create(action=other, name="Albi", candidates=["commune:81004"], order=3)
    client.force_login(ministry_officer())
    page = _text(client.get(reverse("atlas:names")))
    assert "« Albi » — action « Jumelage Castres–Dakar »" in page.replace("\u00a0", " ")
    assert "Albi (Tarn" in page and "Castres (Tarn" in page
    refused = client.post(reverse("atlas:name-decide", args=[here.pk]), {"authority": castres().pk})
    assert refused.status_code == 400 and "figure déjà parmi les collectivités" in _text(refused)
    client.post(reverse("atlas:name-decide", args=[here.pk]), {"authority": albi().pk})
    here.refresh_from_db(), there.refresh_from_db()
    assert here.authority == albi() and there.authority is None
    assert client.post(reverse("atlas:name-decide", args=[here.pk]), {"authority": albi().pk}).status_code == 404


def test_persons_in_charge_are_seen_by_the_ministry_embassies_and_networks_only(client):
    twinning()  # Castres, with a partner in Senegal
    paris = factories.authority(name="Lutèce", departement_obj=factories.departement("75", "Paris",
                                                                                     factories.region("11")))
    person_in_charge_save(authority=castres(), by=member(castres()), kind="elu", name="Anne Martin",
                          function="Adjointe", email="anne.martin@exemple.fr")
    person_in_charge_save(authority=paris, by=member(paris), kind="agent", name="Paul Durand",
                          function="Chargé de mission", email="paul.durand@exemple.fr")
    persons = reverse("atlas:persons")

    def seen(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(persons)
        page = _text(response)
        return response.status_code, "Anne Martin" in page, "Paul Durand" in page

    assert seen(None)[0] == 302
    assert seen(member(castres()))[0] == 403
    assert seen(ministry_officer()) == (200, True, True)
    assert seen(embassy_agent("SN")) == (200, True, False)
    assert seen(embassy_agent("ML")) == (200, False, False)
    assert seen(network_member("76")) == (200, True, False)  # Occitanie
    assert seen(network_member("11")) == (200, False, True)
    assert PersonInCharge.objects.count() == 2
    # Never on a public page: the authority's and the Atlas's public pages do not name them.
    client.logout()
    for path in ("/", reverse("atlas:space")):
        assert "anne.martin@exemple.fr" not in client.get(path, follow=True).content.decode()


def test_a_partner_without_a_country_is_placed_by_the_ministry_for_its_row_only(client):
    action, person = twinning()
    other, _ = twinning(title="Autre action", person=person)
    here = ActionPartner.objects.create(action=action, name="Gandiol", country_as_written="Sénégal ?", order=5)
    there = ActionPartner.objects.create(action=other, name="Gandiol", country_as_written="Sénégal ?", order=5)
    client.force_login(person)
    assert client.post(reverse("atlas:partner-decide", args=[here.pk]), {"country": "SN"}).status_code == 403
    client.force_login(ministry_officer())
    page = _text(client.get(reverse("atlas:names")))
    assert "Partenaires étrangers sans pays (2)" in page
    refused = client.post(reverse("atlas:partner-decide", args=[here.pk]), {"country": ""})
    assert refused.status_code == 400 and 'id="erreurs"' in refused.content.decode()
    client.post(reverse("atlas:partner-decide", args=[here.pk]), {"country": "SN"})
    here.refresh_from_db(), there.refresh_from_db()
    assert (here.country_id, here.foreign_authority.name) == ("SN", "Gandiol")
    assert there.country_id is None and there.foreign_authority is None
