"""Hooks other features attach to; receivers run inside the finalizing transaction."""

from blinker import Namespace

_signals = Namespace()

# sender: the Attempt, just scored; kwargs: report (ScoreReport)
attempt_finalized = _signals.signal("attempt-finalized")
