"""The load generator's own garbage-collection pauses.

A collection stops the asyncio loop: every request in flight is read late and every request
due is sent late, so a long pause shows up as server latency that the server never had. The
generator keeps the collector off while it measures (see bench.run.run), so this should record
nothing; it is there to show that.
"""

from __future__ import annotations

import gc
import time


class GcPauses:
    """Records the duration of every collection while active (use as a context manager)."""

    def __init__(self):
        self.pauses: list[float] = []
        self._started = 0.0

    def __enter__(self) -> GcPauses:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc) -> None:
        gc.callbacks.remove(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append(time.perf_counter() - self._started)

    def summary(self) -> dict:
        return {
            "collections": len(self.pauses),
            "longest_ms": round(max(self.pauses, default=0.0) * 1000, 1),
            "total_ms": round(sum(self.pauses) * 1000, 1),
        }
