"""Item analysis as pure functions over plain data: no database, no Flask.

The definitions follow Moodle's quiz statistics report:

- facility index: the mean score on a question as a share of its maximum; for questions scored
  right/wrong that is the share of attempts that got it right;
- discrimination index: the Pearson correlation between the score on the question and the score
  on the rest of the exam (the attempt's total minus this question), i.e. the corrected
  item-total (point-biserial) correlation. Excluding the item from the total keeps it from
  correlating with itself;
- Cronbach's alpha: k/(k-1) * (1 - sum of item variances / variance of the total).

Variances are population variances (divided by n): every formula here is a ratio of variances
or covariances taken with the same denominator, so the choice cancels out.
"""

from __future__ import annotations

import enum
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

# --- plain input ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AttemptRecord:
    """One finished attempt."""

    id: int
    score: float
    max_score: float
    pass_score: float
    passed: bool
    duration_seconds: float


class Response(NamedTuple):
    """One question shown in one attempt (an attempt_item row).

    A named tuple rather than a dataclass: there are tens of thousands of these, and a tuple
    is several times cheaper to build.
    """

    attempt_id: int
    question_id: str
    version_id: int
    block_index: int
    chosen: str | None
    score: float


@dataclass(frozen=True)
class VersionInfo:
    """The content of one question version, as the attempts showed it."""

    id: int
    question_id: str
    block_title: str
    text: str
    points: float
    answer: str
    options: tuple[tuple[str, str], ...]  # (option id, text) in the bank's order


@dataclass(frozen=True)
class Dataset:
    attempts: Sequence[AttemptRecord]
    responses: Sequence[Response]
    versions: dict[int, VersionInfo]


# --- output --------------------------------------------------------------------------------


class Flag(enum.StrEnum):
    TOO_EASY = "too_easy"
    TOO_HARD = "too_hard"
    NEGATIVE_DISCRIMINATION = "negative_discrimination"
    UNUSED_OPTION = "unused_option"


@dataclass(frozen=True)
class FlagRules:
    too_easy_above: float = 0.95
    too_hard_below: float = 0.20
    # Below this many attempts a share or a correlation says little; no flags are raised.
    min_attempts: int = 10


@dataclass(frozen=True)
class OptionShare:
    option_id: str | None  # None: the question was left unanswered
    text: str
    count: int
    share: float
    correct: bool


@dataclass(frozen=True)
class VersionStats:
    version_id: int
    text: str
    answer: str
    attempts: int
    options: tuple[OptionShare, ...]  # every option of the version, then "no answer"

    @property
    def unused_options(self) -> tuple[str, ...]:
        return tuple(o.option_id for o in self.options if o.option_id is not None and not o.count)


@dataclass(frozen=True)
class ItemStats:
    question_id: str
    block_index: int
    block_title: str
    text: str  # as the most recent attempt showed it
    attempts: int
    answered: int
    facility: float | None
    discrimination: float | None
    versions: tuple[VersionStats, ...]  # the most recently shown first
    flags: tuple[Flag, ...] = ()
    unused_options: tuple[str, ...] = ()  # of the most recently shown version


@dataclass(frozen=True)
class Bin:
    low: int
    high: int  # inclusive
    count: int


@dataclass(frozen=True)
class ExamStats:
    attempts: int
    passed: int
    pass_rate: float | None
    mean_score: float | None
    median_score: float | None
    max_score: float | None
    pass_score: float | None  # when every attempt had the same pass mark
    median_duration_seconds: float | None
    alpha: float | None
    alpha_items: int  # questions shown in every attempt: the items alpha is computed over
    histogram: tuple[Bin, ...] = ()


@dataclass(frozen=True)
class Report:
    exam: ExamStats
    items: tuple[ItemStats, ...] = field(default_factory=tuple)


# --- elementary statistics -----------------------------------------------------------------


def mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def variance(values: Sequence[float]) -> float | None:
    """Population variance (divided by n)."""
    centre = mean(values)
    if centre is None:
        return None
    return math.fsum((v - centre) ** 2 for v in values) / len(values)


