"""What the benchmarks share: the browser they drive and how they count a process tree."""

from __future__ import annotations

from collections.abc import Iterable

import psutil

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync"]


def cpu_seconds(processes: Iterable[psutil.Process]) -> float:
    """CPU seconds used so far by these processes (those that have ended count 0)."""
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total
