"""Lesson files written on the fly, and an app that reads them instead of training/."""

from __future__ import annotations

from pathlib import Path

import pytest


def lesson_text(
    lesson_id: str = "mail",
    *,
    title: str = "Почта",
    block: str | None = "mail",
    order: int = 10,
    summary: str = "Кратко о почте.",
    body: str = "## Раздел\n\nТекст урока.\n",
) -> str:
    block_value = "null" if block is None else block
    return (
        "---\n"
        f"id: {lesson_id}\n"
        f"title: {title}\n"
        f"block: {block_value}\n"
        f"order: {order}\n"
        f"summary: {summary}\n"
        "---\n"
        f"{body}"
    )


def write_lesson(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def lessons_dir(app_config, tmp_path) -> Path:
    """A lesson directory of the test's own; request it before `app` or `client`."""
    directory = tmp_path / "lessons"
    directory.mkdir()
    app_config["TRAINING_DIR"] = str(directory)
    return directory
