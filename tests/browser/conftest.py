"""A served workbook (``readiness serve``) and Debian's Chromium driven by Playwright.

Each test saves a screenshot in tests/artifacts/ (git-ignored) and fails if the page asked
any host other than the local server for anything.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from readiness.render.chromium import OFFLINE_FLAGS, find_chromium
from readiness_server.serve import free_port, wait_until_serving

from ..conftest import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = find_chromium() or "/usr/bin/chromium"
LAUNCH_ARGS = list(OFFLINE_FLAGS)


class Server:
    """``readiness serve`` in the background, on its own port and store."""

    def __init__(self, store: Path, port: int | None = None, *options: str):
        self.options = options
        self.store = store
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = store.with_suffix(".log")
        self.process = None

    def start(self) -> Server:
        env = {**os.environ, "READINESS_STORE": str(self.store)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "readiness", "serve", "--port", str(self.port),
             *self.options],
            cwd=ROOT, env=env, stdout=self.log.open("a"), stderr=subprocess.STDOUT,
            start_new_session=True)
        if not wait_until_serving(self.url + "voila/static/"):
            raise RuntimeError(f"the server did not start: {self.log.read_text()[-2000:]}")
        return self

    def kernel_pid(self, kernel_id: str) -> int:
        """The process of one kernel (its connection file is named after its id)."""
        import psutil

        for child in psutil.Process(self.process.pid).children(recursive=True):
            if kernel_id in " ".join(child.cmdline()):
                return child.pid
        raise LookupError(f"no kernel {kernel_id}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but Debian's chromium is not installed")
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("served") / "store.sqlite3").start()
    yield server
    server.stop()


def _open_page(browser, request, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    outside = []

    def watch(req):
        if not req.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            outside.append(req.url)

    page.on("request", watch)
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=ARTIFACTS / f"{request.node.name}.png", full_page=True)
    finally:
        context.close()
    assert outside == [], f"the page asked other hosts: {outside}"


@pytest.fixture
def page(browser, request):
    """A page on a projector-sized screen."""
    yield from _open_page(browser, request, 1280, 800)


@pytest.fixture
def phone(browser, request):
    """A page on a phone-sized screen."""
    yield from _open_page(browser, request, 390, 844)
