"""Item analysis as pure functions: every expected value below was worked out by hand."""

from __future__ import annotations

import math

import pytest

from quiz_app.admin.statistics import analysis
from quiz_app.admin.statistics.analysis import (
    AttemptRecord,
    Dataset,
    Flag,
    FlagRules,
    Response,
    VersionInfo,
)

# Six attempts, four one-point questions (1 = right, 0 = wrong), totals on the right:
#
#            Q1 Q2 Q3 Q4 | T
#   A1        1  1  1  0 | 3
#   A2        1  1  1  0 | 3
#   A3        1  1  0  0 | 2
#   A4        1  0  0  1 | 2
#   A5        0  0  0  1 | 1
#   A6        0  0  0  1 | 1
MATRIX = [
    [1, 1, 1, 0],
    [1, 1, 1, 0],
    [1, 1, 0, 0],
    [1, 0, 0, 1],
    [0, 0, 0, 1],
    [0, 0, 0, 1],
]
QUESTIONS = ["q1", "q2", "q3", "q4"]
# What each attempt chose (the key is "a" everywhere); wrong picks are spread over b, c, none.
CHOICES = {
    "q1": ["a", "a", "a", "a", "b", "c"],
    "q2": ["a", "a", "a", "b", "c", None],
    "q3": ["a", "a", "b", "b", "c", "c"],
    "q4": ["b", "b", None, "a", "a", "a"],  # nobody picks c
}
DURATIONS = [600, 1200, 1800, 2400, 3000, 3600]


def version(question_id: str, vid: int, answer: str = "a", points: float = 1) -> VersionInfo:
    return VersionInfo(
        id=vid,
        question_id=question_id,
        block_title="Блок",
        text=f"Текст {question_id}",
        points=points,
        answer=answer,
        options=(("a", "Альфа"), ("b", "Бета"), ("c", "Гамма")),
    )


def dataset() -> Dataset:
    versions = {i + 1: version(q, i + 1) for i, q in enumerate(QUESTIONS)}
    responses = [
        Response(
            attempt_id=row + 1,
            question_id=q,
            version_id=col + 1,
            block_index=0,
            chosen=CHOICES[q][row],
            score=MATRIX[row][col],
        )
        for row in range(6)
        for col, q in enumerate(QUESTIONS)
    ]
    attempts = [
        AttemptRecord(
            id=row + 1,
            score=sum(MATRIX[row]),
            max_score=4,
            pass_score=2,
            passed=sum(MATRIX[row]) >= 2,
            duration_seconds=DURATIONS[row],
        )
        for row in range(6)
    ]
    return Dataset(attempts=attempts, responses=responses, versions=versions)


def by_id(items):
    return {item.question_id: item for item in items}


def test_facility_is_the_share_correct():
    items = by_id(analysis.item_statistics(dataset()))
    # Q1: 4 of 6 right = 0.6667; Q2: 3/6 = 0.5; Q3: 2/6 = 0.3333; Q4: 3/6 = 0.5
    assert items["q1"].facility == pytest.approx(4 / 6)
    assert items["q2"].facility == pytest.approx(0.5)
    assert items["q3"].facility == pytest.approx(2 / 6)
    assert items["q4"].facility == pytest.approx(0.5)
    assert [items[q].attempts for q in QUESTIONS] == [6, 6, 6, 6]
    # Q2 and Q4 each have one attempt that left the question blank.
    assert [items[q].answered for q in QUESTIONS] == [6, 5, 6, 5]


