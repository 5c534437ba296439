"""The exchange's pages: the public list with its filters and its tables by country and région,
a listing's page, and the forms behind sign-in (publish, write, reply, renew, withdraw)."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coopdec.exchange.models import Contact, Listing
from coopdec.exchange.services import contact_send, listing_withdraw

from .people import albi, castres, embassy_agent, foreign_request, french_offer, member, user

pytestmark = pytest.mark.django_db


def _now():
    return timezone.now()


def test_the_public_list_shows_the_listings_and_their_tables(client):
    offer, _ = french_offer(at=_now())
    request, _ = foreign_request(at=_now())
    response = client.get("/partenariats/")
    page = response.content.decode()
    assert response.status_code == 200
    assert offer.title in page and request.title in page
    assert "2 annonces en cours" in page
    assert "Annonces en cours par pays" in page and "Annonces en cours par région française" in page
    assert '<a href="?pays=RW#annonces">Rwanda</a></th><td>1</td><td>1</td>' in page
    assert '<a href="?region=76#annonces">Occitanie</a></th><td>1</td><td>1</td>' in page


@pytest.mark.parametrize("query, shown", [
    ("nature=offre", {"offer"}), ("nature=demande", {"request"}),
    ("theme=agriculture", {"request"}), ("theme=Eau+et+assainissement", {"offer"}), ("theme=Culture", set()),
    ("pays=SN", {"offer"}), ("pays=RW", {"offer", "request"}), ("pays=BJ", set()),
    ("region=76", {"offer", "request"}), ("region=84", set()),
    ("nature=offre&pays=RW&region=76", {"offer"}),
])
def test_the_filters(client, query, shown):
    listings = {"offer": french_offer(at=_now())[0], "request": foreign_request(at=_now())[0]}
    page = client.get(f"/partenariats/?{query}").content.decode()
    assert {name for name, listing in listings.items() if listing.title in page} == shown
    if not shown:
        assert "Aucune annonce de partenariat en cours enregistrée dans CoopDec ne correspond à ces filtres." in page


def test_expired_and_withdrawn_listings_are_not_public(client):
    expired, _ = french_offer(at=_now() - timedelta(days=200), title="Ancienne offre")
    withdrawn, person = french_offer(at=_now(), title="Offre retirée")
    listing_withdraw(listing=withdrawn, user=person)
    page = client.get("/partenariats/").content.decode()
    assert "Ancienne offre" not in page and "Offre retirée" not in page
    assert "Aucune annonce de partenariat en cours n'est enregistrée dans CoopDec." in page
    for listing in (expired, withdrawn):
        response = client.get(f"/partenariats/{listing.pk}/")
        assert response.status_code == 404
        assert "elle a pu expirer ou être retirée" in response.content.decode()


def test_a_listing_page_and_the_public_pages_are_read_only(client):
    listing, _ = french_offer(at=_now())
    page = client.get(f"/partenariats/{listing.pk}/").content.decode()
    assert listing.text in page and "Écrire à Castres" in page and "Eau et assainissement, Éducation" in page
    assert "Rwanda, Sénégal" in page
    assert client.post("/partenariats/").status_code == 405
    assert client.post(f"/partenariats/{listing.pk}/").status_code == 405


@pytest.mark.parametrize("path", ["/espace/partenariats/publier/", "/espace/partenariats/1/ecrire/", "/espace/partenariats/messages/1/",
                                  "/espace/partenariats/"])
def test_the_forms_ask_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_member_publishes_through_the_form(client):
    person = member(castres())
    client.force_login(person)
    page = client.get("/espace/partenariats/publier/").content.decode()
    assert 'for="id_publisher"' in page and "Castres" in page
    response = client.post("/espace/partenariats/publier/", {
        "kind": "offre", "publisher": f"fr:{castres().pk}", "title": "Échanges culturels",
        "themes": "Culture, jeunesse", "countries": ["BJ", "SN"], "text": "Castres propose des échanges."})
    listing = Listing.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/partenariats/{listing.pk}/"
    assert listing.themes == ["Culture", "jeunesse"] and listing.authority == castres()


def test_an_embassy_agent_publishes_for_a_foreign_authority_through_the_form(client):
    client.force_login(embassy_agent("RW"))
    response = client.post("/espace/partenariats/publier/", {
        "kind": "demande", "publisher": "amb:RW", "foreign_name": "Ville de Kigali", "title": "Kigali cherche",
        "themes": "Mobilité", "regions": ["76"], "text": "Transports urbains."})
    assert response.status_code == 302
    listing = Listing.objects.get()
    assert (listing.foreign_name, listing.foreign_country_id, listing.on_behalf) == ("Ville de Kigali", "RW", "ambassade")


def test_a_bad_form_shows_every_error_in_a_summary_and_keeps_what_was_typed(client):
    client.force_login(member(castres()))
    response = client.post("/espace/partenariats/publier/", {"kind": "offre", "publisher": f"fr:{castres().pk}",
                                                      "title": "Gardé", "themes": " , ", "text": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "3&nbsp;erreurs empêchent d'envoyer le formulaire" in page
    assert 'href="#id_themes"' in page and 'href="#id_text"' in page and 'href="#id_countries"' in page
    assert 'value="Gardé"' in page
    assert not Listing.objects.exists()


def test_someone_without_an_authority_is_told_how_to_get_one(client):
    client.force_login(user())
    page = client.get("/espace/partenariats/publier/").content.decode()
    assert "Vous ne parlez au nom d'aucune collectivité enregistrée dans CoopDec" in page
    listing, _ = french_offer(at=_now())
    page = client.get(f"/espace/partenariats/{listing.pk}/ecrire/").content.decode()
    assert "aucun de ces rattachements n'est enregistré dans CoopDec" in page


def test_writing_through_the_form_then_the_conversation_is_for_its_two_parties(client):
    listing, publisher = french_offer(at=_now())
    writer = member(albi())
    client.force_login(writer)
    response = client.post(f"/espace/partenariats/{listing.pk}/ecrire/", {"as_whom": f"fr:{albi().pk}",
                                                                   "text": "Albi est intéressée."})
    thread = Contact.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/espace/partenariats/messages/{thread.pk}/"
    assert "Albi est intéressée." in client.get(response["Location"]).content.decode()
    client.force_login(member(castres()))  # a colleague of the publisher answers
    response = client.post(f"/espace/partenariats/messages/{thread.pk}/", {"text": "Parlons-en."})
    assert response.status_code == 302 and thread.replies.get().sender_name == "Castres"
    client.force_login(user())
    assert client.get(f"/espace/partenariats/messages/{thread.pk}/").status_code == 404
    client.force_login(member(albi()))  # Albi's other members did not write: not theirs
    assert client.get(f"/espace/partenariats/messages/{thread.pk}/").status_code == 404


def test_my_listings_renew_and_withdraw(client):
    listing, person = french_offer(at=_now() - timedelta(days=170))
    other, _ = foreign_request(at=_now())
    client.force_login(person)
    page = client.get("/espace/partenariats/").content.decode()
    assert listing.title in page and other.title not in page
    assert client.post(f"/espace/partenariats/{listing.pk}/renouveler/").status_code == 302
    listing.refresh_from_db()
    assert listing.expires_on > timezone.localdate() + timedelta(days=170)
    assert client.post(f"/espace/partenariats/{other.pk}/retirer/").status_code == 404
    assert client.post(f"/espace/partenariats/{listing.pk}/retirer/").status_code == 302
    listing.refresh_from_db()
    assert listing.withdrawn_at is not None
    assert "Retirée le" in client.get("/espace/partenariats/").content.decode()


def test_a_message_refused_by_the_service_says_why_on_the_form(client):
    listing, _ = french_offer(at=_now())
    writer = member(albi())
    client.force_login(writer)
    for n in range(10):
        contact_send(listing=listing, user=writer, as_whom=f"fr:{albi().pk}", text=f"Message {n}")
    response = client.post(f"/espace/partenariats/{listing.pk}/ecrire/", {"as_whom": f"fr:{albi().pk}", "text": "Encore"})
    assert response.status_code == 400 and "Réessayez demain" in response.content.decode()


def test_both_parties_find_their_conversations_in_their_space(client):
    listing, publisher = french_offer(at=_now())
    writer = member(albi())
    thread = contact_send(listing=listing, user=writer, as_whom=f"fr:{albi().pk}", text="Bonjour")
    for person in (publisher, writer):
        client.force_login(person)
        page = client.get("/espace/partenariats/").content.decode()
        assert f'href="/espace/partenariats/messages/{thread.pk}/">Albi — «&nbsp;{listing.title}&nbsp;»</a> (1 message' in page
    client.force_login(user())
    assert "Aucune conversation de la bourse n'est" in client.get("/espace/partenariats/").content.decode()
