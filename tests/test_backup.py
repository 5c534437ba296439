"""The documented backup: `scripts/backup-restore-check.sh` dumps the database, restores the dump
into a fresh database and finds every table with the same number of rows (PostgreSQL only)."""
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from coopdec.territories.models import Authority
from tests import factories as f

pytestmark = pytest.mark.postgres

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "backup-restore-check.sh"


def test_a_backup_restores_with_every_row(transactional_db, tmp_path):
    f.application(title="Eau potable à Huye")  # committed: the script reads another connection
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    dump = tmp_path / "coopdec.dump"
    done = subprocess.run(["bash", str(SCRIPT), url, str(dump)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert dump.stat().st_size > 100_000
    counts = dict(line.rsplit(" ", 1) for line in done.stdout.splitlines() if line.count(" ") == 1)
    assert counts["territories_authority"] == str(Authority.objects.count())
    assert counts["applications_application"] == "1"
    assert "restauration vérifiée" in done.stdout
    with connection.cursor() as cursor:  # the check's database is gone
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname LIKE %s", [f"{db['NAME']}_restore_check_%"])
        assert cursor.fetchone() == (0,)
