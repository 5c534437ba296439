"""`make bench-web`: CoopDec served as in production, measured side by side with Datasette.

On PostgreSQL (`BENCH_DATABASE_URL`, or a database `coopdec_bench` created on 127.0.0.1:5432
and dropped at the end) it migrates, loads the geography and generates `BENCH_APPLICATIONS`
synthetic applications (100,000 by default); serves CoopDec with gunicorn (two workers, DEBUG
off) and the same laureates, exported to SQLite, with Datasette, each on a loopback port; drives
both with wrk, alternating, each run bounded to `BENCH_SECONDS` (10 by default) at 8 and 32
clients; times the downloads one by one with the serving worker's memory read from /proc; times
`import_laureates` on a 5,000-row file and `resolve_authorities` on 100,000 names. It writes
`bench/RESULTS.md` (or `BENCH_RESULTS`). Nothing but 127.0.0.1 is ever sent a request.

A database given by `BENCH_DATABASE_URL` is created when missing and kept: run again, it is
migrated and its synthetic data reused (generated only when it has none). `BENCH_PARTS` (a
comma-separated subset of `web,downloads,commands`, all by default) picks what is measured; the
commands part imports 5,000 more laureates, so run it last, or on a database kept for it.
"""
import csv
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import proc
from proc import load_average

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

HOST = "127.0.0.1"
COOPDEC_PORT, DATASETTE_PORT = 8701, 8702
DEFAULT_SERVER = f"postgres://postgres@{HOST}:5432"
BENCH_DB = "coopdec_bench"
YEAR, REGION, REGION_SLUG, NETWORK = 2025, "76", "occitanie", "occitanie-cooperation"
PAGE_SIZE = 50  # the API's default page, asked of Datasette too
CLIENTS = (8, 32)
IMPORT_ROWS, RESOLVE_NAMES = 5_000, 100_000
WRK_SCRIPT = BENCH / "wrk_report.lua"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PARTS = ("web", "downloads", "commands")


@dataclass(frozen=True)
class Settings:
    applications: int
    seconds: int
    database_url: str
    own_database: bool  # created here, dropped at the end
    parts: frozenset = frozenset(PARTS)

    @classmethod
    def from_environment(cls):
        url = os.environ.get("BENCH_DATABASE_URL", "")
        parts = frozenset(part.strip() for part in
                          os.environ.get("BENCH_PARTS", ",".join(PARTS)).split(",") if part.strip())
        if not parts or parts - set(PARTS):
            sys.exit(f"BENCH_PARTS={os.environ.get('BENCH_PARTS')!r} : attendu une partie ou "
                     f"plusieurs parmi {', '.join(PARTS)}, séparées par des virgules.")
        return cls(applications=int(os.environ.get("BENCH_APPLICATIONS", "100000")),
                   seconds=int(os.environ.get("BENCH_SECONDS", "10")),
                   database_url=url or f"{DEFAULT_SERVER}/{BENCH_DB}", own_database=not url,
                   parts=parts)


def log(message):
    print(f"[{datetime.now(timezone.utc):%H:%M:%S}] {message}", flush=True)


def require_wrk():
    if shutil.which("wrk") is None:
        sys.exit("wrk est absent : installez-le avec « apt-get install wrk » (paquet Debian), "
                 "puis relancez « make bench-web ».")


# ---------------------------------------------------------------- database and data


