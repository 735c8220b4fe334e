"""Block titles in the page's language: `title_en` on English pages where the bank has one."""

from __future__ import annotations

from flask import g
from flask_babel import get_locale

from .published import BankUnavailable, current_exam


def block_title(block) -> str:
    """A block's title for the page. Takes a Block or anything carrying a block's `title`
    (scores, the exam's navigation), or the Russian title itself."""
    title = block if isinstance(block, str) else block.title
    if str(get_locale() or "ru") != "en":
        return title
    english = getattr(block, "title_en", None)
    if english is None:
        english = _english_titles().get(title)
    return english or title


def _english_titles() -> dict[str, str]:
    """Russian title → English title in the published exam, once per request."""
    if "block_titles_en" not in g:
        try:
            blocks = current_exam().blocks
        except BankUnavailable:
            blocks = ()
        g.block_titles_en = {
            loaded.block.title: loaded.block.title_en for loaded in blocks if loaded.block.title_en
        }
    return g.block_titles_en