def test_discrimination_is_the_item_against_the_rest_of_the_score():
    items = by_id(analysis.item_statistics(dataset()))
    # r = Sxy / sqrt(Sxx * Syy) with x = item score, y = rest = T - x, and
    # Sxy = Σxy - n·mx·my, Sxx = Σx² - n·mx², Syy = Σy² - n·my².
    #
    # Q1: x = 1 1 1 1 0 0, rest = 2 2 1 1 1 1; mx = 4/6, my = 8/6
    #     Σxy = 2+2+1+1 = 6,  Sxy = 6 - 6·(4/6)(8/6) = 6 - 16/3 = 2/3
    #     Sxx = 4 - 6·(4/6)² = 4/3;  Σy² = 4+4+1+1+1+1 = 12, Syy = 12 - 6·(8/6)² = 4/3
    #     r = (2/3) / (4/3) = 0.5
    assert items["q1"].discrimination == pytest.approx(0.5)
    # Q2: x = 1 1 1 0 0 0, rest = 2 2 1 2 1 1; mx = 0.5, my = 1.5
    #     Σxy = 2+2+1 = 5, Sxy = 5 - 4.5 = 0.5;  Sxx = 3 - 1.5 = 1.5
    #     Σy² = 4+4+1+4+1+1 = 15, Syy = 15 - 13.5 = 1.5;  r = 0.5 / 1.5 = 1/3
    assert items["q2"].discrimination == pytest.approx(1 / 3)
    # Q3: x = 1 1 0 0 0 0, rest = 2 2 2 2 1 1; mx = 1/3, my = 5/3
    #     Σxy = 4, Sxy = 4 - 6·(1/3)(5/3) = 2/3;  Sxx = 2 - 6/9 = 4/3
    #     Σy² = 18, Syy = 18 - 6·25/9 = 4/3;  r = 0.5
    assert items["q3"].discrimination == pytest.approx(0.5)
    # Q4: x = 0 0 0 1 1 1, rest = 3 3 2 1 0 0; mx = 0.5, my = 1.5
    #     Σxy = 1, Sxy = 1 - 4.5 = -3.5;  Sxx = 1.5
    #     Σy² = 9+9+4+1 = 23, Syy = 23 - 13.5 = 9.5
    #     r = -3.5 / sqrt(1.5 · 9.5) = -3.5 / sqrt(14.25) = -3.5 / 3.774917 = -0.927173
    assert items["q4"].discrimination == pytest.approx(-0.927173, abs=1e-6)


def test_option_shares_per_version():
    items = by_id(analysis.item_statistics(dataset()))
    [q2] = items["q2"].versions
    assert q2.attempts == 6
    shares = [(o.option_id, o.count, o.correct) for o in q2.options]
    assert shares == [("a", 3, True), ("b", 1, False), ("c", 1, False), (None, 1, False)]
    assert [o.share for o in q2.options] == pytest.approx([0.5, 1 / 6, 1 / 6, 1 / 6])
    [q4] = items["q4"].versions
    assert q4.unused_options == ("c",)


def test_flags_need_enough_attempts():
    # Six attempts are below the default minimum of ten: nothing is flagged yet.
    assert all(not item.flags for item in analysis.item_statistics(dataset()))

    items = by_id(analysis.item_statistics(dataset(), FlagRules(min_attempts=6)))
    assert items["q1"].flags == ()
    assert items["q2"].flags == ()
    assert items["q3"].flags == ()
    # Q4: r = -0.93 < 0, and option c was never chosen.
    assert items["q4"].flags == (Flag.NEGATIVE_DISCRIMINATION, Flag.UNUSED_OPTION)
    assert items["q4"].unused_options == ("c",)


def one_question(results: list[int], options=("a", "b")) -> Dataset:
    """One question answered right (1) or wrong (0) by each attempt, plus a second question
    that everybody gets right, so that every attempt has a total."""
    info = VersionInfo(1, "q", "Блок", "?", 1, "a", tuple((o, o.upper()) for o in options))
    other = VersionInfo(2, "z", "Блок", "?", 1, "a", (("a", "A"), ("b", "B")))
    responses = []
    for i, right in enumerate(results, 1):
        responses.append(Response(i, "q", 1, 0, "a" if right else "b", right))
        responses.append(Response(i, "z", 2, 0, "a" if i % 2 else "b", i % 2))
    attempts = [AttemptRecord(i, 0, 2, 1, False, 60) for i in range(1, len(results) + 1)]
    return Dataset(attempts, responses, {1: info, 2: other})


@pytest.mark.parametrize(
    ("results", "flag"),
    [
        ([1] * 20, Flag.TOO_EASY),  # 100 % > 95 %
        ([1] * 19 + [0], None),  # exactly 95 %: not "more than 95 %"
        ([0] * 5, Flag.TOO_HARD),  # 0 % < 20 %
        ([1] + [0] * 4, None),  # exactly 20 %: not "less than 20 %"
        ([1] + [0] * 5, Flag.TOO_HARD),  # 1/6 = 16.7 %
    ],
)
def test_easy_and_hard_flags_at_their_boundaries(results, flag):
    [item] = [
        i
        for i in analysis.item_statistics(one_question(results), FlagRules(min_attempts=1))
        if i.question_id == "q"
    ]
    difficulty = {Flag.TOO_EASY, Flag.TOO_HARD}
    assert [f for f in item.flags if f in difficulty] == ([flag] if flag else [])