def _admin_sql(statement):
    import psycopg

    with psycopg.connect(f"{DEFAULT_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def django_env(settings: Settings, **extra) -> dict:
    """The environment of every CoopDec process: production switches, loopback only."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "coopdec.settings",
            "DATABASE_URL": settings.database_url, "DEBUG": "0",
            "SECRET_KEY": "bench-only-" + "x" * 40, "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "0", "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
            "MFA_ENCRYPTION_KEY": "bench-only-" + "m" * 40, **extra}  # plain HTTP on the loopback; DEBUG off asks for a shared cache


def manage(settings: Settings, *args, stdout=None, check=True) -> float | None:
    """Run a management command; its wall-clock time, or None when it failed and `check` is off."""
    started = time.perf_counter()
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=django_env(settings),
                          check=check, stdout=stdout)
    return time.perf_counter() - started if done.returncode == 0 else None


def _database_exists(url: str) -> bool:
    import psycopg

    name = urllib.parse.urlparse(url).path.lstrip("/")
    with psycopg.connect(f"{DEFAULT_SERVER}/postgres", autocommit=True) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  (name,)).fetchone() is not None


def _synthetic_present(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(
            "SELECT count(*) FROM applications_application a JOIN calls_call c ON c.id = a.call_id "
            "WHERE c.slug LIKE 'synth-%%'").fetchone()[0]


def prepare_database(settings: Settings) -> dict:
    if settings.own_database:
        _admin_sql(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        _admin_sql(f"CREATE DATABASE {BENCH_DB}")
    elif not _database_exists(settings.database_url):
        name = urllib.parse.urlparse(settings.database_url).path.lstrip("/")
        _admin_sql(f'CREATE DATABASE "{name}"')
    manage(settings, "collectstatic", "--noinput", "-v0")  # WhiteNoise serves them with DEBUG off
    timings = {"migrate": manage(settings, "migrate", "--noinput", "-v0")}
    present = 0 if settings.own_database else _synthetic_present(settings.database_url)
    if present:
        log(f"{present} dossiers synthétiques déjà là : réutilisés")
        return timings
    timings["load_territories"] = manage(settings, "load_territories", "-v0")
    log(f"generate_synthetic --applications {settings.applications} --seed 1")
    timings["generate_synthetic"] = manage(
        settings, "generate_synthetic", "--applications", str(settings.applications), "--seed", "1")
    # What any operator does after a bulk load, rather than wait for autovacuum: without
    # statistics the planner takes 700 partners of one country for 2 and joins row by row.
    started = time.perf_counter()
    import psycopg

    with psycopg.connect(settings.database_url, autocommit=True) as connection:
        connection.execute("ANALYZE")
    timings["ANALYZE"] = time.perf_counter() - started
    return timings


def django_setup(settings: Settings):
    os.environ.update(django_env(settings))
    import django

    django.setup()


def export_to_sqlite(path: Path) -> int:
    """The laureates, one row each with the API's fields flattened, partners as JSON; indexed on
    the columns filtered, as anyone publishing with Datasette would."""
    from coopdec.applications.models import Application, Partnership

    partners = {}
    for application, name, iso2, country in Partnership.objects.order_by(
            "application_id", "order").values_list(
            "application_id", "name", "foreign_authority__country_id",
            "foreign_authority__country__name_fr").iterator(chunk_size=10_000):
        partners.setdefault(application, []).append({"name": name, "iso2": iso2, "country": country})
    columns = ("id", "campaign", "call_slug", "call_name", "call_kind", "title", "lead_name",
               "lead_kind", "lead_code", "lead_authority", "departement", "departement_name",
               "region", "region_name", "granted_amount", "provenance")
    rows = Application.objects.filter(decision=Application.Decision.RETENU).order_by(
        "call__campaign__year", "pk").values_list(
        "pk", "call__campaign__year", "call__slug", "call__name", "call__kind", "title", "lead_name",
        "lead_authority__kind", "lead_authority__code", "lead_authority__name", "departement_id",
        "departement__name", "region_id", "region__name", "granted_amount", "provenance")
    database = sqlite3.connect(path)
    types = {"id": "INTEGER PRIMARY KEY", "campaign": "INTEGER"}
    database.execute("CREATE TABLE laureates ({})".format(
        ", ".join(f"{column} {types.get(column, 'TEXT')}" for column in (*columns, "partners"))))
    database.executemany(
        f"INSERT INTO laureates VALUES ({', '.join('?' * (len(columns) + 1))})",
        ((*row[:14], str(row[14]) if row[14] is not None else None, row[15],
          json.dumps(partners.get(row[0], []), ensure_ascii=False))
         for row in rows.iterator(chunk_size=10_000)))
    database.execute("CREATE INDEX laureates_campaign_region ON laureates (campaign, region)")
    database.commit()
    count = database.execute("SELECT count(*) FROM laureates").fetchone()[0]
    database.close()
    return count


# ---------------------------------------------------------------- servers


@contextmanager
def server(command, env, port, name, cwd=ROOT):
    """A server on the loopback, up when the block starts, stopped (by its own id) after; run from
    `cwd` (another checkout of the code, for a « before »)."""
    log_file = open(Path(tempfile.gettempdir()) / f"bench-{name}.log", "w")
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=60):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{name} ne démarre pas : voir {log_file.name}") from None
                time.sleep(0.5)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=60)
        log_file.close()


def gunicorn(settings: Settings, workers=2):
    return server([str(ROOT / ".venv" / "bin" / "gunicorn"), "coopdec.wsgi:application",
                   "--workers", str(workers), "--bind", f"{HOST}:{COOPDEC_PORT}", "--timeout", "300",
                   "--log-level", "warning"],
                  django_env(settings), COOPDEC_PORT, "gunicorn")


def datasette(path: Path):
    return server([str(ROOT / ".venv" / "bin" / "datasette"), "serve", "--immutable", str(path),
                   "--host", HOST, "--port", str(DATASETTE_PORT),
                   "--setting", "sql_time_limit_ms", "30000"],
                  os.environ, DATASETTE_PORT, "datasette")


# ---------------------------------------------------------------- wrk


@dataclass(frozen=True)
class Run:
    what: str
    server: str
    clients: int
    load: str
    requests: int
    rate: float
    p50: float
    p95: float
    p99: float
    errors: int


UNCACHED = ", sans copie"  # the label of a run whose every address is new (see wrk_report.lua)


def wrk(url: str, clients: int, seconds: int, what: str, server_name: str, *, uncached=False) -> Run:
    """One bounded wrk run; latencies in ms from the Lua report (wrk prints no p95 itself).
    `uncached`: every request a new address, which no cached copy of a page answers."""
    load = load_average()
    output = subprocess.run(
        ["wrk", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{seconds}s", "--latency",
         "--timeout", "60s", "-s", str(WRK_SCRIPT), url, *(["--", "uncached"] if uncached else [])],
        capture_output=True, text=True, check=True).stdout
    what += UNCACHED if uncached else ""
    report = json.loads(next(line for line in output.splitlines() if line.startswith("BENCH "))[6:])
    rate = report["requests"] / (report["duration_us"] / 1e6)
    run = Run(what, server_name, clients, load, report["requests"], rate,
              report["p50"] / 1000, report["p95"] / 1000, report["p99"] / 1000, report["errors"])
    log(f"{server_name} {what} c={clients}: {run.rate:.1f} req/s, p50 {run.p50:.0f} ms, "
        f"p95 {run.p95:.0f} ms (load {load})")
    return run


def drain(port: int):
    """Wait until the requests a wrk run left queued are done (two probes in a row answer), so
    that they do not weigh on the next run; at most two minutes."""
    deadline = time.monotonic() + 120
    answered = 0
    while answered < 2 and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/robots-bench-probe", timeout=120):
                pass
        except urllib.error.HTTPError:
            pass
        except OSError:
            time.sleep(0.5)
            continue
        answered += 1


def alone(url: str) -> tuple[float, float]:
    """Requests by themselves, seconds: the first (nothing computed yet for this address in the
    worker that answers it), and the last of five more, by when each worker has most likely
    answered one (each keeps its own copies with the default local-memory cache: a worker's
    first request would otherwise fall inside a wrk run and weigh on its p95)."""
    times = []
    for _ in range(6):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=300) as response:
            response.read()
        times.append(time.perf_counter() - started)
    return times[0], times[-1]


# ---------------------------------------------------------------- what is measured


def coopdec_url(path: str) -> str:
    return f"http://{HOST}:{COOPDEC_PORT}{path}"


API_PATH = f"/api/v1/laureates?campaign={YEAR}&region={REGION}"
DATASETTE_PATH = (f"/laureates/laureates.json?campaign={YEAR}&region={REGION}"
                  f"&_size={PAGE_SIZE}&_nocount=1&_nofacet=1&_shape=objects")
RECONCILE_QUERIES = {"q0": {"query": "Castres"}, "q1": {"query": "Ville de Saint-Étienne"},
                     "q2": {"query": "Conseil départemental du Tarn", "type": "departement"}}


def pages() -> dict[str, str]:
    return {
        "campagne": f"/campagnes/{YEAR}/",
        "région": f"/campagnes/{YEAR}/regions/{REGION_SLUG}/",
        "appel": f"/campagnes/{YEAR}/appels/synth-generaliste-{YEAR}/",
        "statistiques": "/statistiques/",
        "carte": "/carte/",
        "recherche « eau »": "/recherche/?q=eau",
        "données ouvertes": "/donnees/",
        "réseau (Occitanie Coopération)": f"/reseaux/{NETWORK}/{YEAR}/",
        "rapprochement (3 noms)": "/api/reconcile?queries="
        + urllib.parse.quote(json.dumps(RECONCILE_QUERIES, ensure_ascii=False)),
    }


def downloads() -> list[tuple[str, str, str]]:
    """(format, selection, path): the campaign's file (about 5,000 rows at 100,000 applications)
    then every year's (about 55,000), where the site offers it."""
    return [
        ("CSV", str(YEAR), f"/donnees/laureats-{YEAR}.csv"), ("CSV", "toutes", "/donnees/laureats-tous.csv"),
        ("JSON", str(YEAR), f"/donnees/laureats-{YEAR}.json"), ("JSON", "toutes", "/donnees/laureats-tous.json"),
        ("XLSX", str(YEAR), f"/donnees/laureats-{YEAR}.xlsx"),
        ("IATI", str(YEAR), f"/donnees/iati-{YEAR}.xml"), ("IATI", "toutes", "/donnees/iati.xml"),
        ("360Giving", str(YEAR), f"/donnees/360giving-{YEAR}.csv"),
        ("360Giving", "toutes", "/donnees/360giving-tous.csv"),
    ]


def laureate_counts() -> dict[str, int]:
    from coopdec.applications.models import Application

    laureates = Application.objects.filter(decision=Application.Decision.RETENU)
    return {str(YEAR): laureates.filter(call__campaign__year=YEAR).count(), "toutes": laureates.count()}


@dataclass(frozen=True)
class Download:
    format: str
    selection: str
    rows: int
    status: int
    megabytes: float
    first_byte: float
    total: float
    rss_before_mb: float
    rss_peak_mb: float


def download(path: str, master: int) -> tuple[int, int, float, float, float, float]:
    """Status, bytes, first-byte and total seconds, and the serving worker's RSS before and at
    its peak (MB), sampled from /proc every 20 ms."""
    got = proc.fetch(HOST, COOPDEC_PORT, path, master, timeout=600)
    return got.status, got.size, got.first_byte, got.total, got.rss_before, got.rss_peak


def measure_downloads(settings: Settings, counts: dict) -> list[Download]:
    """Each download alone, from a freshly started gunicorn of one worker, warmed by the home
    page it answered when it started, so that one file's memory does not hide the next one's."""
    results = []
    for fmt, selection, path in downloads():
        with gunicorn(settings, workers=1) as master:
            status, size, first_byte, total, before, peak = download(path, master.pid)
        results.append(Download(fmt, selection, counts[selection], status, size / 1e6, first_byte,
                                total, before, peak))
        log(f"{fmt} {selection}: {status}, first byte {first_byte:.2f} s, {total:.2f} s, "
            f"RSS {before:.0f} → {peak:.0f} MB")
    return results


# ---------------------------------------------------------------- commands


def import_file(path: Path, rows: int):
    """A published list of `rows` new laureates of the synthetic 2025 calls, real authorities."""
    from coopdec.calls.models import Call
    from coopdec.demo.synthetic import ACTIONS, QUALIFIERS, THEMES
    from coopdec.territories.models import Authority, ForeignAuthority

    rng = random.Random(9)
    calls = list(Call.objects.filter(campaign__year=YEAR).order_by("slug").values_list("name", flat=True))
    leads = list(Authority.objects.filter(kind="commune", population__gte=2000).order_by("code")
                 .values_list("name", flat=True))
    partners = list(ForeignAuthority.objects.order_by("pk").values_list("name", "country__name_fr")[:500])
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Collectivité française", "Collectivité(s) étrangère(s) partenaire(s)",
                         "Intitulé du projet", "Appel à projets"])
        for number in range(rows):
            partner, country = rng.choice(partners)
            writer.writerow([rng.choice(leads), f"{partner} ({country})",
                             f"{rng.choice(ACTIONS)} {rng.choice(THEMES)} {rng.choice(QUALIFIERS)} "
                             f"(import de mesure {number})", rng.choice(calls)])


