"""Finding Chromium, and the flags every launch of it uses here.

The PDF step, the browser tests and the benchmarks all start Debian's Chromium. These
flags keep it from going online by itself (updates, sync, background requests) and let
it run as root in a container without a GPU or a large /dev/shm.
"""

from __future__ import annotations

import shutil

NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
OFFLINE_FLAGS = ("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync")


def find_chromium() -> str | None:
    """The first Chromium on the PATH, or None."""
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None
