"""Sufficient statistics of item analysis, per question version and local day of finishing.

Summed over a period's days they give every per-question figure of the report exactly
(analysis.items_from_sums), so the page reads a few hundred rows instead of every answer.
x is an item's points, T its attempt's total over all items (both integers, so the sums
are exact in a double up to 2**53).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ...extensions import db


class ItemSums(db.Model):
    __tablename__ = "item_sums"

    question_version_id: Mapped[int] = mapped_column(
        ForeignKey("question_version.id"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer)
    answered: Mapped[int] = mapped_column(Integer)
    sum_x: Mapped[float] = mapped_column(Float)
    sum_xx: Mapped[float] = mapped_column(Float)
    sum_t: Mapped[float] = mapped_column(Float)
    sum_tt: Mapped[float] = mapped_column(Float)
    sum_xt: Mapped[float] = mapped_column(Float)
    min_block: Mapped[int] = mapped_column(Integer)
    last_attempt_id: Mapped[int] = mapped_column(Integer)


class OptionCount(db.Model):
    """How often each option of a version was chosen; '' is "no answer"."""

    __tablename__ = "item_option_count"

    question_version_id: Mapped[int] = mapped_column(
        ForeignKey("question_version.id"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    chosen: Mapped[str] = mapped_column(String(8), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class ExamSums(db.Model):
    """Attempts finished on a day, with Σ T and Σ T² (Cronbach's alpha needs var T)."""

    __tablename__ = "exam_sums"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer)
    sum_t: Mapped[float] = mapped_column(Float)
    sum_tt: Mapped[float] = mapped_column(Float)