def median(values: Iterable[float]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The correlation of two equally long vectors; None when either does not vary."""
    if len(xs) != len(ys):
        raise ValueError("vectors of different length")
    if len(xs) < 2:
        return None
    mx, my = mean(xs), mean(ys)
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx <= 0 or syy <= 0:
        return None
    r = sxy / math.sqrt(sxx * syy)
    if abs(r) < 1e-12:  # rounding noise around an exact zero must not read as "negative"
        return 0.0
    return max(-1.0, min(1.0, r))


def facility(item_scores: Sequence[float], max_points: Sequence[float] | float) -> float | None:
    """Mean share of the available points scored on the item."""
    if not item_scores:
        return None
    if isinstance(max_points, int | float):
        max_points = [max_points] * len(item_scores)
    return mean([s / m for s, m in zip(item_scores, max_points, strict=True)])


def discrimination(item_scores: Sequence[float], total_scores: Sequence[float]) -> float | None:
    """Corrected item-total correlation: the item against the rest of the exam."""
    rest = [total - item for item, total in zip(item_scores, total_scores, strict=True)]
    return pearson(item_scores, rest)


def cronbach_alpha(matrix: Sequence[Sequence[float]]) -> float | None:
    """Alpha of a score matrix: one row per attempt, one column per item."""
    if len(matrix) < 2:
        return None
    k = len(matrix[0])
    if any(len(row) != k for row in matrix):
        raise ValueError("every row of the matrix needs the same number of items")
    if k < 2:
        return None
    item_variances = math.fsum(variance([row[j] for row in matrix]) for j in range(k))
    total_variance = variance([math.fsum(row) for row in matrix])
    if not total_variance:
        return None
    return k / (k - 1) * (1 - item_variances / total_variance)


NICE_WIDTHS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)


def histogram(scores: Iterable[float], max_score: float, max_bins: int = 12) -> tuple[Bin, ...]:
    """Counts of scores in equal bins of a round width covering 0..max_score."""
    return histogram_of_counts([(score, 1) for score in scores], max_score, max_bins)


def histogram_of_counts(
    pairs: Iterable[tuple[float, int]], max_score: float, max_bins: int = 12
) -> tuple[Bin, ...]:
    """`histogram` of the scores (score, how many) pairs stand for."""
    top = max(int(math.ceil(max_score)), 0)
    needed = math.ceil((top + 1) / max_bins)
    width = next((w for w in NICE_WIDTHS if w >= needed), needed)
    counts = [0] * (top // width + 1)
    for score, count in pairs:
        index = min(max(int(score), 0), top) // width
        counts[index] += count
    return tuple(
        Bin(low=i * width, high=min(i * width + width - 1, top), count=c)
        for i, c in enumerate(counts)
    )


# --- the report ----------------------------------------------------------------------------


def attempt_totals(responses: Iterable[Response]) -> dict[int, float]:
    totals: dict[int, float] = defaultdict(float)
    for response in responses:
        totals[response.attempt_id] += response.score
    return dict(totals)


def item_statistics(dataset: Dataset, rules: FlagRules | None = None) -> tuple[ItemStats, ...]:
    rules = rules or FlagRules()
    totals = attempt_totals(dataset.responses)
    by_question: dict[str, list[Response]] = defaultdict(list)
    for response in dataset.responses:
        by_question[response.question_id].append(response)
    items = [
        _item(question_id, responses, dataset.versions, totals, rules)
        for question_id, responses in by_question.items()
    ]
    return tuple(sorted(items, key=lambda item: (item.block_index, item.question_id)))


def _item(
    question_id: str,
    responses: list[Response],
    versions: dict[int, VersionInfo],
    totals: dict[int, float],
    rules: FlagRules,
) -> ItemStats:
    scores = [r.score for r in responses]
    points = [versions[r.version_id].points for r in responses]
    fac = facility(scores, points)
    disc = discrimination(scores, [totals[r.attempt_id] for r in responses])

    by_version: dict[int, list[Response]] = defaultdict(list)
    last_seen: dict[int, int] = {}
    for r in responses:
        by_version[r.version_id].append(r)
        last_seen[r.version_id] = max(last_seen.get(r.version_id, r.attempt_id), r.attempt_id)
    ordered = sorted(by_version, key=lambda vid: (last_seen[vid], vid), reverse=True)
    version_stats = tuple(_version(versions[vid], by_version[vid]) for vid in ordered)
    latest = version_stats[0]
    newest_info = versions[latest.version_id]

    flags, unused = _flags(rules, len(responses), fac, disc, latest)

    return ItemStats(
        question_id=question_id,
        block_index=min(r.block_index for r in responses),
        block_title=newest_info.block_title,
        text=newest_info.text,
        attempts=len(responses),
        answered=sum(r.chosen is not None for r in responses),
        facility=fac,
        discrimination=disc,
        versions=version_stats,
        flags=tuple(flags),
        unused_options=unused,
    )


def _version(info: VersionInfo, responses: list[Response]) -> VersionStats:
    counts: dict[str | None, int] = defaultdict(int)
    for r in responses:
        counts[r.chosen] += 1
    return _version_from_counts(info, len(responses), counts)


def _version_from_counts(info: VersionInfo, n: int, counts: dict[str | None, int]) -> VersionStats:
    known = [option_id for option_id, _ in info.options]
    rows = [
        OptionShare(
            option_id,
            text,
            counts.get(option_id, 0),
            counts.get(option_id, 0) / n,
            option_id == info.answer,
        )
        for option_id, text in info.options
    ]
    # A choice the version does not list (should not happen) is still counted, never hidden.
    for option_id in sorted(k for k in counts if k is not None and k not in known):
        rows.append(OptionShare(option_id, "", counts[option_id], counts[option_id] / n, False))
    rows.append(OptionShare(None, "", counts.get(None, 0), counts.get(None, 0) / n, False))
    return VersionStats(
        version_id=info.id, text=info.text, answer=info.answer, attempts=n, options=tuple(rows)
    )


def exam_statistics(dataset: Dataset) -> ExamStats:
    return exam_from_attempts(dataset.attempts, *_exam_alpha(dataset))


def exam_from_attempts(
    attempts: Sequence[AttemptRecord], alpha: float | None, common: int
) -> ExamStats:
    """The exam's figures; alpha and its item count come from the answers or their sums."""
    n = len(attempts)
    scores = [a.score for a in attempts]
    pass_marks = {a.pass_score for a in attempts}
    max_score = max((a.max_score for a in attempts), default=None)
    return ExamStats(
        attempts=n,
        passed=sum(a.passed for a in attempts),
        pass_rate=(sum(a.passed for a in attempts) / n) if n else None,
        mean_score=mean(scores),
        median_score=median(scores),
        max_score=max_score,
        pass_score=next(iter(pass_marks)) if len(pass_marks) == 1 else None,
        median_duration_seconds=median(a.duration_seconds for a in attempts),
        alpha=alpha,
        alpha_items=common,
        histogram=histogram(scores, max_score) if max_score is not None else (),
    )


@dataclass(frozen=True)
class ExamCounts:
    """What the exam's figures need, aggregated by the database: attempts per score."""

    score_counts: tuple[tuple[float, int], ...]  # (score, attempts), any order
    passed: int
    max_score: float | None
    pass_score: float | None  # when every attempt had the same pass mark
    median_duration_seconds: float | None


def _median_of_counts(pairs: Sequence[tuple[float, int]]) -> float | None:
    """`median` of the values the (value, count) pairs stand for."""
    ordered = sorted((value, count) for value, count in pairs if count)
    n = sum(count for _, count in ordered)
    if not n:
        return None

    def at(index: int) -> float:
        for value, count in ordered:
            if index < count:
                return value
            index -= count
        raise IndexError(index)

    if n % 2:
        return float(at(n // 2))
    return (at(n // 2 - 1) + at(n // 2)) / 2


def exam_from_counts(counts: ExamCounts, alpha: float | None, common: int) -> ExamStats:
    """What `exam_from_attempts` gives, from counts per score (no row per attempt)."""
    n = sum(count for _, count in counts.score_counts)
    total = math.fsum(score * count for score, count in counts.score_counts)
    return ExamStats(
        attempts=n,
        passed=counts.passed,
        pass_rate=(counts.passed / n) if n else None,
        mean_score=total / n if n else None,
        median_score=_median_of_counts(counts.score_counts),
        max_score=counts.max_score,
        pass_score=counts.pass_score,
        median_duration_seconds=counts.median_duration_seconds,
        alpha=alpha,
        alpha_items=common,
        histogram=histogram_of_counts(counts.score_counts, counts.max_score)
        if counts.max_score is not None
        else (),
    )


def _exam_alpha(dataset: Dataset) -> tuple[float | None, int]:
    """Alpha over the questions every attempt showed (the bank may change within a period)."""
    ids = {a.id for a in dataset.attempts}
    rows: dict[int, dict[str, float]] = {attempt_id: {} for attempt_id in ids}
    for r in dataset.responses:
        if r.attempt_id in rows:
            rows[r.attempt_id][r.question_id] = r.score
    if not rows:
        return None, 0
    common = set.intersection(*(set(row) for row in rows.values()))
    columns = sorted(common)
    matrix = [[row[q] for q in columns] for row in rows.values()]
    return cronbach_alpha(matrix), len(columns)


def analyse(dataset: Dataset, rules: FlagRules | None = None) -> Report:
    return Report(exam=exam_statistics(dataset), items=item_statistics(dataset, rules))


# --- the same figures from sufficient statistics (sums.py keeps them) ---------------------


class VersionSums(NamedTuple):
    """Sums over the responses to one question version: x the item's points, T the total."""

    version_id: int
    attempts: int
    answered: int
    sum_x: float
    sum_xx: float
    sum_t: float
    sum_tt: float
    sum_xt: float
    min_block: int
    last_attempt_id: int


def _pearson_from_sums(n: int, sx: float, sy: float, sxx: float, syy: float, sxy: float):
    """`pearson` from Σx, Σy, Σx², Σy², Σxy: n·S − S·S keeps integer data exact."""
    if n < 2:
        return None
    cxy = n * sxy - sx * sy
    cxx = n * sxx - sx * sx
    cyy = n * syy - sy * sy
    if cxx <= 0 or cyy <= 0:
        return None
    r = cxy / math.sqrt(cxx * cyy)
    if abs(r) < 1e-12:
        return 0.0
    return max(-1.0, min(1.0, r))


def items_from_sums(
    sums: Iterable[VersionSums],
    options: dict[int, dict[str | None, int]],
    versions: dict[int, VersionInfo],
    rules: FlagRules | None = None,
) -> tuple[ItemStats, ...]:
    """What `item_statistics` gives for the responses the sums were taken over."""
    rules = rules or FlagRules()
    by_question: dict[str, list[VersionSums]] = defaultdict(list)
    for row in sums:
        if row.attempts:
            by_question[versions[row.version_id].question_id].append(row)
    items = [
        _item_from_sums(question_id, rows, options, versions, rules)
        for question_id, rows in by_question.items()
    ]
    return tuple(sorted(items, key=lambda item: (item.block_index, item.question_id)))


def _item_from_sums(question_id, rows, options, versions, rules) -> ItemStats:
    n = sum(r.attempts for r in rows)
    sx = math.fsum(r.sum_x for r in rows)
    sxx = math.fsum(r.sum_xx for r in rows)
    st = math.fsum(r.sum_t for r in rows)
    stt = math.fsum(r.sum_tt for r in rows)
    sxt = math.fsum(r.sum_xt for r in rows)
    fac = math.fsum(r.sum_x / versions[r.version_id].points for r in rows) / n
    # The rest of the exam is T − x: Σ(T−x), Σ(T−x)², Σx(T−x) follow from the sums.
    disc = _pearson_from_sums(n, sx, st - sx, sxx, stt - 2 * sxt + sxx, sxt - sxx)
    ordered = sorted(rows, key=lambda r: (r.last_attempt_id, r.version_id), reverse=True)
    version_stats = tuple(
        _version_from_counts(versions[r.version_id], r.attempts, options.get(r.version_id, {}))
        for r in ordered
    )
    latest = version_stats[0]
    newest_info = versions[latest.version_id]
    flags, unused = _flags(rules, n, fac, disc, latest)
    return ItemStats(
        question_id=question_id,
        block_index=min(r.min_block for r in rows),
        block_title=newest_info.block_title,
        text=newest_info.text,
        attempts=n,
        answered=sum(r.answered for r in rows),
        facility=fac,
        discrimination=disc,
        versions=version_stats,
        flags=tuple(flags),
        unused_options=unused,
    )


def alpha_from_sums(
    sums: Iterable[VersionSums],
    versions: dict[int, VersionInfo],
    exam: tuple[int, float, float],
) -> tuple[float | None, int] | None:
    """Cronbach's alpha and its item count, as `_exam_alpha` gives them, or None when the sums
    cannot tell: some attempt showed a question another did not (the bank changed within the
    period), so the total over the common questions is not the attempt's total T.
    """
    attempts, sum_t, sum_tt = exam
    per_question: dict[str, list[VersionSums]] = defaultdict(list)
    responses = 0
    for row in sums:
        if row.attempts:
            per_question[versions[row.version_id].question_id].append(row)
            responses += row.attempts
    if not attempts:
        return None, 0
    counts = {q: sum(r.attempts for r in rows) for q, rows in per_question.items()}
    common = [q for q, count in counts.items() if count == attempts]
    if sum(counts[q] for q in common) != responses:
        return None
    k = len(common)
    if attempts < 2 or k < 2:
        return None, k
    item_variances = 0.0
    for q in common:
        sx = math.fsum(r.sum_x for r in per_question[q])
        sxx = math.fsum(r.sum_xx for r in per_question[q])
        item_variances += (attempts * sxx - sx * sx) / attempts**2
    total_variance = (attempts * sum_tt - sum_t * sum_t) / attempts**2
    if not total_variance:
        return None, k
    return k / (k - 1) * (1 - item_variances / total_variance), k


def _flags(rules: FlagRules, n: int, fac, disc, latest) -> tuple[list[Flag], tuple[str, ...]]:
    """A question's flags from its figures over `n` attempts, and the newest version's
    options nobody chose (when that version alone was shown often enough)."""
    flags: list[Flag] = []
    unused: tuple[str, ...] = ()
    if n >= rules.min_attempts:
        if fac is not None and fac > rules.too_easy_above:
            flags.append(Flag.TOO_EASY)
        if fac is not None and fac < rules.too_hard_below:
            flags.append(Flag.TOO_HARD)
        if disc is not None and disc < 0:
            flags.append(Flag.NEGATIVE_DISCRIMINATION)
    if latest.attempts >= rules.min_attempts and latest.unused_options:
        unused = latest.unused_options
        flags.append(Flag.UNUSED_OPTION)
    return flags, unused