def names_file(path: Path, count: int):
    """`count` names as published lists write them (the forms of bench_territories.py)."""
    from django.conf import settings as django_settings

    from bench_territories import published_forms
    from coopdec.territories import reference

    rows = reference.read_csv(django_settings.REFERENCE_DIR / reference.TERRITORIES_FILE)
    rng = random.Random(2025)
    names = []
    while len(names) < count:
        names += list(published_forms(rng, rows))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "region"])
        writer.writerows((name, region or "") for name, region in names[:count])


def measure_commands(settings: Settings, work: Path) -> list[tuple[str, int, float]]:
    """(what, rows, seconds) of import_laureates and resolve_authorities, output discarded."""
    import_file(work / "import.csv", IMPORT_ROWS)
    names_file(work / "names.csv", RESOLVE_NAMES)
    with open(os.devnull, "w") as sink:
        imported = manage(settings, "import_laureates", str(work / "import.csv"), "--campaign",
                          str(YEAR), "--source-label", "mesure make bench-web", stdout=sink, check=False)
        resolved = manage(settings, "resolve_authorities", str(work / "names.csv"), stdout=sink,
                          check=False)
    return [(f"import_laureates (CSV, campagne {YEAR})", IMPORT_ROWS, imported),
            ("resolve_authorities (CSV)", RESOLVE_NAMES, resolved)]


