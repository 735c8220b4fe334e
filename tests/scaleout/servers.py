"""Real app processes (bench.servers.Gunicorn) on local ports, and a cookie-keeping client."""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench.servers import Gunicorn as Server


@contextmanager
def running(env: dict[str, str], count: int = 1):
    """`count` app servers on one database, like instances behind a load balancer."""
    servers = [Server(env=env, workers=1, threads=4) for _ in range(count)]
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
