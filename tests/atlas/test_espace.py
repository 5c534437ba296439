"""/espace/atlas/: an authority's member lists its actions (every origin), records, changes and
withdraws its own, names co-authorities and partners, says its actions are up to date in an open
campaign, and keeps its persons in charge. Another authority's action is a 404."""
import html
import re
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from coopdec.applications.models import Application
from coopdec.atlas.models import Action, AuthorityUpdate, PersonInCharge, UpdateCampaign
from coopdec.atlas.services import laureate_actions_sync
from tests import factories
from tests.atlas.people import albi, castres, member, twinning
from tests.queries import queries_of

pytestmark = pytest.mark.django_db
SPACE = reverse("atlas:space")


def _text(response):
    return html.unescape(response.content.decode())


def _action(**changes):
    data = {"kind": "jumelage", "title": "Jumelage Castres–Dakar", "description": "", "status": "en_cours",
            "starts_on": "2024-01-01", "ends_on": "", "amount": "12 000,50", "themes": "jeunesse, sport"}
    return data | changes


def test_a_member_records_an_action_then_its_partners_and_sees_it_listed(client):
    person = member(castres())
    client.force_login(person)
    assert "Aucune action de Castres (Tarn) n'est enregistrée dans CoopDec" in _text(client.get(SPACE))
    response = client.post(reverse("atlas:action-new"), _action())
    action = Action.objects.get()
    assert response.url == reverse("atlas:action-partners", args=[action.pk])
    assert (action.amount, action.themes, action.origin, action.created_by) == (
        D("12000.50"), ["jeunesse", "sport"], "collectivite", person)
    page = _text(client.get(response.url))
    # The countries in French order, as the other forms list them (Égypte among the E).
    assert page.index(">Égypte<") < page.index(">Érythrée<") < page.index(">Espagne<") < page.index(">Estonie<")
    response = client.post(response.url, {
        "co_applicant_name": "Albi", "partenaire-TOTAL_FORMS": "2", "partenaire-INITIAL_FORMS": "0",
        "partenaire-0-name": "Dakar", "partenaire-0-country": "SN", "partenaire-1-name": "", "partenaire-1-country": ""})
    assert response.status_code == 302
    assert [link.authority for link in action.authorities.all()] == [castres(), albi()]
    assert [(p.name, p.country_id) for p in action.partners.all()] == [("Dakar", "SN")]
    page = _text(client.get(SPACE))
    assert "Jumelage Castres–Dakar" in page and "Dakar, Sénégal" in page and "12 000,50 €" in page.replace("\u00a0", " ")


def test_adding_a_partner_line_keeps_what_was_typed_and_saves_nothing(client):
    action, person = twinning(partners=())
    client.force_login(person)
    response = client.post(reverse("atlas:action-partners", args=[action.pk]), {
        "ajouter-ligne": "partenaire", "co_applicant_name": "", "partenaire-TOTAL_FORMS": "1",
        "partenaire-INITIAL_FORMS": "0", "partenaire-0-name": "Dakar", "partenaire-0-country": "SN"})
    page = _text(response)
    assert response.status_code == 200 and 'name="partenaire-1-name"' in page and 'value="Dakar"' in page
    assert re.search(r'name="partenaire-TOTAL_FORMS"[^>]*value="2"|value="2"[^>]*name="partenaire-TOTAL_FORMS"', page)
    assert not action.partners.exists()


def test_a_bad_action_is_answered_in_french_with_an_error_summary(client):
    client.force_login(member(castres()))
    response = client.post(reverse("atlas:action-new"), _action(title="", amount="douze", ends_on="2023-01-01"))
    page = _text(response)
    assert response.status_code == 400 and 'id="erreurs"' in page
    assert "La fin ne peut pas précéder le début." in page
    assert not Action.objects.exists()


