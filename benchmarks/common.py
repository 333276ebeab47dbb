"""What the benchmarks share: the browser they drive, how they count a process tree and
how they wait for a server to finish preparing pages. Run with the repository on sys.path;
the server itself is readiness_server.testing.BackgroundServer, as in the browser tests."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

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


def tree_cpu_s(*pids: int) -> float:
    """CPU seconds used so far by processes and their children (a server and its kernels)."""
    processes = []
    for pid in pids:
        process = psutil.Process(pid)
        processes += [process, *process.children(recursive=True)]
    return cpu_seconds(processes)


QUIET_FOR_S = 3.0
"""How long the server and its kernels must stay (almost) idle to count as done."""


def wait_until_quiet(*pids: int, taken_at: float | None = None, timeout: float = 600) -> float:
    """Wait until the servers and their kernels stop working: the pools are full again.

    ``taken_at``: the moment (``time.perf_counter()``) by which the last page had taken its
    kernel from a pool, e.g. when it was interactive; None at start-up, when none has.
    A pool refills only once no page has been taken for ``REFILL_AFTER_QUIET_S``, then one
    kernel after another, each busy until it has run the notebook: so the wait lasts until
    that refill has begun, then until the processes have used almost no CPU for
    ``QUIET_FOR_S``. Returns the seconds until the work ended (the quiet spell began)."""
    start = quiet_since = time.perf_counter()
    refilling_by = start if taken_at is None else taken_at + REFILL_AFTER_QUIET_S + 1
    last = tree_cpu_s(*pids)
    while time.perf_counter() - start < timeout:
        time.sleep(0.5)
        now = tree_cpu_s(*pids)
        moment = time.perf_counter()
        if now - last >= 0.05:  # more than a tenth of a core: still working
            quiet_since = moment
        elif moment >= refilling_by and moment - quiet_since >= QUIET_FOR_S:
            break
        last = now
    return quiet_since - start


BARE_CELL = """import ipywidgets as w
button = w.Button(description="Click")
label = w.Label("0")
def on_click(_):
    label.value = str(int(label.value) + 1)
button.on_click(on_click)
w.VBox([button, label])"""
"""The baseline page: Voilà with one button and a label that counts its clicks."""


def write_bare_notebook(path: Path) -> Path:
    """The baseline page as a notebook at ``path``, served like the workbook's."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(BARE_CELL)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, path)
    return path


@contextmanager
def stopped_after(server) -> Iterator:
    """The block runs with ``server``, which is stopped after it; when the block fails,
    what the server said is printed for whoever reads the failed run's log."""
    try:
        yield server
    except Exception:
        print("server warnings and errors (last 30):\n" + server.problems(), file=sys.stderr)
        raise
    finally:
        server.stop(30)
