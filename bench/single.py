"""`bench/single.py`: what one cold request costs, address by address, in one process.

On a machine too loaded for `make bench-cold` to mean anything (wrk's throughput and p95 follow the
load more than the code), this measures what the code decides: for each kind of cold address
(`cold.addresses`, the same draw), N addresses drawn at random (seed 1), each asked once in a
process whose kept copies are empty (Redis database `BENCH_REDIS_DB`, flushed first), after one
warm-up request: the process's CPU time, the SQL time and the number of queries, the median and the
95th percentile of each. Run it in two checkouts on the same database to compare two codes:

    cd <checkout> && DATABASE_URL=postgres://…/coopdec_bench python <this checkout>/bench/single.py [N]

(`DEBUG=0`, `SECRET_KEY`, `MFA_ENCRYPTION_KEY`, `REDIS_URL` and `ALLOWED_HOSTS=testserver` as for
`make serve`; `collectstatic` run once.)
"""
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopdec.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, os.getcwd())  # the code measured: the checkout it is run from

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

import cold  # noqa: E402

KINDS = ["api", "région", "appel", "collectivité", "pays", "recherche"]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    cache.clear()
    client = Client()
    client.get("/campagnes/")  # the process's own first request (imports, URL conf, templates)
    draw = random.Random(1)
    with tempfile.TemporaryDirectory() as work:
        files = cold.addresses(None, Path(work))
        print(f"| quoi | adresses | CPU médiane ms | CPU p95 ms | SQL médiane ms | SQL p95 ms | requêtes SQL (médiane) | charge |")
        print("|---|---|---|---|---|---|---|---|")
        for kind in KINDS:
            paths = files[kind].read_text(encoding="utf-8").split()
            cpu, sql, queries = [], [], []
            for path in draw.sample(paths, min(count, len(paths))):
                with CaptureQueriesContext(connection) as captured:
                    started = time.process_time()
                    response = client.get(path)
                    cpu.append((time.process_time() - started) * 1000)
                assert response.status_code == 200, (path, response.status_code)
                sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
                queries.append(len(captured.captured_queries))
            load = " ".join(f"{x:.2f}" for x in os.getloadavg())
            print(f"| {kind} | {len(paths)} | {statistics.median(cpu):.0f} | {percentile(cpu, .95):.0f} | "
                  f"{statistics.median(sql):.0f} | {percentile(sql, .95):.0f} | {statistics.median(queries):.0f} | {load} |")


if __name__ == "__main__":
    main()
