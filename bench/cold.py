"""`make bench-cold`: CoopDec at addresses nobody asked before, before and after, beside Datasette.

On the national-scale database of `make bench-web` (`BENCH_DATABASE_URL`, created and filled by
`generate_synthetic` when it has no synthetic data; `BENCH_APPLICATIONS`, 100,000 by default), it
serves the code « before » (`BENCH_BEFORE`, a git revision, by default where this branch left
`main`) then the working tree's « after », each with gunicorn (two workers, DEBUG off), and
measures for each, with the load average beside every figure:

- the cold API: `/api/v1/laureates?campaign=Y&departement=D`, each request drawn at random among
  every (campaign, département) pair that has laureates, against Datasette 0.65 serving the same
  laureates from SQLite (indexed on the filtered columns) with the same random draw;
- cold pages, each request drawn at random among all the addresses of its kind: a région's page
  in a campaign, a call's page, a French authority's page (every authority), a partner country's
  page (every country), a search for a word of the laureates' titles;
- the warm table of `make bench-web` at 8 clients (the same address again and again);
- every bulk download alone on a fresh one-worker gunicorn: first byte, rows/s, the worker's RSS
  before and at its peak, then the same file again, and the 304 answered to its ETag;
- (after only) the files written ahead by the task (`manage.py bulk_files_write --annee 2025`,
  timed), then each asked once on a fresh worker: what the first visitor after a change gets.

Then (after only) what the read model costs: its rebuild at one campaign (about 5,000 rows) and
at every campaign (55,000), and the two-app-servers check: a second gunicorn on the same
database, a change committed and the read model rebuilt by another process, the second server
answering the change from the read model. Writes `bench/COLD.md` (or `BENCH_COLD_RESULTS`).
"""
import json
import os
import random
import shutil
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import proc
import web
from proc import load_average

ROOT = web.ROOT
HOST = web.HOST
PORT, SECOND_PORT, DATASETTE_PORT, DOWNLOAD_PORT = 8721, 8722, 8723, 8724
CLIENTS = 8
PYTHON = web.PYTHON
DATASETTE = os.environ.get("BENCH_DATASETTE") or str(ROOT / ".venv" / "bin" / "datasette")
RANDOM_SCRIPT = web.BENCH / "wrk_random.lua"


def log(message):
    web.log(message)


# ---------------------------------------------------------------- the two codes


