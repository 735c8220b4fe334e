"""gunicorn serving the app (or a benchmark's app) on a free 127.0.0.1 port, always stopped.

The one way benchmarks (bench/) and process tests (tests/scaleout/) start real servers: with
gunicorn.conf.py, in a process group of their own so that SIGKILL reaches every worker.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

# Not resolve(): a checkout reached through a symlink keeps serving its own code.
ROOT = Path(__file__).absolute().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """One gunicorn master and its workers.

    `source` is the checkout whose code and gunicorn.conf.py are served (another commit's
    `git worktree`, to compare two versions on one dataset); the same virtualenv runs it.
    `settle` waits that long after the first healthy answer, so that the other workers have
    imported the app too before a measurement starts. `wrapper` runs gunicorn under another
    program (valgrind).
    """

    def __init__(
        self,
        wsgi: str = "quiz_app.wsgi:app",
        env: dict[str, str] | None = None,
        *,
        log_file: Path | None = None,
        workers: int | None = None,
        threads: int | None = None,
        source: Path = ROOT,
        settle: float = 0.0,
        wrapper: tuple[str, ...] = (),
    ):
        self.wsgi, self.env, self.source, self.settle = wsgi, env or {}, source, settle
        self.workers, self.threads, self.wrapper = workers, threads, wrapper
        self.log_file = log_file or Path(tempfile.mkstemp(prefix="gunicorn-", suffix=".log")[1])
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None, "not started"
        return self.process.pid

    def start(self, timeout: float = 60, *, wait: bool = True) -> Gunicorn:
        """Launch it; with `wait`, return once /healthz answers (or raise with the log)."""
        environment = {**os.environ, **self.env}
        environment["BIND"] = f"127.0.0.1:{self.port}"
        environment["PYTHONPATH"] = str(self.source)
        environment.pop("GUNICORN_ACCESS_LOG", None)
        if self.workers:
            environment["WEB_CONCURRENCY"] = str(self.workers)
        if self.threads:
            environment["GUNICORN_THREADS"] = str(self.threads)
        config = str(self.source / "gunicorn.conf.py")
        with open(self.log_file, "ab") as log:
            self.process = subprocess.Popen(
                [*self.wrapper, sys.executable, "-m", "gunicorn", "-c", config, self.wsgi],
                cwd=self.source,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if wait:
            try:
                self._wait_healthy(timeout)
            except BaseException:
                self.stop()
                raise
        return self

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode}: {self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        time.sleep(self.settle)
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not become healthy in {timeout:.0f} s: {self.log_tail()}")

    def log_tail(self, size: int = 2000) -> str:
        try:
            return self.log_file.read_text(errors="replace")[-size:]
        except OSError:
            return f"(no log at {self.log_file})"

    def kill(self) -> None:
        """SIGKILL the whole process group: no graceful shutdown, no flushing."""
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self, timeout: float = 25) -> None:
        """SIGTERM to the master (it stops its workers); SIGKILL to the group if it is stuck."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()


@contextlib.contextmanager
def gunicorn(
    wsgi: str,
    env: dict[str, str],
    log_file: Path,
    workers: int | None = None,
    source: Path = ROOT,
):
    """Serve `wsgi` for a benchmark; yields the base URL."""
    server = Gunicorn(wsgi, env, log_file=log_file, workers=workers, source=source, settle=1.5)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()
