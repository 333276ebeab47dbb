"""Closed and reloaded tabs stop their kernels; the pool's prepared kernels stay.

Voilà's page sends a shutdown beacon when a tab closes or reloads; the server refused it
(no ``_xsrf`` cookie, voila issue #1458), so every tab left a 70 MB kernel until the idle
cull 15 minutes later. ``readiness_server.voila_launch`` sets the cookie.
"""

from __future__ import annotations

import json
import re
import time

import psutil
import pytest

from readiness_server.testing import BackgroundServer

from .conftest import ARTIFACTS

POOL = 2  # notebooks/voila.json: default_pool_size
TABS = 5
CONNECTION_FILE = re.compile(r"kernel-([0-9a-f-]{36})\.json")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = BackgroundServer(tmp_path_factory.mktemp("tabs") / "store.sqlite3").start()
    yield server
    server.stop()


def running_kernels(server: BackgroundServer) -> set[str]:
    """The ids of the server's kernel processes that are alive."""
    found = set()
    for child in psutil.Process(server.process.pid).children(recursive=True):
        try:
            if child.status() == psutil.STATUS_ZOMBIE:
                continue
            match = CONNECTION_FILE.search(" ".join(child.cmdline()))
        except psutil.NoSuchProcess:
            continue
        if match:
            found.add(match.group(1))
    return found


def wait_for(condition, timeout: float) -> float:
    """Seconds until ``condition()`` held; fails after ``timeout``."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < timeout, "timed out"
        time.sleep(0.25)
    return time.monotonic() - start


def open_tab(context, server: BackgroundServer) -> tuple[object, str]:
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{server.url}?lang=en")
    page.wait_for_selector(".rw-app")
    config = json.loads(page.locator("#jupyter-config-data").text_content())
    return page, config["kernelId"]


def test_closed_tabs_stop_their_kernels_and_the_pool_stays(browser, server):
    wait_for(lambda: len(running_kernels(server)) == POOL, 120)  # the pool is prepared
    context = browser.new_context()
    try:
        tabs = [open_tab(context, server) for _ in range(TABS)]
        kernels = {kernel for _page, kernel in tabs}
        assert len(kernels) == TABS and kernels <= running_kernels(server)
        reloaded = tabs[0][0]
        reloaded.reload()  # a reload is a closed tab and a new one
        reloaded.wait_for_selector(".rw-app")
        config = json.loads(reloaded.locator("#jupyter-config-data").text_content())
        kernels.add(config["kernelId"])
        for page, _kernel in tabs:
            page.close(run_before_unload=True)
        closed = time.monotonic()
        seconds = wait_for(lambda: not kernels & running_kernels(server), 120)
        # The pool's prepared kernels are not shut down with them: it refills to its size
        # and the next page gets one of those (no kernel is started for it).
        wait_for(lambda: len(running_kernels(server)) == POOL, 120)
        prepared = running_kernels(server)
        _page, kernel = open_tab(context, server)
        assert kernel in prepared and not kernels & prepared
    finally:
        context.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "closed-tabs.txt").write_text(
        f"{len(kernels)} kernels of closed or reloaded tabs stopped {seconds:.1f} s after the "
        f"tabs closed (measured {time.monotonic() - closed:.0f} s ago)\n", encoding="utf-8")
    assert seconds < 30, f"closed tabs' kernels stopped only after {seconds:.1f} s"
