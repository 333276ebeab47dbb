"""The workbook in JupyterLab, as a researcher runs it: the chart draws there too.

JupyterLab runs on loopback with a token, on copies of the notebooks in a temporary folder
(its autosave is off as well, so the repository's notebooks never change), with its own
settings, workspaces and store. Voilà's static path answers 403 in JupyterLab: the chart
asks its kernel for the plotly.js bundle instead.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time

import pytest
from playwright.sync_api import expect

from readiness.framework.model import default_framework
from readiness.i18n.languages import pick
from readiness.store.engine import STORE_ENV_VAR
from readiness_server.serve import free_port, wait_until_serving
from readiness_widgets.frontend.chart import PLOTLY_BUNDLE
from tests.browser.conftest import ARTIFACTS
from tests.conftest import ROOT
from tests.widgets.frontend.test_chart_outside_voila import NOTEBOOK as CHART_NOTEBOOK

CHART = ".rw-chart .js-plotly-plot"


class JupyterLab:
    def __init__(self, root, home):
        self.root = root
        self.port = free_port()
        self.token = secrets.token_urlsafe(16)
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = home / "jupyterlab.log"
        settings = home / "settings" / "@jupyterlab"
        for plugin, values in (("docmanager-extension/plugin", {"autosave": False}),
                               ("apputils-extension/notification", {"fetchNews": "false"})):
            path = settings / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        self.env = dict(os.environ, **{
            STORE_ENV_VAR: str(home / "store.sqlite3"),
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        })
        self.process = None

    def start(self) -> JupyterLab:
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
                   f"--port={self.port}", f"--IdentityProvider.token={self.token}",
                   f"--ServerApp.root_dir={self.root}",
                   "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        if os.geteuid() == 0:  # CI containers run as root
            command.append("--allow-root")
        with self.log.open("w") as log:
            self.process = subprocess.Popen(command, cwd=self.root, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 90
        while self.process.poll() is None and time.monotonic() < deadline:
            if wait_until_serving(self.url + "api/status", timeout=2):
                return self
        self.stop()
        raise RuntimeError("JupyterLab did not start:\n" + self.log.read_text()[-3000:])

    def open(self, page, notebook: str) -> None:
        # ?reset: only this notebook, not the tabs an earlier test left open
        page.goto(f"{self.url}lab/tree/{notebook}?reset&token={self.token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        # Run every cell once the kernel is there (a run asked for before it is dropped).
        expect(page.locator(".jp-StatusBar-TextItem", has_text="| Idle")).to_have_count(
            1, timeout=60_000)
        ran = page.locator(".jp-NotebookPanel:visible .jp-InputPrompt",
                           has_text=re.compile(r"\[(\*|\d+)\]"))
        for _attempt in range(5):
            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Run$")).click()
            page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Run All Cells$")).click()
            try:
                expect(ran).not_to_have_count(0, timeout=5_000)
                return
            except AssertionError:
                continue
        raise AssertionError(f"JupyterLab never ran {notebook}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    # A notebook of one's own: profile_view, as a researcher shows the chart.
    (root / "own.ipynb").write_text(json.dumps(CHART_NOTEBOOK))
    server = JupyterLab(root, tmp_path_factory.mktemp("lab-home")).start()
    yield server
    server.stop()


def chart_labels_drawn(page, selector: str, name: str) -> None:
    """Every dimension's label is written in the drawn chart's SVG (plotly wraps them in
    lines, so spaces are compared away)."""
    plot = page.locator(selector)
    expect(plot.locator("svg.main-svg").first).to_be_visible(timeout=60_000)
    page.wait_for_function(f"() => document.querySelector('{selector}').dataset.revision")
    plot.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)  # JupyterLab scrolls inside its panel
    plot.screenshot(path=ARTIFACTS / f"{name}-chart.png")
    drawn = re.sub(r"\s+", "", plot.locator(".ytick").all_text_contents().__str__())
    for dimension in default_framework().dimensions:
        label = re.sub(r"\s+", "", pick(dimension.label, "en"))
        assert label in drawn, f"{label} is not drawn: {drawn}"


def test_the_workbook_draws_its_chart_in_jupyterlab(page, lab):
    bundle_requests = []
    page.on("response", lambda response: bundle_requests.append((response.url, response.status))
            if "plotly-workbook" in response.url else None)
    lab.open(page, "notebooks/workbook.ipynb")
    page.get_by_label("Project name").fill("Norrby meeting place")
    role = page.get_by_label("I answer as")  # asked for since issue 16
    if role.count():
        role.select_option(index=1)
    page.get_by_role("button", name="Start the assessment").click()
    chart_labels_drawn(page, CHART, "jupyterlab-workbook")
    # The bundle came from the kernel, never from Voilà's static path (403 in JupyterLab).
    assert bundle_requests == []
    # No resume link to /lab/tree/...: JupyterLab's address is the notebook's, unchanged.
    expect(page.locator(".rw-link")).to_be_hidden()
    assert "assessment=" not in page.url
    assert "/lab/tree/notebooks/workbook.ipynb" in page.url


def test_a_researchers_own_notebook_draws_the_chart(page, lab):
    lab.open(page, "own.ipynb")
    chart_labels_drawn(page, ".rw-chart-view .js-plotly-plot", "jupyterlab-own")
    # The static picture (for a saved notebook and its export) makes way for the live chart.
    picture = page.locator(".rw-chart-fallback svg")
    expect(picture).to_have_count(1)
    expect(picture).to_be_hidden()


def test_a_voila_page_still_loads_plotly_as_a_static_file_and_never_from_its_kernel(page,
                                                                                   server):
    """The contrast: what JupyterLab gets from the kernel, a served page never asks for."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    received = []
    cdp.on("Network.webSocketFrameReceived",
           lambda event: received.append(len(event["response"]["payloadData"])))
    with page.expect_response(lambda response: "plotly-workbook" in response.url) as bundle:
        page.goto(f"{server.url}?lang=en")
        page.get_by_label("Project name").fill("Static path")
        role = page.get_by_label("I answer as")
        if role.count():
            role.select_option(index=1)
        page.get_by_role("button", name="Start the assessment").click()
        chart_labels_drawn(page, CHART, "voila-workbook")
    # Voilà's static folder, under its content-hashed address (issue 18.1) when compressed.
    assert re.fullmatch(re.escape(f"{server.url}voila/static/") + r"(h-[0-9a-f]+/)?"
                        r"plotly-workbook\.min\.js", bundle.value.url), bundle.value.url
    assert bundle.value.status == 200
    # No websocket frame as large as the bundle: the kernel sent only specs and state.
    assert max(received) < PLOTLY_BUNDLE.stat().st_size / 10
