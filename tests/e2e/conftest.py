"""Browser tests: the app served on a local port, driven by Debian's Chromium via Playwright.

Chromium comes from `apt-get install chromium` (.ci/run does it); Playwright never downloads
a browser here. Screenshots of every step land in test-artifacts/e2e/<test name>/.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium (see .ci/run)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Shots:
    """Numbered screenshots of one test, kept as CI artifacts."""

    def __init__(self, name: str):
        self.directory = ARTIFACTS / re.sub(r"[^\w.-]+", "_", name)
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def __call__(self, page, step: str) -> None:
        self.count += 1
        page.screenshot(path=str(self.directory / f"{self.count:02d}-{step}.png"), full_page=True)


@pytest.fixture
def shots(request) -> Shots:
    return Shots(request.node.name)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="ru-RU", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def login_in_browser(factory):
    """Log a fresh candidate in through the real login form."""
    from ..factories import PASSWORD

    def _login(page, email: str = "browser@example.com"):
        factory.user(email=email)
        page.goto("/auth/login")
        page.fill("#email", email)
        page.fill("#password", PASSWORD)
        page.get_by_role("button", name="Войти").click()
        page.get_by_role("button", name="Выйти").wait_for()

    return _login