def test_unused_option_flag():
    # Options a, b, c; answers only ever a or b.
    data = one_question([1, 0, 1, 0], options=("a", "b", "c"))
    [item] = [
        i for i in analysis.item_statistics(data, FlagRules(min_attempts=1)) if i.question_id == "q"
    ]
    assert Flag.UNUSED_OPTION in item.flags
    assert item.unused_options == ("c",)


def test_no_discrimination_without_variance():
    # Everybody right: the item does not vary, so the correlation is undefined (not 0).
    [item] = [
        i
        for i in analysis.item_statistics(one_question([1, 1, 1]), FlagRules(min_attempts=1))
        if i.question_id == "q"
    ]
    assert item.discrimination is None
    assert Flag.NEGATIVE_DISCRIMINATION not in item.flags


def test_versions_are_kept_apart_newest_first():
    # The key of q was fixed between attempts 2 and 3: version 1 said "b", version 2 says "a".
    v1 = VersionInfo(1, "q", "Блок", "Старый", 1, "b", (("a", "A"), ("b", "B")))
    v2 = VersionInfo(2, "q", "Блок", "Новый", 1, "a", (("a", "A"), ("b", "B")))
    responses = [
        Response(1, "q", 1, 0, "a", 0),
        Response(2, "q", 1, 0, "b", 1),
        Response(3, "q", 2, 0, "a", 1),
        Response(4, "q", 2, 0, "a", 1),
    ]
    attempts = [AttemptRecord(i, 0, 1, 1, False, 60) for i in range(1, 5)]
    [item] = analysis.item_statistics(Dataset(attempts, responses, {1: v1, 2: v2}))
    assert item.text == "Новый"
    assert [v.version_id for v in item.versions] == [2, 1]
    assert [(o.option_id, o.count, o.correct) for o in item.versions[1].options] == [
        ("a", 1, False),
        ("b", 1, True),
        (None, 0, False),
    ]
    assert item.facility == pytest.approx(3 / 4)


def test_facility_of_multi_point_questions_is_a_share_of_the_points():
    info = VersionInfo(1, "q", "Блок", "?", 2, "a", (("a", "A"), ("b", "B")))
    responses = [Response(1, "q", 1, 0, "a", 2), Response(2, "q", 1, 0, "b", 0)]
    attempts = [AttemptRecord(i, 0, 2, 1, False, 60) for i in (1, 2)]
    [item] = analysis.item_statistics(Dataset(attempts, responses, {1: info}))
    # (2/2 + 0/2) / 2 = 0.5
    assert item.facility == pytest.approx(0.5)


def test_cronbach_alpha_on_a_small_matrix():
    # Four attempts, three items:
    #   1 1 1 | 3
    #   1 1 0 | 2
    #   1 0 0 | 1
    #   0 0 0 | 0
    # Item variances (p(1-p)): 0.75·0.25 = 0.1875, 0.5·0.5 = 0.25, 0.1875; sum = 0.625.
    # Totals 3 2 1 0: mean 1.5, squared deviations 2.25+0.25+0.25+2.25 = 5, variance 5/4 = 1.25.
    # alpha = 3/2 · (1 - 0.625 / 1.25) = 1.5 · 0.5 = 0.75
    matrix = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]
    assert analysis.cronbach_alpha(matrix) == pytest.approx(0.75)


def test_cronbach_alpha_with_partial_credit():
    # Items scored 0..2 for three attempts:
    #   2 1 | 3
    #   1 1 | 2
    #   0 0 | 0
    # Item 1: mean 1, variance (1+0+1)/3 = 2/3. Item 2: mean 2/3, variance
    # ((1/3)²+(1/3)²+(2/3)²)/3 = (6/9)/3 = 2/9. Sum = 8/9.
    # Totals 3 2 0: mean 5/3, variance ((4/3)²+(1/3)²+(5/3)²)/3 = (42/9)/3 = 14/9.
    # alpha = 2/1 · (1 - (8/9)/(14/9)) = 2 · (1 - 8/14) = 2 · 6/14 = 6/7 = 0.857143
    assert analysis.cronbach_alpha([[2, 1], [1, 1], [0, 0]]) == pytest.approx(6 / 7)


