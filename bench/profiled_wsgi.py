"""The app, with pyinstrument sampling the requests we care about, for a profile under load.

    BENCH_PROFILE_DIR=/tmp/prof gunicorn -c gunicorn.conf.py bench.profiled_wsgi:app

One in BENCH_PROFILE_EVERY (default 3) of the requests whose path is an answer save or a block
page is profiled in the thread serving it (pyinstrument's overhead would otherwise be the
load); the sessions of each kind are combined per worker process and saved as
`<kind>-<pid>.json` every 100 profiled requests and when the worker exits. bench/profile.py
combines the workers' files and prints the call trees.
"""

from __future__ import annotations

import atexit
import itertools
import os
import re
import threading
from pathlib import Path

from pyinstrument import Profiler
from pyinstrument.session import Session

from quiz_app.wsgi import app as quiz_app

KINDS = {
    "save": re.compile(r"^/exam/attempts/\d+/answers$"),
    "page": re.compile(r"^/exam/attempts/\d+/blocks/\d+$"),
}
OUTPUT = Path(os.environ.get("BENCH_PROFILE_DIR", "bench-profile"))
EVERY = int(os.environ.get("BENCH_PROFILE_EVERY", "3"))


class ProfilingMiddleware:
    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.lock = threading.Lock()
        self.sessions: dict[str, Session] = {}
        self.counts: dict[str, int] = {}
        self.seen = itertools.count()
        atexit.register(self.write)

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        kind = next((name for name, rule in KINDS.items() if rule.match(path)), None)
        if kind is None or next(self.seen) % EVERY:
            return self.wsgi_app(environ, start_response)
        profiler = Profiler(interval=0.0002, async_mode="disabled")
        profiler.start()
        try:
            # Consume the body inside the profile: rendering happens while iterating.
            body = list(self.wsgi_app(environ, start_response))
        finally:
            session = profiler.stop()
            self.add(kind, session)
        return body

    def add(self, kind: str, session: Session) -> None:
        with self.lock:
            previous = self.sessions.get(kind)
            self.sessions[kind] = (
                session if previous is None else Session.combine(previous, session)
            )
            self.counts[kind] = self.counts.get(kind, 0) + 1
            due = self.counts[kind] % 100 == 0
        if due:
            self.write()

    def write(self) -> None:
        OUTPUT.mkdir(parents=True, exist_ok=True)
        with self.lock:
            snapshot = dict(self.sessions)
        for kind, session in snapshot.items():
            session.save(str(OUTPUT / f"{kind}-{os.getpid()}.json"))


app = ProfilingMiddleware(quiz_app)
