"""Does the README's serve command really serve the workbook with Voilà?"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import signal
import subprocess
import time
import urllib.request

import pytest

from readiness.render.charts import PLOTLY_JS_VERSION
from readiness_server.serve import free_port
from readiness_widgets.frontend.chart import PLOTLY_FILE, PLOTLY_PATH
from tests.conftest import ROOT

VENDORED_PLOTLY = ROOT / "readiness/render/vendor" / PLOTLY_FILE
PLOTLY_SIZES = ROOT / "scripts/plotly_bundle/sizes.json"
"""What scripts/plotly_bundle/build.mjs measured when it built the bundle."""


@pytest.fixture
def served(tmp_path):
    """``make serve`` on a free port, with its own store; stopped after the test."""
    port = free_port()
    env = {**os.environ, "READINESS_STORE": str(tmp_path / "serve.sqlite3")}
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(["make", "serve", f"PORT={port}"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield port, tmp_path / "serve.log"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def get(url: str, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                assert response.status == 200
                return response.read().decode("utf-8")
        except (ConnectionError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_make_serve_serves_the_workbook_offline(served):
    port, log = served
    page = get(f"http://127.0.0.1:{port}/?lang=sv")
    # The workbook's own template: Voilà's lab template less its CDN links.
    assert "voila/templates/workbook/static/" in page
    assert "from readiness_widgets import WorkbookApp" not in page  # the notebook's code is hidden
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', page)
    assert external == [], external
    assert "Serving the workbook on http://127.0.0.1:" in log.read_text()
    # Kernels talk to the server over local socket files (IPC), not TCP ports: nothing
    # but the page is on the network, and ipykernel has no TCP warning to print.
    assert "Kernel is running over TCP" not in log.read_text()
    # plotly's JupyterLab renderer would send every page its 4.8 MB plotly.js; the workbook
    # draws with its own 1.2 MB bundle, so the renderer is not loaded.
    config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">'
                                  r"(.*?)</script>", page, re.S).group(1))
    loaded = [extension["name"] for extension in config["federated_extensions"]]
    assert "jupyterlab-plotly" not in loaded and "anywidget" in loaded
    # The chart library comes from the same server: the workbook's own plotly.js bundle.
    served_plotly = get(f"http://127.0.0.1:{port}/{PLOTLY_PATH}")
    assert served_plotly == VENDORED_PLOTLY.read_text(encoding="utf-8")


def test_the_vendored_plotly_is_the_workbooks_own_bundle_of_the_declared_version():
    header = VENDORED_PLOTLY.read_text(encoding="utf-8")[:400]
    assert f"plotly.js (workbook - minified) v{PLOTLY_JS_VERSION}" in header
    assert "Licensed under the MIT license" in header
    assert "scripts/plotly_bundle/build.mjs" in header
    template_copy = ROOT / "share/jupyter/voila/templates/workbook/static" / PLOTLY_FILE
    assert template_copy.read_bytes() == VENDORED_PLOTLY.read_bytes()
    assert (ROOT / "readiness/render/vendor/plotly-LICENSE.txt").read_text().startswith(
        "MIT License")


def test_the_bundle_is_smaller_than_the_official_basic_one_and_has_no_map_styles():
    """The build script measured plotly.js's official basic bundle (scatter, bar, pie and
    the world calendars) of the same version; ours, without pie, the calendars and
    maplibre-gl's stylesheet, moves less over the wire (issue 18.1)."""
    sizes = json.loads(PLOTLY_SIZES.read_text())
    assert sizes["plotly.js"] == PLOTLY_JS_VERSION
    bundle = VENDORED_PLOTLY.read_bytes()
    assert len(bundle) == sizes["workbook"]["bytes"]  # the file the script built
    official = sizes["official plotly-basic.min.js"]
    assert len(bundle) < official["bytes"]
    assert len(gzip.compress(bundle, 9)) < official["gzip9"]
    assert b".maplibregl-" not in bundle  # map traces only
    assert b"nanakshahi" not in bundle  # one of the world calendars


