"""How late the load generator's event loop runs: time the generator itself adds to latency.

Every request's latency is read by the generator's event loop. When that loop is late (it was
busy, or the kernel gave its core to a server thread), each response it reads is timestamped
late and each request due is sent late: the lateness counts as server latency. A probe task
sleeps 2 ms over and over and records how much later than asked it woke; a run reports the
p99 and the longest lateness beside its latencies.
"""

from __future__ import annotations

import asyncio
import time

from bench.load import percentile

TICK = 0.002


class LoopLag:
    def __init__(self):
        self.lateness: list[float] = []

    async def watch(self) -> None:
        while True:
            asked = time.monotonic() + TICK
            await asyncio.sleep(TICK)
            self.lateness.append(max(time.monotonic() - asked, 0.0))

    def summary(self) -> dict:
        ordered = sorted(self.lateness)
        p99 = percentile(ordered, 99)
        return {
            "ticks": len(ordered),
            "p99_ms": round((p99 or 0.0) * 1000, 1),
            "longest_ms": round((ordered[-1] if ordered else 0.0) * 1000, 1),
        }


async def watched(coroutine, lag: LoopLag):
    """Await `coroutine` with the probe running beside it."""
    probe = asyncio.create_task(lag.watch())
    try:
        return await coroutine
    finally:
        probe.cancel()
