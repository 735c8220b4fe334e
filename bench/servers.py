"""Start and stop gunicorn for a benchmark: 127.0.0.1 only, always stopped, bounded in time."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

# Not resolve(): a checkout reached through a symlink keeps serving its own code.
ROOT = Path(__file__).absolute().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(
    wsgi: str,
    env: dict[str, str],
    log_file: Path,
    workers: int | None = None,
    source: Path = ROOT,
):
    """Serve `wsgi` with gunicorn.conf.py on a free 127.0.0.1 port; yields the base URL.

    `source` is the checkout whose code and gunicorn.conf.py are served (another commit's
    `git worktree`, to compare two versions on one dataset); the same virtualenv runs it.
    """
    with gunicorn_process(wsgi, env, log_file, workers, source) as (base, _master):
        yield base


@contextlib.contextmanager
def gunicorn_process(
    wsgi: str,
    env: dict[str, str],
    log_file: Path,
    workers: int | None = None,
    source: Path = ROOT,
):
    """As gunicorn(), yielding (base URL, the master's pid)."""
    port = free_port()
    environment = dict(os.environ)
    environment.update(env)
    environment["BIND"] = f"127.0.0.1:{port}"
    environment["PYTHONPATH"] = str(source)
    environment.pop("GUNICORN_ACCESS_LOG", None)
    if workers:
        environment["WEB_CONCURRENCY"] = str(workers)
    with open(log_file, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(source / "gunicorn.conf.py"), wsgi],
            cwd=source,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_healthy(base, process, log_file)
        yield base, process.pid
    finally:
        _stop(process)


def _wait_healthy(base: str, process: subprocess.Popen, log_file: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log_file}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    # Every worker answers /healthz only once it has booted; give the others
                    # a moment to import the app too.
                    time.sleep(1.5)
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not become healthy in 60 s; see {log_file}")


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the gunicorn master (it stops its workers), SIGKILL to the group if stuck."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
