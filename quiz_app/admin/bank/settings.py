"""Editing exam.yaml: the time limit, pass score, shuffling, retakes and review policy."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from pydantic import ValidationError

from ... import audit
from ...auth.models import User
from ...bank.loader import SETTINGS_FILE, BankInvalid
from ...bank.schema import ExamSettings
from ...bank.writer import settings_to_yaml
from . import store
from .field_errors import Conflict, SaveRejected, from_problems, from_validation
from .questions import NothingChanged

REVIEW_FIELDS = (
    "show_score",
    "show_block_breakdown",
    "show_own_answers",
    "mark_own_answers",
    "show_correct_answers",
    "show_explanations",
)


@dataclass
class SettingsDraft:
    title: str = ""
    time_limit_minutes: str = ""
    pass_score: str = ""
    shuffle_questions: bool = True
    shuffle_options: bool = True
    max_attempts: str = ""  # blank: unlimited
    cooldown_minutes: str = "0"
    review: dict[str, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class CurrentSettings:
    settings: ExamSettings
    token: str
    max_score: int | None


def current() -> CurrentSettings:
    directory = store.bank_directory()
    text = (directory / SETTINGS_FILE).read_text(encoding="utf-8")
    settings = ExamSettings.model_validate(yaml.load(text, Loader=yaml.CSafeLoader))
    try:
        max_score = store.current_bank(directory).max_score
    except BankInvalid:
        max_score = None
    return CurrentSettings(settings, store.text_token(text), max_score)


def draft_of(settings: ExamSettings) -> SettingsDraft:
    return SettingsDraft(
        title=settings.title,
        time_limit_minutes=str(settings.time_limit_minutes),
        pass_score=str(settings.pass_score),
        shuffle_questions=settings.shuffle_questions,
        shuffle_options=settings.shuffle_options,
        max_attempts=""
        if settings.retake.max_attempts is None
        else str(settings.retake.max_attempts),
        cooldown_minutes=str(settings.retake.cooldown_minutes),
        review={name: getattr(settings.review, name) for name in REVIEW_FIELDS},
    )


def _key_of(loc: tuple, item: dict) -> str:
    if len(loc) >= 2 and loc[0] in ("retake", "review"):
        return str(loc[1])
    return str(loc[0]) if loc else "_form"


def save(token: str, draft: SettingsDraft, author: User) -> ExamSettings:
    directory = store.bank_directory()
    path = directory / SETTINGS_FILE
    with store.write_lock():
        text = path.read_text(encoding="utf-8")
        if store.text_token(text) != token:
            raise Conflict(SETTINGS_FILE)
        current_settings = ExamSettings.model_validate(yaml.load(text, Loader=yaml.CSafeLoader))
        data = current_settings.model_dump(mode="json")  # keeps the block list and any new keys
        data.update(
            title=draft.title,
            time_limit_minutes=draft.time_limit_minutes.strip(),
            pass_score=draft.pass_score.strip(),
            shuffle_questions=bool(draft.shuffle_questions),
            shuffle_options=bool(draft.shuffle_options),
        )
        data["retake"] = {
            **data["retake"],
            "max_attempts": draft.max_attempts.strip() or None,
            "cooldown_minutes": draft.cooldown_minutes.strip(),
        }
        data["review"] = {**data["review"], **{k: bool(v) for k, v in draft.review.items()}}
        try:
            settings = ExamSettings.model_validate(data)
        except ValidationError as exc:
            raise SaveRejected(from_validation(exc, _key_of)) from None
        new_text = settings_to_yaml(settings)
        if new_text == text:
            raise NothingChanged
        try:
            validated = store.validate_with(directory, {SETTINGS_FILE: new_text})
        except BankInvalid as exc:
            raise SaveRejected(
                from_problems(
                    exc.problems,
                    lambda p: "pass_score" if p.message.startswith("pass_score") else None,
                )
            ) from None
        audit.record(
            author,
            "bank.settings.edit",
            "exam_settings",
            SETTINGS_FILE,
            current_settings.model_dump(mode="json"),
            settings.model_dump(mode="json"),
        )
        store.write_files(directory, {SETTINGS_FILE: new_text}, validated)
    return settings
