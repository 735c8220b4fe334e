"""Warnings about a valid bank: things a person should look at, which do not stop the exam."""

from __future__ import annotations

import re

from ..yamlfile import Problem, YamlDocument
from .schema import Block

# Option texts that only make sense after the other options: «Все выше перечисленное»,
# «Ничего из перечисленного», «Верны варианты а и б», «All of the above». Shuffled to the
# top, such an option reads wrongly, so it should be pinned last (or the question unshuffled).
_REFERS_TO_OTHERS = re.compile(
    r"""
    \b(?:все|всё|всеми|ни\s+один|ни\s+одно|ничего|никакой|никакие|оба|обе)\b
        (?:\s+\S+){0,2}?\s+
        (?:выше|перечисл|указан|названн|приведен|утвержден|вариант|ответ|способ)
    | \bнет\s+(?:правильного|верного)\s+(?:ответа|варианта)
    | \b(?:вариант|ответ|пункт)\w*\s+[а-гa-h1-9]\)?\s+и\s+[а-гa-h1-9]\b
    | \b(?:all|none|both|neither)\s+of\s+(?:the\s+)?(?:above|these|them|options)
    """,
    re.IGNORECASE | re.VERBOSE,
)


def refers_to_other_options(text: str) -> bool:
    return bool(_REFERS_TO_OTHERS.search(text))


def block_warnings(block: Block, doc: YamlDocument) -> list[Problem]:
    """Unpinned options that refer to the others, in active questions whose options may be
    shuffled.

    Warned about even while exam.yaml turns shuffling off: that setting can change any day.
    """
    warnings = []
    for q_index, question in enumerate(block.questions):
        if question.retired or not question.shuffle_options:
            continue
        for o_index, option in enumerate(question.options):
            if option.pin is None and refers_to_other_options(option.text):
                warnings.append(
                    doc.problem(
                        ("questions", q_index, "options", o_index, "text"),
                        f"option '{option.id}' refers to the other options but may be "
                        "shuffled above them: add 'pin: last' to it, or "
                        "'shuffle_options: false' to the question",
                        question.id,
                    )
                )
    return warnings
