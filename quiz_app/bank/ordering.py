"""The order a question's options are shown in: shuffled, except where the bank says not to."""

from __future__ import annotations

import random

from .schema import Question


def option_order(question: Question, rng: random.Random, shuffle: bool = True) -> tuple[str, ...]:
    """Option ids in showing order; `shuffle` is the exam-wide setting.

    Pinned options come last in the file's order, shuffled or not, so «all of the above»
    always follows what it refers to. A question with `shuffle_options: false` keeps the
    file's order for the others, and takes nothing from `rng`.
    """
    free = [option.id for option in question.options if option.pin is None]
    pinned = [option.id for option in question.options if option.pin == "last"]
    if shuffle and question.shuffle_options:
        rng.shuffle(free)
    return tuple(free + pinned)
