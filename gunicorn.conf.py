"""Gunicorn's settings for CoopDec (read from the working directory: `make serve`, production).

Command-line options and GUNICORN_CMD_ARGS override these. Workers: WEB_CONCURRENCY (gunicorn's
own variable), by default two per core plus one.
"""
import logging
import multiprocessing
import os

wsgi_app = "coopdec.wsgi:application"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
# Behind a reverse proxy on the same machine; other proxies' addresses go in FORWARDED_ALLOW_IPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"
# No runtime control socket: its default path is one per user, which a second server on the same
# machine (another instance, a test) would take over.
control_socket_disable = True


def post_worker_init(worker):
    """Each worker builds the name index when it starts, so no user's request waits for it (about
    a second); the per-request version check keeps it current afterwards."""
    import time

    from django.db import connections

    from coopdec.territories.resolve import authority_index

    started = time.perf_counter()
    try:
        authority_index()
        worker.log.info("Index des noms construit en %.1f s", time.perf_counter() - started)
    except Exception:  # the database is not reachable yet: the first resolution will build it
        logging.getLogger("gunicorn.error").exception("Index des noms non construit au démarrage")
    finally:
        connections.close_all()
