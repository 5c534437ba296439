"""An import against other processes, on the suite's own database engine: pages are read while
its transaction is open, and an import killed with its transaction open (kill -9) leaves nothing
behind and runs again. Real processes over the real database: SQLite through a file (the suite's
database copied), PostgreSQL through the test database.
"""
import csv
import os
import select
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from coopdec.calls.models import Call
from coopdec.territories.models import Authority
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 2000
# Writes the import and holds its transaction open until a line comes on stdin.
WRITER = """
import sys
import django
django.setup()
from django.db import transaction
from coopdec.calls.models import Campaign
from coopdec.ingest.services import import_commit, import_preview
preview = import_preview(path=sys.argv[1], campaign=Campaign.objects.get(year=2025))
with transaction.atomic():
    result = import_commit(preview=preview)
    print("written", result.created, flush=True)
    sys.stdin.readline()
print("committed", flush=True)
"""
READ_PAGE = """
import time
import django
django.setup()
from django.test import Client
started = time.perf_counter()
response = Client().get("/campagnes/2025/")
print(response.status_code, round(time.perf_counter() - started, 1))
"""
COUNT = """
import django
django.setup()
from coopdec.applications.models import Application
from coopdec.ingest.models import ImportBatch, ImportRow
print(Application.objects.count(), ImportBatch.objects.count(), ImportRow.objects.count())
"""


@pytest.fixture
def database_url(tmp_path):
    """A campaign with its call, over the session's geography, committed, and the address of the
    database another process reaches it at."""
    campaign = factories.campaign(2025)
    factories.call("Généraliste 2025", kind=Call.Kind.GENERALISTE, campaign_obj=campaign)
    if connection.vendor == "sqlite":
        copy = tmp_path / "copie.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(copy)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{copy}"
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def laureates_file(tmp_path, db):
    """ROWS laureates of real communes, each with a partner: an import big enough to spill
    SQLite's page cache (its writer then locks the whole file without a write-ahead log)."""
    path = tmp_path / "laureats.csv"
    names = Authority.objects.filter(kind="commune").order_by("-population").values_list("name", flat=True)[:ROWS]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Collectivité française", "Intitulé du projet", "Appel à projets",
                         "Collectivité(s) étrangère(s) partenaire(s)", "Montant"])
        for number, name in enumerate(names):
            writer.writerow([name, f"Coopération pour l'eau potable et l'assainissement, volet {number}",
                             "Généraliste 2025", "District de Huye (Rwanda)", f"{10 + number % 50} 000 €"])
    return path


def _environment(url):
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "coopdec.settings",
            "PYTHONPATH": str(settings.BASE_DIR), "DEBUG": "1"}


def _python(code, url, *args, timeout=180):
    done = subprocess.run([sys.executable, "-c", code, *map(str, args)], env=_environment(url),
                          capture_output=True, text=True, timeout=timeout, cwd=settings.BASE_DIR)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.split()


def _writer(url, path):
    """The import, in its own process, once its rows are written and its transaction still open."""
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], env=_environment(url),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, cwd=settings.BASE_DIR)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 5)
        if ready:
            line = process.stdout.readline()
            assert line.startswith("written"), (line, process.stderr.read()[-3000:])
            assert line.split() == ["written", str(ROWS)]
            return process
        assert process.poll() is None, process.stderr.read()[-3000:]
    process.kill()
    raise AssertionError("the import did not write its rows in 240 s")


def test_pages_are_read_while_an_import_transaction_is_open(database_url, laureates_file):
    writer = _writer(database_url, laureates_file)
    try:
        status, _seconds = _python(READ_PAGE, database_url)
        # Served from what was committed before (SQLite: the write-ahead log; PostgreSQL: its
        # snapshots), not « database is locked » (the writer holds its lock longer than the busy
        # timeout: only a reader that never waits for it gets its page).
        assert status == "200"
        assert _python(COUNT, database_url) == ["0", "0", "0"]
        writer.stdin.write("\n")
        writer.stdin.flush()
        assert writer.stdout.readline().strip() == "committed"
        assert writer.wait(timeout=60) == 0
    finally:
        if writer.poll() is None:
            writer.kill()
    assert _python(COUNT, database_url) == [str(ROWS), "1", str(ROWS)]


def test_an_import_killed_with_its_transaction_open_leaves_nothing_and_runs_again(database_url, laureates_file):
    writer = _writer(database_url, laureates_file)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=60)
    assert writer.returncode == -signal.SIGKILL
    # Nothing half-written: no laureate, no import, no row.
    assert _python(COUNT, database_url) == ["0", "0", "0"]
    # And the same file imports again, whole (PostgreSQL ends the dead session's transaction).
    output = " ".join(_python(
        "import sys, django; django.setup(); from django.core.management import call_command; "
        "call_command('import_laureates', sys.argv[1], '--campaign', '2025')", database_url, laureates_file))
    assert f"Enregistré : {ROWS} lauréat(s) nouveau(x)" in output
    assert _python(COUNT, database_url) == [str(ROWS), "1", str(ROWS)]
