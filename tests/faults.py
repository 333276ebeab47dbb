"""Faults the tests inject into a served workbook: a store that cannot be written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest


def _can_freeze() -> bool:
    return os.geteuid() == 0 and shutil.which("chattr") is not None


@contextmanager
def frozen_store(store: Path):
    """The SQLite store and its write-ahead log cannot be written while this lasts.

    As root (CI) the files are made immutable (``chattr +i``), which binds root too; other
    users get read-only permissions. The shared-memory index (``-shm``) is left alone: its
    pages are mapped into every kernel, and freezing them kills the kernels (SIGBUS),
    which is another fault than the one meant here.
    """
    files = [path for path in (store, store.with_name(store.name + "-wal")) if path.exists()]
    if _can_freeze():
        subprocess.run(["chattr", "+i", *map(str, files)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *map(str, files)], check=True)
        return
    if os.geteuid() == 0:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but chattr is missing: cannot make the store unwritable")
        pytest.skip("running as root without chattr: the store cannot be made unwritable")
    modes = {path: path.stat().st_mode for path in files}
    for path in files:
        path.chmod(0o444)
    try:
        yield
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


RECONNECT_PROBE = re.compile(r"/voila/static/(h-[0-9a-f]+/)?$")
"""What a page asks to learn that the server is back (then it reloads itself): Voilà's
static folder, under its content-hashed address since the page-weight work (issue 18.1)."""


@contextmanager
def page_kept_from_reconnecting(page):
    """Hold back the page's own reload after a lost connection, so that a test can look at
    the page in that state (with the server up, it would reload within a second)."""
    page.route(RECONNECT_PROBE, lambda route: route.abort())
    try:
        yield
    finally:
        page.unroute(RECONNECT_PROBE)
