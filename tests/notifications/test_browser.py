"""The applicant's messages in a real Chromium: from /espace/ to the inbox to a message and back
to its dossier, the unread count going down; axe-core finds no violation on these pages."""
from datetime import date, datetime

import pytest
from django.db import transaction
from playwright.sync_api import expect

from coopdec.applications.messages import notify_dossier
from coopdec.applications.services import application_submit
from coopdec.calls.models import PARIS
from coopdec.notifications import events
from tests import factories
from tests.applications.people import PASSWORD, complete, draft, open_call
from tests.browser import DESKTOP, axe_violations, chromium_page, screenshot


@pytest.fixture
def reader(transactional_db, settings, tmp_path):
    """A submitted dossier and a report reminder: two unread messages (made before Playwright)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call = open_call(opens=date(2026, 1, 5), closes=date(2026, 12, 31))
    application, person = draft(authority=factories.authority(name="Besançon"), call_obj=call)
    complete(application, person)
    with transaction.atomic():
        application_submit(application=application, user=person, at=datetime(2026, 6, 1, 12, tzinfo=PARIS))
    notify_dossier(event=events.RAPPORT_ATTENDU, application=application, recipients=[person],
                   values={"report_label": "rapport final", "due_on": date(2028, 3, 31)})
    return application, person


def _checked(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"messages-{name}")


@pytest.mark.browser
def test_an_applicant_reads_their_messages_with_no_axe_violation(live_server, reader):
    application, person = reader
    with chromium_page(viewport=DESKTOP) as page:
        page.goto(live_server.url + "/comptes/login/")
        page.locator("[name=login]").fill(person.email)
        page.locator("[name=password]").fill(PASSWORD)
        page.locator("[name=password]").press("Enter")
        page.goto(live_server.url + "/espace/")
        expect(page.locator("main")).to_contain_text("2 non lus")
        page.get_by_role("link", name="Mes messages").click()

        expect(page.locator("h1")).to_have_text("Mes messages")
        expect(page.locator("main")).to_contain_text("2 messages non lus sur 2.")
        _checked(page, "boite")
        page.get_by_role("link", name=f"Rapport attendu\u00a0: {application.title}").click()

        expect(page.locator("main")).to_contain_text("est attendu pour le 31 mars 2028")
        _checked(page, "message")
        page.get_by_role("link", name="Mes messages").click()
        expect(page.locator("main")).to_contain_text("1 message non lu sur 2.")

        page.get_by_role("link", name=f"n°\u00a0{application.pk}").first.click()
        expect(page.locator("h1")).to_have_text(application.title)
        expect(page.locator("#messages")).to_have_text("Messages")
        _checked(page, "dossier")
        page.goto(live_server.url + "/espace/messages/")
        expect(page.locator("main")).to_contain_text("1 message non lu sur 2.")  # the dossier's page reads none

        page.get_by_role("link", name=f"Dossier reçu\u00a0: {application.title}").click()
        expect(page.get_by_role("link", name="Accusé de réception (PDF)")).to_be_visible()  # the attachment it promises
        _checked(page, "message-piece-jointe")
        page.goto(live_server.url + "/espace/messages/")
        expect(page.locator("main")).to_contain_text("Tous vos messages sont lus.")
