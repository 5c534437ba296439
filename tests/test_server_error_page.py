"""A server error, with DEBUG off: a French page in the site's design (JSON under /api/), never a
traceback in the answer; the traceback on stderr (gunicorn's log) and, when ADMINS is set, in an
e-mail to them."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.faults_urls"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ADMINS = [("Astreinte CoopDec", "astreinte@coopdec.invalid")]
    return Client(raise_request_exception=False)


def test_a_server_error_is_a_french_page_in_the_site_s_design_and_mails_the_admins(production):
    response = production.get("/panne/", secure=True)
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="fr"' in page and "<h1>Erreur inattendue</h1>" in page
    assert "dsfr.min.css" in page and 'class="fr-header"' in page  # DSFR, as every page
    assert "Traceback" not in page and "RuntimeError" not in page and "Panne simulée" not in page
    [message] = mail.outbox
    assert message.to == ["astreinte@coopdec.invalid"]
    assert "/panne/" in message.subject
    assert "RuntimeError at /panne/\nPanne simulée pour le test" in message.body and "Traceback" in message.body


def test_under_the_api_a_server_error_is_json_in_french(production):
    response = production.get("/api/panne", secure=True)
    assert response.status_code == 500
    assert response.json() == {"detail": "Erreur inattendue : l'équipe de CoopDec en est avertie et le corrige. "
                                         "Réessayez dans quelques minutes."}


SCRIPT = """
import django
from django.test import Client, override_settings
django.setup()
from django.core import mail
with override_settings(ROOT_URLCONF="tests.faults_urls", EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
    response = Client(raise_request_exception=False).get("/panne/", secure=True)
    sent = getattr(mail, "outbox", [])  # made by the in-memory backend when it first sends
    print("STATUS", response.status_code, "MAILS", len(sent), [m.to for m in sent])
"""


@pytest.mark.parametrize("admins", ["", "Astreinte <astreinte@coopdec.invalid>, Autre <autre@coopdec.invalid>"])
def test_in_production_the_traceback_goes_to_stderr_and_to_admins_when_set(tmp_path, admins):
    """As gunicorn runs it: DEBUG=0, settings from the environment only."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTEST_VERSION"}
    environment.update(DEBUG="0", SECRET_KEY="s" * 60, ADMINS=admins, DJANGO_SETTINGS_MODULE="coopdec.settings",
                       DATABASE_URL=f"sqlite:///{tmp_path / 'vide.sqlite3'}", PYTHONPATH=str(ROOT),
                       # production refuses to start without a shared cache and the TOTP key
                       REDIS_URL="redis://127.0.0.1:6379/3", MFA_ENCRYPTION_KEY="k" * 44)
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=environment, capture_output=True,
                          text=True, timeout=120)
    assert "STATUS 500" in done.stdout, done.stderr
    assert "Traceback (most recent call last)" in done.stderr
    assert "RuntimeError: Panne simulée pour le test" in done.stderr
    assert "Internal Server Error: /panne/" in done.stderr
    if admins:
        assert "MAILS 1 [['astreinte@coopdec.invalid', 'autre@coopdec.invalid']]" in done.stdout
    else:
        assert "MAILS 0" in done.stdout


@pytest.mark.browser
def test_the_500_page_reads_well_at_both_widths_without_an_accessibility_fault(live_server, transactional_db, settings):
    from tests.browser import check_page, chromium_page

    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.faults_urls"
    with chromium_page() as page:
        response = page.goto(live_server.url + "/panne/")
        assert response.status == 500
        assert page.locator("h1").inner_text() == "Erreur inattendue"
        assert page.evaluate("() => getComputedStyle(document.querySelector('.fr-header')).display") != "none"
        check_page(page, "erreur-500")
