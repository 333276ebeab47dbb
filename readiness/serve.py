"""Serving the workbook with Voilà (``readiness serve`` and ``make serve``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .store.engine import STORE_ENV_VAR, resolve_store_url

REPOSITORY = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = REPOSITORY / "notebooks"
TEMPLATES_DIR = REPOSITORY / "share" / "jupyter"
"""Holds the ``workbook`` Voilà template: Voilà's lab template without CDN links."""
START_NOTEBOOK = "workbook.ipynb"
LOCAL_ONLY = "127.0.0.1"
PUBLIC_URL_ENV_VAR = "READINESS_PUBLIC_URL"
"""The address participants' phones use; ``serve --lan`` sets it for the pages' kernels."""


def voila_command(port: int, host: str = LOCAL_ONLY, notebook: str = START_NOTEBOOK) -> list[str]:
    # Settings live in notebooks/voila.json, which Voilà reads from its working folder.
    return [
        sys.executable, "-m", "voila", notebook,
        f"--port={port}", f"--Voila.ip={host}", "--no-browser",
    ]


def serve(port: int = 8866, store: str | None = None, host: str = LOCAL_ONLY) -> int:
    """Run Voilà in the foreground until interrupted; return its exit code."""
    if not (NOTEBOOKS_DIR / START_NOTEBOOK).exists():
        print(f"error: {NOTEBOOKS_DIR / START_NOTEBOOK} is missing; serve from a clone of "
              "the repository (pip install -e .)", file=sys.stderr)
        return 1
    env = dict(os.environ)
    env[STORE_ENV_VAR] = resolve_store_url(store)
    env["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(TEMPLATES_DIR), env.get("JUPYTER_PATH", "")) if p)
    print(f"Serving the workbook on http://{host}:{port}/ (store: {env[STORE_ENV_VAR]}); "
          "press Ctrl+C to stop.", flush=True)
    try:
        return subprocess.call(voila_command(port, host), cwd=NOTEBOOKS_DIR, env=env)
    except KeyboardInterrupt:
        return 0


def free_port(host: str = LOCAL_ONLY) -> int:
    """A port nobody listens on right now (for tests and benchmarks)."""
    import socket

    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, timeout: float = 60) -> bool:
    """Wait until a server answers at ``url`` (any HTTP status counts); False on timeout."""
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
        except urllib.error.HTTPError:
            return True  # it answers, if only with an error status
        except OSError:
            time.sleep(0.3)
            continue
        return True
    return False
