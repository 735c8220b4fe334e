"""`flask --app quiz_app validate-lessons [DIR]`: check the lessons before deploying them."""

from __future__ import annotations

import sys
from typing import NoReturn

import click
from flask import current_app

from ..bank.loader import BankInvalid, load_bank
from ..cli_errors import one_line_errors
from .loader import LessonsInvalid, check_blocks, load_lessons


def _fail(problems: list, directory: str) -> NoReturn:
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem(s) found in {directory}", err=True)
    sys.exit(1)


@click.command("validate-lessons")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@one_line_errors
def validate_lessons(directory: str | None) -> None:
    """Check the lessons; print every problem (exit 1) or a summary (exit 0).

    Checks the front matter of each file, unique ids, that every block a lesson names is a
    block of the exam, and that every block of the exam has a lesson.
    """
    directory = directory or current_app.config["TRAINING_DIR"]
    try:
        catalog = load_lessons(directory)
    except LessonsInvalid as exc:
        _fail(exc.problems, directory)
    try:
        bank = load_bank(current_app.config["QUESTION_BANK_DIR"])
    except BankInvalid as exc:
        click.echo("the question bank is invalid, so lesson blocks cannot be checked:", err=True)
        _fail(exc.problems, current_app.config["QUESTION_BANK_DIR"])
    problems = check_blocks(catalog, [(lb.block.id, lb.file) for lb in bank.blocks])
    if problems:
        _fail(problems, directory)

    click.echo(
        f"{directory}: OK — {len(catalog.lessons)} lessons; "
        f"each of the {len(bank.blocks)} exam blocks has a lesson"
    )
    for lesson in catalog.lessons:
        click.echo(f"  {lesson.id} [{lesson.block or '—'}] {lesson.title} ({lesson.file})")
