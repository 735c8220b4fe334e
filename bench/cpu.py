"""Who used the machine's cores during a measurement: the server, the load generator, the database.

The load generator shares the two cores with gunicorn and the database, so a window that did
not hold may have run out of machine rather than out of app. Read from /proc (Linux): CPU
seconds of the gunicorn processes, of PostgreSQL's processes, of this process (the asyncio
client), the machine's busy time, and the time the hypervisor gave this virtual machine's
cores to someone else ("stolen": the machine had work, the host ran another guest). A process
that exits during a window is not counted.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
PROC = Path("/proc")


def snapshot() -> dict[str, float]:
    """CPU seconds used so far, by group, and the wall clock."""
    groups = {"server": 0.0, "database": 0.0}
    for entry in PROC.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        group = _group_of(entry)
        if group:
            groups[group] += _cpu_seconds(entry)
    own = os.times()
    groups["generator"] = own.user + own.system
    groups["machine"], groups["stolen"] = _machine_seconds()
    groups["wall"] = time.monotonic()
    return groups


def cores_used(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """Average cores each group kept busy between two snapshots."""
    wall = after["wall"] - before["wall"]
    if wall <= 0:
        return {}
    return {
        group: round((after[group] - before[group]) / wall, 2) for group in after if group != "wall"
    }


def describe(cores: dict[str, float]) -> str:
    if not cores:
        return "cpu: not measured"
    return (
        f"cores busy: server {cores['server']:.2f}, load generator {cores['generator']:.2f}, "
        f"database {cores['database']:.2f}; machine {cores['machine']:.2f} of {os.cpu_count()}, "
        f"stolen by the host {cores.get('stolen', 0.0):.2f}"
    )


def _group_of(entry: Path) -> str | None:
    try:
        comm = (entry / "comm").read_text().strip()
        if comm == "postgres":
            return "database"
        if b"gunicorn" in (entry / "cmdline").read_bytes():
            return "server"
    except OSError:  # the process ended while we looked
        return None
    return None


def _cpu_seconds(entry: Path) -> float:
    try:
        # Fields after the command name, which is in parentheses and may hold spaces.
        fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / TICKS


def _machine_seconds() -> tuple[float, float]:
    """(busy, stolen) CPU seconds of the whole machine: busy counts this machine's own work;
    stolen is time the hypervisor ran something else while this machine had work to do."""
    values = [int(v) for v in (PROC / "stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    steal = values[7]
    # guest time is already counted in user time
    return (sum(values[:7]) - idle) / TICKS, steal / TICKS
