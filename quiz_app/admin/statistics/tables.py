"""The report's tables as header + rows: the same data the pages show, for the CSV downloads."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from flask_babel import lazy_gettext as _l

from .analysis import ExamStats, Flag, ItemStats, OptionShare

FLAG_LABELS = {
    Flag.TOO_EASY: _l("слишком лёгкий (> 95 %)"),
    Flag.TOO_HARD: _l("слишком трудный (< 20 %)"),
    Flag.NEGATIVE_DISCRIMINATION: _l("отрицательная дискриминация — проверьте ключ"),
    Flag.UNUSED_OPTION: _l("вариант, который никто не выбрал"),
}


def flag_label(flag: Flag) -> str:
    return str(FLAG_LABELS[flag])


def percent(share: float | None, digits: int = 1) -> float | None:
    return None if share is None else round(share * 100, digits)


def rounded(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def option_label(option: OptionShare) -> str:
    return option.option_id if option.option_id is not None else str(_l("нет ответа"))


QUESTION_HEADER = (
    _l("Вопрос"),
    _l("Блок"),
    _l("Текст"),
    _l("Попыток"),
    _l("С ответом"),
    _l("Лёгкость, %"),
    _l("Дискриминация"),
    _l("Версий"),
    _l("Выбор вариантов (последняя версия), %"),
    _l("Флаги"),
)


def question_rows(items: Sequence[ItemStats]) -> Iterator[tuple]:
    for item in items:
        latest = item.versions[0]
        choices = "; ".join(
            f"{option_label(o)}{'*' if o.correct else ''} {percent(o.share)}"
            for o in latest.options
        )
        yield (
            item.question_id,
            item.block_title,
            item.text,
            item.attempts,
            item.answered,
            percent(item.facility),
            rounded(item.discrimination),
            len(item.versions),
            choices,
            "; ".join(flag_label(f) for f in item.flags),
        )


OPTION_HEADER = (
    _l("Вопрос"),
    _l("Версия"),
    _l("Попыток версии"),
    _l("Вариант"),
    _l("Текст варианта"),
    _l("Верный"),
    _l("Выбрали"),
    _l("Доля, %"),
)


def option_rows(items: Sequence[ItemStats]) -> Iterator[tuple]:
    for item in items:
        for version in item.versions:
            for option in version.options:
                yield (
                    item.question_id,
                    version.version_id,
                    version.attempts,
                    option_label(option),
                    option.text,
                    option.correct,
                    option.count,
                    percent(option.share),
                )


EXAM_HEADER = (_l("Показатель"), _l("Значение"))


def exam_rows(exam: ExamStats) -> Iterator[tuple]:
    yield (_l("Завершённых попыток"), exam.attempts)
    yield (_l("Сдано"), exam.passed)
    yield (_l("Доля сдавших, %"), percent(exam.pass_rate))
    yield (_l("Средний балл"), rounded(exam.mean_score, 2))
    yield (_l("Медианный балл"), rounded(exam.median_score, 2))
    yield (_l("Максимальный балл"), exam.max_score)
    yield (_l("Проходной балл"), exam.pass_score)
    seconds = exam.median_duration_seconds
    yield (_l("Медианная длительность, мин"), rounded(None if seconds is None else seconds / 60, 1))
    yield (_l("Альфа Кронбаха"), rounded(exam.alpha))
    yield (_l("Вопросов в расчёте альфы"), exam.alpha_items)


HISTOGRAM_HEADER = (_l("Баллы от"), _l("Баллы до"), _l("Попыток"))


def histogram_rows(exam: ExamStats) -> Iterator[tuple]:
    for b in exam.histogram:
        yield (b.low, b.high, b.count)