def before_revision() -> str:
    wanted = os.environ.get("BENCH_BEFORE") or subprocess.run(
        ["git", "merge-base", "HEAD", "main"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    return subprocess.run(["git", "rev-parse", "--short", wanted], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()


@contextmanager
def checkout(revision: str):
    """The code of `revision` in a temporary worktree (static files collected there), removed after."""
    folder = Path(tempfile.mkdtemp(prefix="coopdec-before-"))
    subprocess.run(["git", "worktree", "add", "--detach", str(folder), revision], cwd=ROOT, check=True,
                   capture_output=True)
    try:
        if (ROOT / "node_modules").exists():
            (folder / "node_modules").symlink_to((ROOT / "node_modules").resolve())
        yield folder
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=ROOT, capture_output=True)


# The bulk files the servers write (`publication.bulkfiles`): a new directory each run, so that a
# first download is never served from an earlier run's file.
PRIVATE = Path(tempfile.mkdtemp(prefix="coopdec-cold-private-"))


def django_env(settings, **extra) -> dict:
    return web.django_env(settings, PRIVATE_MEDIA_ROOT=str(PRIVATE), **extra)


def collectstatic(settings, code: Path):
    """Once per checkout: WhiteNoise serves the static files with DEBUG off."""
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=code, env=django_env(settings),
                   check=True)


@contextmanager
def gunicorn(settings, code: Path, port: int, workers: int = 2):
    with web.server([str(ROOT / ".venv" / "bin" / "gunicorn"), "coopdec.wsgi:application", "--workers",
                     str(workers), "--bind", f"{HOST}:{port}", "--timeout", "600", "--log-level", "warning"],
                    django_env(settings), port, f"gunicorn-{port}", cwd=code) as process:
        yield process


# ---------------------------------------------------------------- addresses


def addresses(settings, work: Path) -> dict[str, Path]:
    """One file of paths per kind of cold address (every address of its kind)."""
    from coopdec.applications.models import Application
    from coopdec.calls.models import Call
    from coopdec.territories.models import Authority, Country, Region
    from coopdec.territories.text import normalise

    laureates = Application.objects.filter(decision=Application.Decision.RETENU)
    slugs = dict(Region.objects.values_list("code", "slug"))
    kinds = {
        "api": [f"/api/v1/laureates?campaign={year}&departement={code}" for year, code in
                laureates.exclude(departement=None).order_by().values_list("call__campaign__year", "departement_id").distinct()],
        "région": [f"/campagnes/{year}/regions/{slugs[code]}/" for year, code in
                   laureates.exclude(region=None).order_by().values_list("call__campaign__year", "region_id").distinct()],
        "appel": [f"/campagnes/{year}/appels/{slug}/" for year, slug in
                  Call.objects.values_list("campaign__year", "slug")],
        "collectivité": [f"/collectivites/{kind}/{code}/" for kind, code in
                         Authority.objects.values_list("kind", "code")],
        "pays": [f"/pays/{iso2}/" for iso2 in Country.objects.values_list("iso2", flat=True)],
    }
    words = {word for title in laureates.order_by().values_list("title", flat=True).distinct()[:20000]
             for word in normalise(title).split() if len(word) >= 4}
    kinds["recherche"] = [f"/recherche/?q={word}" for word in sorted(words)]
    files = {}
    for name, paths in kinds.items():
        files[name] = work / f"{name}.txt"
        files[name].write_text("\n".join(paths) + "\n", encoding="utf-8")
    datasette = [f"/laureates/laureates.json?campaign={m['year']}&departement={m['code']}&_size=50"
                 "&_nocount=1&_nofacet=1&_shape=objects"
                 for m in (re.search(r"campaign=(?P<year>\d+)&departement=(?P<code>\w+)", p) for p in kinds["api"])]
    files["datasette"] = work / "datasette.txt"
    files["datasette"].write_text("\n".join(datasette) + "\n", encoding="utf-8")
    return files


def datasette_version() -> str:
    return subprocess.run([DATASETTE, "--version"], capture_output=True, text=True).stdout.strip().split()[-1]


def datasette_database(path: Path) -> int:
    count = web.export_to_sqlite(path)
    database = sqlite3.connect(path)
    database.execute("CREATE INDEX laureates_campaign_departement ON laureates (campaign, departement)")
    database.commit()
    database.close()
    return count


@contextmanager
def datasette(path: Path):
    with web.server([DATASETTE, "serve", "--immutable", str(path), "--host", HOST, "--port", str(DATASETTE_PORT),
                     "--setting", "sql_time_limit_ms", "30000"], os.environ, DATASETTE_PORT, "datasette"):
        yield


# ---------------------------------------------------------------- runs


@dataclass(frozen=True)
class Run:
    what: str
    load: str
    rate: float
    p50: float
    p95: float
    errors: int
    requests: int


def wrk(port: int, seconds: int, what: str, *, paths: Path | None = None, path: str = "/") -> Run:
    load = load_average()
    script = ["-s", str(RANDOM_SCRIPT), f"http://{HOST}:{port}", "--", str(paths)] if paths else [
        "-s", str(web.WRK_SCRIPT), f"http://{HOST}:{port}{path}"]
    output = subprocess.run(["wrk", "-t2", f"-c{CLIENTS}", f"-d{seconds}s", "--latency", "--timeout", "60s",
                             *script], capture_output=True, text=True, check=True).stdout
    report = json.loads(next(line for line in output.splitlines() if line.startswith("BENCH "))[6:])
    run = Run(what, load, report["requests"] / (report["duration_us"] / 1e6), report["p50"] / 1000,
              report["p95"] / 1000, report["errors"], report["requests"])
    log(f"{what}: {run.rate:.1f} req/s, p95 {run.p95:.0f} ms, {run.errors} errors (load {load})")
    web.drain(port)
    return run


COLD = ("api", "région", "appel", "collectivité", "pays", "recherche")
WARM = {"API `campaign=2025&region=76`": web.API_PATH, **{k: v for k, v in web.pages().items()}}


def flush_cache(settings):
    """Empties the Redis database the servers keep their copies in: each code starts with nothing kept,
    and neither reads what the other computed (both name their keys alike)."""
    import redis

    redis.Redis.from_url(django_env(settings)["REDIS_URL"]).flushdb()


def measure_server(settings, code: Path, files: dict) -> dict:
    flush_cache(settings)
    found = {}
    with gunicorn(settings, code, PORT):
        for kind in COLD:
            found[f"cold {kind}"] = wrk(PORT, settings.seconds, kind, paths=files[kind])
        for name, path in WARM.items():
            urllib.request.urlopen(f"http://{HOST}:{PORT}{path}", timeout=600).read()
            found[f"warm {name}"] = wrk(PORT, settings.seconds, name, path=path)
    return found


def measure_datasette(settings, database: Path, files: dict) -> Run:
    with datasette(database):
        return wrk(DATASETTE_PORT, settings.seconds, "Datasette", paths=files["datasette"])


DOWNLOADS = [("CSV", "laureats-{}.csv"), ("CSV pour Excel", "laureats-{}-excel.csv"), ("JSON", "laureats-{}.json"),
             ("XLSX", "laureats-{}.xlsx"), ("IATI", None), ("360Giving CSV", "360giving-{}.csv"),
             ("360Giving JSON", "360giving-{}.json")]


@dataclass(frozen=True)
class Download:
    what: str
    rows: int
    load: str
    first_byte: float
    total: float
    rss_before: float
    rss_peak: float
    again_first_byte: float
    again_total: float
    not_modified: bool
    status: int


def measure_downloads(settings, code: Path, counts: dict, *, repeat: bool) -> list[Download]:
    flush_cache(settings)
    results = []
    for what, path, rows in download_cases(counts):
        with gunicorn(settings, code, DOWNLOAD_PORT, workers=1) as master:
            load = load_average()
            got = proc.fetch(HOST, DOWNLOAD_PORT, path, master.pid, timeout=900)
            # The code before writes every request anew (measured once: at this load, twice
            # would take an hour); after, the second request is served from the file.
            again = proc.fetch(HOST, DOWNLOAD_PORT, path, master.pid, timeout=900) if repeat else got
            etag = _etag(path)
        results.append(Download(what, rows, load, got.first_byte, got.total, got.rss_before,
                                got.rss_peak, again.first_byte, again.total, etag, got.status))
        log(f"{what}: {got.status}, first byte {got.first_byte:.2f} s, {rows / got.total:,.0f} rows/s, "
            f"again {rows / again.total:,.0f} rows/s, RSS {got.rss_before:.0f} → {got.rss_peak:.0f} MB, "
            f"304 {etag}")
    return results


def download_cases(counts: dict):
    """(what, path, rows) of each bulk download measured: each format, for 2025 and for all years."""
    for label, pattern in DOWNLOADS:
        for selection, word in (("2025", "2025"), ("toutes", "tous")):
            if pattern is None:
                path = "/donnees/iati-2025.xml" if selection == "2025" else "/donnees/iati.xml"
            else:
                path = "/donnees/" + pattern.format(word)
            kind = "grants" if "360" in label else "dated" if label == "IATI" else "laureates"
            yield f"{label} {selection}", path, counts[(kind, selection)]


@dataclass(frozen=True)
class Ahead:
    """The task's writing ahead, timed, and each file then asked once on a fresh worker."""

    seconds: float
    load: str
    files: list


def measure_written_ahead(settings, counts: dict) -> Ahead:
    """After only: what the first visitor after a change of 2025's data gets once the task has run.
    `manage.py bulk_files_write --annee 2025` (what the task does for that campaign: its files and
    every year's) is timed with `SITE_URL` the download server's address, in an emptied folder; then
    each file is asked once, alone, on a fresh one-worker gunicorn."""
    shutil.rmtree(PRIVATE / "donnees", ignore_errors=True)
    load = load_average()
    started = time.perf_counter()
    subprocess.run([PYTHON, "manage.py", "bulk_files_write", "--annee", "2025"], cwd=ROOT, check=True,
                   env=django_env(settings, SITE_URL=f"http://{HOST}:{DOWNLOAD_PORT}"), stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    log(f"bulk_files_write --annee 2025: {seconds:.1f} s (load {load})")
    files = []
    for what, path, rows in download_cases(counts):
        with gunicorn(settings, ROOT, DOWNLOAD_PORT, workers=1) as master:
            file_load = load_average()
            got = proc.fetch(HOST, DOWNLOAD_PORT, path, master.pid, timeout=900)
        files.append((what, rows, got, file_load))
        log(f"ahead {what}: {got.status}, first byte {got.first_byte:.3f} s, {rows / got.total:,.0f} rows/s")
    return Ahead(seconds, load, files)


def ahead_lines(ahead: Ahead) -> list[str]:
    lines = ["", "## Écrits d'avance par la tâche (après)", "",
             f"`manage.py bulk_files_write --annee 2025`, ce que fait la tâche quand les données de 2025 bougent "
             f"(les fichiers de 2025 et ceux de toutes les années, pour `SITE_URL`) : **{ahead.seconds:.1f} s** "
             f"(charge {ahead.load}). Puis chaque fichier demandé une fois, seul, sur un gunicorn neuf à un worker : "
             "ce qu'obtient le premier visiteur après le changement, la tâche passée.", "",
             "| fichier | lignes | 1er octet (s) | lignes/s | RSS (Mo) | charge |", "|---|---|---|---|---|---|"]
    for what, rows, got, load in ahead.files:
        lines.append(f"| {what} | {_n(rows)} | {got.first_byte:.3f} | {_n(rows / got.total)} | "
                     f"{got.rss_before:.0f} → {got.rss_peak:.0f} | {load} |")
    return lines


def _etag(path: str) -> bool:
    """Whether the file has an ETag, and a request that sends it back gets a 304."""
    with urllib.request.urlopen(f"http://{HOST}:{DOWNLOAD_PORT}{path}", timeout=600) as response:
        etag = response.headers.get("ETag")
    if not etag:
        return False
    try:
        urllib.request.urlopen(urllib.request.Request(f"http://{HOST}:{DOWNLOAD_PORT}{path}",
                                                      headers={"If-None-Match": etag}), timeout=600)
    except urllib.error.HTTPError as error:
        return error.code == 304
    return False


def download_counts() -> dict:
    """The rows of each file: laureates, laureates with a known date (IATI), grants (360Giving), as
    the /donnees/ page counts them."""
    from coopdec.opendata import selectors

    every = selectors.campaign_data_list()
    this_year = selectors.campaign_data_list(year=2025)
    found = {}
    for selection, data in (("2025", this_year), ("toutes", every)):
        found[("laureates", selection)] = sum(d.laureates for d in data)
        found[("dated", selection)] = sum(d.dated for d in data)
        found[("grants", selection)] = selectors.grant_counts(data).grants
    return found


# ---------------------------------------------------------------- the read model's costs


def read_model_costs(settings) -> dict:
    """Its rebuild at one campaign (2025) and at every campaign, each in a process of its own."""
    found = {}
    for what, code in (("2025", "from coopdec.calls.models import Campaign; "
                                "states = [readmodel.rebuild(Campaign.objects.get(year=2025).pk)]"),
                       ("toutes", "from coopdec.calls.models import Campaign; states = [readmodel.rebuild(pk) "
                                  "for pk in Campaign.objects.values_list('pk', flat=True)]")):
        load = load_average()
        output = subprocess.run([PYTHON, "-c", (
            "import django, json, time; django.setup(); from coopdec.publication import readmodel; "
            f"started = time.perf_counter(); cpu = time.process_time(); {code}; "
            "print(json.dumps({'rows': sum(s.rows for s in states), 'seconds': time.perf_counter() - started, "
            "'cpu': time.process_time() - cpu}))")], cwd=ROOT, env=django_env(settings), capture_output=True,
            text=True, check=True).stdout
        found[what] = {**json.loads(output.strip().splitlines()[-1]), "load": load}
        log(f"rebuild {what}: {found[what]}")
    return found


def two_servers(settings) -> dict:
    """A second gunicorn on the same database; another process commits a change of a laureate's
    title and rebuilds its campaign's read model (as a task worker would); the second server,
    which did neither, answers the new title from the read model."""
    with gunicorn(settings, ROOT, SECOND_PORT):
        for _ in range(4):  # each worker's first request (its imports, its name index) out of the way
            urllib.request.urlopen(f"http://{HOST}:{SECOND_PORT}/api/v1/laureates?campaign=2024", timeout=600).read()
        change = (
            "import django, json, time; django.setup()\n"
            "from django.db import transaction\n"
            "from coopdec.applications.models import Application\n"
            "from coopdec.dataversion.changes import versions, versions_forget\n"
            "from coopdec.publication import readmodel\n"
            "laureate = Application.objects.filter(decision='retenu', call__campaign__year=2025, "
            "departement_id='81').order_by('pk').first()\n"
            "with transaction.atomic():\n"
            "    laureate.title = laureate.title.split(' [')[0] + ' [vérifié %d]' % time.time()\n"
            "    laureate.save()\n"
            "committed = time.time()\n"
            "state = readmodel.rebuild(laureate.call.campaign_id)\n"
            "versions_forget()\n"
            "print(json.dumps({'title': laureate.title, 'committed': committed, 'rebuilt': time.time(), "
            "'rebuild_seconds': state.seconds, 'state': state.version, "
            "'version': versions().of(laureate.call.campaign_id)}))\n")
        env = django_env(settings, TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend")
        done = json.loads(subprocess.run([PYTHON, "-c", change], cwd=ROOT, env=env, capture_output=True, text=True,
                                         check=True).stdout.strip().splitlines()[-1])
        path = "/api/v1/laureates?campaign=2025&departement=81&page_size=200"
        seen = None
        while seen is None or time.time() - done["rebuilt"] < 5:
            started = time.perf_counter()
            with urllib.request.urlopen(f"http://{HOST}:{SECOND_PORT}{path}", timeout=60) as response:
                body = response.read().decode()
            if done["title"] in body:
                seen = {"after_rebuild": time.time() - done["rebuilt"], "seconds": time.perf_counter() - started}
                break
            time.sleep(0.1)
    log(f"two servers: {done}, {seen}")
    return {**done, **(seen or {})}


def plans() -> list[tuple[str, str]]:
    """EXPLAIN (ANALYZE) of the read model's cold queries at this size: what each reads, and in
    how long."""
    from django.db import connection

    from coopdec.calls.models import Campaign
    from coopdec.publication import readmodel
    from coopdec.publication.selectors import LaureateFilters
    from coopdec.territories.models import Authority, Country, Departement, Region

    campaign = Campaign.objects.get(year=2025)
    queries = {
        "API : une page de 50, campagne et département": readmodel.published(
            LaureateFilters(campaign=campaign, departement=Departement.objects.get(code="33"))
        ).values_list("api")[:50],
        "compte d'une sélection (région)": readmodel.published(
            LaureateFilters(campaign=campaign, region=Region.objects.get(code="53"))).order_by().values("is_ami"),
        "page d'une collectivité (Bordeaux, cheffe de file)": readmodel.published(LaureateFilters(campaign=None))
        .filter(lead_authority_id=Authority.objects.get(kind="commune", code="33063").pk).values_list("row"),
        "page d'un pays (50 premiers)": readmodel.country_rows(Country.objects.get(iso2="SN")).values_list(
            "laureate__row", "joint_fund")[:50],
    }
    found = []
    with connection.cursor() as cursor:
        for what, rows in queries.items():
            sql, params = rows.query.sql_with_params()
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
            found.append((what, "\n".join(line for (line,) in cursor.fetchall())))
    return found


# ---------------------------------------------------------------- report


def _n(value, digits=0):
    return f"{value:,.{digits}f}".replace(",", "\u202f")


def report(settings, files, revisions, runs, datasette_runs, downloads, ahead, costs, servers, started, exported,
           explained) -> str:
    before, after = revisions
    lines = [
        "# Adresses jamais demandées : avant, après (issue 16)",
        "",
        f"- **Taille** : {_n(settings.applications)} dossiers synthétiques, {_n(exported)} lauréats ; PostgreSQL ; "
        f"gunicorn 2 workers, DEBUG=0 ; Datasette {datasette_version()} (un processus, "
        "`--immutable`) sur les mêmes lauréats en SQLite, index sur (campaign, departement).",
        f"- **Date** : {started:%Y-%m-%d %H:%M} UTC ; avant : `{before}`, après : `{after}` ; "
        "machine à 2 cœurs ; la charge moyenne (1, 5, 15 min) est notée à chaque "
        "mesure.",
        f"- **Commande** : `BENCH_SECONDS={settings.seconds} make bench-cold` ; chaque essai `wrk -t2 -c{CLIENTS} "
        f"-d{settings.seconds}s`, chaque requête tirée au hasard parmi toutes les adresses de son genre "
        "(`bench/wrk_random.lua`).",
        "",
        "## À froid (adresses tirées au hasard), 8 clients",
        "",
        "| quoi | adresses | avant req/s | avant p95 ms | charge | après req/s | après p95 ms | charge | cible |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    targets = {"api": "≥ Datasette", "région": "p95 < 150", "appel": "p95 < 150", "collectivité": "p95 < 150",
               "pays": "p95 < 150", "recherche": "p95 < 150"}
    for kind in COLD:
        b, a = runs[before][f"cold {kind}"], runs[after][f"cold {kind}"]
        lines.append(f"| {kind} | {_n(sum(1 for _ in open(files[kind])))} | {_row(b)} | {_row(a)} | "
                     f"{targets[kind]} |")
    for which in (before, after):
        d = datasette_runs[which]
        ours = runs[which]["cold api"]
        lines.append(f"| Datasette (pendant « {'avant' if which == before else 'après'} ») | "
                     f"{_n(sum(1 for _ in open(files['datasette'])))} | {_n(d.rate, 1)} | {_n(d.p95)} | "
                     f"{d.load} | API ÷ Datasette : **{ours.rate / d.rate:.2f}** | p95 {_n(ours.p95)} contre "
                     f"{_n(d.p95)} | | |")
    lines += ["", "## À chaud (la même adresse), 8 clients", "",
              "| quoi | avant req/s | avant p95 ms | charge | après req/s | après p95 ms | charge |",
              "|---|---|---|---|---|---|---|"]
    for name in WARM:
        lines.append(f"| {name} | {_row(runs[before][f'warm {name}'])} | {_row(runs[after][f'warm {name}'])} |")
    lines += ["", "## Téléchargements, chacun seul sur un gunicorn neuf à un worker", "",
              "Premier : le fichier écrit en même temps qu'il part ; encore : la même requête ensuite. 304 : la "
              "réponse à son ETag.", "",
              "| fichier | lignes | avant 1er octet (s) | avant lignes/s | avant RSS (Mo) | charge | après 1er octet (s) "
              "| après lignes/s | après RSS (Mo) | après, encore : lignes/s | 304 | charge |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for b, a in zip(downloads[before], downloads[after], strict=True):
        lines.append(f"| {a.what} | {_n(a.rows)} | {_download(b)} | {b.load} | {_download(a)} | "
                     f"{_n(a.rows / a.again_total)} | {'oui' if a.not_modified else 'non'} | {a.load} |")
    lines += ahead_lines(ahead)
    lines += ["", "## Ce que coûte le modèle de lecture (après)", "",
              "| reconstruction | lignes | secondes | CPU (s) | lignes/s | charge |", "|---|---|---|---|---|---|"]
    for what, cost in costs.items():
        lines.append(f"| {what} | {_n(cost['rows'])} | {cost['seconds']:.1f} | {cost['cpu']:.1f} | "
                     f"{_n(cost['rows'] / cost['seconds'])} | {cost['load']} |")
    lines += ["", *two_servers_lines(servers)]
    lines += ["## Plans des requêtes à froid (EXPLAIN ANALYZE, PostgreSQL, après)", ""]
    for what, plan in explained:
        lines += [f"{what} :", "", "```", plan, "```", ""]
    return "\n".join(lines)


def two_servers_lines(servers: dict) -> list[str]:
    return ["## Deux serveurs d'application, une base", "",
            f"Un second gunicorn (port {SECOND_PORT}), ses workers déjà servis une fois ; un autre processus "
            "enregistre un nouvel intitulé (transaction validée, version des données déplacée) puis reconstruit le "
            f"modèle de lecture de la campagne en {servers.get('rebuild_seconds', 0):.1f} s, à la version "
            f"`{servers.get('state')}` (celle de la base : `{servers.get('version')}`). Le second serveur, qui n'a "
            "rien reconstruit, sert le nouvel intitulé " + (
                f"{servers['after_rebuild']:.2f} s après la fin de la reconstruction (sa première requête après "
                f"elle ; elle a pris {servers['seconds'] * 1000:.0f} ms)."
                if "after_rebuild" in servers else "— pas dans les 5 s : échec."), ""]


def _row(run: Run) -> str:
    errors = f" ({run.errors} erreurs)" if run.errors else ""
    return f"{_n(run.rate, 1)}{errors} | {_n(run.p95)} | {run.load}"


def _download(d: Download) -> str:
    if d.status != 200:
        return f"statut {d.status} | — | —"
    return f"{d.first_byte:.2f} | {_n(d.rows / d.total)} | {d.rss_before:.0f} → {d.rss_peak:.0f}"


# ---------------------------------------------------------------- main


def main():
    web.require_wrk()
    # A database kept and reused from one run to the next (generating 100,000 dossiers takes a minute).
    os.environ.setdefault("BENCH_DATABASE_URL", f"{web.DEFAULT_SERVER}/{web.BENCH_DB}")
    os.environ.setdefault("BENCH_SECONDS", "15")
    settings = web.Settings.from_environment()
    started = datetime.now(timezone.utc)
    work = Path(tempfile.mkdtemp(prefix="coopdec-cold-"))
    web.prepare_database(settings)
    subprocess.run([PYTHON, "manage.py", "read_model_rebuild"], cwd=ROOT, env=django_env(settings), check=True)
    web.django_setup(settings)
    files = addresses(settings, work)
    exported = datasette_database(work / "laureates.db")
    counts = download_counts()
    after = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.strip() + " et l'arbre de travail"
    runs, datasette_runs, downloads = {}, {}, {}
    before = before_revision()
    with checkout(before) as code:
        collectstatic(settings, code)
        runs[before] = measure_server(settings, code, files)
        datasette_runs[before] = measure_datasette(settings, work / "laureates.db", files)
        downloads[before] = measure_downloads(settings, code, counts, repeat=False)
    collectstatic(settings, ROOT)
    runs[after] = measure_server(settings, ROOT, files)
    datasette_runs[after] = measure_datasette(settings, work / "laureates.db", files)
    downloads[after] = measure_downloads(settings, ROOT, counts, repeat=True)
    ahead = measure_written_ahead(settings, counts)
    costs = read_model_costs(settings)
    servers = two_servers(settings)
    text = report(settings, files, (before, after), runs, datasette_runs, downloads, ahead, costs, servers, started,
                  exported, plans())
    text += f"\nCharge moyenne à la fin : {load_average()}\n"
    path = Path(os.environ.get("BENCH_COLD_RESULTS") or web.BENCH / "COLD.md")
    path.write_text(text, encoding="utf-8")
    print(text)
    log(f"écrit : {path}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    random.seed(16)
    main()
