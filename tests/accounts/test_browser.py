"""Signing in and joining an authority in a real Chromium, with axe-core at every step
(see tests/browser.py)."""
import pytest
from playwright.sync_api import expect

from tests.accounts import people, proconnect
from tests.browser import DESKTOP, axe_violations, chromium_page, screenshot

APPLICANT = "elue@castres.fr"
OFFICER = "agent@diplomatie.gouv.fr"


@pytest.fixture
def browser_page(transactional_db):
    people.user(email=APPLICANT)  # before Playwright starts (see tests/browser.py)
    people.ministry_officer(totp=False, email=OFFICER)
    with chromium_page(viewport=DESKTOP) as page:
        yield page


def _sign_in(page, url, email):
    page.goto(url + "/comptes/login/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe", exact=False).first.fill(people.PASSWORD)
    page.get_by_role("button", name="Connexion").click()


@pytest.mark.browser
def test_an_applicant_signs_in_and_asks_to_join_castres(live_server, browser_page):
    page = browser_page
    for path, title in [("/comptes/login/", "Connexion — CoopDec"),
                        ("/comptes/signup/", "Inscription — CoopDec"),
                        ("/comptes/password/reset/", "Réinitialisation du mot de passe — CoopDec")]:
        page.goto(live_server.url + path)
        expect(page).to_have_title(title)
        assert "Marianne" in page.evaluate("getComputedStyle(document.body).fontFamily")
        assert axe_violations(page) == [], path
    screenshot(page, "password-reset")

    _sign_in(page, live_server.url, APPLICANT)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    page.get_by_role("link", name="Gérer mes rattachements aux collectivités").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes collectivités")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    page.get_by_label("Nom ou code officiel (INSEE, SIREN) de la collectivité").fill("81065")
    page.get_by_role("button", name="Chercher").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Demander le rattachement à Castres (Tarn)").click()
    expect(page.locator(".fr-alert--success")).to_contain_text(
        "Votre demande de rattachement à Castres (Tarn)")
    expect(page.locator("tbody tr")).to_contain_text("demandée")
    assert axe_violations(page) == []
    screenshot(page, "memberships")

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()


@pytest.mark.browser
def test_an_officer_sets_up_totp_before_the_admin(live_server, browser_page):
    page = browser_page
    _sign_in(page, live_server.url, OFFICER)
    expect(page.locator(".fr-alert--warning")).to_contain_text("doivent activer la double authentification")
    assert axe_violations(page) == []
    page.get_by_label("Mot de passe").fill(people.PASSWORD)
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activer l'application d'authentification")
    assert axe_violations(page) == []
    screenshot(page, "totp-setup")

    secret = page.locator("#authenticator_secret").input_value()  # what the officer's app scans
    page.get_by_label("Code de l'authentificateur").fill(people.current_code(secret))
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Codes de récupération")
    assert axe_violations(page) == []
    page.goto(live_server.url + "/admin/")
    expect(page).to_have_title("Tableau de bord | CoopDec")


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [DESKTOP, {"width": 375, "height": 812}], ids=["1280", "375"])
def test_an_agent_signs_in_with_proconnect(live_server, transactional_db, settings, tmp_path, viewport):
    """The DSFR button on the sign-in page, the provider's own forms on the loopback, and the way
    back signed in, with the request to join Castres said on the next page."""
    with proconnect.provider(live_server.url, log_path=tmp_path / "provider.log") as issuer:
        proconnect.configure(settings, issuer)
        with chromium_page(viewport=viewport) as page:
            page.goto(live_server.url + "/comptes/login/")
            button = page.get_by_role("button", name="S’identifier avec ProConnect")
            expect(button).to_be_visible()
            assert "proconnect.svg" in button.evaluate("b => getComputedStyle(b, '::before').backgroundImage")
            assert axe_violations(page) == []
            screenshot(page, f"login-proconnect-{viewport['width']}")
            page.goto(live_server.url + "/comptes/signup/")
            expect(page.get_by_role("button", name="S’identifier avec ProConnect")).to_be_visible()

            page.get_by_role("button", name="S’identifier avec ProConnect").click()
            page.get_by_label("Adresse e-mail professionnelle").fill(proconnect.AGENT["email"])
            page.get_by_label("Mot de passe").fill(proconnect.AGENT["password"])
            page.get_by_role("button", name="Se connecter").click()
            page.get_by_role("button", name="Autoriser").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
            expect(page.locator(".fr-alert--success").first).to_contain_text(
                "Votre demande de rattachement à Castres (Tarn), d'après le SIRET transmis par ProConnect")
            assert axe_violations(page) == []
            screenshot(page, f"space-after-proconnect-{viewport['width']}")