def test_a_member_edits_and_withdraws_its_own_action_and_never_anothers(client):
    action, person = twinning()
    client.force_login(person)
    edit = reverse("atlas:action-edit", args=[action.pk])
    assert client.post(edit, _action(title="Jumelage renouvelé", status="terminee")).status_code == 302
    action.refresh_from_db()
    assert (action.title, action.status) == ("Jumelage renouvelé", "terminee")
    client.post(reverse("atlas:action-withdraw", args=[action.pk]))
    action.refresh_from_db()
    assert action.status == Action.Status.WITHDRAWN
    assert "Retirer" not in _text(client.get(SPACE)).split("Jumelage renouvelé")[1]
    stranger = member(factories.authority(name="Mazamet"))
    client.force_login(stranger)
    assert client.get(edit).status_code == 404
    assert client.post(reverse("atlas:action-withdraw", args=[action.pk])).status_code == 404
    assert client.post(reverse("atlas:action-partners", args=[action.pk]), {}).status_code == 404


def test_a_laureates_action_is_listed_read_only_with_a_link_to_its_dossier(client):
    application = factories.application(title="Eau potable à Huye", lead=castres(), granted_amount=D("60000"))
    laureate_actions_sync(Application.objects.filter(pk=application.pk))
    client.force_login(member(castres()))
    page = _text(client.get(SPACE))
    assert "Eau potable à Huye" in page and reverse("applications:dossier", args=[application.pk]) in page
    action = Action.objects.get()
    read = _text(client.get(reverse("atlas:action-edit", args=[action.pk])))
    assert "suit son dossier" in read and "<form" not in read.split("<main")[1]
    client.post(reverse("atlas:action-edit", args=[action.pk]), _action())
    action.refresh_from_db()
    assert action.title == "Eau potable à Huye"


def test_in_an_open_campaign_a_member_says_its_actions_are_up_to_date(client):
    twinning()
    person = member(castres())
    client.force_login(person)
    assert "Mes actions sont à jour" not in _text(client.get(SPACE))
    today = timezone.localdate()
    campaign = UpdateCampaign.objects.create(year=today.year, opens_on=today - timedelta(days=1),
                                             closes_on=today + timedelta(days=10))
    assert "Mes actions sont à jour" in _text(client.get(SPACE))
    client.post(reverse("atlas:mark-updated"), {"collectivite": castres().pk})
    assert AuthorityUpdate.objects.get().campaign == campaign
    assert "Actions dites à jour le" in _text(client.get(SPACE))


def test_the_space_costs_the_same_queries_with_more_actions(client, django_assert_num_queries):
    action, person = twinning()
    client.force_login(person)
    before = queries_of(client, SPACE)
    for n in range(5):
        twinning(title=f"Action {n}", person=person, partners=(("Dakar", "SN"), ("Thiès", "SN")),
                 co_authorities=[albi()])
    with django_assert_num_queries(before):
        queries_of(client, SPACE)


def test_a_member_keeps_its_persons_in_charge(client):
    person = member(castres())
    client.force_login(person)
    contacts = reverse("atlas:contacts")
    assert "Aucune personne chargée de l'action internationale de Castres (Tarn)" in _text(client.get(contacts))
    response = client.post(contacts, {"collectivite": castres().pk, "kind": "elu", "name": "Anne Martin",
                                       "function": "Adjointe aux relations internationales",
                                       "email": "anne.martin@exemple.fr", "phone": ""})
    assert response.status_code == 302
    saved = PersonInCharge.objects.get()
    assert (saved.authority, saved.kind, saved.updated_by) == (castres(), "elu", person)
    response = client.post(contacts, {"collectivite": castres().pk, "kind": "", "name": "", "function": ""})
    assert response.status_code == 400 and 'id="erreurs"' in response.content.decode()
    client.post(reverse("atlas:contact-edit", args=[saved.pk]), {
        "kind": "elu", "name": "Anne Martin", "function": "Maire adjointe", "email": "", "phone": "05 63 00 00 00"})
    saved.refresh_from_db()
    assert saved.function == "Maire adjointe"
    client.force_login(member(albi()))
    assert client.get(reverse("atlas:contact-edit", args=[saved.pk])).status_code == 404
    assert client.post(reverse("atlas:contact-remove", args=[saved.pk])).status_code == 404
    client.force_login(person)
    client.post(reverse("atlas:contact-remove", args=[saved.pk]))
    assert not PersonInCharge.objects.exists()
