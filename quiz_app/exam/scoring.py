"""Scoring as pure functions over plain data: no database, no Flask."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ItemOutcome:
    block_index: int
    block_title: str
    points: int
    answer: str
    chosen: str | None

    @property
    def correct(self) -> bool:
        return self.chosen is not None and self.chosen == self.answer

    @property
    def awarded(self) -> int:
        return self.points if self.correct else 0


@dataclass(frozen=True)
class BlockScore:
    index: int
    title: str
    score: int
    max_score: int
    answered: int
    questions: int


@dataclass(frozen=True)
class ScoreReport:
    score: int
    max_score: int
    pass_score: int
    answered: int
    questions: int
    blocks: tuple[BlockScore, ...]

    @property
    def passed(self) -> bool:
        return self.score >= self.pass_score


def score(items: list[ItemOutcome], pass_score: int) -> ScoreReport:
    by_block: dict[int, list[ItemOutcome]] = {}
    for item in items:
        by_block.setdefault(item.block_index, []).append(item)
    blocks = tuple(
        BlockScore(
            index=index,
            title=group[0].block_title,
            score=sum(i.awarded for i in group),
            max_score=sum(i.points for i in group),
            answered=sum(i.chosen is not None for i in group),
            questions=len(group),
        )
        for index, group in sorted(by_block.items())
    )
    return ScoreReport(
        score=sum(b.score for b in blocks),
        max_score=sum(b.max_score for b in blocks),
        pass_score=pass_score,
        answered=sum(b.answered for b in blocks),
        questions=len(items),
        blocks=blocks,
    )
