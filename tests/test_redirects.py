"""`next` parameters keep people on this site, however the target is dressed up."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from quiz_app.inputs import CONTROL
from quiz_app.redirects import local_target

from .factories import PASSWORD

# Each of these leaves the site in a browser (tabs and newlines are dropped, a backslash
# reads as a slash, a scheme or a second slash names another host).
OFFSITE = [
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "\t//evil.example",
    "/\r\n/evil.example",
    "/\n/evil.example",
    " //evil.example",
    "https:evil.example",
    "https://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    "///evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    "evil.example",
    "/\x00/evil.example",
    "/\x0b/evil.example",
    "",
    None,
]
LOCAL = ["/", "/exam/", "/training/lesson-1?x=1#top", "/tariffs/?q=a//b", "/partner/leads/mine"]


@pytest.mark.parametrize("target", OFFSITE)
def test_offsite_targets_are_refused(target):
    assert local_target(target) is None


@pytest.mark.parametrize("target", LOCAL)
def test_local_paths_pass_unchanged(target):
    assert local_target(target) == target


def stays_home(response, target: str) -> None:
    if CONTROL.search(target):  # refused before any view: control characters in the query
        assert response.status_code == 400
    else:
        assert response.status_code == 302
        assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", [t for t in OFFSITE if t])
def test_language_switch_stays_home(client, target):
    stays_home(client.get(f"/lang/ru?next={quote(target, safe='')}"), target)


@pytest.mark.parametrize("target", [t for t in OFFSITE if t])
def test_login_next_stays_home(client, factory, target):
    user = factory.user()
    response = client.post(
        f"/auth/login?next={quote(target, safe='')}",
        data={"email": user.email, "password": PASSWORD},
    )
    stays_home(response, target)


def test_language_switch_returns_to_the_page(client):
    response = client.get("/lang/en?next=/tariffs/%3Fq%3Damo")
    assert response.headers["Location"] == "/tariffs/?q=amo"
