"""What publishing the draft would change for candidates: questions, settings, scores."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...bank.loader import Bank, question_content, question_hash
from .history import DiffLine, content_yaml, diff_lines


@dataclass
class QuestionChange:
    kind: str  # "added", "removed", "changed"
    question_id: str
    block_title: str
    lines: list[DiffLine] = field(default_factory=list)
    moved_from: str | None = None  # the block it was in, when it changed blocks


@dataclass
class SettingChange:
    name: str
    before: object
    after: object


@dataclass
class PublishDiff:
    questions: list[QuestionChange]
    settings: list[SettingChange]
    old_max: int | None
    new_max: int
    old_pass: int | None
    new_pass: int

    @property
    def share_changed(self) -> bool:
        """The pass score's share of the maximum moves (compared exactly, as fractions)."""
        if self.old_max is None or self.old_pass is None:
            return False
        return self.old_pass * self.new_max != self.new_pass * self.old_max

    def share(self, passing: int | None, maximum: int | None) -> float | None:
        return None if not maximum or passing is None else 100 * passing / maximum

    @property
    def counts(self) -> dict[str, int]:
        kinds = [change.kind for change in self.questions]
        return {kind: kinds.count(kind) for kind in ("added", "removed", "changed")}

    @property
    def empty(self) -> bool:
        return not self.questions and not self.settings


def _flat(data: dict, prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _settings_changes(draft: Bank, published: Bank | None) -> list[SettingChange]:
    new = _flat(draft.settings.model_dump(mode="json"))
    new["blocks"] = [lb.block.title for lb in draft.blocks]
    if published is None:
        return []
    old = _flat(published.settings.model_dump(mode="json"))
    old["blocks"] = [lb.block.title for lb in published.blocks]
    return [
        SettingChange(name, old.get(name), new.get(name))
        for name in sorted(new.keys() | old.keys())
        if old.get(name) != new.get(name)
    ]


def compare(draft: Bank, published: Bank | None) -> PublishDiff:
    """The draft against the published exam (None: nothing published yet, all is new)."""
    old = {q.id: (b, q) for b, q in published.questions} if published else {}
    new = {q.id: (b, q) for b, q in draft.questions}
    changes: list[QuestionChange] = []
    for qid, (block, question) in new.items():
        if qid not in old:
            lines = diff_lines("", content_yaml(question_content(question)))
            changes.append(QuestionChange("added", qid, block.title, lines))
            continue
        old_block, old_question = old[qid]
        moved = old_block.id != block.id
        if question_hash(question) != question_hash(old_question) or moved:
            lines = diff_lines(
                content_yaml(question_content(old_question)),
                content_yaml(question_content(question)),
            )
            changes.append(
                QuestionChange(
                    "changed", qid, block.title, lines, old_block.title if moved else None
                )
            )
    for qid, (block, question) in old.items():
        if qid not in new:
            lines = diff_lines(content_yaml(question_content(question)), "")
            changes.append(QuestionChange("removed", qid, block.title, lines))
    return PublishDiff(
        questions=changes,
        settings=_settings_changes(draft, published),
        old_max=published.max_score if published else None,
        new_max=draft.max_score,
        old_pass=published.settings.pass_score if published else None,
        new_pass=draft.settings.pass_score,
    )
