"""gunicorn settings for `make serve-prod`; each can be overridden from the environment.

Two processes per core, two threads each. The threads overlap a request's waits on the
database; more of them per process only queue on the interpreter's lock (one runs at a time,
and a thread whose query returned waits up to 5 ms for its turn): on the load benchmark,
2 processes x 8 threads gave two to three times the p99 of 4 x 2 at the same rate.
No state lives in a worker (sessions are signed cookies, deadlines and locks are in the
database), so any number of these processes, on any number of machines, serve the same users.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
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
