"""Pydantic schema of the question bank: exam.yaml and one file per block."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
OptionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]{1,8}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    id: OptionId
    text: Text
    # "last": stays at the end when the options are shuffled (an «all of the above» option
    # must follow what it refers to); several pinned options keep their order among themselves.
    pin: Literal["last"] | None = None


class Question(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*-\d{2,3}$")]
    text: Text
    points: int = Field(default=1, ge=1, le=100)
    options: list[Option] = Field(min_length=2)
    # False: the options always show in the file's order, whatever exam.yaml says.
    shuffle_options: bool = True
    answer: OptionId
    explanation: Text
    # The key of the tariff-reference row (reference/tariffs.yaml) the explanation relies on;
    # tests/reference/test_exam_consistency.py checks the answer key against that row.
    reference: Slug | None = None
    retired: bool = False

    @field_validator("answer", mode="before")
    @classmethod
    def _one_answer(cls, value):
        if isinstance(value, list):
            if len(value) != 1:
                listed = ", ".join(map(str, value)) or "none"
                raise ValueError(
                    f"exactly one correct option is required, got {len(value)} ({listed})"
                )
            return value[0]
        return value

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> Question:
        ids = [option.id for option in self.options]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate option id(s): {', '.join(duplicates)}")
        texts = [option.text for option in self.options]
        if len(set(texts)) != len(texts):
            raise ValueError("two options have the same text")
        if self.answer not in ids:
            raise ValueError(
                f"answer '{self.answer}' is not one of the options ({', '.join(ids)}): "
                "no option is marked correct"
            )
        return self

    @property
    def option_ids(self) -> list[str]:
        return [option.id for option in self.options]


class Block(_Strict):
    id: Slug
    title: Text
    title_en: Text | None = None  # the title on English pages; the Russian one when absent
    questions: list[Question] = Field(min_length=1)

    @property
    def active_questions(self) -> list[Question]:
        return [q for q in self.questions if not q.retired]


class RetakePolicy(_Strict):
    max_attempts: int | None = Field(default=None, ge=1)
    cooldown_minutes: int = Field(default=0, ge=0, le=60 * 24 * 365)


class ReviewPolicy(_Strict):
    """What a candidate may see on the result page of a finished attempt."""

    show_score: bool = True
    show_block_breakdown: bool = True
    show_own_answers: bool = True
    # Right or wrong beside each own answer, without the right option. A failed attempt shows
    # them once the pause before the next attempt has passed, as its block scores.
    mark_own_answers: bool = False
    show_correct_answers: bool = False
    show_explanations: bool = False


class ExamSettings(_Strict):
    title: Text
    time_limit_minutes: int = Field(ge=1, le=600)
    pass_score: int = Field(ge=1)
    shuffle_questions: bool = True
    shuffle_options: bool = True
    blocks: list[Annotated[str, StringConstraints(pattern=r"^[\w.-]+\.ya?ml$")]] = Field(
        min_length=1
    )
    retake: RetakePolicy = RetakePolicy()
    review: ReviewPolicy = ReviewPolicy()

    @field_validator("blocks")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        repeated = sorted({name for name in value if value.count(name) > 1})
        if repeated:
            raise ValueError(f"block file listed twice: {', '.join(repeated)}")
        return value
