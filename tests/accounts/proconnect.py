"""A real OpenID Connect provider on the loopback for the ProConnect tests (oidc_provider.mjs beside
this file: panva's oidc-provider configured as ProConnect), and the agent it knows."""
import json
import re
import select
import subprocess
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin

import requests

from coopdec import settings as project_settings

SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
CLIENT_ID = "coopdec-test"
CLIENT_SECRET = "un-secret-partage-avec-le-fournisseur-de-test"
CALLBACK = "/comptes/oidc/proconnect/login/callback/"
STARTUP_SECONDS = 180
AGENT = {
    "password": "le mot de passe de l'agent",
    "sub": "agent-de-castres",
    "email": "agent@mairie-castres.fr",
    "given_name": "Camille",
    "usual_name": "Durand",
    "uid": "cdurand",
    "siret": "21810065900015",  # SIREN 218100659: the commune of Castres (Tarn)
}


@contextmanager
def provider(*site_urls, log_path, **account):
    """The provider, started for a client whose callback is on each of `site_urls`, with the agent
    (fields of `account` replacing theirs); yields its issuer URL. Its output goes to `log_path`."""
    config = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
              "redirect_uris": [url + CALLBACK for url in site_urls], "account": {**AGENT, **account}}
    with open(log_path, "w") as log:
        process = subprocess.Popen(["node", str(SCRIPT), json.dumps(config)], stdout=subprocess.PIPE,
                                   stderr=log, text=True)
    try:
        # Node loads oidc-provider's modules before it listens: a second alone, but the whole suite
        # on two cores has been seen to take more than 20 s, so the wait is for the line, not a time.
        ready, _, _ = select.select([process.stdout], [], [], STARTUP_SECONDS)
        assert ready, (f"the provider did not start in {STARTUP_SECONDS} s (exit code {process.poll()}): "
                       f"{Path(log_path).read_text()}")
        yield json.loads(process.stdout.readline())["issuer"]
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def configure(settings, issuer):
    """The site's settings for ProConnect at `issuer`, made as the environment makes them."""
    made = project_settings.proconnect_settings(client_id=CLIENT_ID, secret=CLIENT_SECRET, issuer=issuer)
    for name, value in made.items():
        setattr(settings, name, value)


def sign_in_at_provider(authorize_url, issuer, email=AGENT["email"], password=AGENT["password"]):
    """What the agent's browser does at the provider: its login form, then its consent form.
    Returns the provider's last answer: the redirect to the site's callback, or a page."""
    browser = requests.Session()

    def follow(response):
        while response.is_redirect and urljoin(response.url, response.headers["Location"]).startswith(issuer):
            response = browser.get(urljoin(response.url, response.headers["Location"]), allow_redirects=False)
        return response

    page = follow(browser.get(authorize_url, allow_redirects=False))
    assert "Identification de test" in page.text, page.text
    answer = follow(browser.post(_form_action(page), data={"email": email, "password": password},
                                 allow_redirects=False))
    if answer.is_redirect or "Autorisation" not in answer.text:
        return answer
    return follow(browser.post(_form_action(answer), allow_redirects=False))


def _form_action(page) -> str:
    return urljoin(page.url, re.search(r'<form method="post" action="([^"]+)"', page.text).group(1))
