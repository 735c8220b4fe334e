"""Helpers for the question bank editor's tests: file snapshots, diffs, and forms as a browser
would submit them."""

from __future__ import annotations

import difflib
import re
from html.parser import HTMLParser
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file of the directory, hidden ones included (a left-over temporary file shows)."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The removed and added lines of a unified diff, as `git diff` would show them."""
    removed, added = [], []
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0):
        if line.startswith(("---", "+++", "@@")):
            continue
        (removed if line.startswith("-") else added).append(line[1:])
    return removed, added


class _FormReader(HTMLParser):
    """Collects what a browser would submit for each form of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action", ""), "fields": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        if tag == "input":
            kind = a.get("type", "text")
            name = a.get("name")
            if not name or kind in ("submit", "button", "file"):
                return
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    fields.append((name, a.get("value", "y")))
            else:
                fields.append((name, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a.get("name")
            fields.append((self._textarea, ""))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            fields.append((self._select, a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            name, value = self._form["fields"][-1]
            value = value + data
            self._form["fields"][-1] = (name, value)


def form_fields(html: str, contains: str = 'name="text"') -> dict[str, str]:
    """The fields a browser would send for the page's form that has `contains` in it."""
    reader = _FormReader()
    reader.feed(html)
    for form in reader.forms:
        names = {name for name, _value in form["fields"]}
        wanted = re.search(r'name="([^"]+)"', contains).group(1)
        if wanted in names:
            areas = _textareas(html)
            return {
                name: _drop_first_newline(value) if name in areas else value
                for name, value in form["fields"]
            }
    raise AssertionError(f"no form with {contains}")


def _drop_first_newline(value: str) -> str:
    """Browsers ignore the newline right after <textarea>."""
    for newline in ("\r\n", "\n"):
        if value.startswith(newline):
            return value[len(newline) :]
    return value


def _textareas(html: str) -> set[str]:
    return set(re.findall(r'<textarea[^>]*name="([^"]+)"', html))


def field_block(html: str, name: str) -> str:
    """The markup of the `.field` container (or options-table row) holding input `name`."""
    for pattern in (
        r'<div class="field[^"]*">(?:(?!<div class="field|</div>).)*?name="%s".*?</div>',
        r'<tr class="option-row[^"]*">(?:(?!<tr |</tr>).)*?name="%s".*?</tr>',
    ):
        found = re.search(pattern % re.escape(name), html, re.DOTALL)
        if found:
            return found.group(0)
    raise AssertionError(f"no field {name}")


def errors_beside(html: str, name: str) -> list[str]:
    block = field_block(html, name)
    return re.findall(r'<p class="error"[^>]*>(.*?)</p>', block, re.DOTALL)
