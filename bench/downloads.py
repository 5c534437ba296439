"""Every download of CoopDec timed alone: first byte, total, rows/s and the worker's peak memory.

Usage (a database already holding the synthetic data, e.g. `manage.py generate_synthetic
--applications 100000 --seed 1`):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coopdec_downloads .venv/bin/python bench/downloads.py

Each file is fetched from a freshly started gunicorn of one worker (DEBUG off, loopback only),
warmed by the home page, so that one file's memory does not hide the next one's; the worker's
RSS is read from /proc every 20 ms, before the request and at its peak. « Lignes » are the rows
the file holds (laureates of the selection; grants for 360Giving, activities for IATI). The
worker's CPU seconds (from /proc) give rows per CPU-second, which the machine's load does not
change as much as the wall-clock rate (PostgreSQL's own CPU is not counted). The
table is printed in Markdown (`BENCH_OUTPUT` appends it to a file), with the load average.
`BENCH_ONLY` (comma-separated words) keeps the downloads whose label contains one of them.
"""
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import proc
from proc import load_average

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8711"))
YEAR, REGION_SLUG = 2025, "occitanie"
CALL_SLUG = f"synth-generaliste-{YEAR}"


def env() -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "coopdec.settings", "DEBUG": "0",
            "SECRET_KEY": "bench-only-" + "x" * 40, "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback; DEBUG off asks for a shared cache
            "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
            "MFA_ENCRYPTION_KEY": "bench-only-" + "m" * 40}


class Gunicorn:
    """One worker on the loopback, started for one download and stopped by its own id after."""

    def __enter__(self):
        self.log = open(Path(tempfile.gettempdir()) / "bench-downloads-gunicorn.log", "a")
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "coopdec.wsgi:application", "--workers", "1",
             "--bind", f"{HOST}:{PORT}", "--timeout", "600", "--log-level", "warning"],
            cwd=ROOT, env=env(), stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://{HOST}:{PORT}/", timeout=60):
                    break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.__exit__()  # never left serving on the port for the next run
                    raise RuntimeError(f"gunicorn ne démarre pas : voir {self.log.name}") from None
                time.sleep(0.5)
        return self.process.pid

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


def fetch(path: str, master: int):
    """Status, content type, bytes, first-byte and total seconds, RSS before and at peak (MB), CPU."""
    got = proc.fetch(HOST, PORT, path, master, timeout=900)
    return (got.status, got.content_type, got.size, got.first_byte, got.total, got.rss_before, got.rss_peak,
            got.cpu)


def counts() -> dict[str, int]:
    os.environ.update(env())
    import django

    django.setup()
    from django.db.models import Q

    from coopdec.applications.models import Application

    laureates = Application.objects.filter(decision=Application.Decision.RETENU)
    year = laureates.filter(call__campaign__year=YEAR)
    return {
        "year": year.count(), "all": laureates.count(),
        "region": year.filter(region__slug=REGION_SLUG).count(),
        "call": year.filter(call__slug=CALL_SLUG).count(),
        "dated-year": year.filter(Q(starts_on__isnull=False) | Q(ends_on__isnull=False)).count(),
        "dated-all": laureates.filter(Q(starts_on__isnull=False) | Q(ends_on__isnull=False)).count(),
        "grants-year": year.filter(granted_amount__isnull=False).count(),
        "grants-all": laureates.filter(granted_amount__isnull=False).count(),
    }


def downloads() -> list[tuple[str, str, str, str]]:
    """(label, selection, count key, path)."""
    campaign, region, call = (f"/campagnes/{YEAR}/", f"/campagnes/{YEAR}/regions/{REGION_SLUG}/",
                              f"/campagnes/{YEAR}/appels/{CALL_SLUG}/")
    files = []
    for label, tail in (("CSV", ".csv"), ("CSV pour Excel", "-excel.csv"), ("JSON", ".json"),
                        ("XLSX", ".xlsx")):
        files += [(label, str(YEAR), "year", f"/donnees/laureats-{YEAR}{tail}"),
                  (label, "toutes", "all", f"/donnees/laureats-tous{tail}")]
    files += [
        ("IATI", str(YEAR), "dated-year", f"/donnees/iati-{YEAR}.xml"),
        ("IATI", "toutes", "dated-all", "/donnees/iati.xml"),
        ("360Giving CSV", str(YEAR), "grants-year", f"/donnees/360giving-{YEAR}.csv"),
        ("360Giving CSV", "toutes", "grants-all", "/donnees/360giving-tous.csv"),
        ("360Giving JSON", str(YEAR), "grants-year", f"/donnees/360giving-{YEAR}.json"),
        ("360Giving JSON", "toutes", "grants-all", "/donnees/360giving-tous.json"),
        ("CSV (page campagne)", str(YEAR), "year", f"{campaign}laureats.csv"),
        ("XLSX (page campagne)", str(YEAR), "year", f"{campaign}laureats.xlsx"),
        ("CSV (page région)", f"{YEAR} Occitanie", "region", f"{region}laureats.csv"),
        ("XLSX (page appel)", f"{YEAR} généraliste", "call", f"{call}laureats.xlsx"),
        ("PDF (page région)", f"{YEAR} Occitanie", "region", f"{region}laureats.pdf"),
        ("PDF (page campagne)", str(YEAR), "year", f"{campaign}laureats.pdf"),
    ]
    only = [word.strip().lower() for word in os.environ.get("BENCH_ONLY", "").split(",") if word.strip()]
    return [f for f in files if not only or any(word in f"{f[0]} {f[1]}".lower() for word in only)]


def main():
    # WhiteNoise's manifest, which the pages need with DEBUG off (the PDF-too-long page, the warm-up).
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env(), check=True)
    rows = counts()
    started = datetime.now(timezone.utc)
    lines = [
        f"- Date : {started:%Y-%m-%d %H:%M} UTC ; commit `{_commit()}` ; charge moyenne au début : {load_average()}",
        "",
        "| fichier | sélection | lignes | statut | type | Mo | premier octet (s) | total (s) | lignes/s | CPU du worker (s) | lignes par s de CPU | RSS avant (Mo) | RSS pic (Mo) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, selection, key, path in downloads():
        with Gunicorn() as master:
            status, kind, size, first, total, before, peak, cpu = fetch(path, master)
        count = rows[key]
        per_cpu = f"{count / cpu:,.0f}" if cpu else "—"
        line = (f"| {label} | {selection} | {count:,} | {status} | {kind.split(';')[0]} | {size / 1e6:.1f} | "
                f"{first:.2f} | {total:.2f} | {count / total:,.0f} | {cpu:.2f} | {per_cpu} | {before:.0f} | "
                f"{peak:.0f} |").replace(",", " ")
        print(line, flush=True)
        lines.append(line)
    lines.append(f"\nCharge moyenne à la fin : {load_average()}\n")
    if os.environ.get("BENCH_OUTPUT"):
        with open(os.environ["BENCH_OUTPUT"], "a") as handle:
            handle.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() or "?"


if __name__ == "__main__":
    main()
