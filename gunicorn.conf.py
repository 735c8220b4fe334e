"""gunicorn settings for `make serve-prod`; each can be overridden from the environment.

Two processes per core, one request thread each. Python runs one thread of a process at a
time: a second thread did overlap a request's waits on the database, but a thread whose query
had returned then waited up to 5 ms for its turn, and on SQLite it kept the database's one
write turn (and so every other writer) waiting meanwhile. Taking turns on one dataset
(`python -m bench.ab`, 2026-12-02), 4 x 1 against 4 x 2 at 250 saves/s: open-loop p99 23-37
against 45-83 ms on SQLite, 30-59 against 60-93 ms on PostgreSQL, and lower in 2 of 3
capacity windows at N = 5 000 on each (4 x 1 was better in every open-loop round).
The worker's main thread still keeps clients' idle keep-alive connections open.
gunicorn's sync workers (GUNICORN_WORKER_CLASS=sync) take requests from one shared queue, but
open a connection per request: measured the same way (10 rounds, both databases), their
saves' p50 was higher in 8 of 10 open loops and their p99 lower in only 4 of 10 open loops
and 4 of 10 capacity windows, so gthread stays.
No state lives in a worker (sessions are signed cookies, deadlines and locks are in the
database), so any number of these processes, on any number of machines, serve the same users.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Restart workers now and then so a slow leak cannot grow forever; rarely, because a worker
# that restarts spends a second of CPU loading the app while the others carry its load.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "200000"))
max_requests_jitter = 20000
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """gc.freeze() once the worker has loaded the app: the modules, templates and question bank
    loaded at start-up live as long as the worker, so the cyclic collector need not walk them
    again on every full collection (which paused every thread of the worker)."""
    gc.freeze()