def test_lan_serving_is_opt_in_and_hands_the_kernels_a_host_token(tmp_path, monkeypatch):
    from readiness_server.serve import (
        HOST_TOKEN_ENV_VAR,
        PUBLIC_URL_ENV_VAR,
        serve_environment,
        voila_command,
    )

    monkeypatch.setenv(HOST_TOKEN_ENV_VAR, "left over")
    env, lines = serve_environment(str(tmp_path / "s.sqlite3"), 8866, lan=False)
    assert HOST_TOKEN_ENV_VAR not in env and PUBLIC_URL_ENV_VAR not in env
    assert "--Voila.ip=127.0.0.1" in voila_command(8866)
    env, lines = serve_environment(str(tmp_path / "s.sqlite3"), 8866, lan=True)
    token = env[HOST_TOKEN_ENV_VAR]
    assert len(token) >= 20 and token != "left over"
    assert f"http://127.0.0.1:8866/?host={token}" in "\n".join(lines)
    assert re.match(r"http://[0-9.]+:8866/$", env[PUBLIC_URL_ENV_VAR])
    assert env[PUBLIC_URL_ENV_VAR] in "\n".join(lines)
    assert "--Voila.ip=0.0.0.0" in voila_command(8866, "0.0.0.0")


def test_behind_a_reverse_proxy_join_links_name_its_address_and_a_token_is_needed(tmp_path):
    from readiness.cli import build_parser
    from readiness.errors import ReadinessError
    from readiness_server.serve import HOST_TOKEN_ENV_VAR, PUBLIC_URL_ENV_VAR, serve_environment

    store = str(tmp_path / "s.sqlite3")
    env, lines = serve_environment(store, 8866, lan=False,
                                   public_url="https://workbook.example.org")
    token = env[HOST_TOKEN_ENV_VAR]
    assert env[PUBLIC_URL_ENV_VAR] == "https://workbook.example.org/"
    assert f"Facilitator: https://workbook.example.org/?host={token}" in "\n".join(lines)
    for wrong in ("workbook.example.org", "https://example.org/workbook/"):
        with pytest.raises(ReadinessError, match="--public-url must be an http"):
            serve_environment(store, 8866, lan=False, public_url=wrong)
    args = build_parser().parse_args(["serve", "--public-url", "https://w.example.org/"])
    assert args.public_url == "https://w.example.org/" and not args.lan


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_readiness_serve_by_its_pid_stops_voila_and_every_kernel(tmp_path, stop):
    """``kill PID`` of ``readiness serve`` alone, not of its process group: Voilà and the
    kernels are its children and must not outlive it, holding the port."""
    import sys

    import psutil

    from readiness_server.serve import wait_until_serving

    port = free_port()
    command = [os.path.join(os.path.dirname(sys.executable), "readiness"), "serve",
               f"--port={port}", "--store", str(tmp_path / "serve.sqlite3")]
    with (tmp_path / "serve.log").open("w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    family: list[psutil.Process] = []
    try:
        assert wait_until_serving(f"http://127.0.0.1:{port}/", timeout=120)
        get(f"http://127.0.0.1:{port}/")  # a page, so at least one kernel runs now
        family = psutil.Process(process.pid).children(recursive=True)
        kernels = [p for p in family if "ipykernel_launcher" in " ".join(p.cmdline())]
        assert kernels, [p.cmdline() for p in family]
        process.send_signal(stop)  # this pid only
        process.wait(60)
        _gone, alive = psutil.wait_procs(family, timeout=60)
        assert alive == [], [p.cmdline() for p in alive]
    finally:
        for leftover in family:  # psutil checks that the pid is still that process
            with contextlib.suppress(psutil.NoSuchProcess):
                leftover.kill()
        if process.poll() is None:
            process.kill()
        process.wait(20)
