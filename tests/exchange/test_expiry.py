"""Expiry: a listing past its date leaves the public pages by itself (a query, not a job), and
`exchange_expire` tells its side once before, with the renewal link."""
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from coopdec.exchange import selectors
from coopdec.exchange.services import expiry_remind, listing_renew, listing_withdraw

from .people import AT, castres, foreign_request, french_offer, member

pytestmark = pytest.mark.django_db


def test_a_listing_shows_until_its_expiry_date_included():
    listing, _ = french_offer()  # published 2 March 2026, expires 2 September 2026
    assert listing in selectors.visible(date(2026, 9, 2))
    assert listing not in selectors.visible(date(2026, 9, 3))


def test_the_reminder_is_sent_once_per_expiry_date_with_the_renewal_link(django_capture_on_commit_callbacks):
    listing, publisher = french_offer()
    colleague = member(castres())
    other, _ = foreign_request(at=AT + timedelta(days=60))  # expires later
    with django_capture_on_commit_callbacks(execute=True):
        assert expiry_remind(days=14, today=date(2026, 8, 18)) == 0  # 15 days before
        assert expiry_remind(days=14, today=date(2026, 8, 19)) == 1
        assert expiry_remind(days=14, today=date(2026, 8, 20)) == 0  # idempotent
    assert sorted(e.to[0] for e in mail.outbox) == sorted([publisher.email, colleague.email])
    email = mail.outbox[0]
    assert email.subject == "Votre annonce expire le 2 septembre 2026"
    assert "«\u00a0Jumelage scolaire et eau potable\u00a0» de Castres" in email.body
    assert "https://coopdec.example.fr/espace/partenariats/" in email.body
    listing_renew(listing=listing, user=publisher, at=AT + timedelta(days=170))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert expiry_remind(days=14, today=listing.expires_on - timedelta(days=3)) == 1  # the new date, once
    assert len(mail.outbox) == 2
    other.refresh_from_db()
    assert other.reminded_for is None


def test_withdrawn_and_already_expired_listings_get_no_reminder():
    listing, person = french_offer()
    listing_withdraw(listing=listing, user=person)
    french_offer(title="Expirée")
    assert expiry_remind(days=14, today=date(2026, 9, 3)) == 0


def test_the_command_says_what_it_did_and_refuses_a_bad_window(django_capture_on_commit_callbacks):
    out = StringIO()
    call_command("exchange_expire", "--jours", "14", stdout=out)
    assert out.getvalue() == "0 annonce(s) bientôt expirée(s) : auteurs prévenus.\n"
    with pytest.raises(CommandError, match="entre 0 et 180"):
        call_command("exchange_expire", "--jours", "-1")