def test_cronbach_alpha_undefined_cases():
    assert analysis.cronbach_alpha([]) is None
    assert analysis.cronbach_alpha([[1, 0]]) is None  # one attempt
    assert analysis.cronbach_alpha([[1], [0]]) is None  # one item
    assert analysis.cronbach_alpha([[1, 1], [1, 1]]) is None  # totals do not vary
    with pytest.raises(ValueError):
        analysis.cronbach_alpha([[1, 0], [1]])


def test_exam_statistics():
    exam = analysis.exam_statistics(dataset())
    assert exam.attempts == 6
    # Totals 3 3 2 2 1 1 against a pass mark of 2: four pass.
    assert exam.passed == 4
    assert exam.pass_rate == pytest.approx(4 / 6)
    assert exam.median_score == 2
    assert exam.mean_score == pytest.approx(2)
    # Durations 10, 20, 30, 40, 50, 60 minutes: the median is (30 + 40) / 2 = 35 minutes.
    assert exam.median_duration_seconds == 2100
    # Alpha over the four items of MATRIX:
    # item variances 2/9, 1/4, 2/9, 1/4 (sum 17/18); totals 3 3 2 2 1 1 have variance 2/3;
    # alpha = 4/3 · (1 - (17/18)/(2/3)) = 4/3 · (1 - 17/12) = -5/9
    assert exam.alpha == pytest.approx(-5 / 9)
    assert exam.alpha_items == 4
    assert exam.pass_score == 2
    # Scores 0..4 in bins of width 1.
    assert [(b.low, b.high, b.count) for b in exam.histogram] == [
        (0, 0, 0),
        (1, 1, 2),
        (2, 2, 2),
        (3, 3, 2),
        (4, 4, 0),
    ]


def test_alpha_uses_only_questions_every_attempt_showed():
    data = dataset()
    # A fifth question shown only to the first attempt does not enter alpha.
    extra = Response(1, "q5", 99, 0, "a", 1)
    data = Dataset(
        data.attempts, [*data.responses, extra], {**data.versions, 99: version("q5", 99)}
    )
    exam = analysis.exam_statistics(data)
    assert exam.alpha_items == 4
    assert exam.alpha == pytest.approx(-5 / 9)


def test_exam_statistics_of_nothing():
    exam = analysis.exam_statistics(Dataset([], [], {}))
    assert exam.attempts == 0
    assert exam.pass_rate is None
    assert exam.median_duration_seconds is None
    assert exam.alpha is None
    assert exam.histogram == ()


def test_histogram_uses_round_bins():
    # 115 points in at most 12 bins: width 10 (0-9, ..., 100-109, 110-115).
    bins = analysis.histogram([0, 9, 10, 99, 100, 115], 115)
    assert len(bins) == 12
    assert (bins[0].low, bins[0].high, bins[0].count) == (0, 9, 2)
    assert (bins[1].low, bins[1].count) == (10, 1)
    assert (bins[9].low, bins[9].count) == (90, 1)
    assert (bins[10].low, bins[10].count) == (100, 1)
    assert (bins[-1].low, bins[-1].high, bins[-1].count) == (110, 115, 1)
    assert sum(b.count for b in bins) == 6


def test_pearson_and_median_basics():
    assert analysis.pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1)
    assert analysis.pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1)
    assert analysis.pearson([1, 1, 1], [1, 2, 3]) is None
    # x = 1 1 0 1 0 (mean 0.6), y = 2 1 2 0 0 (mean 1):
    # Sxy = 0.4·1 + 0.4·0 - 0.6·1 + 0.4·(-1) - 0.6·(-1) = 0 exactly; never a tiny negative.
    assert analysis.pearson([1, 1, 0, 1, 0], [2, 1, 2, 0, 0]) == 0
    assert analysis.median([3, 1, 2]) == 2
    assert analysis.median([]) is None
    assert math.isclose(analysis.variance([1, 2, 3, 4]), 1.25)