# ---------------------------------------------------------------- the report


def _n(value, digits=0):
    """A number the French way: thin no-break spaces between thousands."""
    return f"{value:,.{digits}f}".replace(",", "\u202f")


def _ms(value):
    return _n(value)


def _run_row(label, run: Run, peer: Run | None = None):
    ratio = f"{run.rate / peer.rate:.2f}" if peer and peer.rate else "—"
    if not run.requests:
        return f"| {label} | {run.server} | {run.clients} | {run.load} | aucune réponse | — | — | — | — |"
    errors = f" ({run.errors} erreurs)" if run.errors else ""
    return (f"| {label} | {run.server} | {run.clients} | {run.load} | {_n(run.rate, 1)}{errors} | "
            f"{_ms(run.p50)} | {_ms(run.p95)} | {_ms(run.p99)} | {ratio} |")


def report(settings, timings, exported, api_runs, page_runs, alone_times, files, commands, started):
    header = "| quoi | serveur | clients | charge (1, 5, 15 min) | req/s | p50 ms | p95 ms | p99 ms | ÷ Datasette |"
    rule = "|---|---|---|---|---|---|---|---|---|"
    lines = [
        "# Mesures de CoopDec à l'échelle nationale (issue 9)",
        "",
        f"- **Taille** : {_n(settings.applications)} dossiers synthétiques (`generate_synthetic --seed 1`), "
        f"dont {_n(exported)} lauréats ; PostgreSQL ; gunicorn 2 workers, DEBUG=0 ; "
        f"Datasette {datasette_version()} (`--immutable`, un processus) sur les mêmes lauréats "
        "exportés en SQLite, index sur (campaign, region).",
        f"- **Date** : {started:%Y-%m-%d %H:%M} UTC ; commit `{git_commit()}` ; machine à 2 cœurs.",
        f"- **Charge moyenne** au début : {timings['load_start']} ; à la fin : {load_average()}. "
        "La machine était partagée avec d'autres processus (les tests d'autres sessions) : les "
        "chiffres absolus en souffrent, le rapport à Datasette mesuré dans la même minute moins.",
        f"- **Commande** : `BENCH_APPLICATIONS={settings.applications} BENCH_SECONDS={settings.seconds} "
        f"{_parts_variable(settings)}make bench-web` ; chaque essai wrk dure {settings.seconds} s (`wrk -t2 -cN --latency`, "
        "p95 par `bench/wrk_report.lua`), CoopDec et Datasette en alternance ; les requêtes encore "
        "en file à la fin d'un essai sont attendues avant le suivant.",
        "- Les fichiers statiques ne sont pas mesurés (DEBUG=0 sans serveur de statiques) : seules "
        "les pages HTML, le JSON et les téléchargements le sont.",
        "",
        "## Préparation",
        "",
        "| étape | secondes |",
        "|---|---|",
        *(f"| {name} | {seconds:.1f} |" for name, seconds in timings.items() if name != "load_start"),
        "",
    ]
    if "web" in settings.parts:
        lines += ["## API filtrée contre Datasette", "",
                  f"CoopDec `{API_PATH}` (page de {PAGE_SIZE}) ; Datasette `{DATASETTE_PATH}`.", "",
                  header, rule]
        for ours, ours_uncached, theirs in api_runs:
            lines += [_run_row(ours.what, ours, theirs), _run_row(ours_uncached.what, ours_uncached, theirs),
                      _run_row("table laureates", theirs)]
        lines += ["", f"« {UNCACHED.removeprefix(', ')} » : chaque requête ajoute un paramètre jamais "
                  "envoyé (`_mesure=…`), qu'aucune copie rendue ne sert : la page est rendue à "
                  "chaque fois (avec les agrégats en cache par campagne)."]
        lines += ["", "## Pages publiques et rapprochement", "",
                  "« Première » : la première requête de l'adresse, rien n'étant encore calculé "
                  "pour elle dans le worker qui répond ; « seule » : la dernière de cinq autres, "
                  "quand chaque worker en a le plus probablement servi une (chacun garde ses "
                  "copies, avec le cache en mémoire locale par défaut). Une "
                  "page dont une requête seule dure plus qu'un essai n'est pas chargée par wrk : "
                  "aucune réponse ne reviendrait dans l'essai.", "",
                  "| page | chemin | première (s) | seule (s) |", "|---|---|---|---|",
                  *(f"| {name} | `{path if len(path) < 60 else path[:57] + '…'}` | "
                    f"{alone_times[name][0]:.2f} | {alone_times[name][1]:.2f} |"
                    for name, path in pages().items()),
                  "", header, rule,
                  *(_run_row(run.what, run) for run in page_runs), ""]
    if "downloads" in settings.parts:
        lines += ["## Téléchargements", "",
                  "Chacun seul, sur un gunicorn redémarré à un worker, chauffé par la page d'accueil ; "
                  "mémoire : RSS du worker, lu dans /proc toutes les 20 ms, avant la requête et à son "
                  "pic. « Lignes » : les lauréats de la sélection. Le XLSX n'existe que par campagne.", "",
                  "| format | campagnes | lignes | statut | Mo | premier octet (s) | total (s) | lignes/s | RSS avant (Mo) | RSS pic (Mo) |",
                  "|---|---|---|---|---|---|---|---|---|---|",
                  *(_download_row(d) for d in files), ""]
    if "commands" in settings.parts:
        lines += ["## Commandes", "",
                  "| commande | lignes | secondes | lignes/s |", "|---|---|---|---|",
                  *(_command_row(what, rows, seconds) for what, rows, seconds in commands), ""]
    results_path().write_text("\n".join(lines), encoding="utf-8")


