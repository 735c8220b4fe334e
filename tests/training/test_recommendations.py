"""After a finished attempt the candidate is told which blocks to study again."""

from __future__ import annotations

from quiz_app.training.registry import current_catalog
from quiz_app.training.services import BlockResult, study_plan, weakest_blocks

from ..exam.helpers import answer, items, start, wrong_option


def result(block_id: str, score: int, max_score: int = 10) -> BlockResult:
    return BlockResult(block_id, block_id.title(), score, max_score)


def test_weakest_blocks_by_share_worst_first():
    results = [result("a", 9), result("b", 3, 16), result("c", 10), result("d", 2, 9)]
    assert [r.block_id for r in weakest_blocks(results)] == ["b", "d", "a"]
    assert [r.block_id for r in weakest_blocks(results, limit=1)] == ["b"]


def test_perfect_blocks_are_never_suggested_and_ties_keep_exam_order():
    results = [result("a", 10), result("b", 5), result("c", 5), result("d", 10)]
    assert [r.block_id for r in weakest_blocks(results)] == ["b", "c"]
    assert weakest_blocks([result("a", 10)]) == []


def take_attempt(client, wrong_per_block: dict[str, int]) -> int:
    """Start and submit an attempt through the real routes.

    In each block named in `wrong_per_block`, that many questions are answered wrongly;
    every other question is answered correctly.
    """
    attempt = start(client)
    wrong_so_far: dict[str, int] = {}
    for item in items(attempt):
        block_id = item.version.block_id
        wrong = wrong_so_far.get(block_id, 0) < wrong_per_block.get(block_id, 0)
        wrong_so_far[block_id] = wrong_so_far.get(block_id, 0) + wrong
        option = wrong_option(item) if wrong else item.version.answer
        assert answer(client, attempt.id, item.question_id, option).status_code == 200
    assert client.post(f"/exam/attempts/{attempt.id}/submit").status_code == 302
    return attempt.id


def test_recommendations_pick_the_lowest_scoring_blocks(client, login, candidate):
    login(candidate)
    # mail 0 %, pipeline 50 %, analytics ~70 %, website ~93 %: the first three are weakest.
    take_attempt(client, {"mail": 16, "pipeline": 8, "analytics": 4, "website": 1})
    plan = study_plan(candidate, current_catalog())
    weakest = [r.result for r in plan.recommendations]
    assert [r.block_id for r in weakest] == ["mail", "pipeline", "analytics"]
    mail, pipeline, analytics = weakest
    assert mail.score == 0
    assert pipeline.score == pipeline.max_score - 8
    assert analytics.score == analytics.max_score - 4
    # Lessons for the block: its own lessons first, then related material.
    assert [lesson.id for lesson in plan.recommendations[1].lessons] == [
        "pipeline",
        "automation",
        "tariffs",
    ]

    page = client.get("/training/").get_data(as_text=True)
    section = page.split("Повторите перед следующей попыткой")[1].split("</section>")[0]
    positions = [section.index(block.title) for block in weakest]
    assert positions == sorted(positions)
    assert f"0 из {mail.max_score} баллов" in section
    assert f"{pipeline.score} из {pipeline.max_score} баллов" in section
    assert 'href="/training/mail"' in section
    assert "Интеграция с сайтом" not in section
    assert f'href="/exam/attempts/{plan.attempt.id}/result"' in section


def test_the_latest_finished_attempt_counts(client, login, candidate):
    login(candidate)
    take_attempt(client, {"mail": 10})
    take_attempt(client, {"telephony": 5})
    start(client)  # an open attempt does not hide the result of the finished one
    plan = study_plan(candidate, current_catalog())
    assert [r.result.block_id for r in plan.recommendations] == ["telephony"]


def test_before_any_attempt_and_after_a_perfect_one(client, login, candidate):
    login(candidate)
    page = client.get("/training/").get_data(as_text=True)
    assert "После первой попытки экзамена здесь появятся блоки" in page
    take_attempt(client, {})
    page = client.get("/training/").get_data(as_text=True)
    assert "все блоки решены без ошибок" in page
