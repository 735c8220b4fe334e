"""A reader for Moodle's GIFT format that keeps single-answer multiple-choice questions.

Covered syntax (Moodle docs, "GIFT format"): `//` comment lines; questions separated by blank
lines and free to span several lines; `::title::`; `[html]`, `[moodle]`, `[plain]` and
`[markdown]` format markers; answers in braces with `=` right and `~` wrong, `%50%` weights and
`#feedback`; `####` general feedback; the missing-word form (braces inside the text);
`$CATEGORY:` lines; the escapes `\\~ \\= \\# \\{ \\} \\: \\\\` and `\\n`. True/false, short answer,
matching, numerical, essay, description and several-correct questions are reported as skipped,
each with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .formats import ParsedQuestion, ParseResult, SkippedQuestion, excerpt, html_to_text, tidy

_ESCAPABLE = set("~=#{}:\\")
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_TRUE_FALSE = re.compile(r"^\s*(T|F|TRUE|FALSE)\s*(#|$)", re.IGNORECASE)


@dataclass(frozen=True)
class _Char:
    value: str
    escaped: bool = False

    def is_(self, value: str) -> bool:
        return not self.escaped and self.value == value


def _chars(text: str) -> list[_Char]:
    chars, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and (text[i + 1] in _ESCAPABLE or text[i + 1] == "n"):
            nxt = text[i + 1]
            chars.append(_Char("\n" if nxt == "n" else nxt, True))
            i += 2
            continue
        chars.append(_Char(c))
        i += 1
    return chars


def _text(chars: list[_Char]) -> str:
    return "".join(c.value for c in chars)


def _raw(chars: list[_Char]) -> str:
    """The text with escaped characters blanked, for finding markers that must be unescaped."""
    return "".join(c.value if not c.escaped else "\x00" for c in chars)


def _find(chars: list[_Char], marker: str, start: int = 0) -> int:
    index = _raw(chars).find(marker, start)
    return index


def _split_questions(text: str) -> list[str]:
    """Blocks of lines separated by blank lines, not counting blank lines inside braces."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    chunks, current, depth = [], [], 0
    for line in text.split("\n"):
        if line.lstrip().startswith("//"):
            continue
        if not line.strip() and depth == 0:
            if current:
                chunks.append("\n".join(current))
                current = []
            continue
        current.append(line)
        for char in _chars(line):
            if char.is_("{"):
                depth += 1
            elif char.is_("}"):
                depth = max(0, depth - 1)
    if current:
        chunks.append("\n".join(current))
    return chunks


def _formatted(chars: list[_Char], default: str = "moodle") -> tuple[str, int]:
    """Text of a part (question, answer, feedback), honouring a leading [format] marker."""
    text = _text(chars)
    fmt = default
    if found := _FORMAT.match(_raw(chars)):
        fmt = found.group(1).lower()
        text = text[found.end() :]
    if fmt == "html":
        return html_to_text(text)
    return tidy(text), 0


def parse_gift(source: str) -> ParseResult:
    result = ParseResult()
    category: str | None = None
    number = 0
    for chunk in _split_questions(source):
        lines = chunk.split("\n")
        while lines and lines[0].strip().startswith("$CATEGORY:"):
            category = lines.pop(0).strip().removeprefix("$CATEGORY:").strip() or None
        if not any(line.strip() for line in lines):
            continue
        number += 1
        outcome = _parse_question(number, "\n".join(lines), category)
        if isinstance(outcome, SkippedQuestion):
            result.skipped.append(outcome)
        else:
            result.questions.append(outcome)
    return result


def _skip(number: int, title: str, text: str, kind: str, reason) -> SkippedQuestion:
    return SkippedQuestion(number, title or excerpt(text), excerpt(text), kind, reason)


