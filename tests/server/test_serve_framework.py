"""Does ``readiness serve --framework PATH`` (or READINESS_FRAMEWORK) serve a fork on every
page, and refuse an invalid one, naming the file, before serving anything (issue 17.6)?"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from readiness.environment import FRAMEWORK_ENV_VAR
from readiness.errors import FrameworkError
from readiness.framework.model import default_framework, served_framework
from readiness_server.serve import NOTEBOOKS_DIR, free_port, serve_environment
from readiness_server.testing import BackgroundServer
from tests.fixtures.fork import FORK_ID, FORK_VERSION, write_fork


@pytest.fixture(scope="module")
def fork(tmp_path_factory):
    return write_fork(tmp_path_factory.mktemp("fork"))


def test_every_page_notebook_loads_the_served_framework():
    """Each page's kernel asks the environment, never for the built-in file directly."""
    loading = []
    for notebook in sorted(NOTEBOOKS_DIR.glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        assert "default_framework" not in code, notebook.name
        if "served_framework()" in code:
            loading.append(notebook.name)
    assert {"workbook.ipynb", "trainer.ipynb", "framework_overview.ipynb"} <= set(loading)


def test_the_environment_variable_chooses_the_framework(fork, monkeypatch):
    monkeypatch.delenv(FRAMEWORK_ENV_VAR, raising=False)
    assert served_framework() is default_framework()
    monkeypatch.setenv(FRAMEWORK_ENV_VAR, str(fork))
    served = served_framework()
    assert (served.id, served.version, len(served.dimensions)) == (FORK_ID, FORK_VERSION, 8)


def test_serve_hands_every_kernel_the_fork_and_says_which(fork, tmp_path, monkeypatch):
    monkeypatch.delenv(FRAMEWORK_ENV_VAR, raising=False)
    env, lines = serve_environment(str(tmp_path / "s.sqlite3"), 8866, lan=False,
                                   framework=str(fork))
    assert env[FRAMEWORK_ENV_VAR] == str(fork.resolve())
    assert f"framework: {FORK_ID} {FORK_VERSION} ({fork.resolve()})" in "\n".join(lines)
    # No --framework: the variable set before `readiness serve` counts, checked the same way.
    monkeypatch.setenv(FRAMEWORK_ENV_VAR, str(fork))
    env, lines = serve_environment(str(tmp_path / "s.sqlite3"), 8866, lan=True)
    assert env[FRAMEWORK_ENV_VAR] == str(fork.resolve()) and FORK_ID in "\n".join(lines)
    monkeypatch.delenv(FRAMEWORK_ENV_VAR)
    env, lines = serve_environment(str(tmp_path / "s.sqlite3"), 8866, lan=False)
    assert FRAMEWORK_ENV_VAR not in env and "(built in)" in "\n".join(lines)


def test_an_invalid_fork_is_refused_before_anything_is_served(fork, tmp_path):
    broken = tmp_path / "broken-fork.yaml"
    broken.write_text(fork.read_text(encoding="utf-8").replace(
        "dimension: purpose", "dimension: no-such-dimension", 1), encoding="utf-8")
    with pytest.raises(FrameworkError, match="broken-fork.yaml"):
        serve_environment(str(tmp_path / "s.sqlite3"), 8866, lan=False, framework=str(broken))
    port = free_port()
    readiness = os.path.join(os.path.dirname(sys.executable), "readiness")
    run = subprocess.run([readiness, "serve", f"--port={port}", "--framework", str(broken),
                          "--store", str(tmp_path / "s.sqlite3")],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2  # refused: the subprocess's own timeout bounds the wait
    assert str(broken) in run.stderr and "no-such-dimension" in run.stderr, run.stderr
    assert "Serving" not in run.stdout  # nothing was started
    missing = subprocess.run([readiness, "serve", f"--port={port}", "--framework",
                              str(tmp_path / "nowhere.yaml")],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "nowhere.yaml" in missing.stderr
    assert "no such file" in missing.stderr


def test_a_served_page_shows_the_fork(fork, tmp_path):
    with BackgroundServer(tmp_path / "store.sqlite3", notebook="framework_overview.ipynb",
                          framework=fork) as server:
        import urllib.request

        with urllib.request.urlopen(server.url, timeout=120) as response:
            page = response.read().decode("utf-8")
    assert f"{FORK_ID} {FORK_VERSION}: 8 dimensions" in page
    assert "Follow-up and learning" in page  # the fork's own dimension, drawn by the kernel
