"""Publish, renew, withdraw, write and reply: what each does, and each refusal with its reason."""
from datetime import date, timedelta

import pytest
from django.core import mail

from coopdec.exchange import selectors
from coopdec.exchange.models import Contact, Listing
from coopdec.exchange.services import (
    CONTACTS_PER_DAY, ListingRefused, contact_reply, contact_send, listing_publish, listing_renew,
    listing_withdraw, months_later,
)
from coopdec.notifications.models import Message
from coopdec.territories.models import Region

from .people import (
    AT, albi, castres, country, embassy_agent, foreign_request, french_offer, member, ministry_officer,
    network_member, occitanie, user,
)

pytestmark = pytest.mark.django_db


def test_a_member_publishes_for_six_months_with_the_text_cleaned():
    listing, person = french_offer(title="  Jumelage\x01 scolaire ", themes=["Eau", " eau ", "Cre\u0301ation"])
    assert listing.title == "Jumelage scolaire"
    assert listing.themes == ["Eau", "Création"]  # « eau » is « Eau » again; NFC
    assert listing.on_behalf == Listing.OnBehalf.MEMBER and listing.published_by == person
    assert listing.expires_on == date(2026, 9, 2)
    assert sorted(listing.countries.values_list("pk", flat=True)) == ["RW", "SN"]
    assert listing.author_name == "Castres"


