"""Two application servers over one PostgreSQL database, as on two machines: each gunicorn worker
builds the name index when it starts, and a confirmation made in the back office of one is used at
once by the reconciliation service of the other (the version of the geography in the database, see
`territories.resolve`)."""
import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from coopdec.calls.models import Call
from coopdec.territories.models import Country
from tests import factories as f
from tests.accounts import people

from .conftest import imported

pytestmark = pytest.mark.postgres

ROOT = Path(settings.BASE_DIR)
NAME = "Cité drapière du Tarn"  # no authority has this name: once confirmed, an alias everywhere


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(log: Path):
    """One gunicorn (gunicorn.conf.py, one worker) on a loopback port of its own, over the test
    database; stopped by its own process id."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": _database_url(), "DEBUG": "1", "ALLOWED_HOSTS": "127.0.0.1",
           "COOPDEC_REQUIRE_STAFF_2FA": "0", "WEB_CONCURRENCY": "1"}
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while "Index des noms construit" not in log.read_text():
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=60)


def _reconcile(url: str, name: str) -> dict:
    body = urllib.parse.urlencode({"queries": json.dumps({"q0": {"query": name}})}).encode()
    with urllib.request.urlopen(f"{url}/api/reconcile", data=body, timeout=60) as response:
        return json.load(response)["q0"]["result"]


class Browser:
    """A person in the back office of one server: cookies, CSRF token, forms posted."""

    def __init__(self, url):
        self.url, self.jar = url, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path) -> str:
        with self.opener.open(self.url + path, timeout=60) as response:
            return response.read().decode()

    def post(self, path, fields) -> str:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        request = urllib.request.Request(
            self.url + path, data=urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode(),
            headers={"Referer": self.url + path, "Origin": self.url})
        with self.opener.open(request, timeout=60) as response:
            return response.geturl()


def test_a_confirmation_made_on_one_server_decides_on_the_other(transactional_db, tmp_path):
    call = f.call("Franco-palestinien 2025", Call.Kind.FONDS_CONJOINT, f.campaign(2025),
                  partner_country=Country.objects.get(iso2="PS"))
    laureate = imported(NAME, title="Draperies solidaires", call=call, partner="Kharas")
    officer = people.ministry_officer(totp=False, email="agent@diplomatie.gouv.fr")
    with ExitStack() as servers:
        first = servers.enter_context(gunicorn(tmp_path / "first.log"))
        second = servers.enter_context(gunicorn(tmp_path / "second.log"))
        # Both workers built their index before anyone asked: the name is unknown on both.
        assert _reconcile(second, NAME) == [] and _reconcile(first, NAME) == []

        person = Browser(first)
        person.get("/comptes/login/")
        person.post("/comptes/login/", {"login": officer.email, "password": people.PASSWORD})
        review = f"/admin/applications/application/{laureate.pk}/resoudre/"
        person.get(review)
        assert person.post(review, {"other_code": "81065"}).endswith("?lead=pending")

        result = _reconcile(second, NAME)
        assert result[0]["id"] == "commune:81065" and result[0]["match"] is True
