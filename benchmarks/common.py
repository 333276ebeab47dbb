"""What the benchmarks share: the browser they drive, how they count a process tree and
how they wait for a server to finish preparing pages. Run with the repository on sys.path."""

from __future__ import annotations

import time
from collections.abc import Iterable

import psutil

from readiness.render.chromium import OFFLINE_FLAGS, find_chromium
from readiness_server.meeting_pool import REFILL_AFTER_QUIET_S

CHROMIUM = find_chromium() or "/usr/bin/chromium"
LAUNCH_ARGS = list(OFFLINE_FLAGS)


def cpu_seconds(processes: Iterable[psutil.Process]) -> float:
    """CPU seconds used so far by these processes and by their children that have ended.

    A kernel stopped by a closed page is gone from the tree, but its parent (Voilà) has
    reaped it and counts its time among its children's: without that, a figure taken
    across pages that closed came out smaller than before, even negative."""
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
        except psutil.NoSuchProcess:
            pass
    return total


def tree_cpu_s(pid: int) -> float:
    """CPU seconds used so far by a process and its children (kernels)."""
    process = psutil.Process(pid)
    return cpu_seconds([process, *process.children(recursive=True)])


def wait_until_quiet(pid: int, timeout: float = 600) -> float:
    """Wait until the server and its kernels stop working: the pool is filled again.

    The pool refills only after a quiet spell, so quiet must last longer than that."""
    start = quiet_since = time.perf_counter()
    last = tree_cpu_s(pid)
    while time.perf_counter() - start < timeout:
        time.sleep(2)
        now = tree_cpu_s(pid)
        if now - last >= 0.2:
            quiet_since = time.perf_counter()
        elif time.perf_counter() - quiet_since > REFILL_AFTER_QUIET_S + 3:
            break
        last = now
    return time.perf_counter() - start
