"""gunicorn settings for `make serve-prod`; each can be overridden from the environment.

Two processes per core, one request thread each. Python runs one thread of a process at a
time: a second thread overlaps a request's waits on the database, but a thread whose query
has returned then waits for its turn, and on SQLite it keeps the database's one write turn
(and so every other writer) waiting meanwhile; the saves' tail was longer with two threads
than with one on both databases. The worker's main thread still keeps clients' idle
keep-alive connections open. gunicorn's sync workers (GUNICORN_WORKER_CLASS=sync) take
requests from one shared queue but open a connection per request, and were not better.
docs/benchmarks.md has the measurements.
No state lives in a worker (sessions are signed cookies backed by sign-in rows, deadlines and
locks are in the database), so any number of these processes, on any number of machines,
serve the same users.
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


def on_starting(server):
    """Refuse several workers without Redis in production: each would keep its own rate-limit
    counters, so a limit of 10 logins a minute would allow 10 per worker."""
    if (
        os.environ.get("APP_ENV") == "production"
        and server.cfg.workers > 1
        and not os.environ.get("REDIS_URL")
    ):
        raise SystemExit(
            f"refusing to start {server.cfg.workers} workers in production without REDIS_URL: "
            "rate limits would be counted per worker. Set REDIS_URL, or WEB_CONCURRENCY=1."
        )
