"""Every route, sent what an attacker sends, answers without a server error.

Like the route walk for roles (test_route_guards.py), this walks the URL map: huge ids, NUL
bytes in the query and the form, JSON nested past the parser's limit and chunked bodies,
as a visitor and as an admin.
"""

from __future__ import annotations

import io
import re

import pytest

from .factories import certify

HUGE = "9223372036854775808"
NESTED_JSON = b"[" * 100_000 + b"]" * 100_000


def urls(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        url = re.sub(r"<int(\([^)]*\))?:[a-z_]+>", HUGE, rule.rule)
        url = re.sub(r"<[^>]+>", "x", url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, url


def attacks(client, method: str, url: str):
    yield client.open(f"{url}?q=%00&page=10000000000000000000000&account={HUGE}", method=method)
    if method != "POST":
        return
    yield client.post(url, data={"q": "\x00", "email": "\x00@x", "name": "\x00"})
    yield client.post(url, data=NESTED_JSON, content_type="application/json")
    yield client.post(
        url,
        input_stream=io.BytesIO(b'{"a": "' + b"x" * 3_000_000 + b'"}'),
        headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )


@pytest.mark.parametrize("persona", ["visitor", "admin"])
def test_no_route_answers_a_server_error(app, client, login, factory, frozen_clock, persona):
    if persona == "admin":
        admin = factory.admin()
        certify(admin)
        login(admin)
    failures = []
    for method, url in urls(app):
        for response in attacks(client, method, url):
            if response.status_code >= 500:
                failures.append((method, url, response.status_code))
            response.close()
    assert failures == []
