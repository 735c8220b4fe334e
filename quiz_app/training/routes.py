"""Lesson list and lesson pages. Public: reading needs no account; progress needs one."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from ..bank.loader import Bank
from ..bank.published import BankUnavailable, current_exam
from . import bp, services
from .loader import Catalog
from .registry import LessonsUnavailable, current_catalog


def _catalog() -> Catalog:
    try:
        return current_catalog()
    except LessonsUnavailable:
        abort(503)


def _bank() -> Bank | None:
    """Block titles and numbers come from the bank; lessons stay readable without it."""
    try:
        return current_exam()
    except BankUnavailable:
        return None


@bp.get("/")
def index():
    catalog = _catalog()
    blocks = services.exam_blocks(_bank())
    opened, plan = {}, None
    if current_user.is_authenticated:
        opened = services.opened_lessons(current_user)
        plan = services.study_plan(current_user, catalog)
    return render_template(
        "training/index.html",
        groups=services.group_by_block(catalog, blocks),
        opened=opened,
        opened_count=sum(lesson.id in opened for lesson in catalog.lessons),
        total=len(catalog.lessons),
        plan=plan,
    )


@bp.get("/<lesson_id>")
def lesson(lesson_id: str):
    catalog = _catalog()
    lesson = catalog.get(lesson_id)
    if lesson is None:
        abort(404)
    if current_user.is_authenticated:
        services.record_view(current_user, lesson.id)
    previous, following = catalog.neighbours(lesson)
    blocks = services.exam_blocks(_bank())
    return render_template(
        "training/lesson.html",
        lesson=lesson,
        own=blocks.get(lesson.block) if lesson.block else None,
        related=[blocks[block_id] for block_id in lesson.related_blocks if block_id in blocks],
        previous=previous,
        following=following,
    )
