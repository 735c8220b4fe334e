"""Hooks other features attach to; receivers run inside the finalizing transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from blinker import Namespace

from .scoring import ScoreReport

_signals = Namespace()


@dataclass(frozen=True)
class FinalizedAttempt:
    """An attempt just closed and scored, as its finalizing transaction wrote it."""

    attempt_id: int
    user_id: int
    finished_at: datetime
    max_score: int
    report: ScoreReport

    @property
    def score(self) -> int:
        return self.report.score

    @property
    def passed(self) -> bool:
        return self.report.passed


# Sent once per finalizing transaction: attempts (tuple of FinalizedAttempt, by attempt id).
# A batch, not one signal per attempt, so receivers can write set-wise too.
attempts_finalized = _signals.signal("attempts-finalized")
