"""Reading progress and "study again" recommendations. No request or session here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from ..auth.models import User
from ..bank.loader import Bank
from ..clock import now
from ..exam import services as exam_services
from ..exam.models import Attempt, Status
from ..extensions import db
from ..sql import dialect_insert
from .loader import Catalog, Lesson
from .models import LessonView

RECOMMENDED_BLOCKS = 3

# --- reading progress ----------------------------------------------------------------------


def record_view(user: User, lesson_id: str) -> None:
    """Remember that `user` opened a lesson: the first time, the last time and how often.

    An upsert on the (user, lesson) key, so two tabs opening the same lesson for the first
    time at once end up in one row instead of an integrity error.
    """
    at = now()
    stmt = dialect_insert(LessonView).values(
        user_id=user.id,
        lesson_id=lesson_id,
        first_viewed_at=at,
        last_viewed_at=at,
        view_count=1,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["user_id", "lesson_id"],
        set_={
            "last_viewed_at": stmt.excluded.last_viewed_at,
            "view_count": LessonView.view_count + 1,
        },
    )
    db.session.execute(stmt)
    db.session.commit()


def opened_lessons(user: User) -> dict[str, LessonView]:
    """lesson id -> the user's reading record, for every lesson they have opened."""
    rows = db.session.scalars(select(LessonView).where(LessonView.user_id == user.id))
    return {row.lesson_id: row for row in rows}


# --- the exam's blocks, for grouping and labels --------------------------------------------


@dataclass(frozen=True)
class ExamBlock:
    id: str
    number: int  # 1-based position in the exam
    title: str
    questions: int


def exam_blocks(bank: Bank | None) -> dict[str, ExamBlock]:
    """The bank's blocks by id, in exam order; empty when no bank is available."""
    if bank is None:
        return {}
    return {
        loaded.block.id: ExamBlock(
            id=loaded.block.id,
            number=number,
            title=loaded.block.title,
            questions=len(loaded.block.active_questions),
        )
        for number, loaded in enumerate(bank.blocks, 1)
    }


@dataclass(frozen=True)
class LessonGroup:
    block: ExamBlock | None  # None: material that is not tied to one exam block
    lessons: tuple[Lesson, ...]


def group_by_block(catalog: Catalog, blocks: dict[str, ExamBlock]) -> list[LessonGroup]:
    """Lessons under their exam block, in exam order; the rest in a final general group."""
    groups = [
        LessonGroup(block, tuple(lesson for lesson in catalog.lessons if lesson.block == block_id))
        for block_id, block in blocks.items()
    ]
    groups = [group for group in groups if group.lessons]
    general = tuple(lesson for lesson in catalog.lessons if lesson.block not in blocks)
    if general:
        groups.append(LessonGroup(None, general))
    return groups


# --- recommendations -----------------------------------------------------------------------


@dataclass(frozen=True)
class BlockResult:
    block_id: str | None
    title: str
    score: int
    max_score: int

    @property
    def share(self) -> float:
        return self.score / self.max_score if self.max_score else 1.0

    @property
    def percent(self) -> int:
        return round(self.share * 100)


def weakest_blocks(
    results: Sequence[BlockResult], limit: int = RECOMMENDED_BLOCKS
) -> list[BlockResult]:
    """The blocks with the lowest share of points, worst first.

    Shares rather than raw points, because blocks differ in size (9 to 16 questions). A block
    answered without a mistake is never suggested; ties keep the exam's order.
    """
    candidates = [
        (result.share, position, result)
        for position, result in enumerate(results)
        if result.score < result.max_score
    ]
    candidates.sort(key=lambda candidate: candidate[:2])
    return [result for _, _, result in candidates[:limit]]


@dataclass(frozen=True)
class Recommendation:
    result: BlockResult
    lessons: tuple[Lesson, ...]


@dataclass(frozen=True)
class StudyPlan:
    attempt: Attempt
    recommendations: tuple[Recommendation, ...]


def latest_finished_attempt(user: User) -> Attempt | None:
    return next((a for a in exam_services.history(user) if a.status == Status.FINISHED), None)


def block_results(attempt: Attempt) -> list[BlockResult]:
    """Per-block scores of an attempt, with the block ids its questions had at the time.

    The ids come from the stored question versions, not from today's bank, so a later
    reordering of the bank cannot point a recommendation at the wrong block.
    """
    items = exam_services.all_items(attempt)
    report = exam_services.report(attempt, items)
    block_ids = {item.block_index: item.version.block_id for item in items}
    return [
        BlockResult(block_ids.get(block.index), block.title, block.score, block.max_score)
        for block in report.blocks
    ]


def study_plan(user: User, catalog: Catalog) -> StudyPlan | None:
    """What to study again after the user's latest finished attempt; None before any."""
    attempt = latest_finished_attempt(user)
    if attempt is None:
        return None
    recommendations = tuple(
        Recommendation(
            result,
            tuple(catalog.for_block(result.block_id)) if result.block_id else (),
        )
        for result in weakest_blocks(block_results(attempt))
    )
    return StudyPlan(attempt, recommendations)
