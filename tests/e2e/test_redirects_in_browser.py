"""Chromium, following our redirects, never leaves the site (it normalises URLs its own way)."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

TARGETS = ["/\t/evil.example", "/\\evil.example", "//evil.example", "https:evil.example"]


@pytest.mark.parametrize("target", TARGETS)
def test_language_switch_keeps_the_browser_home(page, live_server, target):
    home = urlsplit(live_server).netloc
    elsewhere: list[str] = []

    def refuse_other_hosts(route):
        if urlsplit(route.request.url).netloc != home:
            elsewhere.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", refuse_other_hosts)
    page.goto(f"/lang/en?next={quote(target, safe='')}")
    assert elsewhere == []
    assert urlsplit(page.url).netloc == home
    assert urlsplit(page.url).path == "/"