def test_months_later_keeps_the_last_day_of_a_shorter_month():
    assert months_later(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert months_later(date(2026, 12, 15), 1) == date(2027, 1, 15)


def test_an_embassy_agent_publishes_for_an_authority_of_its_country():
    listing, _ = foreign_request()
    assert listing.is_foreign and listing.author_name == "District de Huye"
    assert listing.on_behalf == Listing.OnBehalf.EMBASSY and listing.foreign_country_id == "RW"
    assert list(listing.regions.all()) == [occitanie()] and not listing.countries.exists()


def test_a_network_member_publishes_for_a_foreign_authority_it_knows():
    person = network_member("76")
    listing, _ = foreign_request(person=person, on_behalf=Listing.OnBehalf.NETWORK, network_region=occitanie(),
                                 foreign_country=country("SN"), foreign_name="Commune de Dakar-Plateau")
    assert listing.network_region == occitanie() and listing.foreign_country_id == "SN"


@pytest.mark.parametrize("who, reason", [
    ("stranger", "Seul un membre confirmé de Castres publie en son nom."),
    ("other_member", "Seul un membre confirmé de Castres publie en son nom."),
])
def test_only_a_confirmed_member_publishes_for_a_french_authority(who, reason):
    person = user() if who == "stranger" else member(albi())
    with pytest.raises(ListingRefused) as refused:
        french_offer(person=person)
    assert refused.value.reason == reason
    assert not Listing.objects.exists()


def test_an_embassy_publishes_only_for_its_own_country():
    with pytest.raises(ListingRefused) as refused:
        foreign_request(person=embassy_agent("SN"))
    assert refused.value.reason == ("Seul un agent de l'ambassade de France en Rwanda publie pour une collectivité "
                                    "de ce pays.")


def test_a_network_publishes_only_as_its_own_region():
    person = network_member("76")
    with pytest.raises(ListingRefused) as refused:
        foreign_request(person=person, on_behalf=Listing.OnBehalf.NETWORK, network_region=Region.objects.get(pk="84"))
    assert refused.value.reason == "Seul un membre d'un réseau régional publie au titre de ce réseau."
    with pytest.raises(ListingRefused) as refused:
        foreign_request(person=person)  # as the embassy, which it is not
    assert "ambassade de France en Rwanda" in refused.value.reason


@pytest.mark.parametrize("changes, reason", [
    ({"title": " \x01 "}, "L'intitulé est vide."),
    ({"text": ""}, "Le texte est vide."),
    ({"themes": [" ", ""]}, "Indiquez au moins un thème."),
    ({"countries": []}, "Indiquez au moins un pays où vous cherchez des partenaires."),
    ({"kind": "troc"}, "Choisissez une offre ou une recherche de partenaires."),
    ({"title": "x" * 201}, "L'intitulé dépasse 200 caractères (201)."),
])
def test_bad_input_is_refused_with_its_reason(changes, reason):
    with pytest.raises(ListingRefused) as refused:
        french_offer(**changes)
    assert refused.value.reason == reason


def test_both_sides_at_once_are_refused():
    person = member(castres())
    with pytest.raises(ListingRefused, match="pas des deux"):
        listing_publish(user=person, kind="offre", title="T", text="T", themes=["Eau"], authority=castres(),
                        foreign_country=country("RW"), foreign_name="Huye", countries=[country("RW")])


def test_renew_moves_the_expiry_six_months_from_today_and_withdraw_hides_it():
    listing, person = french_offer()
    colleague = member(castres())
    listing_renew(listing=listing, user=colleague, at=AT + timedelta(days=150))
    assert listing.expires_on == date(2027, 1, 30) and listing.renewed_at == AT + timedelta(days=150)
    listing_renew(listing=listing, user=person, at=AT)  # never earlier than the date already set
    assert listing.expires_on == date(2027, 1, 30)
    listing_withdraw(listing=listing, user=person)
    assert not selectors.visible(date(2026, 4, 1)).exists()
    with pytest.raises(ListingRefused, match="déjà retirée"):
        listing_withdraw(listing=listing, user=person)
    with pytest.raises(ListingRefused, match="ne se renouvelle pas"):
        listing_renew(listing=listing, user=person)


def test_only_its_side_renews_or_withdraws_a_listing_and_the_ministry_moderates():
    listing, _ = foreign_request()
    for outsider in (user(), member(castres()), embassy_agent("SN"), network_member("76")):
        with pytest.raises(ListingRefused, match="Seuls l'auteur"):
            listing_renew(listing=listing, user=outsider)
        with pytest.raises(ListingRefused, match="Seuls l'auteur"):
            listing_withdraw(listing=listing, user=outsider)
    listing_renew(listing=listing, user=embassy_agent("RW"), at=AT)  # a colleague at the same embassy
    listing_withdraw(listing=listing, user=ministry_officer())
    assert listing.withdrawn_at is not None


def test_a_message_reaches_the_listing_side_and_the_reply_comes_back(django_capture_on_commit_callbacks):
    listing, publisher = french_offer()
    colleague = member(castres())
    writer = embassy_agent("SN")
    with django_capture_on_commit_callbacks(execute=True):
        first = contact_send(listing=listing, user=writer, as_whom="amb:SN", text="Dakar serait intéressée.", at=AT)
    assert first.sender_name == "Ambassade de France — Sénégal" and first.forwarded_at and first.recipients_count == 2
    assert sorted(e.to[0] for e in mail.outbox) == sorted([publisher.email, colleague.email])
    assert Message.objects.filter(event="partenariat_message").count() == 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = contact_reply(thread=first, user=colleague, text="Avec plaisir.", at=AT)
    assert reply.from_listing_side and reply.sender_name == "Castres" and reply.thread == first
    assert [e.to for e in mail.outbox] == [[writer.email]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        contact_reply(thread=first, user=writer, text="Merci.", at=AT)
    assert sorted(e.to[0] for e in mail.outbox) == sorted([publisher.email, colleague.email])
    with pytest.raises(ListingRefused, match="deux parties"):
        contact_reply(thread=first, user=member(albi()), text="Moi aussi", at=AT)


def test_a_foreign_listing_is_answered_by_its_embassy():
    listing, agent = foreign_request()
    colleague = embassy_agent("RW")
    writer = member(albi())
    sent = contact_send(listing=listing, user=writer, as_whom=f"fr:{albi().pk}", text="Albi est intéressée.", at=AT)
    assert sent.sender_authority == albi() and sent.sender_name == "Albi"
    assert {m.recipient for m in Message.objects.all()} == {agent, colleague}


@pytest.mark.parametrize("state, reason", [
    ("withdrawn", "Cette annonce a été retirée : elle ne reçoit plus de message."),
    ("expired", "Cette annonce a expiré : elle ne reçoit plus de message."),
])
def test_a_withdrawn_or_expired_listing_takes_no_message(state, reason):
    listing, person = french_offer()
    if state == "withdrawn":
        listing_withdraw(listing=listing, user=person)
    at = AT + timedelta(days=200) if state == "expired" else AT
    with pytest.raises(ListingRefused) as refused:
        contact_send(listing=listing, user=member(albi()), as_whom=f"fr:{albi().pk}", text="Bonjour", at=at)
    assert refused.value.reason == reason
    assert not Contact.objects.exists() and not Message.objects.exists()


def test_only_authorities_embassies_and_networks_write_and_as_themselves():
    listing, _ = french_offer()
    with pytest.raises(ListingRefused, match="Seuls les membres confirmés"):
        contact_send(listing=listing, user=user(), as_whom="fr:1", text="Bonjour", at=AT)
    writer = member(albi())
    with pytest.raises(ListingRefused, match="parmi les vôtres"):
        contact_send(listing=listing, user=writer, as_whom=f"fr:{castres().pk}", text="Bonjour", at=AT)
    with pytest.raises(ListingRefused, match="Le message est vide"):
        contact_send(listing=listing, user=writer, as_whom=f"fr:{albi().pk}", text=" \x00 ", at=AT)


def test_messages_are_limited_per_user_and_day():
    listing, _ = french_offer()
    writer = member(albi())
    for minute in range(CONTACTS_PER_DAY):
        contact_send(listing=listing, user=writer, as_whom=f"fr:{albi().pk}", text=f"Message {minute}",
                     at=AT + timedelta(minutes=minute))
    with pytest.raises(ListingRefused, match="Réessayez demain"):
        contact_send(listing=listing, user=writer, as_whom=f"fr:{albi().pk}", text="Encore", at=AT + timedelta(hours=2))
    contact_send(listing=listing, user=writer, as_whom=f"fr:{albi().pk}", text="Le lendemain",
                 at=AT + timedelta(days=1, minutes=1))
    assert Contact.objects.count() == CONTACTS_PER_DAY + 1
