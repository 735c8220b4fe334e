"""Pydantic schema of a lesson's front matter (the YAML block between the first two `---`)."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Same shape as the bank's block ids, so a lesson can name the block it prepares for.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=64)]


class LessonMeta(BaseModel):
    """What a lesson says about itself. Unknown keys are errors, so typos do not go unnoticed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Stable: reading progress is stored against it, like question ids in attempts.
    id: Slug
    title: Text
    # The exam block this lesson prepares for; null for material that serves several blocks.
    block: Slug | None
    # Further blocks the lesson helps with (shown on the lesson and in recommendations).
    related_blocks: list[Slug] = Field(default_factory=list)
    order: int = Field(ge=0, le=10_000)
    summary: Text

    @field_validator("related_blocks")
    @classmethod
    def _distinct(cls, value: list[str], info: ValidationInfo) -> list[str]:
        repeated = sorted({block for block in value if value.count(block) > 1})
        if repeated:
            raise ValueError(f"block listed twice: {', '.join(repeated)}")
        # `block` is declared first, so it is already validated here (absent if invalid).
        own = info.data.get("block")
        if own is not None and own in value:
            raise ValueError(f"repeats the lesson's own block '{own}'")
        return value
