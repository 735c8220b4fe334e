"""Real app processes (gunicorn) on local ports, and a small cookie-keeping HTTP client."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, env: dict[str, str], workers: int = 1):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env
        self.workers = workers
        self.process: subprocess.Popen | None = None

    def start(self) -> Server:
        command = [
            str(GUNICORN),
            "-c", str(PROJECT_ROOT / "gunicorn.conf.py"),
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers),
            "--threads", "4",
            "quiz_app.wsgi:app",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, so SIGKILL reaches the workers
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.process.stderr.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("server did not become healthy within 30 s")

    def kill(self) -> None:
        """SIGKILL the whole process group: no graceful shutdown, no flushing."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        if self.process and self.process.stderr:
            self.process.stderr.close()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.process and self.process.stderr:
            self.process.stderr.close()


@contextmanager
def running(env: dict[str, str], count: int = 1):
    servers = [Server(env) for _ in range(count)]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()


def server_env(database_url: str, signing_key_file: str, bank_dir: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "scale-out-test-secret-key-0123456789abcdef",
        "QUESTION_BANK_DIR": str(bank_dir),
        "CREDENTIAL_SIGNING_KEY_FILE": signing_key_file,
        "LOGIN_RATE_LIMIT": "100000 per minute",
        "GUNICORN_MAX_REQUESTS": "0",
    }


class Browser:
    """Cookies shared across servers, like one browser behind a load balancer."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.csrf = ""

    def request(self, base: str, path: str, data: dict | None = None, json_body=None):
        headers = {"X-CSRFToken": self.csrf}
        body = None
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
            headers["Accept"] = "application/json"
        elif data is not None:
            body = urllib.parse.urlencode({"csrf_token": self.csrf, **data}).encode()
        request = urllib.request.Request(base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def get_csrf(self, base: str) -> None:
        _, _, page = self.request(base, "/")
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)

    def login(self, base: str, email: str, password: str) -> None:
        self.get_csrf(base)
        status, headers, _ = self.request(
            base, "/auth/login", {"email": email, "password": password}
        )
        assert status == 302, status
        self.get_csrf(base)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
