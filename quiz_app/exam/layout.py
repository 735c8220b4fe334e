"""The order in which one attempt shows questions and options: a pure function of a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..bank.loader import Bank
from ..bank.ordering import option_order


@dataclass(frozen=True)
class PlannedItem:
    block_index: int
    question_id: str
    option_order: tuple[str, ...]


def plan(bank: Bank, seed: int) -> list[PlannedItem]:
    """Blocks keep the order of exam.yaml; questions and options are shuffled inside them
    (options as bank.ordering says: pinned ones last, some questions not at all)."""
    # Reproducible shuffling; the seed itself is random (bandit B311).
    rng = random.Random(seed)  # nosec B311
    settings = bank.settings
    items: list[PlannedItem] = []
    blocks = [loaded.block for loaded in bank.blocks if loaded.block.active_questions]
    for block_index, block in enumerate(blocks):
        questions = list(block.active_questions)
        if settings.shuffle_questions:
            rng.shuffle(questions)
        for question in questions:
            options = option_order(question, rng, settings.shuffle_options)
            items.append(PlannedItem(block_index, question.id, options))
    return items
