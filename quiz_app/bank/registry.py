"""Keeps the last good bank of a running process and reloads it when its files change.

A bank that fails validation is never served: the previous good one stays in use and the
problems go to the log, so an editing mistake cannot break exams already under way.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask, current_app, g
from flask_babel import get_locale

from .loader import Bank, BankInvalid, directory_signature, load_bank

log = logging.getLogger(__name__)


class BankUnavailable(Exception):
    """No valid bank has been loaded yet."""


class BankRegistry:
    def __init__(self, directory: str):
        self.directory = directory
        self._lock = threading.Lock()
        self._signature: tuple | None = None
        self._bank: Bank | None = None
        self.problems: list[str] = []

    def current(self) -> Bank:
        """The newest valid bank; raises BankUnavailable when none ever loaded."""
        signature = directory_signature(self.directory)
        if signature != self._signature:
            with self._lock:
                if signature != self._signature:
                    self._reload(signature)
        if self._bank is None:
            raise BankUnavailable("; ".join(self.problems) or "question bank not loaded")
        return self._bank

    def _reload(self, signature: tuple) -> None:
        # The signature is recorded only once the files are read: threads arriving meanwhile
        # wait for the lock instead of finding "no bank yet" while the first one is loading.
        try:
            bank = load_bank(self.directory)
        except BankInvalid as exc:
            self._signature = signature
            self.problems = [str(p) for p in exc.problems]
            kept = "keeping the previous valid bank" if self._bank else "no valid bank to serve"
            log.error(
                "question bank %s is invalid (%s):\n%s",
                self.directory,
                kept,
                "\n".join(self.problems),
            )
            return
        self.problems = []
        if self._bank is None or bank.fingerprint != self._bank.fingerprint:
            log.info(
                "question bank loaded: %d questions in %d blocks",
                bank.question_count,
                len(bank.blocks),
            )
        self._bank = bank
        self._signature = signature


def init_app(app: Flask) -> None:
    app.extensions["bank_registry"] = BankRegistry(app.config["QUESTION_BANK_DIR"])
    app.jinja_env.filters["block_title"] = block_title


def block_title(block) -> str:
    """A block's title in the page's language: `title_en` on English pages when the bank
    has one. Takes a Block or anything carrying a block's `title` (scores, navigation)."""
    title = block if isinstance(block, str) else block.title
    if str(get_locale() or "ru") != "en":
        return title
    english = getattr(block, "title_en", None)
    if english is None:
        english = _english_titles().get(title)
    return english or title


def _english_titles() -> dict[str, str]:
    """Russian title → English title of the current bank, once per request."""
    if "block_titles_en" not in g:
        try:
            blocks = current_bank().blocks
        except BankUnavailable:
            blocks = []
        g.block_titles_en = {
            loaded.block.title: loaded.block.title_en for loaded in blocks if loaded.block.title_en
        }
    return g.block_titles_en


def current_bank() -> Bank:
    return current_app.extensions["bank_registry"].current()
