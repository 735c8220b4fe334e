"""What a block page reads: the map of the attempt's questions and one block's questions.

Candidates open some 40 block pages a second on an exam day with 10 000 of them, so both reads
are prebuilt Core statements, and a question's content is parsed once per process: building
ORM objects for a block's items and their versions, and decoding each version's JSON, cost
several times what reading the rows does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from markupsafe import Markup, escape
from sqlalchemy import Text, bindparam, cast, func, select

from ..bank.models import QuestionVersion
from ..extensions import db
from .models import AttemptItem


class MapEntry(NamedTuple):
    """One question on the map: its number in the whole attempt, from 1. (A named tuple: a
    page builds one per question of the attempt, and a frozen dataclass costs several times
    more to construct.)"""

    number: int
    question_id: str
    answered: bool
    flagged: bool


@dataclass(frozen=True, slots=True)
class BlockNav:
    index: int
    title: str
    entries: tuple[MapEntry, ...]
    answered: int
    flagged: int

    @property
    def questions(self) -> int:
        return len(self.entries)


@dataclass(frozen=True, slots=True)
class QuestionShown:
    """One question of the block as this attempt shows it."""

    number: int
    question_id: str
    text: str
    option_order: list[str]
    options: dict[str, str]  # option id -> its text
    chosen_option: str | None
    flagged: bool


_items = AttemptItem.__table__
_versions = QuestionVersion.__table__

# Block titles come from one row per block; the map's rows need no join.
_TITLES = (
    select(_items.c.block_index, func.min(_versions.c.block_title))
    .join(_versions, _items.c.question_version_id == _versions.c.id)
    .where(_items.c.attempt_id == bindparam("b_attempt"))
    .group_by(_items.c.block_index)
    .order_by(_items.c.block_index)
)
_MAP = (
    select(
        _items.c.block_index,
        _items.c.position,
        _items.c.question_id,
        _items.c.chosen_option,
        _items.c.flagged,
    )
    .where(_items.c.attempt_id == bindparam("b_attempt"))
    .order_by(_items.c.position)
)

# The content as the text the database holds (PostgreSQL's driver would decode JSON itself),
# which is also the key of the parsed form: equal text, equal question.
_BLOCK_ITEMS = (
    select(
        _items.c.position,
        _items.c.question_id,
        _items.c.option_order,
        _items.c.chosen_option,
        _items.c.flagged,
        cast(_versions.c.content, Text),
    )
    .join(_versions, _items.c.question_version_id == _versions.c.id)
    .where(
        _items.c.attempt_id == bindparam("b_attempt"),
        _items.c.block_index == bindparam("b_block"),
    )
    .order_by(_items.c.position)
)

_PARSED: dict[str, tuple[str, dict[str, str]]] = {}
_PARSED_LIMIT = 4096  # a bank is 115 questions; this leaves room for many edited versions


def navigation(attempt_id: int) -> list[BlockNav]:
    """The attempt's blocks in order, each with its questions' map entries."""
    params = {"b_attempt": attempt_id}
    connection = db.session.connection()
    titles = dict(connection.execute(_TITLES, params).all())
    entries: dict[int, list[MapEntry]] = {index: [] for index in titles}
    for block_index, position, question_id, chosen, flagged in connection.execute(_MAP, params):
        entries[block_index].append(
            MapEntry(position + 1, question_id, chosen is not None, bool(flagged))
        )
    navigation = []
    for index, title in titles.items():
        block = entries[index]
        answered = sum(entry.answered for entry in block)
        flagged = sum(entry.flagged for entry in block)
        navigation.append(BlockNav(index, title, tuple(block), answered, flagged))
    return navigation


def numbers(attempt_id: int, question_ids: list[str]) -> list[int]:
    """The numbers candidates see (from 1, through the attempt) of the attempt's questions."""
    positions = db.session.scalars(
        select(_items.c.position)
        .where(_items.c.attempt_id == attempt_id, _items.c.question_id.in_(question_ids))
        .order_by(_items.c.position)
    )
    return [position + 1 for position in positions]


def question_map(
    navigation: list[BlockNav],
    current: int,
    labels: tuple[str, str, str],
    title: Callable[[BlockNav], str],
) -> Markup:
    """The map's list: each block (a link, the current one marked) with its questions' links.
    `current` is the page's block number, `labels` the words for answered, not answered and
    flagged (read by screen readers after each number), `title` a block's title for the page.

    Built here rather than in the template: the map links every question of the attempt, and
    rendering it expression by expression in Jinja cost as much as the rest of the page. Links
    are relative to the block page's own address (…/blocks/<number>). Question ids need no
    escaping: the bank's schema allows only [a-z0-9-] in them.
    """
    answered, unanswered, flagged = (escape(label) for label in labels)
    parts = ['<ol class="map-blocks">']
    for number, block in enumerate(navigation, start=1):
        here = number == current
        parts.append(
            f'<li class="current"><a href="{number}" aria-current="page">'
            if here
            else f'<li><a href="{number}">'
        )
        parts.append(
            f'{escape(title(block))}</a> <span class="muted" data-block-count="{block.index}" '
            f'data-total="{block.questions}">{block.answered}/{block.questions}</span>'
            '<ol class="map-questions">'
        )
        for entry in block.entries:
            question = entry.question_id
            if entry.answered:
                classes, state = "map-q answered", answered
            else:
                classes, state = "map-q", unanswered
            if entry.flagged:
                classes += " flagged"
                state = f"{state}, {flagged}"
            parts.append(
                f'<li><a class="{classes}" href="{number}#q-{question}" '
                f'data-map-for="{question}">{entry.number}'
                f'<span class="visually-hidden" data-map-state>, {state}</span></a></li>'
            )
        parts.append("</ol></li>")
    parts.append("</ol>")
    return Markup("".join(parts))


def questions(attempt_id: int, block_index: int) -> list[QuestionShown]:
    rows = db.session.execute(_BLOCK_ITEMS, {"b_attempt": attempt_id, "b_block": block_index})
    shown = []
    for position, question_id, order, chosen, flagged, content in rows:
        text, options = _parsed(content)
        shown.append(
            QuestionShown(position + 1, question_id, text, order, options, chosen, bool(flagged))
        )
    return shown


def _parsed(content: str) -> tuple[str, dict[str, str]]:
    """(text, option id -> text) of a stored question content."""
    parsed = _PARSED.get(content)
    if parsed is None:
        data = json.loads(content)
        parsed = (data["text"], {option["id"]: option["text"] for option in data["options"]})
        if len(_PARSED) >= _PARSED_LIMIT:
            _PARSED.clear()
        _PARSED[content] = parsed
    return parsed