def _parse_question(number: int, chunk: str, category: str | None):
    chars = _chars(chunk.strip())
    title = ""
    if _raw(chars).startswith("::"):
        end = _find(chars, "::", 2)
        if end < 0:
            return _skip(number, "", _text(chars), "syntax", _l("Название «::…» не закрыто."))
        title = tidy(_text(chars[2:end]))
        chars = chars[end + 2 :]
    open_at = _find(chars, "{")
    if open_at < 0:
        text, _images = _formatted(chars)
        return _skip(
            number, title, text, "description", _l("Нет вариантов ответа (описание, не вопрос).")
        )
    close_at = _find(chars, "}", open_at + 1)
    if close_at < 0:
        return _skip(
            number, title, _text(chars), "syntax", _l("Фигурная скобка с ответами не закрыта.")
        )
    before, inside, after = chars[:open_at], chars[open_at + 1 : close_at], chars[close_at + 1 :]
    fmt_match = _FORMAT.match(_raw(before))
    fmt = fmt_match.group(1).lower() if fmt_match else "moodle"
    if _text(after).strip():
        blank = [_Char(c) for c in "_____"]
        text_chars = before + blank + after
    else:
        text_chars = before
    text, images = _formatted(text_chars)
    skip = lambda kind, reason: _skip(number, title, text, kind, reason)  # noqa: E731

    inside_raw = _raw(inside)
    if not inside_raw.strip():
        return skip("essay", _l("Эссе: ответ пишется своими словами, вариантов нет."))
    if inside_raw.strip().startswith("#"):
        return skip("numerical", _l("Числовой ответ: вариантов для выбора нет."))
    if _TRUE_FALSE.match(inside_raw):
        return skip(
            "truefalse", _l("Вопрос «верно/неверно»: импортируются только вопросы с вариантами.")
        )

    general_at = _find(inside, "####")
    general = None
    if general_at >= 0:
        general, _general_images = _formatted(inside[general_at + 4 :], fmt)
        inside = inside[:general_at]

    answers = _answers(inside)
    if not answers:
        return skip("syntax", _l("В фигурных скобках нет ответов, начинающихся с = или ~."))
    if any("->" in _raw(a.body) for a in answers):
        return skip(
            "matching",
            _l(
                "Вопрос на соответствие: импортируются только вопросы с одним правильным вариантом."
            ),
        )
    if all(a.marker == "=" for a in answers):
        return skip(
            "shortanswer", _l("Короткий ответ: кандидат вводит текст, вариантов для выбора нет.")
        )

    weights = [a.weight for a in answers]
    partial = [w for w in weights if 0 < w < 100]
    correct = [i for i, w in enumerate(weights) if w >= 100]
    if partial or len(correct) > 1:
        return skip(
            "multiple_correct",
            _l(
                "Несколько правильных вариантов (или частичные баллы): "
                "в банке ровно один правильный ответ."
            ),
        )
    if not correct:
        return skip("no_correct", _l("Ни один вариант не отмечен правильным (=)."))

    options, feedback = [], []
    for answer in answers:
        feedback_at = _find(answer.body, "#")
        body = answer.body if feedback_at < 0 else answer.body[:feedback_at]
        option_text, option_images = _formatted(body, fmt)
        images += option_images
        options.append(option_text)
        feedback.append(
            _formatted(answer.body[feedback_at + 1 :], fmt)[0] if feedback_at >= 0 else ""
        )
    question = ParsedQuestion(
        number=number,
        title=title or excerpt(text),
        text=text,
        options=options,
        correct=correct[0],
        explanation=general or feedback[correct[0]] or None,
        category=category,
    )
    if any(w < 0 for w in weights):
        question.warnings.append(
            _l("Штрафы за неверные варианты (отрицательные веса) не переносятся.")
        )
    if images:
        question.warnings.append(_l("Изображения не переносятся: в банке только текст."))
    return question


@dataclass
class _Answer:
    marker: str
    body: list[_Char]
    weight: float


def _answers(inside: list[_Char]) -> list[_Answer]:
    starts = [i for i, c in enumerate(inside) if c.is_("=") or c.is_("~")]
    answers = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(inside)
        body = inside[start + 1 : end]
        marker = inside[start].value
        weight = 100.0 if marker == "=" else 0.0
        raw = _raw(body)
        if found := re.match(r"^\s*%(-?\d+(?:[.,]\d+)?)%", raw):
            weight = float(found.group(1).replace(",", "."))
            body = body[found.end() :]
        answers.append(_Answer(marker, body, weight))
    return answers
