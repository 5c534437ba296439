"""Database connections: kept by the app servers and checked before use, so that a PostgreSQL
restart costs no request a 500; never kept by the development server, which would pile them up."""
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from coopdec.dataversion.changes import VERSIONS_TTL
from tests.test_production import _python
from tests.test_shared_cache import _free_port, _gunicorn

ROOT = Path(settings.BASE_DIR)


def _database_settings(*argv) -> list[str]:
    done = _python(f"import sys; sys.argv = {['manage.py', *argv]!r}; import coopdec.settings as s; "
                   "d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])", DEBUG="1")
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_connections_are_kept_and_checked_by_servers_and_never_kept_by_runserver():
    assert _database_settings("runserver", "127.0.0.1:8000") == ["0", "True"]
    assert _database_settings() == ["60", "True"]  # gunicorn, db_worker, commands
    assert _database_settings("db_worker") == ["60", "True"]


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _other_backends(cursor) -> int:
    cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                   "AND pid <> pg_backend_pid()")
    return cursor.fetchone()[0]


@pytest.mark.postgres
def test_a_database_restart_costs_no_request_a_500(transactional_db, tmp_path):
    """PostgreSQL drops every connection between two requests (a restart, a failover): the next
    request of the worker that kept one checks it first, opens another, and answers 200."""
    with _gunicorn(tmp_path / "gunicorn.log", ALLOWED_HOSTS="127.0.0.1") as url:
        assert _get(url + "/api/v1/campaigns") == 200
        with connection.cursor() as cursor:
            assert _other_backends(cursor) >= 1  # the worker kept its connection
            cursor.execute("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()) AS ended")
            assert cursor.fetchone()[0] >= 1
        # A restart takes longer than the second a worker trusts the data versions it read (so
        # that the next request does query the database, not only the copy it cached).
        time.sleep(VERSIONS_TTL + 0.5)
        assert [_get(url + "/api/v1/campaigns") for _ in range(3)] == [200, 200, 200]
        assert "Internal Server Error" not in (tmp_path / "gunicorn.log").read_text()


@pytest.mark.postgres
def test_the_development_server_leaves_no_connection_open(transactional_db, tmp_path):
    """30 requests to `manage.py runserver` (a thread each): no connection left behind (with
    connections kept a minute, 12 stayed idle, and a busy developer met « too many clients »)."""
    db = connection.settings_dict
    port = _free_port()
    env = {**os.environ, "DEBUG": "1", "ALLOWED_HOSTS": "127.0.0.1",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"}
    log = tmp_path / "runserver.log"
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while "Quit the server with" not in log.read_text():
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        statuses = [_get(f"http://127.0.0.1:{port}/api/v1/campaigns") for _ in range(30)]
        assert statuses == [200] * 30
        with connection.cursor() as cursor:
            assert _other_backends(cursor) == 0
    finally:
        process.terminate()
        process.wait(timeout=60)
