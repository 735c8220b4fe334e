"""Who the client is and whether it came over HTTPS, when proxies stand in front of the app.

`TRUSTED_PROXIES` counts the proxies (nginx, a load balancer) that set X-Forwarded-For and
X-Forwarded-Proto; Werkzeug's ProxyFix then takes the client's address and scheme from the
last that many entries. With 0 (the default) nothing is read from those headers, so a client
talking to the app directly cannot forge its address.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def trusted_proxies(value: str) -> int:
    """The TRUSTED_PROXIES setting as a count, or a ValueError that says what is wrong."""
    try:
        count = int(value)
    except ValueError:
        count = -1
    if count < 0:
        raise ValueError(f"TRUSTED_PROXIES={value!r} must be a whole number of proxies, 0 or more")
    return count


def init_app(app: Flask) -> None:
    app.wsgi_app = SecureCookiesOverHttps(app.wsgi_app)
    if count := app.config["TRUSTED_PROXIES"]:
        # Outermost, so the cookie rule below sees the scheme the client used.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


class SecureCookiesOverHttps:
    """Every cookie set on a request that came over HTTPS is marked Secure.

    Cookie settings are fixed at start-up (SESSION_COOKIE_SECURE), but one deployment can be
    reached both ways; a cookie handed out over HTTPS must never travel back over plain HTTP.
    """

    def __init__(self, wsgi_app: Callable):
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("wsgi.url_scheme") != "https":
            return self.wsgi_app(environ, start_response)

        def start_secure(status: str, headers: list[tuple[str, str]], exc_info=None):
            headers = [
                (name, _secure(value) if name.lower() == "set-cookie" else value)
                for name, value in headers
            ]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start_secure)


def _secure(cookie: str) -> str:
    attributes = (part.strip().lower() for part in cookie.split(";")[1:])
    return cookie if "secure" in attributes else f"{cookie}; Secure"
