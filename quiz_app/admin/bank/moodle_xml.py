"""A reader for Moodle XML question files that keeps single-answer multiple-choice questions.

Covered: `<quiz>` with `<question type="category">` (remembered for the report) and
`<question type="multichoice">` with `<single>`, `<answer fraction="…">`, per-answer and general
feedback, `<defaultgrade>`, `<shuffleanswers>` (0: the options keep their order, as the bank's
`shuffle_options: false`), text in `format="html"` (CDATA or escaped) or plain formats.
Every other question type is reported as skipped with its reason. Parsing goes through
defusedxml: DTDs and entity expansion are refused.
"""

from __future__ import annotations

# Types only; parsing is defusedxml (bandit B405).
from xml.etree.ElementTree import Element, ParseError  # nosec B405

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from flask_babel import lazy_gettext as _l

from .formats import (
    FileRejected,
    ParsedQuestion,
    ParseResult,
    SkippedQuestion,
    excerpt,
    html_to_text,
    tidy,
)

_TYPE_NAMES = {
    "truefalse": _l("«верно/неверно»"),
    "shortanswer": _l("короткий ответ"),
    "numerical": _l("числовой ответ"),
    "essay": _l("эссе"),
    "matching": _l("на соответствие"),
    "randomsamatch": _l("случайное соответствие"),
    "multianswer": _l("вложенные ответы (Cloze)"),
    "description": _l("описание (не вопрос)"),
    "calculated": _l("вычисляемый"),
    "calculatedsimple": _l("простой вычисляемый"),
    "calculatedmulti": _l("вычисляемый с выбором"),
    "ddwtos": _l("перетаскивание в текст"),
    "ddimageortext": _l("перетаскивание на изображение"),
    "ddmarker": _l("перетаскивание маркеров"),
    "gapselect": _l("выбор пропущенных слов"),
    "ordering": _l("упорядочивание"),
    "random": _l("случайный вопрос"),
}


def _text_of(element: Element | None) -> tuple[str, int]:
    """The <text> of a text element, as plain text, and how many images it carried."""
    if element is None:
        return "", 0
    body = element.findtext("text") or ""
    images = len(element.findall("file"))
    fmt = (element.get("format") or "html").lower()
    if fmt == "html":
        text, inline_images = html_to_text(body)
        return text, images + inline_images
    return tidy(body), images


def parse_moodle_xml(data: bytes | str) -> ParseResult:
    try:
        root = fromstring(data)
    except (ParseError, DefusedXmlException) as exc:
        raise FileRejected(_l("Файл не читается как XML: %(error)s", error=str(exc))) from None
    if root.tag != "quiz":
        raise FileRejected(_l("Ожидается файл Moodle XML с корневым элементом <quiz>."))
    result = ParseResult()
    category: str | None = None
    number = 0
    for element in root.findall("question"):
        kind = (element.get("type") or "").strip().lower()
        if kind == "category":
            category = (element.findtext("category/text") or "").strip() or None
            continue
        number += 1
        title = tidy(element.findtext("name/text") or "")
        text, images = _text_of(element.find("questiontext"))
        if kind != "multichoice":
            name = _TYPE_NAMES.get(kind, kind or "?")
            result.skipped.append(
                SkippedQuestion(
                    number,
                    title or excerpt(text),
                    excerpt(text),
                    kind or "unknown",
                    _l(
                        "Тип %(type)s не поддерживается: импортируются только вопросы "
                        "с одним правильным вариантом.",
                        type=name,
                    ),
                )
            )
            continue
        outcome = _multichoice(number, title, text, images, element, category)
        if isinstance(outcome, SkippedQuestion):
            result.skipped.append(outcome)
        else:
            result.questions.append(outcome)
    return result


def _multichoice(number, title, text, images, element, category):
    def skip(kind, reason):
        return SkippedQuestion(number, title or excerpt(text), excerpt(text), kind, reason)

    single = (element.findtext("single") or "true").strip().lower()
    if single in ("false", "0"):
        return skip(
            "multiple_correct",
            _l("Разрешено несколько ответов (single=false): в банке ровно один правильный."),
        )
    options, fractions, feedback = [], [], []
    for answer in element.findall("answer"):
        option_text, option_images = _text_of(answer)
        images += option_images
        try:
            fraction = float((answer.get("fraction") or "0").replace(",", "."))
        except ValueError:
            return skip("syntax", _l("Непонятный вес ответа: %(v)s.", v=answer.get("fraction")))
        options.append(option_text)
        fractions.append(fraction)
        feedback.append(_text_of(answer.find("feedback"))[0])
    if not options:
        return skip("syntax", _l("У вопроса нет вариантов ответа."))
    correct = [i for i, f in enumerate(fractions) if f >= 100]
    if len(correct) > 1 or any(0 < f < 100 for f in fractions):
        return skip(
            "multiple_correct",
            _l(
                "Несколько правильных вариантов (или частичные баллы): "
                "в банке ровно один правильный ответ."
            ),
        )
    if not correct:
        return skip("no_correct", _l("Ни один вариант не оценён в 100 %."))
    general = _text_of(element.find("generalfeedback"))[0]
    question = ParsedQuestion(
        number=number,
        title=title or excerpt(text),
        text=text,
        options=options,
        correct=correct[0],
        explanation=general or feedback[correct[0]] or None,
        category=category,
    )
    shuffle = (element.findtext("shuffleanswers") or "").strip().lower()
    if shuffle in ("0", "false"):
        question.shuffle_options = False
    elif shuffle in ("1", "true"):
        question.shuffle_options = True
    elif shuffle:
        question.warnings.append(
            _l(
                "Непонятное значение shuffleanswers «%(v)s»: варианты будут перемешиваться.",
                v=shuffle,
            )
        )
    grade = (element.findtext("defaultgrade") or "").strip()
    if grade:
        try:
            value = float(grade)
        except ValueError:
            value = 1.0
        if value >= 1 and value.is_integer():
            question.points = int(value)
        else:
            question.points = 1
            question.warnings.append(
                _l("Балл %(grade)s заменён на 1: в банке баллы целые.", grade=grade)
            )
    if any(f < 0 for f in fractions):
        question.warnings.append(
            _l("Штрафы за неверные варианты (отрицательные веса) не переносятся.")
        )
    if images:
        question.warnings.append(_l("Изображения не переносятся: в банке только текст."))
    return question