def _parts_variable(settings: Settings) -> str:
    if settings.parts == frozenset(PARTS):
        return ""
    return f"BENCH_PARTS={','.join(part for part in PARTS if part in settings.parts)} "


def _command_row(what, rows, seconds):
    if seconds is None:
        return f"| {what} | {_n(rows)} | échec (voir la sortie de make bench-web) | — |"
    return f"| {what} | {_n(rows)} | {seconds:.1f} | {_n(rows / seconds)} |"


def _download_row(d: Download):
    rate = _n(d.rows / d.total) if d.status == 200 else "—"
    return (f"| {d.format} | {d.selection} | {_n(d.rows)} | {d.status} | {d.megabytes:.1f} | "
            f"{d.first_byte:.2f} | {d.total:.2f} | {rate} | {d.rss_before_mb:.0f} | {d.rss_peak_mb:.0f} |")


def results_path() -> Path:
    """`BENCH_RESULTS`, or bench/RESULTS.md."""
    return Path(os.environ.get("BENCH_RESULTS") or BENCH / "RESULTS.md")


def datasette_version() -> str:
    from importlib.metadata import version

    return version("datasette")


def git_commit() -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True).stdout.strip()


# ---------------------------------------------------------------- main


def measure_web(settings: Settings, sqlite_path: Path):
    api_runs, page_runs, alone_times = [], [], {}
    with gunicorn(settings), datasette(sqlite_path):
        ours, theirs = coopdec_url(API_PATH), f"http://{HOST}:{DATASETTE_PORT}{DATASETTE_PATH}"
        alone(ours), alone(theirs)
        for clients in CLIENTS:
            ours_run = wrk(ours, clients, settings.seconds, "API lauréats", "CoopDec")
            drain(COOPDEC_PORT)
            ours_uncached = wrk(ours, clients, settings.seconds, "API lauréats", "CoopDec", uncached=True)
            drain(COOPDEC_PORT)
            theirs_run = wrk(theirs, clients, settings.seconds, "table laureates", "Datasette")
            api_runs.append((ours_run, ours_uncached, theirs_run))
        for name, path in pages().items():
            alone_times[name] = alone(coopdec_url(path))
            log(f"{name}: {alone_times[name][0]:.2f} s, then {alone_times[name][1]:.2f} s alone")
            if alone_times[name][1] > settings.seconds:
                continue  # no answer would come back within a run, and its queue would take minutes
            for clients in CLIENTS:
                page_runs.append(wrk(coopdec_url(path), clients, settings.seconds, name, "CoopDec"))
                drain(COOPDEC_PORT)
            page_runs.append(wrk(coopdec_url(path), CLIENTS[0], settings.seconds, name, "CoopDec",
                                 uncached=True))
            drain(COOPDEC_PORT)
    return api_runs, page_runs, alone_times


def main():
    require_wrk()
    settings = Settings.from_environment()
    started = datetime.now(timezone.utc)
    timings = {"load_start": load_average()}
    work = Path(tempfile.mkdtemp(prefix="coopdec-bench-"))
    try:
        timings.update(prepare_database(settings))
        django_setup(settings)
        exported = export_to_sqlite(work / "laureates.db")
        counts = laureate_counts()
        api_runs, page_runs, alone_times = (measure_web(settings, work / "laureates.db")
                                            if "web" in settings.parts else ([], [], {}))
        files = measure_downloads(settings, counts) if "downloads" in settings.parts else []
        commands = measure_commands(settings, work) if "commands" in settings.parts else []
        report(settings, timings, exported, api_runs, page_runs, alone_times, files, commands, started)
        log(f"écrit : {results_path()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if settings.own_database:
            from django.db import connections

            connections.close_all()
            _admin_sql(f"DROP DATABASE IF EXISTS {BENCH_DB}")


if __name__ == "__main__":
    main()
