"""No e-mail address of either side crosses: not on a page (the public ones, the form, the
conversation, the inboxes), not in a forwarded e-mail (its body, its subject, its headers); the
reply goes through CoopDec too. An address crosses only when someone types it in their message."""
import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from coopdec.exchange.models import Contact
from coopdec.notifications.models import Message

from .people import albi, castres, embassy_agent, foreign_request, french_offer, member

pytestmark = pytest.mark.django_db

ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PUBLISHER, COLLEAGUE, WRITER = "camille.publie@castres.fr", "alex.collegue@castres.fr", "dominique.ecrit@albi.fr"


def _pages(client, person, listing, thread):
    client.force_login(person)
    paths = ["/partenariats/", f"/partenariats/{listing.pk}/", f"/espace/partenariats/{listing.pk}/ecrire/",
             f"/espace/partenariats/messages/{thread.pk}/", "/espace/partenariats/", "/espace/messages/"]
    paths += [f"/espace/messages/{m.pk}/" for m in Message.objects.filter(recipient=person)]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        yield path, response.content.decode()


def _email_text(email):
    return "\n".join([email.subject, email.body, *email.cc, *email.bcc, *email.reply_to,
                      *(f"{k}: {v}" for k, v in email.extra_headers.items())])


def test_neither_side_learns_the_others_address(client, django_capture_on_commit_callbacks):
    listing, publisher = french_offer(person=member(castres(), email=PUBLISHER), at=timezone.now())
    colleague = member(castres(), email=COLLEAGUE)
    writer = member(albi(), email=WRITER)
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(writer)
        client.post(f"/espace/partenariats/{listing.pk}/ecrire/", {"as_whom": f"fr:{albi().pk}", "text": "Bonjour Castres."})
        thread = Contact.objects.get()
        client.force_login(publisher)
        client.post(f"/espace/partenariats/messages/{thread.pk}/", {"text": "Bonjour Albi."})
        client.force_login(writer)
        client.post(f"/espace/partenariats/messages/{thread.pk}/", {"text": "Parlons-en."})
    assert Contact.objects.count() == 3 and len(mail.outbox) == 5  # 2 + 1 + 2

    for email in mail.outbox:
        assert email.from_email == settings.DEFAULT_FROM_EMAIL and len(email.to) == 1
        assert not email.cc and not email.bcc and not email.reply_to
        assert ADDRESS.findall(_email_text(email)) == [], _email_text(email)
        assert f"{settings.SITE_URL}/espace/partenariats/messages/{thread.pk}/" in email.body
    assert {e.to[0] for e in mail.outbox} == {PUBLISHER, COLLEAGUE, WRITER}
    assert "Albi vous écrit au sujet de l'annonce" in mail.outbox[0].body

    for person, others in ((writer, (PUBLISHER, COLLEAGUE)), (publisher, (WRITER,)), (colleague, (WRITER,))):
        for path, page in _pages(client, person, listing, thread):
            for other in others:
                assert other not in page, (person.email, path, other)
    client.logout()
    for path in ("/partenariats/", f"/partenariats/{listing.pk}/"):
        page = client.get(path).content.decode()
        assert PUBLISHER not in page and WRITER not in page and COLLEAGUE not in page


def test_a_foreign_listing_keeps_the_embassys_address_too(client, django_capture_on_commit_callbacks):
    agent = embassy_agent("RW", email="agent.kigali@diplomatie.gouv.fr")
    listing, _ = foreign_request(person=agent, at=timezone.now())
    client.force_login(member(albi(), email=WRITER))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/espace/partenariats/{listing.pk}/ecrire/", {"as_whom": f"fr:{albi().pk}", "text": "Bonjour Huye."})
    assert [e.to for e in mail.outbox] == [["agent.kigali@diplomatie.gouv.fr"]]
    assert ADDRESS.findall(_email_text(mail.outbox[0])) == []
    page = client.get(f"/espace/partenariats/messages/{Contact.objects.get().pk}/").content.decode()
    assert "agent.kigali@diplomatie.gouv.fr" not in page and "District de Huye" in page


def test_an_address_crosses_only_when_its_owner_types_it(django_capture_on_commit_callbacks):
    from coopdec.exchange.services import contact_send

    listing, _ = french_offer(at=timezone.now())
    writer = member(albi(), email=WRITER)
    with django_capture_on_commit_callbacks(execute=True):
        contact_send(listing=listing, user=writer, as_whom=f"fr:{albi().pk}",
                     text="Écrivez-moi directement : international@albi.fr")
    assert ADDRESS.findall(mail.outbox[0].body) == ["international@albi.fr"]
